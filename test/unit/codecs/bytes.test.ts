import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ChunkDecodeError, UnsupportedDtypeError, UnsupportedWriteError } from "../../../src/errors.js";
import type { DataType, NdArray, NumericName, TypedArray } from "../../../src/zarr/dtype.js";
import { halfToNumber, numberToHalf } from "../../../src/zarr/codecs/float16.js";
import { atOffset, pipeline } from "./helpers.js";

const num = (name: NumericName, endian: "little" | "big" = "little"): DataType => ({ kind: "numeric", name, endian });

async function roundTrip(dtype: DataType, shape: number[], data: NdArray["data"], endian?: "little" | "big") {
  const p = pipeline([{ name: "bytes", configuration: endian ? { endian } : {} }], dtype, shape);
  const bytes = await p.encode({ dtype, shape, data });
  const back = await p.decode(bytes, { shape, dtype, fillValue: null });
  return { bytes, back };
}

describe("bytes codec", () => {
  it("round-trips every numeric type in both byte orders", async () => {
    const cases: [NumericName, NdArray["data"]][] = [
      ["int8", Int8Array.of(-128, 0, 127, -1)],
      ["uint8", Uint8Array.of(0, 1, 254, 255)],
      ["int16", Int16Array.of(-32768, 1, 300, 32767)],
      ["uint16", Uint16Array.of(0, 1, 300, 65535)],
      ["int32", Int32Array.of(-2147483648, -1, 70000, 2147483647)],
      ["uint32", Uint32Array.of(0, 1, 70000, 4294967295)],
      ["int64", BigInt64Array.of(-(2n ** 63n), -1n, 2n ** 40n, 2n ** 63n - 1n)],
      ["uint64", BigUint64Array.of(0n, 1n, 2n ** 40n, 2n ** 64n - 1n)],
      ["float32", Float32Array.of(-1.5, 0, 3.25, Infinity)],
      ["float64", Float64Array.of(-1e300, Math.PI, NaN, -0)],
    ];
    for (const [name, data] of cases) {
      for (const endian of ["little", "big"] as const) {
        const { bytes, back } = await roundTrip(num(name), [2, 2], data, endian);
        assert.equal(bytes.length, data.length * (data as TypedArray).BYTES_PER_ELEMENT, name);
        assert.equal(back.data.constructor, data.constructor, name);
        assert.deepEqual(Array.from(back.data as ArrayLike<unknown>), Array.from(data as ArrayLike<unknown>), `${name} ${endian}`);
        assert.deepEqual(back.shape, [2, 2]);
      }
    }
  });

  it("writes the configured byte order", async () => {
    const { bytes } = await roundTrip(num("int32"), [2], Int32Array.of(1, 0x01020304), "big");
    assert.deepEqual(Array.from(bytes), [0, 0, 0, 1, 1, 2, 3, 4]);
    const little = await roundTrip(num("uint16"), [1], Uint16Array.of(0x0102), "little");
    assert.deepEqual(Array.from(little.bytes), [2, 1]);
  });

  it("uses the type's own byte order when the configuration has none (v2 chains)", async () => {
    const { bytes, back } = await roundTrip(num("float64", "big"), [1], Float64Array.of(1));
    assert.deepEqual(Array.from(bytes), [0x3f, 0xf0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(back.data as Float64Array), [1]);
  });

  it("converts plain number lists to the typed container on encode", async () => {
    const { back } = await roundTrip(num("int64"), [3], [1, 2, -3]);
    assert.deepEqual(Array.from(back.data as BigInt64Array), [1n, 2n, -3n]);
  });

  it("widens float16 to Float32Array and narrows it back", async () => {
    const values = Float32Array.of(1, -2.5, 65504, 2 ** -24, 0.1, Infinity);
    const { bytes, back } = await roundTrip(num("float16"), [6], values);
    assert.equal(bytes.length, 12);
    assert.deepEqual(Array.from(bytes.subarray(0, 2)), [0x00, 0x3c]); // 1.0 = 0x3C00
    assert.ok(back.data instanceof Float32Array);
    const got = Array.from(back.data as Float32Array);
    assert.deepEqual(got.slice(0, 4), [1, -2.5, 65504, 2 ** -24]);
    assert.equal(got[4], halfToNumber(0x2e66)); // nearest half to 0.1
    assert.equal(got[5], Infinity);
  });

  it("rounds float16 to nearest even and overflows to infinity", () => {
    assert.equal(numberToHalf(1 + 2 ** -11), 0x3c00); // halfway between 1 and next: ties to even
    assert.equal(numberToHalf(1 + 3 * 2 ** -11), 0x3c02);
    assert.equal(numberToHalf(70000), 0x7c00);
    assert.equal(numberToHalf(-0), 0x8000);
    assert.ok(Number.isNaN(halfToNumber(numberToHalf(NaN))));
  });

  it("holds bool as one byte per element, boolean[] in memory", async () => {
    const { bytes, back } = await roundTrip({ kind: "bool" }, [4], [true, false, false, true]);
    assert.deepEqual(Array.from(bytes), [1, 0, 0, 1]);
    assert.deepEqual(back.data, [true, false, false, true]);
  });

  it("pads fixed-length bytes with zeros and reads them as UTF-8 text", async () => {
    const dtype: DataType = { kind: "fixed-bytes", length: 5 };
    const { bytes, back } = await roundTrip(dtype, [3], ["ab", "", "héllo".slice(0, 4)]);
    assert.equal(bytes.length, 15);
    assert.deepEqual(Array.from(bytes.subarray(0, 5)), [0x61, 0x62, 0, 0, 0]);
    assert.deepEqual(back.data, ["ab", "", "héll"]);
    await assert.rejects(roundTrip(dtype, [1], ["toolong"]), UnsupportedWriteError);
  });

  it("stores fixed-length UTF-32 text in either byte order", async () => {
    const dtype: DataType = { kind: "fixed-utf32", length: 3, endian: "little" };
    const { bytes, back } = await roundTrip(dtype, [2], ["a😀", "xyz"]);
    assert.equal(bytes.length, 24);
    assert.deepEqual(Array.from(bytes.subarray(0, 12)), [0x61, 0, 0, 0, 0x00, 0xf6, 0x01, 0, 0, 0, 0, 0]);
    assert.deepEqual(back.data, ["a😀", "xyz"]);
    const be: DataType = { kind: "fixed-utf32", length: 2, endian: "big" };
    const big = await roundTrip(be, [1], ["b"]);
    assert.deepEqual(Array.from(big.bytes), [0, 0, 0, 0x62, 0, 0, 0, 0]);
    assert.deepEqual(big.back.data, ["b"]);
    await assert.rejects(roundTrip(be, [1], ["abc"]), UnsupportedWriteError);
  });

  it("packs struct records at their field offsets, nested structs included", async () => {
    const inner: DataType = {
      kind: "struct", size: 6,
      fields: [
        { name: "x", type: num("uint16"), offset: 0 },
        { name: "y", type: num("float32"), offset: 2 },
      ],
    };
    const dtype: DataType = {
      kind: "struct", size: 20,
      fields: [
        { name: "id", type: num("int64"), offset: 0 },
        { name: "pos", type: inner, offset: 8 },
        { name: "ok", type: { kind: "bool" }, offset: 14 },
        { name: "tag", type: { kind: "fixed-utf32", length: 1, endian: "little" }, offset: 15 },
        { name: "b", type: { kind: "fixed-bytes", length: 1 }, offset: 19 },
      ],
    };
    const rows = [
      { id: -7n, pos: { x: 513, y: 1.5 }, ok: true, tag: "é", b: "z" },
      { id: 2n ** 40n, pos: { x: 0, y: -0.25 }, ok: false, tag: "", b: "" },
    ];
    const { bytes, back } = await roundTrip(dtype, [2], rows);
    assert.equal(bytes.length, 40);
    assert.deepEqual(Array.from(bytes.subarray(8, 10)), [1, 2]); // x = 513, little endian
    assert.equal(bytes[14], 1);
    assert.equal(bytes[15], 0xe9);
    assert.deepEqual(back.data, rows);
    const big = await roundTrip(dtype, [2], rows, "big");
    assert.deepEqual(Array.from(big.bytes.subarray(8, 10)), [2, 1]);
    assert.deepEqual(big.back.data, rows);
  });

  it("decodes from an unaligned subarray view without aliasing it", async () => {
    const p = pipeline([{ name: "bytes", configuration: { endian: "little" } }], num("float64"), [3]);
    const raw = new Uint8Array(Float64Array.of(1.25, -2, 3e10).buffer);
    const view = atOffset(raw, 3);
    const out = await p.decode(view, { shape: [3], dtype: num("float64"), fillValue: 0 });
    assert.deepEqual(Array.from(out.data as Float64Array), [1.25, -2, 3e10]);
    (out.data as Float64Array)[0] = 99;
    assert.deepEqual(Array.from(view), Array.from(raw), "input bytes untouched");
    // A Node Buffer slice (a view into a shared pool) decodes the same way.
    const buf = Buffer.concat([Buffer.from([9]), Buffer.from(raw)]).subarray(1);
    const fromBuffer = await p.decode(buf, { shape: [3], dtype: num("float64"), fillValue: 0 });
    assert.deepEqual(Array.from(fromBuffer.data as Float64Array), [1.25, -2, 3e10]);
  });

  it("rejects a chunk of the wrong size with ChunkDecodeError", async () => {
    const p = pipeline([{ name: "bytes", configuration: { endian: "little" } }], num("int32"), [2, 3]);
    const spec = { shape: [2, 3], dtype: num("int32"), fillValue: 0 };
    await assert.rejects(p.decode(new Uint8Array(23), spec), (e: unknown) => {
      assert.ok(e instanceof ChunkDecodeError);
      assert.match(e.message, /23 bytes, expected 24/);
      assert.match(e.message, /\/acquisition\/ts\/data/);
      return true;
    });
    await assert.rejects(p.decode(new Uint8Array(25), spec), ChunkDecodeError);
  });

  it("refuses variable-length types", async () => {
    const p = pipeline([{ name: "bytes" }], { kind: "string" }, [2]);
    await assert.rejects(p.decode(new Uint8Array(2), { shape: [2], dtype: { kind: "string" }, fillValue: "" }), UnsupportedDtypeError);
  });
});
