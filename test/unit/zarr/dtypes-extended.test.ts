/**
 * complex64/128, datetime64/timedelta64, raw bytes and struct sub-array fields: metadata (v2
 * typestr and v3 names, as zarr-python 2.18 and 3 spell them), fill values, packed bytes, whole
 * arrays in a store, bad values, and how displays show them. Against zarr-python itself:
 * dtypes-python.test.ts.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { IncompleteConversionError, MetadataError, UnsupportedDtypeError, UnsupportedWriteError } from "../../../src/errors.js";
import { convert } from "../../../src/io/convert.js";
import { ZarrIO } from "../../../src/io/zarr-io.js";
import { toText } from "../../../src/repr/index.js";
import { LocalStore } from "../../../src/store/local.js";
import { MemoryStore } from "../../../src/store/memory.js";
import { packElements, unpackElements } from "../../../src/zarr/codecs/packed.js";
import { displayValue, formatComplex } from "../../../src/zarr/dtype-display.js";
import { datetimeToDate, formatDatetime } from "../../../src/zarr/dtype-time.js";
import { parseV2Dtype, formatV2Dtype } from "../../../src/zarr/dtype-v2.js";
import { parseV3Dtype, formatV3Dtype } from "../../../src/zarr/dtype-v3.js";
import { allocate, dtypeName, itemSize, NAT, type ArrayData, type DataType, type NdArray } from "../../../src/zarr/dtype.js";
import { formatFillValue, parseFillValue } from "../../../src/zarr/fill-value.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { parseV2Array } from "../../../src/zarr/metadata-v2.js";
import { parseV3Node } from "../../../src/zarr/metadata-v3.js";
import type { ArrayMetadata } from "../../../src/zarr/metadata-types.js";
import { removeFolder, tempFolder } from "../../helpers/temp-folders.js";

const where = { store: "mem", path: "/a" };
const v2 = (raw: unknown) => parseV2Dtype(raw, undefined, where);
const v3 = (raw: unknown, endian: "little" | "big" = "little") => parseV3Dtype(raw, endian, where);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("metadata of complex, datetime, raw and sub-array types", () => {
  it("v2 typestrs parse and print back as numpy (zarr-python 2) writes them", () => {
    const cases: [unknown, DataType, string][] = [
      ["<c8", { kind: "complex", name: "complex64", endian: "little" }, "complex64"],
      ["<c16", { kind: "complex", name: "complex128", endian: "little" }, "complex128"],
      [">c16", { kind: "complex", name: "complex128", endian: "big" }, ">complex128"],
      ["<M8[ns]", { kind: "datetime", unit: "ns", scale: 1, endian: "little" }, "datetime64[ns]"],
      ["<m8[s]", { kind: "timedelta", unit: "s", scale: 1, endian: "little" }, "timedelta64[s]"],
      ["<M8[D]", { kind: "datetime", unit: "D", scale: 1, endian: "little" }, "datetime64[D]"],
      ["<m8[10s]", { kind: "timedelta", unit: "s", scale: 10, endian: "little" }, "timedelta64[10s]"],
      [">M8[us]", { kind: "datetime", unit: "us", scale: 1, endian: "big" }, ">datetime64[us]"],
      ["<M8", { kind: "datetime", unit: "generic", scale: 1, endian: "little" }, "datetime64"],
      ["|V8", { kind: "raw", length: 8 }, "void64"],
    ];
    for (const [raw, dtype, name] of cases) {
      assert.deepEqual(v2(raw), dtype, String(raw));
      assert.deepEqual(formatV2Dtype(dtype, where), raw, String(raw));
      assert.equal(dtypeName(dtype), name, String(raw));
    }
    assert.equal(itemSize(v2("<c8")), 8);
    assert.equal(itemSize(v2(">c16")), 16);
    assert.equal(itemSize(v2("<m8[10s]")), 8);
  });

  it("a structured v2 dtype with a sub-array field keeps its shape, offsets and size", () => {
    const raw = [["a", "<f4", [2, 3]], ["b", "<i2"], ["c", "<c8", [2]]];
    const dtype = v2(raw);
    assert.deepEqual(dtype, {
      kind: "struct",
      size: 24 + 2 + 16,
      fields: [
        { name: "a", type: { kind: "numeric", name: "float32", endian: "little" }, offset: 0, shape: [2, 3] },
        { name: "b", type: { kind: "numeric", name: "int16", endian: "little" }, offset: 24 },
        { name: "c", type: { kind: "complex", name: "complex64", endian: "little" }, offset: 26, shape: [2] },
      ],
    });
    assert.deepEqual(formatV2Dtype(dtype, where), raw);
    assert.equal(dtypeName(dtype), "struct{a:float32[2,3],b:int16,c:complex64[2]}");
    // numpy also writes a one-axis shape as a bare integer.
    assert.deepEqual(v2([["x", "<i4", 3]]), { kind: "struct", size: 12, fields: [{ name: "x", type: { kind: "numeric", name: "int32", endian: "little" }, offset: 0, shape: [3] }] });
    assert.throws(() => v2([["x", "<i4", [-1]]]), UnsupportedDtypeError);
    assert.throws(() => v2([["x", "<i4", [2 ** 20, 2 ** 20]]]), /too large/);
    assert.throws(() => v2([["x", "<i4", [2], "extra"]]), UnsupportedDtypeError);
  });

  it("v3 names parse and print back as zarr-python 3 writes them", () => {
    const cases: [unknown, DataType][] = [
      ["complex64", { kind: "complex", name: "complex64", endian: "little" }],
      ["complex128", { kind: "complex", name: "complex128", endian: "little" }],
      [{ name: "numpy.datetime64", configuration: { unit: "ns", scale_factor: 1 } }, { kind: "datetime", unit: "ns", scale: 1, endian: "little" }],
      [{ name: "numpy.timedelta64", configuration: { unit: "s", scale_factor: 10 } }, { kind: "timedelta", unit: "s", scale: 10, endian: "little" }],
      [{ name: "raw_bytes", configuration: { length_bytes: 8 } }, { kind: "raw", length: 8 }],
      // The core spec's raw bits name is read, and written back as it was.
      ["r64", { kind: "raw", length: 8, bitsName: true }],
    ];
    for (const [raw, dtype] of cases) {
      assert.deepEqual(v3(raw), dtype, JSON.stringify(raw));
      assert.deepEqual(formatV3Dtype(dtype, where), raw, JSON.stringify(raw));
    }
    // Byte order comes from the bytes codec.
    assert.deepEqual(v3("complex128", "big"), { kind: "complex", name: "complex128", endian: "big" });
  });

  it("types that stay unsupported are refused with UnsupportedDtypeError (deferred to read time by the metadata parser)", () => {
    for (const raw of ["<c32", "<f16", "<M8[fortnight]", "<m8[0s]"]) assert.throws(() => v2(raw), UnsupportedDtypeError, raw);
    for (const raw of ["complex256", "r7", { name: "raw_bytes", configuration: { length_bytes: 0 } },
      { name: "numpy.datetime64", configuration: { unit: "fortnight", scale_factor: 1 } },
      { name: "numpy.timedelta64", configuration: { unit: "s", scale_factor: 1.5 } }]) {
      assert.throws(() => v3(raw), UnsupportedDtypeError, JSON.stringify(raw));
    }
    // A sub-array field has no v3 spelling (zarr-python 3 refuses it too).
    assert.throws(() => formatV3Dtype(v2([["a", "<f4", [2]]]), where), UnsupportedDtypeError);
  });
});

describe("fill values", () => {
  const c8 = v2("<c8"), c16 = v2("<c16"), ns = v2("<M8[ns]"), sec = v2("<m8[s]"), raw = v2("|V8");
  it("complex: [re, im] with NaN/Infinity strings, both ways", () => {
    assert.deepEqual(parseFillValue([1, 2], c8, where), { re: 1, im: 2 });
    assert.deepEqual(parseFillValue(["NaN", "-Infinity"], c16, where), { re: NaN, im: -Infinity });
    assert.deepEqual(formatFillValue({ re: NaN, im: Infinity }, c16, 2), ["NaN", "Infinity"]);
    assert.deepEqual(formatFillValue({ re: 1.5, im: -2 }, c8, 3), [1.5, -2]);
    assert.throws(() => parseFillValue(3, c16, where), MetadataError);
    assert.throws(() => parseFillValue([1, "x"], c16, where), MetadataError);
  });
  it("datetime/timedelta: int64 counts, NaT as the smallest int64 (or the text 'NaT'), exact beyond 2^53", () => {
    assert.equal(parseFillValue(-9223372036854775808n, ns, where), NAT);
    assert.equal(parseFillValue("NaT", ns, where), NAT);
    assert.equal(parseFillValue(5, sec, where), 5n);
    assert.equal(parseFillValue(1577934245123456789n, ns, where), 1577934245123456789n);
    assert.equal(formatFillValue(NAT, ns, 2), -9223372036854775808n);
    assert.equal(formatFillValue(7n, sec, 3), 7);
    assert.throws(() => parseFillValue(2n ** 63n, ns, where), MetadataError);
    assert.throws(() => parseFillValue("soon", ns, where), MetadataError);
    assert.throws(() => parseFillValue(1.5, sec, where), MetadataError);
  });
  it("raw bytes: base64 of exactly the type's length", () => {
    assert.equal(hex(parseFillValue("AQIDBAUGBwg=", raw, where) as Uint8Array), "0102030405060708");
    assert.equal(formatFillValue(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), raw, 3), "AQIDBAUGBwg=");
    assert.throws(() => parseFillValue("AQID", raw, where), MetadataError);
    assert.throws(() => parseFillValue([1, 2], raw, where), MetadataError);
  });
  it("a v2 struct fill is the base64 of the packed record, sub-arrays included (zarr-python 2)", () => {
    const dtype = v2([["a", "<f4", [2]], ["b", "<i2"]]);
    const fill = parseFillValue("AACAPwAAAEADAA==", dtype, where) as { a: NdArray; b: number };
    assert.deepEqual(Array.from(fill.a.data as Float32Array), [1, 2]);
    assert.equal(fill.b, 3);
    assert.equal(formatFillValue(fill, dtype, 2), "AACAPwAAAEADAA==");
    // All zero bytes (zarr-python 2's default) is written as no fill, as before.
    assert.equal(formatFillValue(parseFillValue("AAAAAAAAAAAAAA==", dtype, where), dtype, 2), null);
    assert.throws(() => parseFillValue("AAAA", dtype, where), MetadataError);
    assert.throws(() => formatFillValue({ a: [1], b: 0 }, dtype, 2), MetadataError);
  });
  it("no fill value: zero complex, NaT, zero bytes", () => {
    assert.deepEqual(parseFillValue(null, c8, where), { re: 0, im: 0 });
    assert.equal(parseFillValue(null, ns, where), NAT);
    assert.equal(hex(parseFillValue(null, raw, where) as Uint8Array), "0000000000000000");
  });
});

describe("packed bytes", () => {
  it("complex128 big-endian: real then imaginary part, each big-endian", () => {
    const dtype = v2(">c16");
    const bytes = packElements([{ re: 1, im: -2 }], dtype, 1);
    assert.equal(hex(bytes), "3ff0000000000000c000000000000000");
    assert.deepEqual(unpackElements(bytes, dtype, 1), [{ re: 1, im: -2 }]);
    // The bytes codec's order overrides the type's own.
    assert.equal(hex(packElements([{ re: 1, im: -2 }], dtype, 1, "little")), "000000000000f03f00000000000000c0");
  });
  it("complex64 parts are float32", () => {
    const dtype = v2("<c8");
    const back = unpackElements(packElements([{ re: 0.1, im: NaN }], dtype, 1), dtype, 1) as { re: number; im: number }[];
    assert.equal(back[0].re, Math.fround(0.1));
    assert.ok(Number.isNaN(back[0].im));
  });
  it("datetime64 is a BigInt64Array of counts, NaT included, either byte order", () => {
    const data = BigInt64Array.of(1577934245123456789n, NAT, -1n);
    for (const raw of ["<M8[ns]", ">M8[ns]"]) {
      const dtype = v2(raw);
      const bytes = packElements(data, dtype, 3);
      if (raw === ">M8[ns]") assert.equal(hex(bytes.subarray(8, 16)), "8000000000000000");
      const back = unpackElements(bytes, dtype, 3);
      assert.ok(back instanceof BigInt64Array);
      assert.deepEqual(Array.from(back), Array.from(data));
    }
  });
  it("raw bytes: a Uint8Array per element, copied out of the chunk", () => {
    const dtype = v2("|V3");
    const bytes = Uint8Array.of(1, 2, 3, 250, 251, 252);
    const back = unpackElements(bytes, dtype, 2) as Uint8Array[];
    bytes.fill(0);
    assert.deepEqual(back.map(hex), ["010203", "fafbfc"]);
    assert.throws(() => packElements([Uint8Array.of(1, 2)], dtype, 1), /Uint8Array of 3 bytes/);
  });
  it("a sub-array field reads as an NdArray of its shape and writes from one", () => {
    const dtype = v2([["a", "<i2", [2, 2]], ["b", "|u1"]]);
    const rec = { a: { dtype: v2("<i2"), shape: [2, 2], data: Int16Array.of(1, -2, 3, 4) }, b: 9 };
    const bytes = packElements([rec], dtype, 1);
    assert.equal(hex(bytes), "0100feff0300040009");
    const back = unpackElements(bytes, dtype, 1) as Record<string, unknown>[];
    assert.deepEqual(back[0].b, 9);
    const a = back[0].a as NdArray;
    assert.deepEqual(a.shape, [2, 2]);
    assert.deepEqual(Array.from(a.data as Int16Array), [1, -2, 3, 4]);
    // A flat list of the right length also writes; a wrong shape or length is refused.
    assert.equal(hex(packElements([{ a: [1, -2, 3, 4], b: 9 }], dtype, 1)), "0100feff0300040009");
    assert.throws(() => packElements([{ a: [1, 2, 3], b: 9 }], dtype, 1), /needs 4 values/);
    assert.throws(() => packElements([{ a: { ...rec.a, shape: [4, 1] }, b: 9 }], dtype, 1), /shape \[2, 2\]/);
  });
});

/** An array in a fresh memory store from its metadata document; values written to [0:3] of 5. */
async function roundTrip(format: 2 | 3, doc: Record<string, unknown>, values: ArrayData): Promise<{ got: NdArray; meta: ArrayMetadata }> {
  const meta = format === 2 ? parseV2Array(doc, {}, where) : (parseV3Node(doc, where) as ArrayMetadata);
  const h = await ZarrHierarchy.create(new MemoryStore(), format);
  const array = await h.createArray("a", meta);
  await array.set([{ start: 0, stop: 3 }], { dtype: meta.dtype, shape: [3], data: values });
  const reopened = await (await ZarrHierarchy.open(h.store)).openArray("a");
  return { got: await reopened.get(), meta: reopened.metadata };
}

