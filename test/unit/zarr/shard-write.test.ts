/**
 * Writes to sharded arrays (src/zarr/shard-write.ts): inner chunks laid out in zarr-python 3's
 * Morton order, inner chunks holding only the fill value left out and empty shards not stored,
 * and partial writes (one inner chunk, part of one, strided selections, whole shards) rewriting
 * only what they touch while every other inner chunk keeps its stored bytes.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ChunkDecodeError } from "../../../src/errors.js";
import { MemoryStore } from "../../../src/store/memory.js";
import type { ZarrArray } from "../../../src/zarr/array.js";
import { mortonOrder } from "../../../src/zarr/codecs/sharding.js";
import type { CodecJSON } from "../../../src/zarr/codecs/index.js";
import type { DataType } from "../../../src/zarr/dtype.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import type { Selection } from "../../../src/zarr/indexing.js";
import type { ArrayMetadata } from "../../../src/zarr/metadata-types.js";
import { prng } from "../../helpers/prng.js";

const BYTES: CodecJSON = { name: "bytes", configuration: { endian: "little" } };
const ZSTD: CodecJSON = { name: "zstd", configuration: { level: 1, checksum: false } };
const INDEX: CodecJSON[] = [BYTES, { name: "crc32c" }];
const EMPTY = 2n ** 64n - 1n;
const i32: DataType = { kind: "numeric", name: "int32", endian: "little" };
const f64: DataType = { kind: "numeric", name: "float64", endian: "little" };

function meta(shape: number[], shards: number[], inner: number[], dtype: DataType, fillValue: unknown, opts: { codecs?: CodecJSON[]; at?: "start" | "end" } = {}): ArrayMetadata {
  const configuration = { chunk_shape: inner, codecs: opts.codecs ?? [BYTES], index_codecs: INDEX, index_location: opts.at ?? "end" };
  return {
    zarrFormat: 3, nodeType: "array", shape, chunkShape: shards, dtype, fillValue, order: "C",
    chunkKeyEncoding: { kind: "default", separator: "/" }, codecs: [{ name: "sharding_indexed", configuration }], attributes: {},
  };
}

async function create(m: ArrayMetadata): Promise<{ store: MemoryStore; array: ZarrArray }> {
  const store = new MemoryStore();
  const h = await ZarrHierarchy.create(store, 3);
  return { store, array: await h.createArray("a", m) };
}

/** A stored shard's index entries by C-order inner chunk: [offset, length], or null when absent. */
async function shardIndex(store: MemoryStore, key: string, count: number, at: "start" | "end" = "end"): Promise<([number, number] | null)[]> {
  const bytes = (await store.get(key))!;
  const size = 16 * count + 4;
  const index = at === "end" ? bytes.subarray(bytes.length - size) : bytes.subarray(0, size);
  const view = new DataView(index.buffer, index.byteOffset, size);
  return Array.from({ length: count }, (_, i) => {
    const off = view.getBigUint64(16 * i, true);
    const len = view.getBigUint64(16 * i + 8, true);
    return off === EMPTY && len === EMPTY ? null : [Number(off), Number(len)];
  });
}

const ints = (a: ArrayLike<unknown>) => Array.from(a, Number);

describe("Morton order of inner chunks", () => {
  it("is zarr-python 3's morton_order_coords, as C-order positions", () => {
    // Printed by zarr.core.indexing.morton_order_coords (zarr 3.4) for each grid.
    assert.deepEqual(mortonOrder([4, 4]), [0, 4, 1, 5, 8, 12, 9, 13, 2, 6, 3, 7, 10, 14, 11, 15]);
    assert.deepEqual(mortonOrder([3, 5]), [0, 5, 1, 6, 10, 11, 2, 7, 3, 8, 12, 13, 4, 9, 14]);
    assert.deepEqual(mortonOrder([2, 3, 2]), [0, 6, 2, 8, 1, 7, 3, 9, 4, 10, 5, 11]);
    assert.deepEqual(mortonOrder([5]), [0, 1, 2, 3, 4]);
  });

  it("lays the inner chunks out in that order, after the index when it is at the start", async () => {
    for (const at of ["end", "start"] as const) {
      const { store, array } = await create(meta([4, 6], [4, 6], [2, 3], i32, 0, { at }));
      await array.set(null, { dtype: i32, shape: [4, 6], data: Int32Array.from({ length: 24 }, (_, i) => i + 1) });
      // Grid [2, 2]: Morton order is C positions 0, 2, 1, 3; each raw chunk is 24 bytes.
      const base = at === "start" ? 68 : 0;
      assert.deepEqual(await shardIndex(store, "a/c/0/0", 4, at), [[base, 24], [base + 48, 24], [base + 24, 24], [base + 72, 24]], at);
      assert.deepEqual(ints((await array.get()).data), Array.from({ length: 24 }, (_, i) => i + 1));
    }
  });
});

