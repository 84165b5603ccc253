/**
 * Reads of uncompressed chunks (the `bytes` codec alone) fetch only the span of rows a selection
 * needs, by one range read per chunk: the span arithmetic, the ranges asked of the store, and the
 * values read, for edge chunks, steps, missing chunks, short chunk files, v2 `dimension_separator`,
 * big-endian elements and F order (read whole). Zstd chunks decode only up to the span's end.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it, mock } from "node:test";
import { ChunkDecodeError } from "../../../src/errors.js";
import type { GetOptions } from "../../../src/store/capped-read.js";
import { LocalStore } from "../../../src/store/local.js";
import { MemoryStore } from "../../../src/store/memory.js";
import { ZarrArray, type ChunkCodecs } from "../../../src/zarr/array.js";
import { CodecPipeline, ShardingCodec } from "../../../src/zarr/codecs/index.js";
import { selectionSpan } from "../../../src/zarr/chunk-byte-ranges.js";
import type { DataType } from "../../../src/zarr/dtype.js";
import { cStrides, normaliseEntry, slice, type Selection } from "../../../src/zarr/indexing.js";
import type { ArrayMetadata } from "../../../src/zarr/metadata-types.js";
import { parseV2Array } from "../../../src/zarr/metadata-v2.js";

const f32: DataType = { kind: "numeric", name: "float32", endian: "little" };

function meta(shape: number[], chunkShape: number[], fillValue: unknown, extra: Partial<ArrayMetadata> = {}): ArrayMetadata {
  return {
    zarrFormat: 3, nodeType: "array", shape, chunkShape, dtype: f32, fillValue, order: "C",
    chunkKeyEncoding: { kind: "default", separator: "/" }, codecs: [{ name: "bytes", configuration: { endian: "little" } }],
    attributes: {}, ...extra,
  };
}

/** A store that records every read: whole gets and range reads (key, offset, length). */
class CountingStore extends MemoryStore {
  gets: string[] = [];
  ranges: [string, number, number | undefined][] = [];
  override async get(key: string, options?: GetOptions): Promise<Uint8Array | undefined> {
    this.gets.push(key);
    return super.get(key, options);
  }
  override async getRange(key: string, offset: number, length?: number): Promise<Uint8Array | undefined> {
    this.ranges.push([key, offset, length]);
    return super.getRange(key, offset, length);
  }
  forget(): void {
    this.gets = [];
    this.ranges = [];
  }
}

/** Element-by-element reference selection over a C-order array. */
function naive(data: ArrayLike<number>, shape: number[], sel: Selection): number[] {
  const per = shape.map((n, d) => {
    const r = normaliseEntry(sel[d] ?? null, n, d, {});
    return Array.from({ length: r.count }, (_, k) => r.start + k * r.step);
  });
  const strides = cStrides(shape);
  const out: number[] = [];
  const rec = (d: number, off: number): void => {
    if (d === shape.length) return void out.push(data[off]);
    for (const i of per[d]) rec(d + 1, off + i * strides[d]);
  };
  rec(0, 0);
  return out;
}

const values = (n: number) => Float32Array.from({ length: n }, (_, i) => i * 0.5);

