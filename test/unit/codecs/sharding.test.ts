import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ChunkDecodeError, MetadataError } from "../../../src/errors.js";
import { crc32c, type CodecJSON } from "../../../src/zarr/codecs/index.js";
import type { DataType } from "../../../src/zarr/dtype.js";
import { i32, pipeline } from "./helpers.js";

function sharding(config: Record<string, unknown>): CodecJSON[] {
  return [{ name: "sharding_indexed", configuration: config }];
}

const shard = { shape: [4, 6], dtype: i32, fillValue: -1 };
const values = Int32Array.from({ length: 24 }, (_, i) => i * 3);

describe("sharding_indexed", () => {
  it("round-trips a shard with the index at the end or the start", async () => {
    for (const index_location of ["end", "start"]) {
      const p = pipeline(sharding({
        chunk_shape: [2, 3],
        codecs: [{ name: "bytes", configuration: { endian: "little" } }, { name: "zstd", configuration: { level: 1 } }],
        index_codecs: [{ name: "bytes", configuration: { endian: "little" } }, { name: "crc32c" }],
        index_location,
      }), i32, [4, 6]);
      const bytes = await p.encode({ dtype: i32, shape: [4, 6], data: values });
      // 4 inner chunks: 4 × 16 index bytes + 4 checksum bytes.
      const index = index_location === "end" ? bytes.subarray(bytes.length - 68) : bytes.subarray(0, 68);
      const view = new DataView(index.buffer, index.byteOffset, 68);
      assert.equal(view.getUint32(64, true), crc32c(index.subarray(0, 64)));
      const firstOffset = Number(view.getBigUint64(0, true));
      assert.equal(firstOffset, index_location === "start" ? 68 : 0);
      const back = await p.decode(bytes, shard);
      assert.deepEqual(Array.from(back.data as Int32Array), Array.from(values), index_location);
    }
  });

  it("fills absent inner chunks with the fill value", async () => {
    // Hand-built shard: inner chunks are raw little-endian int32, index without checksum.
    const p = pipeline(sharding({ chunk_shape: [2, 3], codecs: [{ name: "bytes", configuration: { endian: "little" } }], index_codecs: [{ name: "bytes", configuration: { endian: "little" } }] }), i32, [4, 6]);
    const chunk = new Uint8Array(Int32Array.of(1, 2, 3, 4, 5, 6).buffer);
    const out = new Uint8Array(24 + 64);
    out.set(chunk, 0);
    const idx = new DataView(out.buffer, 24);
    const entries: [bigint, bigint][] = [[2n ** 64n - 1n, 2n ** 64n - 1n], [2n ** 64n - 1n, 2n ** 64n - 1n], [2n ** 64n - 1n, 2n ** 64n - 1n], [0n, 24n]];
    entries.forEach(([o, l], i) => {
      idx.setBigUint64(16 * i, o, true);
      idx.setBigUint64(16 * i + 8, l, true);
    });
    const back = await p.decode(out, shard);
    const f = -1;
    assert.deepEqual(Array.from(back.data as Int32Array), [
      f, f, f, f, f, f,
      f, f, f, f, f, f,
      f, f, f, 1, 2, 3,
      f, f, f, 4, 5, 6,
    ]);
  });

  it("holds variable-length strings and transposed inner chunks", async () => {
    const str: DataType = { kind: "string" };
    const p = pipeline(sharding({ chunk_shape: [1, 2], codecs: [{ name: "transpose", configuration: { order: [1, 0] } }, { name: "vlen-utf8" }] }), str, [2, 4]);
    const data = ["a", "bé", "", "d", "e", "f😀", "g", "h"];
    const back = await p.decode(await p.encode({ dtype: str, shape: [2, 4], data }), { shape: [2, 4], dtype: str, fillValue: "" });
    assert.deepEqual(back.data, data);
  });

  it("reports corrupt shards with ChunkDecodeError", async () => {
    const p = pipeline(sharding({ chunk_shape: [2, 3], codecs: [{ name: "bytes", configuration: { endian: "little" } }] }), i32, [4, 6]);
    const good = await p.encode({ dtype: i32, shape: [4, 6], data: values });
    await assert.rejects(p.decode(good.subarray(0, 40), shard), ChunkDecodeError); // shorter than the index
    const badCrc = good.slice();
    badCrc[good.length - 10] ^= 0xff;
    await assert.rejects(p.decode(badCrc, shard), /checksum mismatch/);
    // An index pointing past the end, with a valid checksum.
    const past = good.slice();
    const idx = past.subarray(past.length - 68);
    new DataView(idx.buffer, idx.byteOffset).setBigUint64(0, 10_000n, true);
    new DataView(idx.buffer, idx.byteOffset).setUint32(64, crc32c(idx.subarray(0, 64)), true);
    await assert.rejects(p.decode(past, shard), /past the end/);
  });

  it("checks the configuration", () => {
    assert.throws(() => pipeline(sharding({ chunk_shape: [2], codecs: [{ name: "bytes" }] }), i32, [4, 6]), MetadataError);
    assert.throws(() => pipeline(sharding({ chunk_shape: [3, 3], codecs: [{ name: "bytes" }] }), i32, [4, 6]), /multiple/);
    assert.throws(() => pipeline(sharding({ chunk_shape: [2, 3], codecs: [{ name: "bytes" }], index_location: "middle" }), i32, [4, 6]), MetadataError);
  });
});
