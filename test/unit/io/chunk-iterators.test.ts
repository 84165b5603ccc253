/**
 * DataChunkIterator, GenericDataChunkIterator, the budget → shape rules and the progress bar:
 * chunks and their selections as hdmf makes them (shapes checked against figures hdmf 6.2 gives
 * for the same inputs), and files written from iterators read back value for value.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder, ZarrDataIO, ZarrIO } from "../../../src/index.js";
import { DataChunkIterator } from "../../../src/io/data-chunk-iterator.js";
import { GenericDataChunkIterator, type GenericDataChunkIteratorOptions } from "../../../src/io/generic-data-chunk-iterator.js";
import { defaultBufferShape, defaultChunkShape } from "../../../src/io/chunk-shapes.js";
import type { ChunkSlice, DataChunk } from "../../../src/io/data-chunk.js";
import { rampBlock } from "../../helpers/ramp.js";
import { formatProgress, type ProgressTarget } from "../../../src/io/progress.js";
import { FORMATS, diskArrayMeta } from "../../helpers/store-files.js";
import { datasetValues, writeFile } from "../../helpers/zarr-files.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const tmp = tempFolders("chunk-iterators");
after(() => tmp.cleanup());

async function collect(it: AsyncIterable<DataChunk>) {
  const out: { data: number[]; shape: number[]; sel: [number, number][] }[] = [];
  for await (const c of it) out.push({ data: Array.from(c.data as ArrayLike<number>, Number), shape: c.shape, sel: c.selection.map((s) => [s.start, s.stop]) });
  return out;
}

/** value(r, c) = r * 1000 + c over a 2-D array, read in any region. */
class Ramp extends GenericDataChunkIterator {
  reads: ChunkSlice[][] = [];
  constructor(private readonly shape: number[], private readonly type: string, options?: GenericDataChunkIteratorOptions) {
    super(options);
  }
  protected getData(sel: ChunkSlice[]) {
    this.reads.push(sel);
    return rampBlock(sel[0], sel[1]);
  }
  protected getMaxShape() {
    return this.shape;
  }
  protected getDtype() {
    return this.type;
  }
}

describe("chunk and buffer shapes from a budget", () => {
  // [shape, item size, chunkMb, bufferGb] → what hdmf 6.2's GenericDataChunkIterator chooses
  const cases: [number[], number, number, number, number[], number[]][] = [
    [[8_388_608, 64], 2, 10, 1, [786432, 6], [7864320, 60]],
    [[1000, 384], 4, 10, 1, [1000, 384], [1000, 384]],
    [[30000, 32, 4], 1, 1, 0.01, [15000, 16, 2], [30000, 32, 4]],
    [[100], 8, 0.0004, 0.000002, [50], [100]],
    [[512, 512, 3000], 2, 10, 1, [99, 99, 495], [396, 396, 1980]],
  ];
  for (const [shape, item, mb, gb, chunk, buffer] of cases) {
    it(`[${shape}] × ${item} B, ${mb} MB chunks, ${gb} GB buffers`, () => {
      assert.deepEqual(defaultChunkShape(shape, item, mb), chunk);
      assert.deepEqual(defaultBufferShape(shape, chunk, item, gb), buffer);
    });
  }

  it("the iterator uses them, and its buffers cover the data first axis slowest", () => {
    const it = new Ramp([512, 512, 3000], "uint16");
    assert.deepEqual(it.chunkShape, [99, 99, 495]);
    assert.deepEqual(it.bufferShape, [396, 396, 1980]);
    assert.equal(it.numBuffers, 8);
    assert.deepEqual([...it.bufferSelections()].slice(0, 3).map((s) => s.map((x) => [x.start, x.stop])),
      [[[0, 396], [0, 396], [0, 1980]], [[0, 396], [0, 396], [1980, 3000]], [[0, 396], [396, 512], [0, 1980]]]);
  });

  it("bad shapes are refused as hdmf refuses them", () => {
    assert.throws(() => new Ramp([10, 4], "int32", { chunkShape: [4, 4], bufferShape: [6, 4] }).chunkShape, /does not evenly divide/);
    assert.throws(() => new Ramp([10, 4], "int32", { chunkShape: [12, 4] }).chunkShape, /chunk shape exceeds the data/);
    assert.throws(() => new Ramp([10, 4], "int32", { chunkShape: [4, 4], bufferShape: [2, 4] }).chunkShape, /exceeds the buffer shape/);
    assert.throws(() => new Ramp([10, 4], "int32", { chunkMb: 1, chunkShape: [2, 2] }), /only one of chunkMb and chunkShape/);
  });
});