describe("selectionSpan", () => {
  it("gives the rows from the first selected to the last, inner dimensions whole", () => {
    assert.deepEqual(selectionSpan([8, 4], [{ start: 2, step: 1, count: 4 }, { start: 0, step: 1, count: 4 }]), {
      start: 8, shape: [4, 4], sel: [{ start: 0, step: 1, count: 4 }, { start: 0, step: 1, count: 4 }],
    });
    // A step keeps the rows between (one range), and the selection moves to the span's origin.
    assert.deepEqual(selectionSpan([8, 4], [{ start: 1, step: 3, count: 3 }, { start: 1, step: 2, count: 2 }]), {
      start: 4, shape: [7, 4], sel: [{ start: 0, step: 3, count: 3 }, { start: 1, step: 2, count: 2 }],
    });
  });

  it("folds leading single indices into the offset", () => {
    const span = selectionSpan([4, 5, 6], [{ start: 2, step: 1, count: 1 }, { start: 1, step: 1, count: 2 }, { start: 0, step: 1, count: 6 }]);
    assert.deepEqual(span, {
      start: 2 * 30 + 1 * 6, shape: [1, 2, 6],
      sel: [{ start: 0, step: 1, count: 1 }, { start: 0, step: 1, count: 2 }, { start: 0, step: 1, count: 6 }],
    });
    const point = selectionSpan([4, 5, 6], [{ start: 1, step: 1, count: 1 }, { start: 2, step: 1, count: 1 }, { start: 3, step: 1, count: 1 }]);
    assert.equal(point?.start, 45);
    assert.deepEqual(point?.shape, [1, 1, 1]);
  });

  it("is undefined for the whole chunk, an empty selection and a 0-d chunk", () => {
    assert.equal(selectionSpan([8, 4], [{ start: 0, step: 1, count: 8 }, { start: 1, step: 1, count: 2 }]), undefined);
    assert.equal(selectionSpan([8, 4], [{ start: 0, step: 1, count: 0 }, { start: 0, step: 1, count: 4 }]), undefined);
    assert.equal(selectionSpan([], []), undefined);
  });
});

describe("ZarrArray: span reads of uncompressed chunks", () => {
  const shape = [20, 6];
  const data = values(120);

  async function written(store: MemoryStore, m = meta(shape, [8, 4], -1)): Promise<ZarrArray> {
    await new ZarrArray({ store, path: "a", metadata: m }).set(null, { dtype: f32, shape, data });
    return new ZarrArray({ store, path: "a", metadata: m });
  }

  it("reads a window by one range per chunk, only its rows", async () => {
    const store = new CountingStore();
    const a = await written(store);
    store.forget();
    const sel = [slice(3, 11)];
    const got = await a.get(sel);
    assert.deepEqual(got.shape, [8, 6]);
    assert.deepEqual([...got.data], naive(data, shape, sel));
    assert.deepEqual(store.gets, []);
    // rows 3–7 of chunk row 0 (5 rows × 4 floats from byte 48), rows 0–2 of chunk row 1 (3 rows from 0)
    assert.deepEqual(store.ranges.sort(), [
      ["a/c/0/0", 48, 80], ["a/c/0/1", 48, 80], ["a/c/1/0", 0, 48], ["a/c/1/1", 0, 48],
    ]);
  });

  it("reads the valid rows of an edge chunk, and whole chunks by one read each", async () => {
    const store = new CountingStore();
    const a = await written(store);
    store.forget();
    const got = await a.get();
    assert.deepEqual([...got.data], [...data]);
    // chunk row 2 holds rows 16–23; the array ends at 19: 4 rows read of its 8
    assert.deepEqual(store.ranges.sort(), [["a/c/2/0", 0, 64], ["a/c/2/1", 0, 64]]);
    assert.deepEqual(store.gets.sort(), ["a/c/0/0", "a/c/0/1", "a/c/1/0", "a/c/1/1"]);
  });

  it("reads selections with steps and single indices", async () => {
    const store = new CountingStore();
    const a = await written(store);
    for (const sel of [[slice(1, 19, 3), slice(0, 6, 2)], [5, slice(1, 5)], [slice(2, 17, 7), 4], [slice(null, null, 9)]] as Selection[]) {
      assert.deepEqual([...(await a.get(sel)).data], naive(data, shape, sel), JSON.stringify(sel));
    }
    store.forget();
    // row 5, columns 1–4: a single row narrows the span to its columns, 1–3 of one chunk and 0 of the next
    await a.get([5, slice(1, 5)]);
    assert.deepEqual(store.ranges.sort(), [["a/c/0/0", 84, 12], ["a/c/0/1", 80, 4]]);
  });

  it("reads missing chunks as the fill value", async () => {
    const store = new CountingStore();
    const a = await written(store);
    await store.delete("a/c/1/1");
    const got = await a.get([slice(6, 10), slice(2, 6)]);
    // rows 8–9, columns 4–5 lie in the missing chunk
    assert.deepEqual([...got.data], [19, 19.5, 20, 20.5, 22, 22.5, 23, 23.5, 25, 25.5, -1, -1, 28, 28.5, -1, -1]);
  });

  it("refuses a chunk file too short for the rows a selection needs, naming the chunk", async () => {
    const store = new CountingStore();
    const a = await written(store);
    await store.set("a/c/0/1", new Uint8Array(40));
    await assert.rejects(a.get([slice(2, 4)]), (e: unknown) =>
      e instanceof ChunkDecodeError && /chunk 'a\/c\/0\/1' holds 40 bytes, too few for the uncompressed chunk of shape \[8, 4\] \(128 bytes\): the selection needs bytes 32–64/.test(e.message) && /'\/a'/.test(e.message));
  });

  it("decodes big-endian elements read by range", async () => {
    const store = new CountingStore();
    const m = meta(shape, [8, 4], 0, { codecs: [{ name: "bytes", configuration: { endian: "big" } }] });
    const a = await written(store, m);
    store.forget();
    assert.deepEqual([...(await a.get([slice(9, 12), 5])).data], [59 * 0.5, 65 * 0.5, 71 * 0.5]);
    assert.deepEqual(store.ranges.map((r) => r[0]), ["a/c/1/1"]);
  });

  it("reads F-order v2 chunks whole (their rows are not contiguous)", async () => {
    const store = new CountingStore();
    const m = parseV2Array({ zarr_format: 2, shape, chunks: [8, 4], dtype: "<f4", compressor: null, filters: null, fill_value: 0, order: "F" }, {}, { path: "/a" });
    const a = await written(store, m);
    store.forget();
    const sel = [slice(3, 11), slice(1, 5)];
    assert.deepEqual([...(await a.get(sel)).data], naive(data, shape, sel));
    assert.deepEqual(store.ranges, []);
    assert.equal(store.gets.length, 4);
  });
});