describe("inner chunks of fill values", () => {
  it("are left out of the shard, and a shard of nothing else is not stored", async () => {
    const { store, array } = await create(meta([8, 6], [4, 6], [2, 3], i32, 7));
    const data = Int32Array.from({ length: 48 }, (_, i) => i);
    // Inner chunk 1 of shard 0 (rows 0–1, columns 3–5) and all of shard 1 (rows 4–7) hold the fill value.
    for (const r of [0, 1]) data.fill(7, r * 6 + 3, r * 6 + 6);
    data.fill(7, 24);
    await array.set(null, { dtype: i32, shape: [8, 6], data });
    const index = await shardIndex(store, "a/c/0/0", 4);
    assert.deepEqual(index.map((e) => e !== null), [true, false, true, true]);
    assert.equal(await store.get("a/c/1/0"), undefined);
    assert.deepEqual(ints((await array.get()).data), ints(data));
  });

  it("written over stored data remove the inner chunk, then the shard", async () => {
    const { store, array } = await create(meta([4, 6], [4, 6], [2, 3], i32, 0));
    await array.set(null, { dtype: i32, shape: [4, 6], data: Int32Array.from({ length: 24 }, (_, i) => i + 1) });
    await array.set([{ start: 0, stop: 2 }, { start: 0, stop: 3 }], 0);
    assert.deepEqual((await shardIndex(store, "a/c/0/0", 4)).map((e) => e !== null), [false, true, true, true]);
    await array.set([{ start: 0, stop: 4 }, { start: 0, stop: 6 }], 0);
    assert.equal(await store.get("a/c/0/0"), undefined);
    assert.deepEqual(ints((await array.get()).data), new Array(24).fill(0));
  });

  it("are told apart by value: -0 is kept against a 0 fill, NaN is left out against a NaN fill", async () => {
    const zero = await create(meta([4], [4], [2], f64, 0));
    await zero.array.set(null, { dtype: f64, shape: [4], data: Float64Array.of(-0, -0, 0, 0) });
    assert.deepEqual((await shardIndex(zero.store, "a/c/0", 2)).map((e) => e !== null), [true, false]);
    assert.ok(Object.is((await zero.array.get()).data[0], -0));
    const nan = await create(meta([4], [4], [2], f64, NaN));
    await nan.array.set(null, { dtype: f64, shape: [4], data: Float64Array.of(NaN, NaN, 1.5, NaN) });
    assert.deepEqual((await shardIndex(nan.store, "a/c/0", 2)).map((e) => e !== null), [false, true]);
    assert.deepEqual(Array.from((await nan.array.get()).data as Float64Array), [NaN, NaN, 1.5, NaN]);
  });

  it("past the array's end in an edge shard are not stored", async () => {
    const { store, array } = await create(meta([5], [4], [2], i32, 0));
    await array.set(null, { dtype: i32, shape: [5], data: Int32Array.of(1, 2, 3, 4, 5) });
    assert.deepEqual(await shardIndex(store, "a/c/1", 2), [[0, 8], null]);
    assert.deepEqual(ints((await array.get()).data), [1, 2, 3, 4, 5]);
  });
});

