/**
 * numcodecs filters (fixedscaleoffset, quantize, bitround, packbits, astype, categorize) without
 * Python: their configurations are checked, bit patterns and bytes worked out by hand from
 * numcodecs' rules, values they cannot store refused, and damaged chunks refused. Agreement with
 * zarr-python itself is numcodecs-filters-python.test.ts.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ChunkDecodeError, MetadataError, UnknownCodecError, UnsupportedDtypeError, UnsupportedWriteError } from "../../../src/errors.js";
import { MemoryStore } from "../../../src/store/memory.js";
import { createCodec, v2CodecChain } from "../../../src/zarr/codecs/index.js";
import type { ArrayArrayCodec, CodecJSON } from "../../../src/zarr/codecs/types.js";
import type { DataType, NdArray } from "../../../src/zarr/dtype.js";
import { parseV2Array } from "../../../src/zarr/metadata-v2.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { WHERE, ctx, f64, i32, pipeline } from "./helpers.js";

const f32: DataType = { kind: "numeric", name: "float32", endian: "little" };
const i64: DataType = { kind: "numeric", name: "int64", endian: "little" };
const bool: DataType = { kind: "bool" };
const text: DataType = { kind: "string" };

function filter(json: CodecJSON, dtype: DataType, extra = {}): ArrayArrayCodec {
  const c = createCodec(json, ctx(dtype, [4], extra));
  assert.equal(c.kind, "array-array", json.name);
  return c as ArrayArrayCodec;
}

const nd = (dtype: DataType, data: NdArray["data"]): NdArray => ({ dtype, shape: [data.length], data });

describe("numcodecs filter configurations", () => {
  const cases: [string, Record<string, unknown>, DataType][] = [
    ["numcodecs.fixedscaleoffset", { offset: 0, scale: 10, dtype: "<f8", astype: "<i2" }, f64],
    ["numcodecs.quantize", { digits: 2, dtype: "<f8" }, f64],
    ["numcodecs.bitround", { keepbits: 3 }, f64],
    ["numcodecs.packbits", {}, bool],
    ["numcodecs.astype", { encode_dtype: "<f4", decode_dtype: "<f8" }, f64],
    ["numcodecs.categorize", { labels: ["a"], dtype: "<U1", astype: "|u1" }, text],
  ];
  for (const [name, configuration, dtype] of cases) {
    it(`${name}: an unknown setting is a MetadataError naming it; its own id is accepted`, () => {
      const v2 = { zarrFormat: 2 };
      assert.throws(() => filter({ name, configuration: { ...configuration, frobnicate: 1 } }, dtype, v2), (e: unknown) =>
        e instanceof MetadataError && e.message.includes(`codec '${name}': unknown setting 'frobnicate'`) && e.message.includes(WHERE.path));
      filter({ name, configuration: { ...configuration, id: name.slice("numcodecs.".length) } }, dtype, v2);
      assert.throws(() => filter({ name, configuration: { ...configuration, id: "zlib" } }, dtype, v2), /unknown setting 'id'/);
    });
  }

  it("required settings are required, and types must be what the filter handles", () => {
    const bad: [CodecJSON, DataType, RegExp][] = [
      [{ name: "numcodecs.fixedscaleoffset", configuration: { scale: 10, dtype: "<f8" } }, f64, /'offset' is required/],
      [{ name: "numcodecs.fixedscaleoffset", configuration: { offset: 0, scale: "10", dtype: "<f8" } }, f64, /'scale' must be a finite number/],
      [{ name: "numcodecs.fixedscaleoffset", configuration: { offset: 0, scale: 1, dtype: "<c16" } }, f64, /'dtype' "<c16" is not a numeric numpy type/],
      [{ name: "numcodecs.quantize", configuration: { dtype: "<f8" } }, f64, /'digits' is required/],
      [{ name: "numcodecs.quantize", configuration: { digits: 1, dtype: "<i4" } }, i32, /only floating point types/],
      [{ name: "numcodecs.bitround", configuration: {} }, f64, /'keepbits' is required/],
      [{ name: "numcodecs.bitround", configuration: { keepbits: -1 } }, f64, /'keepbits' must be an integer/],
      [{ name: "numcodecs.astype", configuration: { decode_dtype: "<f8" } }, f64, /'encode_dtype' is required/],
      [{ name: "numcodecs.categorize", configuration: { labels: "abc", dtype: "|O" } }, text, /'labels' must be a list of strings/],
      [{ name: "numcodecs.categorize", configuration: { labels: ["a"], dtype: "<i4" } }, text, /'dtype' must be a unicode/],
      [{ name: "numcodecs.categorize", configuration: { labels: Array.from({ length: 256 }, (_, i) => `l${i}`), dtype: "|O" } }, text, /256 labels do not fit in astype uint8/],
    ];
    for (const [json, dtype, message] of bad) {
      assert.throws(() => filter(json, dtype, { zarrFormat: 2 }), (e: unknown) => e instanceof MetadataError && message.test(e.message), message.source);
    }
  });

  it("a filter whose dtype is not the type of the values it gets is refused (numcodecs would reinterpret the bytes)", async () => {
    const fso = filter({ name: "numcodecs.fixedscaleoffset", configuration: { offset: 0, scale: 1, dtype: "<f4" } }, f64);
    await assert.rejects(fso.encode(nd(f64, Float64Array.of(1))), /its 'dtype' is float32, but the values it gets are float64/);
  });

  it("zarr-python 3's missing dtype is the array's type", async () => {
    const fso = filter({ name: "numcodecs.fixedscaleoffset", configuration: { offset: 1, scale: 2 } }, f32);
    assert.deepEqual(Array.from((await fso.encode(nd(f32, Float32Array.of(1.5, 2)))).data as Float32Array), [1, 2]);
  });
});

describe("fixedscaleoffset", () => {
  const fso = filter({ name: "numcodecs.fixedscaleoffset", configuration: { offset: 1000, scale: 10, dtype: "<f8", astype: "|u1" } }, f64);

  it("stores around((x - offset) * scale), halves to even, and reads enc / scale + offset", async () => {
    // (Values checked against numcodecs 0.17.) 0.4999… → 0, 2.5 → 2 and 7.5 → 8 (halves to even), 255.
    const enc = await fso.encode(nd(f64, Float64Array.of(1000, 1000.05, 1000.25, 1000.75, 1025.5)));
    assert.equal(enc.dtype.kind === "numeric" && enc.dtype.name, "uint8");
    assert.deepEqual(Array.from(enc.data as Uint8Array), [0, 0, 2, 8, 255]);
    const back = await fso.decode(enc, { shape: [5], dtype: f64, fillValue: 0 });
    assert.deepEqual(Array.from(back.data as Float64Array), [1000, 1000, 1000.2, 1000.8, 1025.5]);
  });

  it("refuses a value the stored type cannot hold (numcodecs would wrap it), naming it", async () => {
    await assert.rejects(fso.encode(nd(f64, Float64Array.of(1000, 999))), (e: unknown) =>
      e instanceof UnsupportedWriteError && /cannot store -10 as uint8: out of range/.test(e.message));
    await assert.rejects(fso.encode(nd(f64, Float64Array.of(NaN))), /cannot store NaN as uint8/);
  });

  it("integers with integer parameters are computed exactly, and refused where numpy would wrap", async () => {
    const ints = filter({ name: "numcodecs.fixedscaleoffset", configuration: { offset: -100, scale: 3, dtype: "<i8", astype: "<i4" } }, i64);
    const enc = await ints.encode(nd(i64, BigInt64Array.of(-100n, 0n, 5n)));
    assert.deepEqual(Array.from(enc.data as Int32Array), [0, 300, 315]);
    await assert.rejects(ints.encode(nd(i64, BigInt64Array.of(2n ** 40n))), /cannot store 3298534883628 as int32: out of range/);
    await assert.rejects(ints.encode(nd(i64, BigInt64Array.of(2n ** 62n))), /leaves the range of int64/);
  });

  it("an edge chunk's padding, which no value of the array is, does not stop a write; a value out of range does", async () => {
    const h = await ZarrHierarchy.create(new MemoryStore(), 3);
    const array = await h.createArray("a", {
      zarrFormat: 3, nodeType: "array", shape: [5], chunkShape: [4], dtype: f64, fillValue: 0, order: "C",
      chunkKeyEncoding: { kind: "default", separator: "/" }, attributes: {},
      codecs: [{ name: "numcodecs.fixedscaleoffset", configuration: { offset: 1000, scale: 10, dtype: "<f8", astype: "|u1" } }, { name: "bytes" }],
    });
    // The fill value 0 of the padding is -10000 stored: numcodecs wraps it (to 240), and so does this.
    await array.set(null, nd(f64, Float64Array.of(1000, 1000.1, 1000.2, 1000.3, 1000.4)));
    assert.deepEqual(Array.from((await array.get()).data as Float64Array), [1000, 1000.1, 1000.2, 1000.3, 1000.4]);
    assert.deepEqual(Array.from((await array.getStoredChunk([1]))!), [4, 240, 240, 240]);
    await assert.rejects(array.set([{ start: 4, stop: 5 }], 0), UnsupportedWriteError);
  });
});

describe("quantize", () => {
  it("rounds to a multiple of 2^-bits (digits 1: 2^-4) in the array's float type", async () => {
    const q = filter({ name: "numcodecs.quantize", configuration: { digits: 1, dtype: "<f8" } }, f64);
    const enc = await q.encode(nd(f64, Float64Array.of(0.1, 0.5, 1 / 3, -2.03125, 100.96875)));
    // 1.6 → 2 / 16, 8, 5.33 → 5 / 16, -32.5 → -32 / 16 (half to even), 1615.5 → 1616 / 16.
    assert.deepEqual(Array.from(enc.data as Float64Array), [0.125, 0.5, 0.3125, -2, 101]);
  });

  it("stores float64 values as float32 with astype (Zarr v2 only), and reads them back as float64", async () => {
    const json = { name: "numcodecs.quantize", configuration: { digits: 3, dtype: "<f8", astype: "<f4" } };
    assert.throws(() => filter(json, f64), (e: unknown) => e instanceof UnknownCodecError && /zarr-python 3 reads its chunks as float64/.test(e.message));
    const q = filter(json, f64, { zarrFormat: 2 });
    const enc = await q.encode(nd(f64, Float64Array.of(1 / 3)));
    assert.ok(enc.data instanceof Float32Array);
    const back = await q.decode(enc, { shape: [1], dtype: f64, fillValue: 0 });
    assert.deepEqual(Array.from(back.data as Float64Array), [341 / 1024]);
  });
});

describe("bitround", () => {
  const f32Of = (...bits: number[]) => new Float32Array(Uint32Array.from(bits).buffer);
  const bitsOf = (data: NdArray["data"]) => Array.from(new Uint32Array((data as Float32Array).slice().buffer));

  it("rounds the mantissa to keepbits bits, to nearest and ties to even, on the bit pattern", async () => {
    const keep0 = filter({ name: "numcodecs.bitround", configuration: { keepbits: 0 } }, f32);
    // 1.0000001 → 1, 1.5 → 2 (tie, to even), -1.5 → -2.
    assert.deepEqual(bitsOf((await keep0.encode(nd(f32, f32Of(0x3f800001, 0x3fc00000, 0xbfc00000)))).data), [0x3f800000, 0x40000000, 0xc0000000]);
    const keep1 = filter({ name: "numcodecs.bitround", configuration: { keepbits: 1 } }, f32);
    // 1.25 → 1 (tie, to even), 1.75 → 2 (tie, to even), 1.3 → 1.5.
    assert.deepEqual(Array.from((await keep1.encode(nd(f32, Float32Array.of(1.25, 1.75, 1.3)))).data as Float32Array), [1, 2, 1.5]);
    const keep52 = filter({ name: "numcodecs.bitround", configuration: { keepbits: 52 } }, f64);
    assert.deepEqual(Array.from((await keep52.encode(nd(f64, Float64Array.of(Math.PI)))).data as Float64Array), [Math.PI]);
    const keep2 = filter({ name: "numcodecs.bitround", configuration: { keepbits: 2 } }, f64);
    assert.deepEqual(Array.from((await keep2.encode(nd(f64, Float64Array.of(Math.PI, -0.1)))).data as Float64Array), [3, -0.09375]);
  });

  it("refuses integers and more keepbits than the type has", async () => {
    const keep = filter({ name: "numcodecs.bitround", configuration: { keepbits: 24 } }, f32);
    await assert.rejects(keep.encode(nd(f32, Float32Array.of(1))), (e: unknown) => e instanceof UnsupportedWriteError && /keepbits 24 is more than the 23 mantissa bits of float32/.test(e.message));
    await assert.rejects(keep.encode(nd(i32, Int32Array.of(1))), UnsupportedDtypeError);
  });
});

describe("packbits", () => {
  const pack = filter({ name: "numcodecs.packbits", configuration: {} }, bool);
  const values = [true, false, true, true, false, false, false, false, true, true];

  it("stores the padding count, then the bits most significant first", async () => {
    const enc = await pack.encode(nd(bool, values));
    assert.deepEqual(Array.from(enc.data as Uint8Array), [6, 0b10110000, 0b11000000]);
    assert.deepEqual(pack.encodedSpec({ shape: [2, 5], dtype: bool, fillValue: false }).shape, [3]);
    assert.deepEqual((await pack.decode(enc, { shape: [2, 5], dtype: bool, fillValue: false })).data, values);
  });

  it("a chunk that does not hold the chunk's booleans is a ChunkDecodeError", async () => {
    const p = pipeline([{ name: "numcodecs.packbits", configuration: {} }, { name: "bytes" }], bool, [10]);
    assert.deepEqual((await p.decode(Uint8Array.of(6, 0b10110000, 0b11000000), { shape: [10], dtype: bool, fillValue: false })).data, values);
    for (const bad of [Uint8Array.of(5, 0, 0), Uint8Array.of(9, 0, 0), Uint8Array.of(6, 0)]) {
      await assert.rejects(p.decode(bad, { shape: [10], dtype: bool, fillValue: false }), ChunkDecodeError);
    }
  });

  it("packs booleans only", async () => {
    await assert.rejects(pack.encode(nd(i32, Int32Array.of(1))), UnsupportedDtypeError);
  });
});

describe("astype", () => {
  const narrow = filter({ name: "numcodecs.astype", configuration: { encode_dtype: "<i2", decode_dtype: "<i8" } }, i64);

  it("refuses values the stored type cannot hold, and reads stored values back as numpy casts them", async () => {
    await assert.rejects(narrow.encode(nd(i64, BigInt64Array.of(1n, 40000n))), /cannot store 40000 as int16: out of range/);
    const enc = await narrow.encode(nd(i64, BigInt64Array.of(-32768n, 32767n)));
    assert.deepEqual(Array.from(enc.data as Int16Array), [-32768, 32767]);
    assert.deepEqual(Array.from((await narrow.decode(enc, { shape: [2], dtype: i64, fillValue: 0n })).data as BigInt64Array), [-32768n, 32767n]);
  });

  it("rounds floats stored narrower, refuses integers a float cannot hold exactly, and decodes float → int by truncation", async () => {
    const f8f4 = filter({ name: "numcodecs.astype", configuration: { encode_dtype: "<f4", decode_dtype: "<f8" } }, f64);
    assert.deepEqual(Array.from((await f8f4.encode(nd(f64, Float64Array.of(0.1)))).data as Float32Array), [Math.fround(0.1)]);
    await assert.rejects(f8f4.encode(nd(f64, Float64Array.of(1e300))), /too large/);
    const i4f4 = filter({ name: "numcodecs.astype", configuration: { encode_dtype: "<f4", decode_dtype: "<i4" } }, i32);
    await assert.rejects(i4f4.encode(nd(i32, Int32Array.of(16777217))), /an integer it cannot hold exactly/);
    const f4i2 = filter({ name: "numcodecs.astype", configuration: { encode_dtype: "<f4", decode_dtype: "<i2" } }, { kind: "numeric", name: "int16", endian: "little" });
    const back = await f4i2.decode(nd(f32, Float32Array.of(-2.7, 2.7)), { shape: [2], dtype: { kind: "numeric", name: "int16", endian: "little" }, fillValue: 0 });
    assert.deepEqual(Array.from(back.data as Int16Array), [-2, 2]);
    await assert.rejects(f4i2.decode(nd(f32, Float32Array.of(NaN)), { shape: [1], dtype: { kind: "numeric", name: "int16", endian: "little" }, fillValue: 0 }), ChunkDecodeError);
  });
});

describe("categorize", () => {
  const json = { name: "numcodecs.categorize", configuration: { labels: ["apple", "fig", "apple"], dtype: "|O", astype: "|u1" } };

  it("stores each value's 1-based label index (a repeated label its last), and reads unknown codes as ''", async () => {
    const cat = filter(json, text, { zarrFormat: 2 });
    const enc = await cat.encode(nd(text, ["fig", "", "apple"]));
    assert.deepEqual(Array.from(enc.data as Uint8Array), [2, 0, 3]);
    const back = await cat.decode(nd({ kind: "numeric", name: "uint8", endian: "little" }, Uint8Array.of(1, 2, 3, 0, 9)), { shape: [5], dtype: text, fillValue: "" });
    assert.deepEqual(back.data, ["apple", "fig", "apple", "", ""]);
  });

  it("refuses a value not among the labels (numcodecs would store it as ''), and is unknown in Zarr v3 as in zarr-python 3", async () => {
    await assert.rejects(filter(json, text, { zarrFormat: 2 }).encode(nd(text, ["kiwi"])), /cannot store "kiwi": it is not one of the labels/);
    assert.throws(() => filter(json, text, { zarrFormat: 3 }), (e: unknown) => e instanceof UnknownCodecError && /zarr-python 3 has no categorize codec/.test(e.message));
  });

  it("an object array with a categorize filter holds text; a fixed-width one cuts labels to its width", async () => {
    const meta = parseV2Array({
      zarr_format: 2, shape: [2], chunks: [2], dtype: "|O", fill_value: 0, compressor: null, order: "C",
      filters: [{ id: "categorize", labels: ["apple"], dtype: "|O", astype: "|u1" }],
    }, {}, WHERE);
    assert.deepEqual(meta.dtype, { kind: "string" });
    const cat = filter(json, { kind: "fixed-utf32", length: 3, endian: "little" }, { zarrFormat: 2 });
    const back = await cat.decode(nd({ kind: "numeric", name: "uint8", endian: "little" }, Uint8Array.of(1, 2)), { shape: [2], dtype: { kind: "fixed-utf32", length: 3, endian: "little" }, fillValue: "" });
    assert.deepEqual(back.data, ["app", "fig"]);
  });
});

describe("the v2 chain of these filters", () => {
  it("puts every one of them before the bytes codec, as zarr-python 3 orders the same codecs", () => {
    for (const id of ["fixedscaleoffset", "quantize", "bitround", "packbits", "astype", "categorize"]) {
      const chain = v2CodecChain({ dtype: f64, order: "C", filters: [{ id }], compressor: { id: "zlib", level: 1 } });
      assert.deepEqual(chain.map((c) => c.name), [`numcodecs.${id}`, "bytes", "numcodecs.zlib"], id);
    }
  });
});