describe("ZarrArray: span reads from a LocalStore", () => {
  const root = mkdtempSync(join(tmpdir(), "span-read-"));
  after(() => rmSync(root, { recursive: true, force: true }));
  const shape = [30, 5];
  const data = values(150);

  it("reads v2 chunks under '/' and '.' dimension separators by range", async () => {
    for (const sep of ["/", "."]) {
      const m = parseV2Array(
        { zarr_format: 2, shape, chunks: [12, 3], dtype: "<f4", compressor: null, filters: null, fill_value: 0, order: "C", dimension_separator: sep },
        {}, { path: "/v2" },
      );
      const store = new LocalStore(join(root, `sep${sep === "/" ? "slash" : "dot"}`));
      await new ZarrArray({ store, path: "v2", metadata: m }).set(null, { dtype: f32, shape, data });
      const a = new ZarrArray({ store, path: "v2", metadata: m });
      assert.equal(a.chunkKey([1, 1]), sep === "/" ? "v2/1/1" : "v2/1.1");
      const sel = [slice(10, 27, 2), slice(1, 4)];
      assert.deepEqual([...(await a.get(sel)).data], naive(data, shape, sel), `separator ${sep}`);
      // the last chunk row: rows 24–29 of a 12-row chunk, read as its 6 valid rows
      assert.deepEqual([...(await a.get([slice(24, null), 4])).data], [124, 129, 134, 139, 144, 149].map((i) => i * 0.5));
    }
  });

  it("a truncated chunk file is a ChunkDecodeError, a missing one the fill value", async () => {
    const store = new LocalStore(join(root, "trunc"));
    const m = meta(shape, [12, 3], 7);
    await new ZarrArray({ store, path: "t", metadata: m }).set(null, { dtype: f32, shape, data });
    const a = new ZarrArray({ store, path: "t", metadata: m });
    truncateSync(join(root, "trunc", "t", "c", "0", "0"), 30);
    await assert.rejects(a.get([slice(1, 3), 0]), (e: unknown) => e instanceof ChunkDecodeError && /chunk 't\/c\/0\/0' holds 30 bytes/.test(e.message));
    rmSync(join(root, "trunc", "t", "c", "1", "1"));
    assert.deepEqual([...(await a.get([slice(13, 15), slice(2, 5)])).data], [67 * 0.5, 7, 7, 72 * 0.5, 7, 7]);
  });
});

