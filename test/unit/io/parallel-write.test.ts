/**
 * Parallel writes (src/io/parallel): GenericDataChunkIterator buffers written by worker threads
 * give the same files, byte for byte, as a serial write; blocks that cover part of a chunk are
 * written on the main thread while no worker runs; arrays the iterator keeps are copied, new ones
 * it hands over (`freshBuffers`) moved; `ZarrIO.write(container, { numberOfJobs })` takes the same
 * path; stores that are not local folders fall back to serial writes.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder, InvalidOptionError, MemoryStore, ZarrDataIO, ZarrIO } from "../../../src/index.js";
import { loadNwbTypes, NWBFile, NWBZarrIO, TimeSeries } from "../../../src/nwb/index.js";
import { DataChunkIterator } from "../../../src/io/data-chunk-iterator.js";
import { GenericDataChunkIterator, type GenericDataChunkIteratorOptions } from "../../../src/io/generic-data-chunk-iterator.js";
import type { ChunkSlice } from "../../../src/io/data-chunk.js";
import { isChunkAligned } from "../../../src/io/parallel/parallel-sink.js";
import { BlockWritePool } from "../../../src/io/parallel/block-write-pool.js";
import { FORMATS, snapshot as snapshotFiles, type Format } from "../../helpers/store-files.js";
import { datasetValues } from "../../helpers/zarr-files.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const tmp = tempFolders("parallel-write");
after(() => tmp.cleanup());

/** Pseudo-random int16 values (a fixed formula of the index), any region. */
class Noise extends GenericDataChunkIterator {
  constructor(private readonly shape: [number, number], options: GenericDataChunkIteratorOptions) {
    super(options);
  }
  protected getData([r, c]: ChunkSlice[]) {
    const out = new Int16Array((r.stop - r.start) * (c.stop - c.start));
    let k = 0;
    for (let i = r.start; i < r.stop; i++) for (let j = c.start; j < c.stop; j++) out[k++] = ((i * 7919 + j * 104729) % 65536) - 32768;
    return out;
  }
  protected getMaxShape() {
    return this.shape;
  }
  protected getDtype() {
    return "int16";
  }
}

const value = (i: number, j: number) => ((i * 7919 + j * 104729) % 65536) - 32768;

async function writeTo(path: string, fmt: Format, data: unknown, numberOfJobs: number): Promise<void> {
  const io = new ZarrIO(path, "w", { zarrFormat: fmt });
  await io.writeBuilder(new GroupBuilder("root", { datasets: [new DatasetBuilder("d", data)] }), { numberOfJobs });
  await io.close();
}

/** Every file of a store with its bytes. */
const snapshot = (path: string) => snapshotFiles(path, { content: "base64" });

async function values(path: string): Promise<number[]> {
  const io = new ZarrIO(path, "r");
  try {
    return (await datasetValues((await io.readBuilder()).get("d"))).map(Number);
  } finally {
    await io.close();
  }
}

describe("which blocks go to workers", () => {
  it("only blocks of whole chunks (edge chunks up to the current end)", () => {
    const block = (sel: [number, number][], shape: number[]) => ({ selection: sel.map(([start, stop]) => ({ start, stop })), shape, value: null as never });
    assert.equal(isChunkAligned(block([[0, 8], [0, 4]], [20, 4]), [4, 4]), true);
    assert.equal(isChunkAligned(block([[16, 20], [0, 4]], [20, 4]), [8, 4]), true);
    assert.equal(isChunkAligned(block([[4, 12], [0, 4]], [20, 4]), [8, 4]), false);
    assert.equal(isChunkAligned(block([[0, 6], [0, 4]], [20, 4]), [4, 4]), false);
  });
});

for (const fmt of FORMATS) {
  describe(`parallel writes (Zarr v${fmt})`, () => {
    it("2 workers write the same bytes as a serial write", async () => {
      const opts = { chunkShape: [500, 16], bufferShape: [1500, 32] };
      const serial = join(tmp.make(), "serial.zarr");
      const parallel = join(tmp.make(), "parallel.zarr");
      await writeTo(serial, fmt, new Noise([7321, 48], opts), 1);
      await writeTo(parallel, fmt, new Noise([7321, 48], opts), 2);
      const a = snapshot(serial);
      const b = snapshot(parallel);
      assert.equal(a.size, b.size);
      assert.ok(a.size > 40, `expected many chunk files, got ${a.size}`);
      for (const [k, v] of a) assert.equal(b.get(k), v, `file ${k} differs`);
      const got = await values(parallel);
      assert.equal(got.length, 7321 * 48);
      for (const [i, j] of [[0, 0], [1, 5], [5000, 47], [7320, 31]]) assert.equal(got[i * 48 + j], value(i, j));
    });

    it("blocks not aligned to chunks are still written whole and right", async () => {
      function* rows() {
        for (let i = 0; i < 300; i++) yield Int16Array.from({ length: 8 }, (_, j) => value(i, j));
      }
      const path = join(tmp.make(), "rows.zarr");
      await writeTo(path, fmt, new ZarrDataIO(new DataChunkIterator({ data: rows(), bufferSize: 45 }), { chunks: [40, 8] }), 2);
      assert.deepEqual(await values(path), Array.from({ length: 2400 }, (_, k) => value(Math.floor(k / 8), k % 8)));
    });
  });
}

