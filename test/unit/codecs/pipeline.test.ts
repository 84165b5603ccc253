import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ChunkDecodeError, MetadataError, UnknownCodecError } from "../../../src/errors.js";
import {
  BytesCodecChain, CodecPipeline, createCodec, registerCodec, v2CodecChain, type CodecJSON,
} from "../../../src/zarr/codecs/index.js";
import type { DataType } from "../../../src/zarr/dtype.js";
import { FIXTURES, WHERE, ctx, f64, i32, pipeline } from "./helpers.js";

describe("codec registry", () => {
  it("names the codec, the array path and the store for an unknown codec", () => {
    assert.throws(() => createCodec({ name: "numcodecs.zfpy", configuration: { mode: 4 } }, ctx(f64, [4])), (e: unknown) => {
      assert.ok(e instanceof UnknownCodecError);
      assert.match(e.message, /numcodecs\.zfpy/);
      assert.match(e.message, /\/acquisition\/ts\/data/);
      assert.match(e.message, /\/data\/test\.zarr/);
      assert.equal(e.path, WHERE.path);
      return true;
    });
  });

  it("rejects malformed configurations with MetadataError", () => {
    assert.throws(() => createCodec({ name: "blosc", configuration: { cname: "nope" } }, ctx(f64, [4])), MetadataError);
    assert.throws(() => createCodec({ name: "bytes", configuration: { endian: "middle" } }, ctx(f64, [4])), MetadataError);
    assert.throws(() => createCodec({ name: "transpose", configuration: { order: [0, 0] } }, ctx(f64, [2, 2])), MetadataError);
    assert.throws(() => createCodec({ name: "gzip", configuration: { level: 12 } }, ctx(f64, [4])), /level/);
  });

  it("lets a codec be registered", async () => {
    registerCodec("test.negate", () => ({
      kind: "bytes-bytes",
      encode: async (b: Uint8Array) => b.map((x) => 255 - x),
      decode: async (b: Uint8Array) => b.map((x) => 255 - x),
    }));
    const p = pipeline([{ name: "bytes", configuration: { endian: "little" } }, { name: "test.negate" }], i32, [2]);
    const bytes = await p.encode({ dtype: i32, shape: [2], data: Int32Array.of(0, -1) });
    assert.deepEqual(Array.from(bytes), [255, 255, 255, 255, 0, 0, 0, 0]);
    assert.deepEqual(Array.from((await p.decode(bytes, { shape: [2], dtype: i32, fillValue: 0 })).data as Int32Array), [0, -1]);
  });
});