const v2Doc = (dtype: unknown, fill: unknown) => ({ zarr_format: 2, shape: [5], chunks: [2], dtype, fill_value: fill, compressor: null, filters: null, order: "C" });
const v3Doc = (dataType: unknown, fill: unknown, endian?: string) => ({
  zarr_format: 3, node_type: "array", shape: [5], data_type: dataType,
  chunk_grid: { name: "regular", configuration: { chunk_shape: [2] } },
  chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
  fill_value: fill, codecs: [{ name: "bytes", ...(endian ? { configuration: { endian } } : {}) }], attributes: {},
});

describe("whole arrays, Zarr v2 and v3", () => {
  it("complex: values and the fill value of unwritten elements", async () => {
    for (const [format, doc] of [[2, v2Doc(">c16", ["NaN", 1])], [3, v3Doc("complex128", ["NaN", 1], "big")]] as const) {
      const { got } = await roundTrip(format, doc, [{ re: 1, im: 2 }, { re: -Infinity, im: 0.25 }, { re: 1e300, im: -1e-300 }]);
      assert.deepEqual(got.data, [{ re: 1, im: 2 }, { re: -Infinity, im: 0.25 }, { re: 1e300, im: -1e-300 }, { re: NaN, im: 1 }, { re: NaN, im: 1 }], `v${format}`);
    }
  });
  it("datetime64: NaT fill in missing chunks, counts exact", async () => {
    for (const [format, doc] of [
      [2, v2Doc("<M8[ns]", -9223372036854775808n)],
      [3, v3Doc({ name: "numpy.datetime64", configuration: { unit: "ns", scale_factor: 1 } }, -9223372036854775808n, "little")],
    ] as const) {
      const { got } = await roundTrip(format, doc, BigInt64Array.of(1577934245123456789n, NAT, -1n));
      assert.ok(got.data instanceof BigInt64Array);
      assert.deepEqual(Array.from(got.data), [1577934245123456789n, NAT, -1n, NAT, NAT], `v${format}`);
    }
  });
  it("raw bytes and sub-array records", async () => {
    const { got, meta } = await roundTrip(3, v3Doc({ name: "raw_bytes", configuration: { length_bytes: 2 } }, "AQI="), [Uint8Array.of(9, 8), Uint8Array.of(7, 6), Uint8Array.of(0, 255)]);
    assert.deepEqual((got.data as Uint8Array[]).map(hex), ["0908", "0706", "00ff", "0102", "0102"]);
    assert.equal(hex(meta.fillValue as Uint8Array), "0102");
    const sub = await roundTrip(2, v2Doc([["a", "<f4", [2]], ["b", "<i2"]], null), [
      { a: Float32Array.of(0.5, -1), b: 1 }, { a: [2, 3], b: -2 }, { a: { dtype: v2("<f4"), shape: [2], data: Float32Array.of(4, 5) }, b: 3 },
    ]);
    const recs = sub.got.data as { a: NdArray; b: number }[];
    assert.deepEqual(recs.map((r) => [Array.from(r.a.data as Float32Array), r.b]), [[[0.5, -1], 1], [[2, 3], -2], [[4, 5], 3], [[0, 0], 0], [[0, 0], 0]]);
  });
  it("a scalar written over a selection, and plain lists of counts", async () => {
    const h = await ZarrHierarchy.create(new MemoryStore(), 3);
    const t = await h.createArray("t", parseV3Node(v3Doc({ name: "numpy.timedelta64", configuration: { unit: "ms", scale_factor: 1 } }, 0), where) as ArrayMetadata);
    await t.set(null, 5n);
    await t.set([{ start: 1, stop: 3 }], { dtype: t.dtype, shape: [2], data: [-1n, 2 ** 40] });
    assert.deepEqual(Array.from((await t.get()).data as BigInt64Array), [5n, -1n, 2n ** 40n, 5n, 5n]);
    const c = await h.createArray("c", parseV3Node(v3Doc("complex128", [0, 0]), where) as ArrayMetadata);
    await c.set(null, { re: 0.5, im: -0.5 });
    assert.deepEqual((await c.get([{ start: 3, stop: 5 }])).data, [{ re: 0.5, im: -0.5 }, { re: 0.5, im: -0.5 }]);
  });
  it("a value of the wrong kind is a typed write error", async () => {
    const meta = parseV2Array(v2Doc("<c8", null), {}, where);
    const array = await (await ZarrHierarchy.create(new MemoryStore(), 2)).createArray("a", meta);
    await assert.rejects(array.set([{ start: 0, stop: 1 }], { dtype: meta.dtype, shape: [1], data: ["1+2j"] }), UnsupportedWriteError);
  });
});

