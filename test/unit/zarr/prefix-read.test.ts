/**
 * Prefix reads of zstd chunks (src/zarr/prefix-read.ts): which blocks a chunk's first bytes give
 * for a selection's end, on frames built block by block, and what a ZarrArray asks of its store
 * when a frame does not allow them.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { GetOptions } from "../../../src/store/capped-read.js";
import { MemoryStore } from "../../../src/store/memory.js";
import { ZarrArray } from "../../../src/zarr/array.js";
import { slice } from "../../../src/zarr/indexing.js";
import type { ArrayMetadata } from "../../../src/zarr/metadata-types.js";
import { zstdPrefixBlocks, type PrefixBlocks } from "../../../src/zarr/prefix-read.js";

/**
 * A Zstandard frame of Raw blocks holding `sizes[i]` bytes each (byte j of the content is j % 251):
 * single segment with a 4-byte content size, or with `window` as Window_Descriptor and no size.
 */
function rawFrame(sizes: number[], options: { window?: number; checksum?: boolean } = {}): Uint8Array {
  const total = sizes.reduce((a, b) => a + b, 0);
  const head = options.window === undefined ? [0xa0 | (options.checksum ? 4 : 0), total & 0xff, (total >> 8) & 0xff, (total >> 16) & 0xff, total >>> 24] : [0x00, options.window];
  const out: number[] = [0x28, 0xb5, 0x2f, 0xfd, ...head];
  let at = 0;
  sizes.forEach((size, i) => {
    const header = (size << 3) | (i === sizes.length - 1 ? 1 : 0); // type 0: Raw
    out.push(header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff);
    for (let j = 0; j < size; j++) out.push((at + j) % 251);
    at += size;
  });
  return Uint8Array.from(out);
}

describe("zstdPrefixBlocks", () => {
  const frame = rawFrame(Array(8).fill(1000)); // 9-byte header, blocks of 1003 bytes
  const blocks = (found: ReturnType<typeof zstdPrefixBlocks>) => (found as PrefixBlocks).frame.blocks.map((b) => [b.start, b.end, b.bound]);

  it("gives the first blocks that reach a length, and where they end", () => {
    const found = zstdPrefixBlocks(frame, 2500, 1 << 20) as PrefixBlocks;
    assert.deepEqual(blocks(found), [[9, 1012, 1000], [1012, 2015, 1000], [2015, 3018, 1000]]);
    assert.equal(found.end, 3018);
    assert.equal(found.reach, 3000);
    assert.equal(found.frame.contentSize, 8000);
    // More blocks for a larger reach, never the last one
    assert.equal((zstdPrefixBlocks(frame, 2500, 1 << 20, 4001) as PrefixBlocks).frame.blocks.length, 5);
    assert.equal((zstdPrefixBlocks(frame, 2500, 1 << 20, 50_000) as PrefixBlocks).frame.blocks.length, 7);
  });

  it("says how far a head cut short got", () => {
    assert.deepEqual(zstdPrefixBlocks(frame.subarray(0, 2000), 2500, 1 << 20), { scanned: 1012, reach: 1000 });
    assert.deepEqual(zstdPrefixBlocks(frame.subarray(0, 1013), 2500, 1 << 20), { scanned: 1012, reach: 1000 });
  });

  it("does not apply past 3/4 of the content, above the cap, to checksums or frames without a size", () => {
    assert.ok(zstdPrefixBlocks(frame, 6000, 1 << 20));
    assert.equal(zstdPrefixBlocks(frame, 6001, 1 << 20), undefined);
    assert.equal(zstdPrefixBlocks(frame, 100, 7999), undefined);
    assert.equal(zstdPrefixBlocks(rawFrame([1000, 1000], { checksum: true }), 100, 1 << 20), undefined);
    assert.equal(zstdPrefixBlocks(rawFrame([1000, 1000], { window: 8 }), 100, 1 << 20), undefined);
    assert.equal(zstdPrefixBlocks(Uint8Array.from([1, 2, 3, 4, 5, 6, 7]), 1, 1 << 20), undefined);
  });

  it("is null when only the last block reaches the length", () => {
    assert.equal(zstdPrefixBlocks(rawFrame([1000, 3000]), 2000, 1 << 20), null);
  });
});

