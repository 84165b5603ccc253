import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ChunkDecodeError, MetadataError, UnsupportedWriteError } from "../../../src/errors.js";
import { CodecPipeline, pythonJsonStringify, v2CodecChain } from "../../../src/zarr/codecs/index.js";
import type { DataType } from "../../../src/zarr/dtype.js";
import { parseJsonExact } from "../../../src/zarr/json-exact.js";
import { FIXTURES, ctx, pipeline } from "./helpers.js";

const obj: DataType = { kind: "object" };
/** The json2 filter exactly as hdmf-zarr writes it in `.zarray`. */
const JSON2 = {
  id: "json2", allow_nan: true, check_circular: true, encoding: "utf-8", ensure_ascii: true, indent: null,
  separators: [",", ":"], skipkeys: false, sort_keys: true, strict: true,
};

describe("Python-compatible JSON text", () => {
  // Expected strings are what CPython 3.11's json.dumps prints for the same values.
  it("formats floats like Python's repr", () => {
    const values = [0.1, 1.5e-5, 0.0001, 0.00012345, 123456789.123, 1.2345678901234567e15, 1.5e16, 2.5e-300, -3.75, 5e-324,
      1.7976931348623157e308, 0.5, 1e-4, 9.999e-5, 123.456];
    assert.equal(
      pythonJsonStringify(values),
      "[0.1, 1.5e-05, 0.0001, 0.00012345, 123456789.123, 1234567890123456.8, 1.5e+16, 2.5e-300, -3.75, 5e-324, " +
        "1.7976931348623157e+308, 0.5, 0.0001, 9.999e-05, 123.456]",
    );
  });

  it("escapes like ensure_ascii, sorts keys by code point and writes bare NaN", () => {
    const value = { b: 1, a: "é", z: [null, true, NaN, Infinity, -Infinity], "k😀": 'x😀\n"\\\x7f\x01' };
    assert.equal(
      pythonJsonStringify(value, { sortKeys: true }),
      '{"a": "\\u00e9", "b": 1, "k\\ud83d\\ude00": "x\\ud83d\\ude00\\n\\"\\\\\\u007f\\u0001", "z": [null, true, NaN, Infinity, -Infinity]}',
    );
    assert.equal(pythonJsonStringify({ "\uff01": 1, "😀": 2, a: 3 }, { sortKeys: true }), '{"a": 3, "\\uff01": 1, "\\ud83d\\ude00": 2}');
    assert.equal(pythonJsonStringify(["é"], { ensureAscii: false }), '["é"]');
  });

  it("indents like json.dumps(indent=4)", () => {
    assert.equal(
      pythonJsonStringify({ b: [1, { c: [] }], a: {} }, { indent: 4, sortKeys: true }),
      '{\n    "a": {},\n    "b": [\n        1,\n        {\n            "c": []\n        }\n    ]\n}',
    );
  });

  it("refuses what JSON cannot hold", () => {
    const loop: unknown[] = [];
    loop.push(loop);
    assert.throws(() => pythonJsonStringify(loop), UnsupportedWriteError);
    assert.throws(() => pythonJsonStringify([() => 1]), UnsupportedWriteError);
    assert.throws(() => pythonJsonStringify([NaN], { allowNan: false }), UnsupportedWriteError);
    assert.equal(pythonJsonStringify([2n ** 64n, -0, 2 ** 53 - 1, 2 ** 53]), "[18446744073709551616, -0.0, 9007199254740991, 9007199254740992.0]");
  });

  it("parses bare NaN / Infinity tokens and reports bad text with MetadataError", () => {
    const v = parseJsonExact('{"a": NaN, "b": [Infinity, -Infinity, -1.5e3], "c": "NaN", "__proto__": {"x": 1}}') as Record<string, unknown>;
    assert.ok(Number.isNaN(v.a));
    assert.deepEqual(v.b, [Infinity, -Infinity, -1500]);
    assert.equal(v.c, "NaN");
    assert.equal(Object.getPrototypeOf(v), Object.prototype, "a __proto__ key is only a key");
    assert.deepEqual(Object.keys(v), ["a", "b", "c", "__proto__"]);
    assert.deepEqual(parseJsonExact('["\\u00e9\\n", NaN]'), ["é\n", NaN]);
    for (const bad of ["[NaN", '{"a" NaN}', "[1,]", "Nan", "[1] x", '"\u0001"', "[" + "[".repeat(5000) + "NaN"]) {
      assert.throws(() => parseJsonExact(bad, { path: "/x" }), MetadataError, bad.slice(0, 20));
    }
  });
});