describe("CodecPipeline", () => {
  it("requires exactly one array→bytes codec, in the right place", () => {
    assert.throws(() => pipeline([{ name: "zstd" }], f64, [4]), /array→bytes/);
    assert.throws(() => pipeline([], f64, [4]), /no array→bytes codec/);
    assert.throws(() => pipeline([{ name: "bytes" }, { name: "vlen-utf8" }], f64, [4]), /more than one/);
    assert.throws(() => pipeline([{ name: "gzip" }, { name: "bytes" }], f64, [4]), /out of order/);
    assert.throws(() => pipeline([{ name: "bytes" }, { name: "transpose", configuration: { order: [0] } }], f64, [4]), /out of order/);
  });

  it("splits decoding into a bytes stage and an array stage", async () => {
    const codecs: CodecJSON[] = [
      { name: "transpose", configuration: { order: [1, 0] } },
      { name: "bytes", configuration: { endian: "big" } },
      { name: "numcodecs.shuffle", configuration: { elementsize: 4 } },
      { name: "gzip", configuration: { level: 5 } },
      { name: "crc32c" },
    ];
    const p = pipeline(codecs, i32, [2, 3]);
    assert.deepEqual(p.bytesCodecs, codecs.slice(2));
    const chunk = { dtype: i32, shape: [2, 3], data: Int32Array.of(1, 2, 3, 4, 5, 6) };
    const stored = await p.encode(chunk);
    const spec = { shape: [2, 3], dtype: i32, fillValue: 0 };
    assert.deepEqual(Array.from((await p.decode(stored, spec)).data as Int32Array), [1, 2, 3, 4, 5, 6]);
    // A worker rebuilds only the bytes stage from its JSON.
    const worker = BytesCodecChain.create(p.bytesCodecs);
    const raw = await worker.decode(stored);
    // Transposed, big-endian: column-major values 1,4,2,5,3,6.
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => view.getInt32(4 * i, false)), [1, 4, 2, 5, 3, 6]);
    assert.deepEqual(Array.from((await p.decodeArray(raw, spec)).data as Int32Array), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(raw, await p.decodeBytes(stored));
    assert.throws(() => BytesCodecChain.create([{ name: "bytes" }], ctx(i32, [2, 3])), /not a bytes→bytes codec/);
  });

  it("transposes 3-d chunks both ways", async () => {
    const p = pipeline([{ name: "transpose", configuration: { order: [2, 0, 1] } }, { name: "bytes", configuration: { endian: "little" } }], i32, [2, 3, 4]);
    const data = Int32Array.from({ length: 24 }, (_, i) => i);
    const stored = await p.encode({ dtype: i32, shape: [2, 3, 4], data });
    const enc = new Int32Array(stored.buffer, stored.byteOffset, 24);
    // Encoded shape [4, 2, 3]: enc[k, i, j] = data[i, j, k].
    assert.equal(enc[1 * 6 + 1 * 3 + 2], data[1 * 12 + 2 * 4 + 1]);
    assert.equal(enc[3 * 6 + 0 * 3 + 1], data[0 * 12 + 1 * 4 + 3]);
    const back = await p.decode(stored, { shape: [2, 3, 4], dtype: i32, fillValue: 0 });
    assert.deepEqual(Array.from(back.data as Int32Array), Array.from(data));
    assert.deepEqual(back.shape, [2, 3, 4]);
  });
});

describe("v2CodecChain", () => {
  const be: DataType = { kind: "numeric", name: "float64", endian: "big" };
  const blosc = { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 };

  it("maps a plain numeric array to bytes + numcodecs compressor", () => {
    assert.deepEqual(v2CodecChain({ dtype: be, order: "C", filters: null, compressor: blosc }), [
      { name: "bytes", configuration: { endian: "big" } },
      { name: "numcodecs.blosc", configuration: { cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 } },
    ]);
  });

  it("puts F order first and keeps hdmf-zarr's shuffle + zlib filters after the bytes step", () => {
    const chain = v2CodecChain({
      dtype: i32, order: "F",
      filters: [{ id: "shuffle", elementsize: 4 }, { id: "zlib", level: 4 }],
      compressor: { id: "zstd", level: 3 },
    });
    assert.deepEqual(chain.map((c) => c.name), ["transpose", "bytes", "numcodecs.shuffle", "numcodecs.zlib", "numcodecs.zstd"]);
    assert.deepEqual(chain[0].configuration, { order: "F" });
    assert.deepEqual(v2CodecChain({ dtype: i32, order: "F", ndim: 3 })[0].configuration, { order: [2, 1, 0] });
  });

  it("keeps delta first and makes the first object codec the array→bytes step", () => {
    assert.deepEqual(
      v2CodecChain({ dtype: i32, order: "C", filters: [{ id: "delta", dtype: "<i4" }], compressor: null }).map((c) => c.name),
      ["numcodecs.delta", "bytes"],
    );
    const obj = v2CodecChain({ dtype: { kind: "object" }, order: "C", filters: [{ id: "pickle", protocol: 5 }], compressor: blosc });
    assert.deepEqual(obj, [
      { name: "numcodecs.pickle", configuration: { protocol: 5 } },
      { name: "numcodecs.blosc", configuration: { cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 } },
    ]);
    const str = v2CodecChain({ dtype: { kind: "string" }, order: "C", filters: [{ id: "vlen-utf8" }, { id: "zlib", level: 1 }], compressor: null });
    assert.deepEqual(str.map((c) => c.name), ["numcodecs.vlen-utf8", "numcodecs.zlib"]);
  });

  it("builds a working pipeline for an F-order v2 array with filters", async () => {
    const chain = v2CodecChain({ dtype: i32, order: "F", filters: [{ id: "delta", dtype: "<i4", astype: "<i2" }, { id: "shuffle", elementsize: 2 }], compressor: { id: "zlib", level: 1 } });
    const p = CodecPipeline.create(chain, ctx(i32, [2, 2], { zarrFormat: 2 }));
    const stored = await p.encode({ dtype: i32, shape: [2, 2], data: Int32Array.of(10, 20, 30, 40) });
    // F-order flatten [10,30,20,40] → delta [10,20,-10,20] as <i2; the bytes stage undoes zlib and shuffle.
    const raw = await p.decodeBytes(stored);
    assert.deepEqual(Array.from(raw), [10, 0, 20, 0, 246, 255, 20, 0]);
    // What zlib holds is the shuffled form: low bytes first, then high bytes.
    const { inflateSync } = await import("node:zlib");
    assert.deepEqual(Array.from(inflateSync(stored)), [10, 20, 246, 20, 0, 0, 255, 0]);
    const back = await p.decode(stored, { shape: [2, 2], dtype: i32, fillValue: 0 });
    assert.deepEqual(Array.from(back.data as Int32Array), [10, 20, 30, 40]);
  });
});