describe("ZarrArray: prefix reads of frames they do not apply to", () => {
  // Chunks much longer than a head (a head covers a block past the selection's end: 128 KiB and more).
  const CHUNK = 1 << 20;
  const BLOCKS = Array<number>(8).fill(CHUNK / 8);
  const metadata: ArrayMetadata = {
    zarrFormat: 3, nodeType: "array", shape: [2 * CHUNK], chunkShape: [CHUNK], dtype: { kind: "numeric", name: "uint8", endian: "little" },
    fillValue: 0, order: "C", chunkKeyEncoding: { kind: "default", separator: "/" },
    codecs: [{ name: "bytes" }, { name: "zstd", configuration: { level: 3, checksum: false } }], attributes: {},
  };

  class CountingStore extends MemoryStore {
    gets = 0;
    ranges = 0;
    override async get(key: string, options?: GetOptions): Promise<Uint8Array | undefined> {
      if (key.includes("/c/")) this.gets++;
      return super.get(key, options);
    }
    override async getRange(key: string, offset: number, length?: number): Promise<Uint8Array | undefined> {
      this.ranges++;
      return super.getRange(key, offset, length);
    }
  }

  it("reads chunks whole once a chunk's frame states no size", async () => {
    const store = new CountingStore();
    // Frames without a content size (window 128 KiB): valid chunks, but no prefix read can size them.
    await store.set("a/c/0", rawFrame(BLOCKS, { window: 7 << 3 }));
    await store.set("a/c/1", rawFrame(BLOCKS, { window: 7 << 3 }));
    const a = new ZarrArray({ store, path: "a", metadata });
    assert.deepEqual([...(await a.get([{ start: 10, stop: 13 }])).data], [10, 11, 12]);
    assert.deepEqual([store.ranges, store.gets], [1, 1]);
    // the next chunk goes straight to a whole read
    assert.deepEqual([...(await a.get([{ start: CHUNK + 10, stop: CHUNK + 13 }])).data], [10, 11, 12]);
    assert.deepEqual([store.ranges, store.gets], [1, 2]);
  });

  it("decodes a frame's first blocks from one range read", async () => {
    const store = new CountingStore();
    await store.set("a/c/0", rawFrame(BLOCKS));
    const a = new ZarrArray({ store, path: "a", metadata });
    assert.deepEqual([...(await a.get([{ start: 700, stop: 703 }])).data], [700 % 251, 701 % 251, 702 % 251]);
    assert.deepEqual([store.ranges, store.gets], [1, 0]);
    // the missing chunk 1 reads as the fill value, from the range read's answer alone
    assert.deepEqual([...(await a.get([{ start: CHUNK, stop: CHUNK + 2 }])).data], [0, 0]);
    assert.deepEqual([store.ranges, store.gets], [2, 0]);
  });

  it("reads a chunk no longer than a head whole, without a range read", async () => {
    const store = new CountingStore();
    const small = { ...metadata, shape: [4000], chunkShape: [2000] };
    await store.set("a/c/0", rawFrame([500, 500, 500, 500]));
    const a = new ZarrArray({ store, path: "a", metadata: small });
    assert.deepEqual([...(await a.get([{ start: 700, stop: 703 }])).data], [700 % 251, 701 % 251, 702 % 251]);
    assert.deepEqual([store.ranges, store.gets], [0, 1]);
  });
});

describe("ZarrArray: sharded windows stop a request inside the last inner chunk", () => {
  const shape = [262_144, 4];
  // Values that hardly compress, so that an inner chunk's first blocks are a small part of it.
  let seed = 11;
  const data = Float32Array.from({ length: shape[0] * shape[1] }, () => (seed = (seed * 48_271) % 2_147_483_647) / 1024);
  const zstd = [{ name: "bytes", configuration: { endian: "little" } }, { name: "zstd", configuration: { level: 3, checksum: false } }];
  const metadata: ArrayMetadata = {
    zarrFormat: 3, nodeType: "array", shape, chunkShape: [131_072, 4], dtype: { kind: "numeric", name: "float32", endian: "little" },
    fillValue: 0, order: "C", chunkKeyEncoding: { kind: "default", separator: "/" }, attributes: {},
    codecs: [{ name: "sharding_indexed", configuration: { chunk_shape: [65_536, 4], codecs: zstd, index_codecs: [{ name: "bytes", configuration: { endian: "little" } }, { name: "crc32c" }] } }],
  };

  class RangeStore extends MemoryStore {
    ranges: [number, number | undefined][] = [];
    override async getRange(key: string, offset: number, length?: number): Promise<Uint8Array | undefined> {
      if (offset >= 0) this.ranges.push([offset, length]); // not the index (a suffix read)
      return super.getRange(key, offset, length);
    }
  }

  it("reads the rows of a window from the first bytes of the inner chunk it ends in", async () => {
    const store = new RangeStore();
    await new ZarrArray({ store, path: "s", metadata }).set(null, { dtype: metadata.dtype, shape, data });
    const shard = (await store.getSize("s/c/0/0"))!;
    const a = new ZarrArray({ store, path: "s", metadata });
    const rows = (r0: number, r1: number) => Array.from(data.subarray(r0 * 4, r1 * 4));
    // rows 1 000–1 999: the first 32 000 bytes of inner chunk 0, of its ~1 MB
    assert.deepEqual([...(await a.get([slice(1000, 2000)])).data], rows(1000, 2000));
    assert.equal(store.ranges.length, 1);
    const [offset, length] = store.ranges[0];
    assert.equal(offset, 0);
    assert.ok(length! < shard / 4, `${length} bytes of a ${shard}-byte shard`);
    // across inner chunks 0 and 1 (one request, stopped inside chunk 1), and in the second shard
    for (const [r0, r1] of [[65_000, 66_000], [65_536, 65_600], [140_000, 141_000], [200_000, 262_144]]) {
      assert.deepEqual([...(await a.get([slice(r0, r1)])).data], rows(r0, r1), `rows ${r0}–${r1}`);
    }
  });
});