describe("GenericDataChunkIterator", () => {
  it("gives one DataChunk per buffer with its selection; the last buffers are clipped", async () => {
    const it = new Ramp([5, 3], "int32", { chunkShape: [2, 2], bufferShape: [4, 2] });
    const chunks = await collect(it);
    assert.deepEqual(chunks.map((c) => c.sel), [[[0, 4], [0, 2]], [[0, 4], [2, 3]], [[4, 5], [0, 2]], [[4, 5], [2, 3]]]);
    assert.deepEqual(chunks[3].data, [4002]);
    assert.deepEqual(chunks[0].data, [0, 1, 1000, 1001, 2000, 2001, 3000, 3001]);
    await assert.rejects(collect(it), /already consumed/);
  });

  for (const fmt of FORMATS) {
    it(`writes through ZarrIO with its chunk shape (Zarr v${fmt}); values equal the source`, async () => {
      const it = new Ramp([37, 5], "int32", { chunkShape: [8, 5], bufferShape: [16, 5] });
      const path = join(tmp.make(), "g.zarr");
      await writeFile(path, new GroupBuilder("root", { datasets: [new DatasetBuilder("d", it)] }), fmt);
      const meta = diskArrayMeta(path, "d", fmt);
      assert.deepEqual(meta.shape, [37, 5]);
      assert.deepEqual(fmt === 3 ? meta.chunk_grid.configuration.chunk_shape : meta.chunks, [8, 5]);
      assert.equal(it.reads.length, 3);
      const io = new ZarrIO(path, "r");
      const got = (await datasetValues((await io.readBuilder()).get("d"))).map(Number);
      await io.close();
      assert.deepEqual(got, Array.from({ length: 37 * 5 }, (_, i) => Math.floor(i / 5) * 1000 + (i % 5)));
    });
  }

  it("buffers are the writer's to keep only with freshBuffers; a DataChunkIterator's chunks always are", async () => {
    const owned = async (it: { blocks(chunks: number[]): AsyncIterable<{ owned?: boolean }> }) => {
      const out: (boolean | undefined)[] = [];
      for await (const b of it.blocks([2, 2])) out.push(b.owned);
      return out;
    };
    assert.deepEqual(await owned(new Ramp([4, 2], "int32", { chunkShape: [2, 2], bufferShape: [2, 2] })), [undefined, undefined]);
    assert.deepEqual(await owned(new Ramp([4, 2], "int32", { chunkShape: [2, 2], bufferShape: [2, 2], freshBuffers: true })), [true, true]);
    assert.deepEqual(await owned(new DataChunkIterator({ data: [[1, 2], [3, 4], [5, 6]], dtype: "int16", bufferSize: 2 })), [true, true]);
  });

  it("displayProgress draws a bar per buffer and closes it", async () => {
    const lines: string[] = [];
    let ended = 0;
    const target: ProgressTarget = { show: (l) => lines.push(l), end: () => ended++ };
    const it = new Ramp([6, 2], "int32", { chunkShape: [2, 2], bufferShape: [2, 2], displayProgress: true, progressOptions: { target, minIntervalMs: 0, description: "ramp" } });
    await collect(it);
    assert.equal(ended, 1);
    assert.match(lines[0], /^ramp:\s+0%\|\s+\| 0\/3 /);
    assert.match(lines.at(-1)!, /^ramp: 100%\|█+\| 3\/3 /);
  });
});