/** An iterator over an array it holds: each buffer is the held array itself or a view of it, unless `fresh`. */
class Held extends GenericDataChunkIterator {
  readonly handed: Int16Array[] = [];
  constructor(readonly held: Int16Array, private readonly shape: [number, number], options: GenericDataChunkIteratorOptions, private readonly fresh = false) {
    super({ ...options, freshBuffers: fresh });
  }
  protected getData([r]: ChunkSlice[]) {
    const cols = this.shape[1];
    const view = this.held.subarray(r.start * cols, r.stop * cols);
    const out = this.fresh ? view.slice() : view;
    this.handed.push(out);
    return out;
  }
  protected getMaxShape() {
    return this.shape;
  }
  protected getDtype() {
    return "int16";
  }
}

describe("what a parallel write does to the iterator's arrays", () => {
  const shape: [number, number] = [64, 4];
  const data = () => Int16Array.from({ length: 256 }, (_, k) => value(Math.floor(k / 4), k % 4));

  it("arrays the iterator keeps are copied: its whole array and its views stay as they were", async () => {
    for (const bufferShape of [[64, 4], [16, 4]]) {
      const it = new Held(data(), shape, { chunkShape: [8, 4], bufferShape });
      const path = join(tmp.make(), "held.zarr");
      await writeTo(path, 3, it, 2);
      assert.equal(it.held.length, 256, `bufferShape [${bufferShape}]: the held array is not detached`);
      assert.deepEqual(Array.from(it.held), Array.from(data()));
      assert.deepEqual(await values(path), Array.from(data()));
    }
  });

  it("with freshBuffers the new arrays are moved to the workers, not copied", async () => {
    const it = new Held(data(), shape, { chunkShape: [8, 4], bufferShape: [16, 4] }, true);
    const path = join(tmp.make(), "fresh.zarr");
    await writeTo(path, 3, it, 2);
    assert.equal(it.handed.length, 4);
    assert.deepEqual(it.handed.map((a) => a.length), [0, 0, 0, 0], "each buffer handed over was transferred");
    assert.deepEqual(await values(path), Array.from(data()));
  });
});

describe("parallel writes through the front door", () => {
  it("ZarrIO.write(nwbfile, { numberOfJobs: 2 }) writes an iterator-backed TimeSeries", async () => {
    await loadNwbTypes();
    const file = new NWBFile({ identifier: "par", sessionDescription: "parallel", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
    file.addAcquisition(new TimeSeries({ name: "noise", data: new Noise([4000, 8], { chunkShape: [250, 8], bufferShape: [1000, 8] }), unit: "V", rate: 1000 }));
    const path = join(tmp.make(), "par.nwb.zarr");
    const io = new NWBZarrIO(path, "w");
    // Count the blocks the worker pool receives (the original method still does the work).
    const original = BlockWritePool.prototype.write;
    let sent = 0;
    BlockWritePool.prototype.write = function (this: BlockWritePool, ...args: Parameters<typeof original>) {
      sent++;
      return original.apply(this, args);
    };
    try {
      await io.write(file, { numberOfJobs: 2 });
    } finally {
      BlockWritePool.prototype.write = original;
      await io.close();
    }
    assert.equal(sent, 4);
    const back = new ZarrIO(path, "r");
    const ds = await back.getBuilder("/acquisition/noise/data");
    const got = (await datasetValues(ds)).map(Number);
    await back.close();
    assert.equal(got.length, 32000);
    assert.equal(got[3999 * 8 + 7], value(3999, 7));
    assert.equal(got[1234 * 8 + 3], value(1234, 3));
  });

  it("a memory store cannot be shared with workers: numberOfJobs is refused before anything is written", async () => {
    const store = new MemoryStore();
    const io = new ZarrIO(store, "w");
    const tree = new GroupBuilder("root", { datasets: [new DatasetBuilder("d", new Noise([100, 4], { chunkShape: [10, 4], bufferShape: [20, 4] }))] });
    await assert.rejects(io.writeBuilder(tree, { numberOfJobs: 2 }), (e: unknown) =>
      e instanceof InvalidOptionError && e.option === "numberOfJobs" && /needs a file in a local folder/.test(e.message));
    assert.deepEqual([...(await store.list("")).prefixes], []);
    // The same write without numberOfJobs is serial and right.
    await io.writeBuilder(tree);
    const got = (await datasetValues((await new ZarrIO(store, "r").readBuilder()).get("d"))).map(Number);
    assert.deepEqual(got.slice(396), [value(99, 0), value(99, 1), value(99, 2), value(99, 3)]);
  });
});
