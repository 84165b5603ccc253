/**
 * Files written from chunk iterators, read by the Python reference: hdmf-zarr 0.14 reads our
 * Zarr v3 file and hdmf-zarr 0.13 our legacy Zarr v2 file, and every value equals the one the
 * generator made — a DataChunkIterator over a generator of unknown length (the array grew as rows
 * came), a GenericDataChunkIterator written serially and by 2 worker threads, and text rows.
 */
import assert from "node:assert/strict";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder, ZarrDataIO, ZarrIO } from "../../src/index.js";
import { DataChunkIterator } from "../../src/io/data-chunk-iterator.js";
import { GenericDataChunkIterator } from "../../src/io/generic-data-chunk-iterator.js";
import type { ChunkSlice } from "../../src/io/data-chunk.js";
import { tempFolder } from "../helpers/temp-folders.js";
import { venvPython, pythonReadDatasets } from "../helpers/python.js";

const tmp = tempFolder("interop-iterators");
after(() => rmSync(tmp, { recursive: true, force: true }));

const rowValue = (i: number, c: number) => i * 0.25 - c;
const gridValue = (i: number, j: number) => ((i * 31 + j * 7) % 600) - 300;
const words = (i: number) => `row ${i}: ${"é".repeat(i % 4)}`;

class Grid extends GenericDataChunkIterator {
  protected getData([r, c]: ChunkSlice[]) {
    const out = new Int16Array((r.stop - r.start) * (c.stop - c.start));
    let k = 0;
    for (let i = r.start; i < r.stop; i++) for (let j = c.start; j < c.stop; j++) out[k++] = gridValue(i, j);
    return out;
  }
  protected getMaxShape() {
    return [1000, 12];
  }
  protected getDtype() {
    return "int16";
  }
}

function* floatRows() {
  for (let i = 0; i < 61; i++) yield Float32Array.from({ length: 5 }, (_, c) => rowValue(i, c));
}
function* textRows() {
  for (let i = 0; i < 23; i++) yield words(i);
}

async function writeOurs(path: string, zarrFormat: 2 | 3, numberOfJobs: number): Promise<void> {
  const io = new ZarrIO(path, "w", { zarrFormat });
  await io.writeBuilder(new GroupBuilder("root", {
    datasets: [
      new DatasetBuilder("rows", new ZarrDataIO(new DataChunkIterator({ data: floatRows(), bufferSize: 7 }), { chunks: [8, 5] })),
      new DatasetBuilder("grid", new Grid({ chunkShape: [128, 12], bufferShape: [384, 12] })),
      new DatasetBuilder("text", new DataChunkIterator({ data: textRows(), bufferSize: 5 })),
    ],
  }), { numberOfJobs });
  await io.close();
}

const pythonRead = (venv: string, path: string) => pythonReadDatasets(venvPython(venv), path);

const cases = [
  { venv: "v3", format: 3 as const, reader: "hdmf-zarr 0.14", jobs: 1 },
  { venv: "v3", format: 3 as const, reader: "hdmf-zarr 0.14", jobs: 2 },
  { venv: "v2", format: 2 as const, reader: "hdmf-zarr 0.13", jobs: 2 },
];

describe("Python reads files written from chunk iterators", () => {
  for (const c of cases) {
    const skip = existsSync(venvPython(c.venv)) ? false : `SKIP: venv ${c.venv} missing (bash test/interop/setup-venvs.sh)`;
    it(`${c.reader} reads our Zarr v${c.format} file (${c.jobs} job${c.jobs > 1 ? "s" : ""})`, { skip }, async () => {
      const path = join(tmp, `iter-v${c.format}-j${c.jobs}.zarr`);
      await writeOurs(path, c.format, c.jobs);
      const got = pythonRead(c.venv, path);
      assert.deepEqual(got.rows.shape, [61, 5]);
      assert.equal(got.rows.dtype, "float32");
      assert.deepEqual(got.rows.chunks, [8, 5]);
      assert.deepEqual(got.rows.values, Array.from({ length: 61 * 5 }, (_, k) => rowValue(Math.floor(k / 5), k % 5)));
      assert.deepEqual(got.grid.shape, [1000, 12]);
      assert.equal(got.grid.dtype, "int16");
      assert.deepEqual(got.grid.chunks, [128, 12]);
      assert.deepEqual(got.grid.values, Array.from({ length: 12000 }, (_, k) => gridValue(Math.floor(k / 12), k % 12)));
      assert.deepEqual(got.text.shape, [23]);
      assert.deepEqual(got.text.values, Array.from({ length: 23 }, (_, i) => words(i)));
    });
  }
});