describe("partial writes", () => {
  it("rewrite only the inner chunks they touch; the others keep their stored bytes", async () => {
    const { store, array } = await create(meta([4, 6], [4, 6], [2, 3], i32, 0, { codecs: [BYTES, ZSTD] }));
    await array.set(null, { dtype: i32, shape: [4, 6], data: Int32Array.from({ length: 24 }, (_, i) => 100 + i) });
    const bytesOf = async (i: number) => {
      const shard = (await store.get("a/c/0/0"))!;
      const e = (await shardIndex(store, "a/c/0/0", 4))[i]!;
      return Array.from(shard.subarray(e[0], e[0] + e[1]));
    };
    const before = await Promise.all([0, 1, 2, 3].map(bytesOf));
    // One element of inner chunk 3 (rows 2–3, columns 3–5).
    await array.set([3, 4], 0);
    const after = await Promise.all([0, 1, 2, 3].map(bytesOf));
    assert.deepEqual(after.slice(0, 3), before.slice(0, 3));
    assert.notDeepEqual(after[3], before[3]);
    const expected = Array.from({ length: 24 }, (_, i) => (i === 22 ? 0 : 100 + i));
    assert.deepEqual(ints((await array.get()).data), expected);
  });

  it("one inner chunk at a time, in any order, build the same array as one write", async () => {
    const { array } = await create(meta([6, 9], [6, 9], [2, 3], i32, -1, { at: "start", codecs: [BYTES, ZSTD] }));
    const want = Int32Array.from({ length: 54 }, (_, i) => i * 3);
    const order = [4, 0, 8, 2, 6, 1, 7, 3, 5];
    for (const k of order) {
      const r = Math.floor(k / 3) * 2;
      const c = (k % 3) * 3;
      const block = new Int32Array(6);
      for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) block[i * 3 + j] = want[(r + i) * 9 + c + j];
      await array.set([{ start: r, stop: r + 2 }, { start: c, stop: c + 3 }], { dtype: i32, shape: [2, 3], data: block });
    }
    assert.deepEqual(ints((await array.get()).data), ints(want));
  });

  it("random selections (strided, across shards, scalars) agree with a plain model of the array", async () => {
    const shape = [7, 10, 5];
    for (const at of ["start", "end"] as const) {
      const { array } = await create(meta(shape, [4, 6, 5], [2, 3, 5], i32, 9, { at, codecs: [{ name: "transpose", configuration: { order: [2, 0, 1] } }, BYTES, ZSTD] }));
      const model = new Int32Array(350).fill(9);
      const rand = prng(at === "start" ? 5 : 6);
      const int = (n: number) => Math.floor(rand() * n);
      for (let w = 0; w < 40; w++) {
        const sel = shape.map((n) => {
          const start = int(n);
          const step = 1 + int(3);
          const stop = Math.min(n, start + 1 + int(n));
          return { start, stop, step };
        });
        const counts = sel.map((s) => Math.ceil((s.stop - s.start) / s.step));
        const size = counts.reduce((a, b) => a * b, 1);
        const scalar = w % 5 === 4 ? (w % 10 === 4 ? 9 : int(1000)) : undefined;
        const block = Int32Array.from({ length: size }, () => (rand() < 0.3 ? 9 : int(1000)));
        await array.set(sel as Selection, scalar ?? { dtype: i32, shape: counts, data: block });
        let k = 0;
        for (let a = 0; a < counts[0]; a++) for (let b = 0; b < counts[1]; b++) for (let c = 0; c < counts[2]; c++) {
          const idx = ((sel[0].start + a * sel[0].step) * 10 + sel[1].start + b * sel[1].step) * 5 + sel[2].start + c * sel[2].step;
          model[idx] = scalar ?? block[k];
          k++;
        }
        assert.deepEqual(ints((await array.get()).data), ints(model), `${at}, write ${w}`);
      }
    }
  });

  it("of text keep the other inner chunks' strings", async () => {
    const str: DataType = { kind: "string" };
    const { array } = await create(meta([6], [6], [2], str, "", { codecs: [{ name: "vlen-utf8" }] }));
    await array.set(null, { dtype: str, shape: [6], data: ["a", "bb", "", "", "ée", "f"] });
    await array.set([{ start: 1, stop: 3 }], { dtype: str, shape: [2], data: ["B", "C"] });
    assert.deepEqual((await array.get()).data, ["a", "B", "C", "", "ée", "f"]);
  });

  it("mark the padding of inner chunks at the array's edge for the codecs", async () => {
    // astype to int8 refuses values int8 cannot hold, except in padding: the fill value 1000 sits only there.
    const astype: CodecJSON = { name: "numcodecs.astype", configuration: { encode_dtype: "|i1", decode_dtype: "<i4" } };
    const { array } = await create(meta([5], [8], [4], i32, 1000, { codecs: [astype, { name: "bytes" }] }));
    await array.set(null, { dtype: i32, shape: [5], data: Int32Array.of(1, -2, 3, -4, 5) });
    assert.deepEqual(ints((await array.get()).data), [1, -2, 3, -4, 5]);
    await assert.rejects(array.set([2], 300), /300/);
  });

  it("setChunk writes a whole shard the same way", async () => {
    const { store, array } = await create(meta([6], [4], [2], i32, 0));
    await array.setChunk([1], { dtype: i32, shape: [4], data: Int32Array.of(5, 6, 7, 8) });
    // Only elements 4 and 5 lie inside the array: the second inner chunk is padding.
    assert.deepEqual(await shardIndex(store, "a/c/1", 2), [[0, 8], null]);
    assert.equal(await store.get("a/c/0"), undefined);
    assert.deepEqual(ints((await array.get()).data), [0, 0, 0, 0, 5, 6]);
  });

  it("into a damaged shard are a ChunkDecodeError naming it, and leave the shard as it was", async () => {
    const { store, array } = await create(meta([4], [4], [2], i32, 0));
    await array.set(null, { dtype: i32, shape: [4], data: Int32Array.of(1, 2, 3, 4) });
    const shard = (await store.get("a/c/0"))!.slice();
    shard[shard.length - 1] ^= 0xff; // the index checksum
    await store.set("a/c/0", shard);
    await assert.rejects(array.set([1], 9), (e: unknown) => e instanceof ChunkDecodeError && /shard 'a\/c\/0', index: .*crc32c/i.test(e.message));
    assert.deepEqual(Array.from((await store.get("a/c/0"))!), Array.from(shard));
  });
});