describe("display", () => {
  it("complex as numpy prints it", () => {
    assert.equal(formatComplex({ re: 1, im: 2 }), "1+2j");
    assert.equal(formatComplex({ re: -0.5, im: -0.001 }), "-0.5-0.001j");
    assert.equal(formatComplex({ re: NaN, im: Infinity }), "nan+infj");
    assert.equal(formatComplex({ re: 0, im: -0 }), "0-0j");
  });
  it("datetime64 as ISO text in its unit; NaT; a JS Date where exact", () => {
    const t = (unit: string, scale = 1) => ({ unit, scale, endian: "little" }) as never;
    assert.equal(formatDatetime(1577934245123456789n, t("ns")), "2020-01-02T03:04:05.123456789");
    assert.equal(formatDatetime(-1n, t("ns")), "1969-12-31T23:59:59.999999999");
    assert.equal(formatDatetime(18321n, t("D")), "2020-02-29");
    assert.equal(formatDatetime(1622548800250n, t("ms")), "2021-06-01T12:00:00.250");
    assert.equal(formatDatetime(50n, t("Y")), "2020");
    assert.equal(formatDatetime(601n, t("M")), "2020-02");
    assert.equal(formatDatetime(3n, t("s", 10)), "1970-01-01T00:00:30");
    assert.equal(formatDatetime(NAT, t("ns")), "NaT");
    assert.equal(datetimeToDate(1622548800250n, t("ms"))?.toISOString(), "2021-06-01T12:00:00.250Z");
    assert.equal(datetimeToDate(1n, t("ns")), undefined);
    assert.equal(datetimeToDate(NAT, t("ms")), undefined);
  });
  it("displayValue turns elements into text and leaves other types alone", () => {
    assert.equal(displayValue(v2("<m8[s]"), 5n), "5 s");
    assert.equal(displayValue(v2("<m8[s]"), NAT), "NaT");
    assert.deepEqual(displayValue(v2([["t", "<M8[D]"], ["z", "<c8"]]), { t: 0n, z: { re: 1, im: 0 } }), { t: "1970-01-01", z: "1+0j" });
    assert.equal(displayValue(v2("<i8"), 5n), 5n);
    assert.deepEqual(allocate(v2("<M8[s]"), 2, NAT), BigInt64Array.of(NAT, NAT));
  });
});