describe("ZarrArray: zstd chunks decoded up to the selection's end", () => {
  const shape = [150_000, 4];
  const chunkShape = [65_536, 4]; // 1 MiB chunks: several Zstandard blocks each
  const data = Float32Array.from({ length: shape[0] * shape[1] }, (_, i) => Math.round(Math.sin(i / 97) * 1000) / 8);
  const m = meta(shape, chunkShape, 0, { codecs: [{ name: "bytes", configuration: { endian: "little" } }, { name: "zstd", configuration: { level: 3, checksum: false } }] });

  it("reads windows, steps and edge chunks from the blocks before each window's end (a store without range reads)", async () => {
    const memory = new MemoryStore();
    await new ZarrArray({ store: memory, path: "z", metadata: m }).set(null, { dtype: f32, shape, data });
    // Without getRange every chunk is read whole and decoded up to the window's end.
    const store = { description: memory.description, get: memory.get.bind(memory) };
    const pipeline = CodecPipeline.create(m.codecs, { dtype: f32, chunkShape, zarrFormat: 3, allowPickle: false, where: {} });
    const asked: [number, number | undefined][] = [];
    const codecs: ChunkCodecs = Object.assign(Object.create(pipeline) as CodecPipeline, {
      decodePrefix: async (bytes: Uint8Array, length: number) => {
        const out = await pipeline.decodePrefix!(bytes, length);
        asked.push([length, out?.length]);
        return out;
      },
    });
    const a = new ZarrArray({ store, path: "z", metadata: m, codecs });
    const window = [slice(1000, 2000)];
    assert.deepEqual([...(await a.get(window)).data], naive(data, shape, window));
    // rows 1000–1999 of 4 floats end at byte 32 000: one 128 KiB block is enough
    assert.deepEqual(asked, [[32_000, 131_072]]);
    asked.length = 0;
    for (const sel of [[slice(65_000, 66_000)], [slice(140_000, null), 3], [slice(5, 40_000, 7), slice(1, 3)], [70_000]] as Selection[]) {
      assert.deepEqual([...(await a.get(sel)).data], naive(data, shape, sel), JSON.stringify(sel));
    }
    // the window across chunks 0 and 1 needs the end of chunk 0: that one decodes whole (past 3/4)
    assert.deepEqual(asked.map(([length, got]) => [length, got === undefined ? "whole" : "prefix"]), [
      [1_048_576, "whole"], [7_424, "prefix"], // rows 65 000–65 535 of chunk 0, 0–463 of chunk 1
      [302_848, "prefix"], // rows 140 000–149 999 are rows 8 928–18 927 of the edge chunk
      [639_952, "prefix"], // rows 5, 12, … 39 996: the span ends with row 39 996
      [71_440, "prefix"], // row 70 000 is row 4 464 of chunk 1: 16 bytes ending at 71 440
    ]);
  });

  // Values that hardly compress, so that a chunk's first blocks are a small part of its bytes.
  let seed = 7;
  const noise = Float32Array.from({ length: shape[0] * shape[1] }, () => (seed = (seed * 48_271) % 2_147_483_647) / 1024);

  it("fetches only the first blocks of a chunk by one range read (prefix-read.ts)", async () => {
    const store = new CountingStore();
    await new ZarrArray({ store, path: "z", metadata: m }).set(null, { dtype: f32, shape, data: noise });
    const a = new ZarrArray({ store, path: "z", metadata: m });
    const stored = (await store.getSize("z/c/0/0"))!;
    store.forget();
    const window = [slice(1000, 2000)];
    assert.deepEqual([...(await a.get(window)).data], naive(noise, shape, window));
    // bytes 0–32 000 of the packed rows: one range from the chunk's start, none of it read whole
    assert.deepEqual(store.gets, []);
    assert.equal(store.ranges.length, 1);
    const [key, offset, length] = store.ranges[0];
    assert.deepEqual([key, offset], ["z/c/0/0", 0]);
    assert.ok(stored > 900_000 && length! < 400_000, `${length} bytes asked of ${stored}`);
    store.forget();
    for (const sel of [[slice(65_000, 66_000)], [slice(140_000, null), 3], [slice(5, 40_000, 7), slice(1, 3)], [70_000]] as Selection[]) {
      assert.deepEqual([...(await a.get(sel)).data], naive(noise, shape, sel), JSON.stringify(sel));
    }
    // the end of chunk 0 (past 3/4) is read whole, and so is the span to row 39 996 of chunk 0, whose
    // head would be as long as the chunk (these values hardly compress); the rest by ranges from
    // each chunk's start
    assert.deepEqual(store.gets, ["z/c/0/0", "z/c/0/0"]);
    assert.deepEqual(store.ranges.map(([k, o]) => [k, o]), [["z/c/1/0", 0], ["z/c/2/0", 0], ["z/c/1/0", 0]]);
  });

  it("reads a missing chunk as the fill value and names a damaged one", async () => {
    const store = new CountingStore();
    await new ZarrArray({ store, path: "z", metadata: m }).set(null, { dtype: f32, shape, data });
    const a = new ZarrArray({ store, path: "z", metadata: m });
    await store.delete("z/c/1/0");
    assert.deepEqual([...(await a.get([slice(65_536, 65_538), 1])).data], [0, 0]);
    // a chunk cut after its first blocks: the range read comes up short, the whole read says why
    const whole = (await store.get("z/c/0/0"))!;
    await store.set("z/c/0/0", whole.slice(0, 2_000));
    await assert.rejects(a.get([slice(10, 20)]), (e: unknown) => e instanceof ChunkDecodeError && /chunk 'z\/c\/0\/0'/.test(e.message) && /'\/z'/.test(e.message));
  });
});