describe("json2 codec", () => {
  it("encodes exactly as Python's numcodecs JSON does", async () => {
    const chain = v2CodecChain({ dtype: obj, order: "C", filters: [JSON2], compressor: null });
    const p = CodecPipeline.create(chain, ctx(obj, [2], { zarrFormat: 2 }));
    const bytes = await p.encode({ dtype: obj, shape: [2], data: [{ b: 1, a: "é" }, NaN] });
    assert.equal(new TextDecoder().decode(bytes), '[{"a":"\\u00e9","b":1},NaN,"|O",[2]]');
    const back = await p.decode(bytes, { shape: [2], dtype: obj, fillValue: null });
    assert.equal((back.data[0] as Record<string, unknown>).a, "é");
    assert.ok(Number.isNaN(back.data[1]));
  });

  it("maps structured rows (JSON lists) to records and back", async () => {
    const dtype: DataType = {
      kind: "struct", size: 16,
      fields: [
        { name: "idx_start", type: { kind: "numeric", name: "int32", endian: "little" }, offset: 0 },
        { name: "count", type: { kind: "numeric", name: "int32", endian: "little" }, offset: 4 },
        { name: "timeseries", type: { kind: "object" }, offset: 8 },
      ],
    };
    const p = pipeline([{ name: "numcodecs.json2", configuration: {} }], dtype, [2]);
    const ref = { source: ".", path: "/acquisition/ts", object_id: null };
    const rows = [{ idx_start: 0, count: 5, timeseries: ref }, { idx_start: 5, count: 3, timeseries: ref }];
    const bytes = await p.encode({ dtype, shape: [2], data: rows });
    assert.equal(
      new TextDecoder().decode(bytes),
      '[[0,5,{"object_id":null,"path":"/acquisition/ts","source":"."}],[5,3,{"object_id":null,"path":"/acquisition/ts","source":"."}],"|V16",[2]]',
    );
    assert.deepEqual((await p.decode(bytes, { shape: [2], dtype, fillValue: null })).data, rows);
  });

  it("keeps integers beyond 2^53 exact (bigints) both ways", async () => {
    const p = pipeline([{ name: "numcodecs.json2" }], obj, [2]);
    const bytes = new TextEncoder().encode('[18446744073709551615,{"n":-9007199254740993},"|O",[2]]');
    const back = await p.decode(bytes, { shape: [2], dtype: obj, fillValue: null });
    assert.deepEqual(back.data, [2n ** 64n - 1n, { n: -(2n ** 53n) - 1n }]);
    assert.deepEqual(await p.encode(back), bytes);
  });

  it("rejects malformed json2 chunks with ChunkDecodeError", async () => {
    const p = pipeline([{ name: "numcodecs.json2" }], obj, [2]);
    const spec = { shape: [2], dtype: obj, fillValue: null };
    const enc = (s: string) => new TextEncoder().encode(s);
    for (const bad of ['["a","b","|O",[2]', '{"a":1}', '["a","b","|O"]', '["a","|O",[2]]', '["a","b","c","|O",[3]]']) {
      await assert.rejects(p.decode(enc(bad), spec), ChunkDecodeError, bad);
    }
    await assert.rejects(p.decode(Uint8Array.of(0x5b, 0xff, 0x5d), spec), /UTF-8/);
  });

  it("re-encodes every cached-spec chunk of the hdmf-zarr fixtures byte for byte", async () => {
    let checked = 0;
    const subdirs = (dir: string) => readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(dir, e.name));
    const roots = ["zarr_tutorial.nwb.zarr", "ecephys_tutorial.nwb.zarr"].map((s) => join(FIXTURES, "zarr-v2", s, "specifications"));
    for (const ns of roots.flatMap(subdirs)) {
      for (const version of subdirs(ns)) {
        for (const dir of subdirs(version)) {
          const z = JSON.parse(readFileSync(join(dir, ".zarray"), "utf8"));
          const p = CodecPipeline.create(v2CodecChain({ dtype: obj, order: z.order, filters: z.filters, compressor: z.compressor }), ctx(obj, z.chunks, { zarrFormat: 2 }));
          const stored = readFileSync(join(dir, "0"));
          const out = await p.decode(stored, { shape: z.chunks, dtype: obj, fillValue: null });
          assert.equal(out.data.length, 1);
          const spec = JSON.parse(out.data[0] as string);
          assert.ok(spec.namespaces || spec.groups || spec.datasets, `${dir} holds a spec document`);
          const again = await p.encode(out);
          assert.ok(Buffer.from(again).equals(stored), `${dir} re-encodes identically`);
          checked++;
        }
      }
    }
    assert.ok(checked >= 30, `checked ${checked} chunks`);
  });
});