describe("DataChunkIterator", () => {
  it("a generator of rows of unknown length: maxshape null on axis 0, dtype from the first row", async () => {
    function* rows() {
      for (let i = 0; i < 5; i++) yield Float32Array.from([i, i + 0.5]);
    }
    const it = new DataChunkIterator({ data: rows(), bufferSize: 2 });
    assert.deepEqual((await it.info()).maxShape, [null, 2]);
    assert.equal(it.dtype, "float32");
    const chunks = await collect(it);
    assert.deepEqual(chunks.map((c) => c.sel), [[[0, 2], [0, 2]], [[2, 4], [0, 2]], [[4, 5], [0, 2]]]);
    assert.deepEqual(chunks[1].data, [2, 2.5, 3, 3.5]);
    assert.deepEqual(it.recommendedDataShape(), [2, 2]);
    assert.equal(it.recommendedChunkShape(), null);
  });

  it("gaps (null) move the next chunk forward, as None does in hdmf", async () => {
    const it = new DataChunkIterator({ data: [null, 1, 2, null, 3, 4, 5][Symbol.iterator](), dtype: "int64", maxShape: [null], bufferSize: 2 });
    const chunks = await collect(it);
    assert.deepEqual(chunks.map((c) => [c.sel[0], c.data]), [[[1, 3], [1, 2]], [[4, 6], [3, 4]], [[6, 7], [5]]]);
  });

  it("an async iterable of scalars; and an array walked along axis 1", async () => {
    async function* numbers() {
      for (const v of [3, 1, 4]) yield v;
    }
    const a = await collect(new DataChunkIterator({ data: numbers(), bufferSize: 4 }));
    assert.deepEqual(a, [{ data: [3, 1, 4], shape: [3], sel: [[0, 3]] }]);
    const m = new DataChunkIterator({ data: [[1, 2, 3], [4, 5, 6]], iterAxis: 1, bufferSize: 2 });
    assert.deepEqual(m.maxshape, [2, 3]);
    const b = await collect(m);
    assert.deepEqual(b.map((c) => [c.sel, c.data]), [[[[0, 2], [0, 2]], [1, 2, 4, 5]], [[[0, 2], [2, 3]], [3, 6]]]);
  });

  for (const fmt of FORMATS) {
    it(`a generator written with ZarrDataIO (Zarr v${fmt}) grows the array to its length`, async () => {
      function* rows() {
        for (let i = 0; i < 50; i++) yield Int16Array.from({ length: 4 }, (_, c) => i * 10 + c);
      }
      const data = new ZarrDataIO(new DataChunkIterator({ data: rows(), bufferSize: 7 }), { chunks: [7, 4] });
      const path = join(tmp.make(), "dci.zarr");
      await writeFile(path, new GroupBuilder("root", { datasets: [new DatasetBuilder("d", data)] }), fmt);
      assert.deepEqual(diskArrayMeta(path, "d", fmt).shape, [50, 4]);
      const io = new ZarrIO(path, "r");
      const got = (await datasetValues((await io.readBuilder()).get("d"))).map(Number);
      await io.close();
      assert.deepEqual(got, Array.from({ length: 200 }, (_, i) => Math.floor(i / 4) * 10 + (i % 4)));
    });
  }

  it("rows of different shapes in one chunk are refused", async () => {
    const it = new DataChunkIterator({ data: [[1, 2], [3]][Symbol.iterator](), bufferSize: 2 });
    await assert.rejects(collect(it), /differ in shape/);
  });
});

describe("progress text", () => {
  it("shows percent, counts, unit and rate", () => {
    assert.equal(formatProgress(5, 10, 2, "MB", "w"), `w:  50%|${"█".repeat(12)}${" ".repeat(12)}| 5/10 MB [00:02<00:02, 2.50 MB/s]`);
  });
});
