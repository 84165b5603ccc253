/**
 * Whole chunks written from views of the value (chunk-view.ts) and the zstd pipeline compressing a
 * packed chunk without copying it first: the run test itself, then stored chunks byte for byte the
 * same as from copies, and the caller's values left as they were.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemoryStore } from "../../../src/store/memory.js";
import { ZarrArray } from "../../../src/zarr/array.js";
import { chunkView, contiguousOffset } from "../../../src/zarr/chunk-view.js";
import { BytesCodec } from "../../../src/zarr/codecs/bytes.js";
import { CodecPipeline } from "../../../src/zarr/codecs/index.js";
import type { CodecJSON } from "../../../src/zarr/codecs/types.js";
import type { DataType } from "../../../src/zarr/dtype.js";
import type { ArrayMetadata } from "../../../src/zarr/metadata-types.js";

const i16: DataType = { kind: "numeric", name: "int16", endian: "little" };
const ZSTD: CodecJSON[] = [{ name: "bytes", configuration: { endian: "little" } }, { name: "zstd", configuration: { level: 0, checksum: false } }];
const range = (start: number, count: number) => ({ start, step: 1, count });

function meta(shape: number[], chunkShape: number[], codecs: CodecJSON[]): ArrayMetadata {
  return { zarrFormat: 3, nodeType: "array", shape, chunkShape, dtype: i16, fillValue: 0, order: "C", chunkKeyEncoding: { kind: "default", separator: "/" }, codecs, attributes: {} };
}

describe("contiguousOffset", () => {
  it("finds rows that span every later axis", () => {
    assert.equal(contiguousOffset([8, 4], [range(2, 3), range(0, 4)]), 8);
    assert.equal(contiguousOffset([5, 8, 4], [range(1, 1), range(2, 3), range(0, 4)]), 32 + 8);
    assert.equal(contiguousOffset([8, 4], [range(3, 1), range(1, 2)]), 13);
  });
  it("refuses regions that leave gaps", () => {
    assert.equal(contiguousOffset([8, 4], [range(2, 3), range(0, 2)]), undefined);
    assert.equal(contiguousOffset([8, 4], [{ start: 0, step: 2, count: 3 }, range(0, 4)]), undefined);
    assert.equal(contiguousOffset([5, 8, 4], [range(1, 2), range(2, 3), range(0, 4)]), undefined);
  });
  it("gives views of typed arrays only, and never of an edge chunk", () => {
    const values = Int16Array.from({ length: 32 }, (_, i) => i);
    assert.deepEqual(Array.from(chunkView(values, [8, 4], [range(4, 2), range(0, 4)], 8, true) as Int16Array), [16, 17, 18, 19, 20, 21, 22, 23]);
    assert.equal(chunkView(values, [8, 4], [range(4, 2), range(0, 4)], 8, false), undefined);
    assert.equal(chunkView(Array.from(values), [8, 4], [range(4, 2), range(0, 4)], 8, true), undefined);
  });
});

describe("writes of whole chunks from views", () => {
  const shape = [10, 6];
  const values = () => Int16Array.from({ length: 60 }, (_, i) => (i * 37) % 200 - 100);

  const chains: [string, CodecJSON[]][] = [["bytes", [ZSTD[0]]], ["bytes + zstd", ZSTD]];
  for (const [label, codecs] of chains) {
    it(`stores the same chunks as copies would (${label}) and leaves the value as it was`, async () => {
      // Chunks of whole rows (views) against chunks splitting the columns (copies), same values.
      const rows = new ZarrArray({ store: new MemoryStore(), path: "", metadata: meta(shape, [4, 6], codecs) });
      const cols = new ZarrArray({ store: new MemoryStore(), path: "", metadata: meta(shape, [4, 3], codecs) });
      const v = values();
      await rows.set(null, { dtype: i16, shape, data: v });
      await cols.set(null, { dtype: i16, shape, data: values() });
      assert.deepEqual(v, values());
      assert.deepEqual(Array.from((await rows.get(null)).data as Int16Array), Array.from(values()));
      assert.deepEqual((await rows.get(null)).data, (await cols.get(null)).data);
      // The edge chunk (rows 8–9) is padded with the fill value, as from a copy.
      const edge = await rows.getChunk([2, 0]);
      assert.deepEqual(Array.from(edge.data as Int16Array).slice(12), new Array(12).fill(0));
    });
  }

  it("stores the same shards from views of inner chunks as from copies, leaving out inner chunks of fill values", async () => {
    const sharded = (inner: number[]) => meta(shape, [8, 6], [{ name: "sharding_indexed", configuration: { chunk_shape: inner, codecs: ZSTD, index_codecs: [ZSTD[0], { name: "crc32c" }], index_location: "end" } }]);
    const rowsStore = new MemoryStore();
    const colsStore = new MemoryStore();
    const rows = new ZarrArray({ store: rowsStore, path: "", metadata: sharded([2, 6]) });
    const cols = new ZarrArray({ store: colsStore, path: "", metadata: sharded([2, 3]) });
    // Rows 2–3 hold only the fill value: that inner chunk is left out of the shard.
    const v = values().map((x, i) => (i >= 12 && i < 24 ? 0 : x));
    await rows.set(null, { dtype: i16, shape, data: v });
    await cols.set(null, { dtype: i16, shape, data: v.slice() });
    assert.deepEqual(Array.from((await rows.get(null)).data as Int16Array), Array.from(v));
    assert.deepEqual((await rows.get(null)).data, (await cols.get(null)).data);
    const shard = (await rowsStore.get("c/0/0"))!;
    // 3 inner chunks stored of 4, then the index of 4 entries (16 bytes each) and its crc32c.
    const index = new BigUint64Array(shard.slice(shard.length - 68, shard.length - 4).buffer);
    assert.deepEqual([index[2], index[3]], [2n ** 64n - 1n, 2n ** 64n - 1n]);
    assert.equal(index[1] > 0n && index[5] > 0n && index[7] > 0n, true);
  });

  it("compresses a packed chunk without copying it, to the same bytes", async () => {
    const pipeline = CodecPipeline.create(ZSTD, { dtype: i16, chunkShape: [4, 6], zarrFormat: 3, allowPickle: false, where: {} });
    const data = values().subarray(12, 36);
    const direct = await pipeline.encode({ dtype: i16, shape: [4, 6], data });
    const packed = await pipeline.encodeBytes(await pipeline.encodeArray({ dtype: i16, shape: [4, 6], data }));
    assert.deepEqual(direct, packed);
    assert.deepEqual(Array.from((await pipeline.decode(direct, { shape: [4, 6], dtype: i16, fillValue: 0 })).data as Int16Array), Array.from(data));
  });

  it("views only values already packed as stored", () => {
    const codec = new BytesCodec("little", {});
    const data = new Int16Array([1, 2, 3, 4]).subarray(1, 3);
    const view = codec.packedView({ dtype: i16, shape: [2], data })!;
    assert.equal(view.buffer, data.buffer);
    assert.deepEqual(Array.from(view), [2, 0, 3, 0]);
    assert.equal(new BytesCodec("big", {}).packedView({ dtype: i16, shape: [2], data }), undefined);
    assert.equal(codec.packedView({ dtype: i16, shape: [2], data: [2, 3] }), undefined);
    assert.equal(codec.packedView({ dtype: { kind: "numeric", name: "int32", endian: "little" }, shape: [2], data }), undefined);
  });
});