describe("ZarrArray: sharded zstd inner chunks decoded up to the selection's end", () => {
  const shape = [200_000, 4];
  const data = Float32Array.from({ length: shape[0] * shape[1] }, (_, i) => Math.round(Math.cos(i / 61) * 1000) / 4);
  const inner = [{ name: "bytes", configuration: { endian: "little" } }, { name: "zstd", configuration: { level: 3, checksum: false } }];
  const m = meta(shape, [131_072, 4], 0, {
    codecs: [{ name: "sharding_indexed", configuration: { chunk_shape: [65_536, 4], codecs: inner, index_codecs: [{ name: "bytes", configuration: { endian: "little" } }, { name: "crc32c" }] } }],
  });

  it("reads windows from the inner chunks' first blocks, whole where a window ends late", async () => {
    const store = new MemoryStore();
    await new ZarrArray({ store, path: "s", metadata: m }).set(null, { dtype: f32, shape, data });
    const a = new ZarrArray({ store, path: "s", metadata: m });
    const spans: [number, number, string][] = [];
    const real = ShardingCodec.prototype.decodeInnerPrefix;
    const spy = mock.method(ShardingCodec.prototype, "decodeInnerPrefix", async function (this: ShardingCodec, ...args: Parameters<typeof real>) {
      const got = await real.apply(this, args);
      spans.push([args[1], args[2], got === undefined ? "whole" : "prefix"]);
      return got;
    });
    try {
      for (const sel of [[slice(100, 1100)], [slice(65_000, 66_000), 2], [slice(199_000, null)], [slice(3, 50_000, 11), slice(1, 3)]] as Selection[]) {
        assert.deepEqual([...(await a.get(sel)).data], naive(data, shape, sel), JSON.stringify(sel));
      }
    } finally {
      spy.mock.restore();
    }
    assert.deepEqual(spans, [
      [1_600, 17_600, "prefix"], // rows 100–1 099 of inner chunk 0
      [1_040_000, 1_048_576, "whole"], [0, 7_424, "prefix"], // rows 65 000–65 535 of inner chunk 0, 0–463 of inner chunk 1
      [(199_000 - 196_608) * 16, (200_000 - 196_608) * 16, "prefix"], // the edge shard's inner chunk from row 196 608
      [48, 799_984, "whole"], // rows 3, 14, … 49 998 end past 3/4 of the inner chunk
    ]);
  });
});
