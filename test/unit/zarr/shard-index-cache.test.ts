/**
 * The shard index cache (src/zarr/shard-index-cache.ts): a second window over a shard fetches only
 * its inner chunks; a write through the same array drops the shard's index, so later reads see the
 * new data; a stale index that fails to decode is read again; the cache is bounded by count and bytes and drops indexes read before a write.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { GetOptions } from "../../../src/store/capped-read.js";
import { MemoryStore } from "../../../src/store/memory.js";
import type { CodecJSON, ShardIndex } from "../../../src/zarr/codecs/index.js";
import type { DataType, NdArray } from "../../../src/zarr/dtype.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import type { ArrayMetadata } from "../../../src/zarr/metadata-types.js";
import { ShardIndexCache } from "../../../src/zarr/shard-index-cache.js";

const ROWS = 64;
const COLS = 4;
const SHARD = 32; // 4 inner chunks of 8 rows per shard
const INNER = 8;
const INDEX_BYTES = (SHARD / INNER) * 16 + 4;
const F32: DataType = { kind: "numeric", name: "float32", endian: "little" } as DataType;

/** A memory store that logs its reads. */
class CountingStore extends MemoryStore {
  ranges: { key: string; offset: number; length?: number }[] = [];
  gets: string[] = [];

  override async get(key: string, options?: GetOptions): Promise<Uint8Array | undefined> {
    if (key.includes("/c/")) this.gets.push(key);
    return super.get(key, options);
  }

  override async getRange(key: string, offset: number, length?: number): Promise<Uint8Array | undefined> {
    this.ranges.push({ key, offset, length });
    return super.getRange(key, offset, length);
  }

  reset(): void {
    this.ranges = [];
    this.gets = [];
  }

  /** Range reads of shard indexes (the index sits at the end: a suffix read). */
  indexReads(): string[] {
    return this.ranges.filter((r) => r.offset < 0).map((r) => r.key);
  }
}

function metadata(): ArrayMetadata {
  const zstd: CodecJSON = { name: "zstd", configuration: { level: 3, checksum: false } };
  const bytes: CodecJSON = { name: "bytes", configuration: { endian: "little" } };
  const codecs: CodecJSON[] = [{
    name: "sharding_indexed",
    configuration: { chunk_shape: [INNER, COLS], codecs: [bytes, zstd], index_codecs: [bytes, { name: "crc32c" }], index_location: "end" },
  }];
  return {
    zarrFormat: 3, nodeType: "array", shape: [ROWS, COLS], chunkShape: [SHARD, COLS], dtype: F32, fillValue: 0, order: "C",
    chunkKeyEncoding: { kind: "default", separator: "/" }, codecs, attributes: {},
  };
}

/** A sharded float32 array of rows × 4 holding `value(i)` at flat position i. */
async function makeArray(value: (i: number) => number) {
  const store = new CountingStore();
  const h = await ZarrHierarchy.create(store, 3);
  const arr = await h.createArray("arr", metadata());
  const data = Float32Array.from({ length: ROWS * COLS }, (_, i) => value(i));
  await arr.set(null, { dtype: F32, shape: [ROWS, COLS], data });
  store.reset();
  return { store, arr, data };
}

function rows(got: NdArray): number[] {
  return Array.from(got.data as Float32Array);
}

describe("shard index cache on reads", () => {
  it("a second window over the same shard fetches no index, only its inner chunk", async () => {
    const { store, arr, data } = await makeArray((i) => i);
    assert.deepEqual(rows(await arr.get([{ start: 0, stop: 8 }, null])), Array.from(data.subarray(0, 8 * COLS)));
    assert.deepEqual(store.indexReads(), ["arr/c/0/0"]);
    assert.equal(store.ranges.length, 2, "index + inner chunk 0");
    assert.deepEqual(store.ranges[0], { key: "arr/c/0/0", offset: -INDEX_BYTES, length: INDEX_BYTES });
    store.reset();
    assert.deepEqual(rows(await arr.get([{ start: 10, stop: 14 }, null])), Array.from(data.subarray(10 * COLS, 14 * COLS)));
    assert.deepEqual(store.indexReads(), [], "index from the cache");
    assert.equal(store.ranges.length, 1, "inner chunk 1 only");
    assert.deepEqual(store.gets, []);
    // The other shard is not cached yet.
    store.reset();
    await arr.get([{ start: 40, stop: 41 }, null]);
    assert.deepEqual(store.indexReads(), ["arr/c/1/0"]);
  });

  it("an index from a whole-shard read serves later partial reads", async () => {
    const { store, arr, data } = await makeArray((i) => i * 0.5);
    await arr.get([{ start: 0, stop: 32 }, null]);
    assert.deepEqual(store.gets, ["arr/c/0/0"], "all 4 inner chunks: the whole shard in one request");
    store.reset();
    assert.deepEqual(rows(await arr.get([{ start: 20, stop: 22 }, null])), Array.from(data.subarray(20 * COLS, 22 * COLS)));
    assert.deepEqual([store.indexReads(), store.ranges.length], [[], 1]);
  });
});

