/**
 * Integers beyond 2^53 in metadata, exactly: the JSON parser (bigints for unsafe integer literals,
 * JSON.parse's values for everything else, Python's NaN tokens), fill values of int64/uint64 arrays
 * (a missing chunk reads as the exact fill), attributes read as bigints and written back unchanged,
 * in both Zarr formats.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { MemoryStore, ZarrHierarchy, MetadataError, ZarrIO, GroupBuilder, DatasetBuilder, ZarrDataIO } from "../../../src/index.js";
import { parseJsonExact } from "../../../src/zarr/json-exact.js";
import { pythonJsonStringify } from "../../../src/zarr/codecs/json-text.js";
import { parseV2Array } from "../../../src/zarr/metadata-v2.js";
import { parseV3Node } from "../../../src/zarr/metadata-v3.js";

const U64_MAX = 2n ** 64n - 1n;
const I64_MIN = -(2n ** 63n);
const BEYOND = 2n ** 53n + 1n;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

describe("parseJsonExact", () => {
  test("integers beyond ±(2^53 − 1) are bigints with every digit; safe ones stay numbers", () => {
    const doc = parseJsonExact(`{"a": 18446744073709551615, "b": -9223372036854775808, "c": 9007199254740993,
      "safe": 9007199254740991, "neg": -9007199254740991, "long": 1000000000000000, "big": 123456789012345678901234567890}`);
    assert.deepEqual(doc, {
      a: U64_MAX, b: I64_MIN, c: BEYOND, safe: 9007199254740991, neg: -9007199254740991, long: 1e15, big: 123456789012345678901234567890n,
    });
  });

  test("floats, exponents and fractions are numbers, even with many digits", () => {
    const text = "[0.10000000149011612, 12345678901234567.0, 12345678901234567e2, 1e400, -0, 1.5E-7, 9007199254740993.5]";
    assert.deepEqual(parseJsonExact(text), JSON.parse(text));
    assert.ok(Object.is((parseJsonExact("[-0]") as number[])[0], -0));
  });

  test("long digit runs in strings stay text; a big integer elsewhere does not change them", () => {
    const doc = parseJsonExact('{"id": "12345678901234567890", "n": 18446744073709551615, "e": "x\\u00e9\\"y\\n"}');
    assert.deepEqual(doc, { id: "12345678901234567890", n: U64_MAX, e: 'x\u00e9"y\n' });
  });

  test("Python's bare NaN and ±Infinity tokens, with and without big integers", () => {
    assert.deepEqual(parseJsonExact('{"x": NaN, "y": [Infinity, -Infinity]}'), { x: NaN, y: [Infinity, -Infinity] });
    assert.deepEqual(parseJsonExact('{"x": NaN, "n": -9223372036854775808}'), { x: NaN, n: I64_MIN });
  });

  test('"__proto__" is a plain key, as JSON.parse makes it', () => {
    const doc = parseJsonExact('{"__proto__": {"polluted": 1}, "n": 9007199254740993}') as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(doc), Object.prototype);
    assert.deepEqual(Object.keys(doc), ["__proto__", "n"]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test("the same values as JSON.parse for random documents (fast path and exact parser alike)", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const value = (depth: number): unknown => {
      const r = rand();
      if (depth > 3 || r < 0.3) return [rand() * 1e6 - 5e5, Math.floor(rand() * 1e12), "s\u00e9\"" + rand(), true, false, null][Math.floor(rand() * 6)];
      if (r < 0.65) return Array.from({ length: Math.floor(rand() * 5) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rand() * 5) }, (_, i) => [`k${i}\u2603`, value(depth + 1)]));
    };
    for (let i = 0; i < 200; i++) {
      const text = JSON.stringify(value(0), null, i % 2 ? 2 : undefined);
      assert.deepEqual(parseJsonExact(text), JSON.parse(text));
      // The same text beside a big integer goes through the exact parser.
      assert.deepEqual(parseJsonExact(`[${text}, 18446744073709551615]`), [JSON.parse(text), U64_MAX]);
    }
  });

  test("random documents with big integers and NaN at any depth read back as written (Python's writer)", () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const leaf = (): unknown => {
      const r = rand();
      if (r < 0.1) return U64_MAX - BigInt(Math.floor(rand() * 1000));
      if (r < 0.15) return I64_MIN + BigInt(Math.floor(rand() * 1000));
      if (r < 0.2) return [NaN, Infinity, -Infinity][Math.floor(rand() * 3)];
      if (r < 0.5) return Math.floor(rand() * 1e15) * (rand() < 0.5 ? -1 : 1);
      if (r < 0.7) return rand() * 1e6;
      return ["12345678901234567890", "x\u00e9\"]", "", "NaN"][Math.floor(rand() * 4)];
    };
    const value = (depth: number): unknown => {
      const r = rand();
      if (depth > 4 || r < 0.35) return leaf();
      if (r < 0.65) return Array.from({ length: Math.floor(rand() * 6) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rand() * 6) }, (_, i) => [`k${i}`, value(depth + 1)]));
    };
    for (let i = 0; i < 300; i++) {
      const v = value(0);
      const text = pythonJsonStringify(v, { indent: i % 3 ? 2 : undefined });
      assert.deepEqual(parseJsonExact(text), v, text);
    }
  });

  test("objects beside the ones holding big integers or NaN come out the same as JSON.parse makes them", () => {
    const text = '{"nodes": {"a": {"x": [1, {"y": 2.5}], "s": "\\"]}"}, "b": {"fill": 18446744073709551615, "deep": [[{"n": NaN}]]},' +
      ' "c": {"v": [-0, 1e300, "9007199254740993"]}}, "tail": [Infinity, {"k": [-9223372036854775808]}]}';
    assert.deepEqual(parseJsonExact(text), {
      nodes: { a: { x: [1, { y: 2.5 }], s: '"]}' }, b: { fill: U64_MAX, deep: [[{ n: NaN }]] }, c: { v: [-0, 1e300, "9007199254740993"] } },
      tail: [Infinity, { k: [I64_MIN] }],
    });
  });

  test("invalid text is a MetadataError naming the place, on both paths", () => {
    const where = { store: "mem", path: "/a" };
    for (const bad of [
      "", "[1,", "{\"a\" 1}", "[01]", "[1.]", "[1e]", "[-]", "[18446744073709551615,]", '"abc', "[1] x", "[nul]", '{"a":1,}', "[\"\u0001\"]",
      // invalid beside a big integer or NaN: in a part JSON.parse gets, in the part built here, unterminated
      '[{"a": 1,}, 18446744073709551615]', '[{"a": [1 2]}, NaN]', '[18446744073709551615 {"a": 1}]', '[NaN, {"a": "x}]', '[NaN, {"a": 1}',
    ]) {
      assert.throws(() => parseJsonExact(bad, where), (e: Error) => e instanceof MetadataError && /'\/a' in 'mem'/.test(e.message), bad);
    }
    const deep = "[".repeat(5000) + "18446744073709551615" + "]".repeat(5000);
    assert.throws(() => parseJsonExact(deep), (e: Error) => e instanceof MetadataError && /nested too deeply/.test(e.message));
  });
});

const v3Doc = (dataType: string, fill: string, attrs = "{}") => `{"zarr_format": 3, "node_type": "array", "shape": [4], "data_type": "${dataType}",
  "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [2]}},
  "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
  "fill_value": ${fill}, "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}], "attributes": ${attrs}}`;
const v2Doc = (dtype: string, fill: string) =>
  `{"chunks": [2], "compressor": null, "dtype": "${dtype}", "fill_value": ${fill}, "filters": null, "order": "C", "shape": [4], "zarr_format": 2}`;

async function storeWith(files: Record<string, string>): Promise<MemoryStore> {
  const store = new MemoryStore();
  for (const [k, v] of Object.entries(files)) await store.set(k, encoder.encode(v));
  return store;
}

describe("big integer fill values", () => {
  test("parsed exactly for uint64 and int64 in both formats", () => {
    const where = { store: "mem", path: "/a" };
    const u = parseV3Node(parseJsonExact(v3Doc("uint64", "18446744073709551615")), where);
    assert.equal(u.nodeType === "array" && u.fillValue, U64_MAX);
    const i = parseV3Node(parseJsonExact(v3Doc("int64", "9007199254740993")), where);
    assert.equal(i.nodeType === "array" && i.fillValue, BEYOND);
    assert.equal(parseV2Array(parseJsonExact(v2Doc("<u8", "18446744073709551615")), {}, where).fillValue, U64_MAX);
    assert.equal(parseV2Array(parseJsonExact(v2Doc("<i8", "-9223372036854775808")), {}, where).fillValue, I64_MIN);
  });

  test("a fill value outside the range of its type is refused, not wrapped", () => {
    const where = { store: "mem", path: "/a" };
    assert.throws(() => parseV3Node(parseJsonExact(v3Doc("int64", "18446744073709551615")), where), MetadataError);
    assert.throws(() => parseV2Array(parseJsonExact(v2Doc("<u8", "-1")), {}, where), MetadataError);
  });

  for (const format of [3, 2] as const) {
    test(`Zarr v${format}: missing chunks read as the exact fill value`, async () => {
      const files: Record<string, string> = format === 3
        ? { "zarr.json": '{"zarr_format": 3, "node_type": "group", "attributes": {}}', "u/zarr.json": v3Doc("uint64", "18446744073709551615"), "i/zarr.json": v3Doc("int64", "9007199254740993") }
        : { ".zgroup": '{"zarr_format": 2}', "u/.zarray": v2Doc("<u8", "18446744073709551615"), "i/.zarray": v2Doc("<i8", "9007199254740993") };
      const h = await ZarrHierarchy.open(await storeWith(files));
      const u = await (await h.openArray("u")).get();
      assert.deepEqual(Array.from(u.data as BigUint64Array), [U64_MAX, U64_MAX, U64_MAX, U64_MAX]);
      const i = await (await h.openArray("i")).get();
      assert.deepEqual(Array.from(i.data as BigInt64Array), [BEYOND, BEYOND, BEYOND, BEYOND]);
    });

    test(`Zarr v${format}: a big fill value is written as its exact integer literal`, async () => {
      const store = new MemoryStore();
      const io = new ZarrIO(store, "w", { zarrFormat: format });
      await io.writeBuilder(new GroupBuilder("root", {
        datasets: [
          new DatasetBuilder("u", new ZarrDataIO(new BigUint64Array([1n, 2n, 3n]), { chunks: [2], fillvalue: U64_MAX })),
          new DatasetBuilder("i", new ZarrDataIO(new BigInt64Array([1n, 2n, 3n]), { chunks: [2], fillvalue: BEYOND })),
        ],
      }));
      await io.close();
      const key = (n: string) => (format === 3 ? `${n}/zarr.json` : `${n}/.zarray`);
      assert.match(decoder.decode(await store.get(key("u"))), /"fill_value": 18446744073709551615[,\n]/);
      assert.match(decoder.decode(await store.get(key("i"))), /"fill_value": 9007199254740993[,\n]/);
      const h = await ZarrHierarchy.open(store, { consolidated: false });
      assert.equal((await h.openArray("u")).fillValue, U64_MAX);
      assert.equal((await h.openArray("i")).fillValue, BEYOND);
    });
  }
});

describe("big integer attributes", () => {
  for (const format of [3, 2] as const) {
    test(`Zarr v${format}: read as bigints, written back as the same literals (v2 ASCII-escaped)`, async () => {
      const text = '{"big": 9007199254740993, "min": -9223372036854775808, "list": [1, 18446744073709551615], "small": 5, "name": "caf\\u00e9"}';
      const files: Record<string, string> = format === 3
        ? { "zarr.json": `{"zarr_format": 3, "node_type": "group", "attributes": ${text}}` }
        : { ".zgroup": '{"zarr_format": 2}', ".zattrs": text };
      const store = await storeWith(files);
      const io = new ZarrIO(store, "r+");
      const root = await io.readBuilder();
      const attributes: Record<string, unknown> = root.attributes;
      assert.deepEqual(attributes, { big: BEYOND, min: I64_MIN, list: [1, U64_MAX], small: 5, name: "café" });
      await io.writeBuilder(new GroupBuilder("root", { attributes: { ...attributes, more: -BEYOND, typed: new BigUint64Array([U64_MAX]) } }));
      await io.close();
      const written = decoder.decode(await store.get(format === 3 ? "zarr.json" : ".zattrs"));
      for (const literal of ["9007199254740993", "-9223372036854775808", "18446744073709551615", "-9007199254740993"]) {
        assert.ok(written.includes(literal), `${literal} in ${written}`);
      }
      if (format === 2) assert.ok(written.includes("caf\\u00e9"), "v2 attributes stay ASCII-escaped");
      const again = await new ZarrIO(store, "r").readBuilder();
      assert.deepEqual(again.attributes, { big: BEYOND, min: I64_MIN, list: [1, U64_MAX], small: 5, name: "café", more: -BEYOND, typed: [U64_MAX] });
    });
  }

  test("consolidated metadata keeps big integers exact (v2 .zmetadata and v3 inline)", async () => {
    for (const format of [3, 2] as const) {
      const store = new MemoryStore();
      const io = new ZarrIO(store, "w", { zarrFormat: format });
      await io.writeBuilder(new GroupBuilder("root", {
        groups: [new GroupBuilder("g", { attributes: { big: BEYOND, min: I64_MIN } })],
        datasets: [new DatasetBuilder("u", new ZarrDataIO(new BigUint64Array([1n]), { fillvalue: U64_MAX }))],
      }));
      await io.close();
      const h = await ZarrHierarchy.open(store);
      assert.ok(h.isConsolidated);
      assert.deepEqual((await h.requireNode("g")).attributes, { big: BEYOND, min: I64_MIN });
      assert.equal((await h.openArray("u")).fillValue, U64_MAX);
    }
  });
});