describe("real chunks written by other software", () => {
  it("decodes a v2 blosc(zstd) float64 chunk from the pynwb tutorial store", async () => {
    const dir = join(FIXTURES, "zarr-v2/zarr_tutorial.nwb.zarr/acquisition/synthetic_timeseries/data");
    const z = JSON.parse(readFileSync(join(dir, ".zarray"), "utf8"));
    assert.equal(z.compressor.id, "blosc");
    const chain = v2CodecChain({ dtype: f64, order: z.order, filters: z.filters, compressor: z.compressor });
    const p = CodecPipeline.create(chain, ctx(f64, z.chunks, { zarrFormat: 2 }));
    const out = await p.decode(readFileSync(join(dir, "0.0")), { shape: z.chunks, dtype: f64, fillValue: 0 });
    const values = Array.from(out.data as Float64Array);
    assert.equal(values.length, 100);
    assert.ok(values.every(Number.isFinite));
    assert.ok(new Set(values).size > 50, "distinct samples");
    // The tutorial writes standard-normal noise: mean near 0, spread near 1.
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    assert.ok(Math.abs(mean) < 0.4, `mean ${mean}`);
    assert.ok(sd > 0.6 && sd < 1.5, `sd ${sd}`);
    // A truncated copy of the same chunk fails cleanly.
    await assert.rejects(p.decode(readFileSync(join(dir, "0.0")).subarray(0, 40), { shape: z.chunks, dtype: f64, fillValue: 0 }), ChunkDecodeError);
  });

  it("decodes v3 zstd chunks from the dandi-cli test stores", async () => {
    const dir = join(FIXTURES, "zarr-v3-generic/valid_stores/single_array.zarr");
    const meta = JSON.parse(readFileSync(join(dir, "zarr.json"), "utf8"));
    const dtype: DataType = { kind: "numeric", name: meta.data_type, endian: "little" };
    const chunkShape = meta.chunk_grid.configuration.chunk_shape;
    const p = CodecPipeline.create(meta.codecs, ctx(dtype, chunkShape));
    for (const key of ["c/0/0", "c/1/1"]) {
      const out = await p.decode(readFileSync(join(dir, key)), { shape: chunkShape, dtype, fillValue: meta.fill_value });
      assert.ok(out.data instanceof Float32Array);
      assert.equal(out.data.length, 100);
      assert.deepEqual(out.shape, [10, 10]);
      assert.ok(Array.from(out.data).every(Number.isFinite));
    }
  });
});