describe("repr", () => {
  it("shows complex and datetime arrays, values and fill value, as numpy prints them", async () => {
    const h = await ZarrHierarchy.create(new MemoryStore(), 3);
    const c = await h.createArray("c", parseV3Node(v3Doc("complex64", [1.5, -2]), where) as ArrayMetadata);
    await c.set([{ start: 0, stop: 1 }], { dtype: c.dtype, shape: [1], data: [{ re: 1, im: 2 }] });
    const text = await toText(c as never);
    assert.match(text, /'1\+2j'/);
    assert.match(text, /Fill value\s+: '1\.5-2j'/);
    const d = await h.createArray("d", parseV3Node(v3Doc({ name: "numpy.datetime64", configuration: { unit: "D", scale_factor: 1 } }, "NaT"), where) as ArrayMetadata);
    await d.set([{ start: 0, stop: 1 }], { dtype: d.dtype, shape: [1], data: BigInt64Array.of(18321n) });
    const dt = await toText(d as never);
    assert.match(dt, /datetime64\[D\]/);
    assert.match(dt, /'2020-02-29'\s+'NaT'/);
    assert.match(dt, /Fill value\s+: 'NaT'/);
  });
});

describe("export and conversion", () => {
  it("refuse a file with a complex, datetime, raw or sub-array struct array, naming it, before writing anything", async () => {
    const tmp = tempFolder("hdmf-zarr-dtypes-export");
    try {
      const src = join(tmp, "src.zarr");
      const h = await ZarrHierarchy.create(new LocalStore(src), 2);
      for (const [name, dtype] of [["c", "<c16"], ["t", "<m8[s]"], ["v", "|V4"], ["s", [["a", "<i2", [2]]]]] as const) {
        await h.createArray(name, parseV2Array(v2Doc(dtype, null), {}, { store: src, path: `/${name}` }));
      }
      const converted = join(tmp, "converted.zarr");
      await assert.rejects(convert(src, converted, { zarrFormat: 3 }), (e: unknown) => {
        assert.ok(e instanceof IncompleteConversionError);
        assert.deepEqual(e.entries.map((p) => p.path).sort(), ["/c", "/s", "/t", "/v"]);
        assert.match(e.entries.find((p) => p.path === "/t")!.reason, /timedelta64\[s\]/);
        return true;
      });
      assert.equal(existsSync(converted), false);
      const exported = join(tmp, "exported.zarr");
      const from = new ZarrIO(src, "r");
      const to = new ZarrIO(exported, "w", { zarrFormat: 2 });
      try {
        await assert.rejects(to.export(from), (e: unknown) => e instanceof UnsupportedDtypeError && e.path === "/c" && /complex128/.test(e.message));
      } finally {
        await to.close();
        await from.close();
      }
      assert.equal(existsSync(exported), false);
    } finally {
      removeFolder(tmp);
    }
  });
});