describe("writes through the same array drop the shard's cached index", () => {
  it("set() of part of a shard: the next read fetches the new index and reads the new values", async () => {
    // Constant rows compress far better than counting ones: the rewrite moves every inner chunk.
    const { store, arr, data } = await makeArray((i) => i);
    await arr.get([{ start: 0, stop: 8 }, null]);
    await arr.set([{ start: 0, stop: 8 }, null], 7);
    store.reset();
    assert.deepEqual(rows(await arr.get([{ start: 0, stop: 8 }, null])), new Array(8 * COLS).fill(7));
    assert.deepEqual(store.indexReads(), ["arr/c/0/0"], "index read again after the write");
    store.reset();
    assert.deepEqual(rows(await arr.get([{ start: 8, stop: 16 }, null])), Array.from(data.subarray(8 * COLS, 16 * COLS)));
    assert.deepEqual(store.indexReads(), [], "cached again");
  });

  it("setChunk() of a whole shard, and a write of another shard keeps this one's index", async () => {
    const { store, arr } = await makeArray((i) => i);
    await arr.get([{ start: 0, stop: 1 }, null]);
    await arr.get([{ start: 32, stop: 33 }, null]);
    await arr.setChunk([1, 0], { dtype: F32, shape: [SHARD, COLS], data: new Float32Array(SHARD * COLS).fill(-2) });
    store.reset();
    assert.deepEqual(rows(await arr.get([{ start: 40, stop: 41 }, null])), [-2, -2, -2, -2]);
    assert.deepEqual(rows(await arr.get([{ start: 1, stop: 2 }, null])), [4, 5, 6, 7]);
    assert.deepEqual(store.indexReads(), ["arr/c/1/0"], "only the written shard's index read again");
  });

  it("another array object's rewrite: a cached index that no longer decodes is read again", async () => {
    const { store, arr } = await makeArray((i) => i);
    await arr.get([{ start: 0, stop: 1 }, null]);
    const other = await (await ZarrHierarchy.open(store)).openArray("arr");
    await other.set([{ start: 0, stop: 8 }, null], 3);
    store.reset();
    assert.deepEqual(rows(await arr.get([{ start: 0, stop: 1 }, null])), [3, 3, 3, 3]);
    assert.deepEqual(store.indexReads(), ["arr/c/0/0"], "the stale index failed; the new one was read");
    const reopened = await (await ZarrHierarchy.open(store)).openArray("arr");
    assert.deepEqual(rows(await reopened.get([{ start: 1, stop: 2 }, null])), [3, 3, 3, 3]);
  });
});

describe("ShardIndexCache", () => {
  const index = (n: number, at = 0): ShardIndex => Array.from({ length: n }, (_, i): [number, number] => [at + i * 10, 10]);

  it("drops the least recently used index past its entry count", () => {
    const cache = new ShardIndexCache(2, 1 << 20);
    cache.set("a", index(1), cache.epoch);
    cache.set("b", index(1), cache.epoch);
    cache.get("a");
    cache.set("c", index(1), cache.epoch);
    assert.deepEqual(["a", "b", "c"].map((k) => cache.get(k) !== undefined), [true, false, true]);
    assert.equal(cache.size, 2);
  });

  it("holds at most its byte cap, 16 bytes per inner chunk, and never an index larger than it", () => {
    const cache = new ShardIndexCache(100, 16 * 10);
    cache.set("a", index(6), cache.epoch);
    cache.set("b", index(4), cache.epoch);
    assert.equal(cache.heldBytes, 160);
    cache.set("c", index(2), cache.epoch);
    assert.deepEqual([cache.get("a"), cache.heldBytes, cache.size], [undefined, 96, 2]);
    cache.set("huge", index(11), cache.epoch);
    assert.deepEqual([cache.get("huge"), cache.size], [undefined, 2]);
  });

  it("does not keep an index whose read began before a write", () => {
    const cache = new ShardIndexCache();
    const epoch = cache.epoch;
    cache.forget("a");
    cache.set("a", index(4), epoch);
    assert.equal(cache.get("a"), undefined);
    cache.set("a", index(4, 5), cache.epoch);
    assert.deepEqual(cache.get("a")?.[0], [5, 10]);
    cache.forget("a");
    assert.deepEqual([cache.get("a"), cache.heldBytes], [undefined, 0]);
  });
});
