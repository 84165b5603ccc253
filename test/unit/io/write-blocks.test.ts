/**
 * Datasets written from block sources (src/format/write-blocks.ts): shape known or growing,
 * blocks aligned to chunks or not, dtype conversion, text and compound blocks, ZarrDataIO
 * settings winning over the source's chunking, and bad blocks refused with typed errors. Both
 * conventions; values checked by reading the files back.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder, InvalidArgumentError, ZarrDataIO, ZarrIO } from "../../../src/index.js";
import type { BlockSource, BlockSourceInfo, DataBlock } from "../../../src/data/index.js";
import { FORMATS, chunkKey, diskArrayMeta, listFiles, type Format } from "../../helpers/store-files.js";
import { datasetValues, writeFile } from "../../helpers/zarr-files.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const tmp = tempFolders("write-blocks");
after(() => tmp.cleanup());

/** A source over given blocks; records the chunk shape the writer asked for and how many blocks were taken. */
class ListSource implements BlockSource {
  readonly isBlockSource = true as const;
  askedChunks?: number[];
  taken = 0;
  constructor(private readonly meta: BlockSourceInfo, private readonly list: DataBlock[]) {}
  info(): BlockSourceInfo {
    return this.meta;
  }
  async *blocks(chunkShape: number[]): AsyncIterable<DataBlock> {
    this.askedChunks = chunkShape;
    for (const b of this.list) {
      this.taken++;
      yield b;
    }
  }
}

/** Row blocks of `rows` × `cols` values v = r * 100 + c, `per` rows per block. */
function rowBlocks(rows: number, cols: number, per: number, Ctor: new (n: number) => ArrayLike<number> & { [i: number]: number } = Int16Array): DataBlock[] {
  const out: DataBlock[] = [];
  for (let r0 = 0; r0 < rows; r0 += per) {
    const n = Math.min(per, rows - r0);
    const values = new Ctor(n * cols);
    for (let i = 0; i < n; i++) for (let c = 0; c < cols; c++) values[i * cols + c] = (r0 + i) * 100 + c;
    out.push({ offset: [r0, 0], shape: [n, cols], values });
  }
  return out;
}

const expected = (rows: number, cols: number) => Array.from({ length: rows * cols }, (_, i) => Math.floor(i / cols) * 100 + (i % cols));

async function writeData(fmt: Format, data: unknown, dtype?: string): Promise<string> {
  const path = join(tmp.make(), "blocks.zarr");
  await writeFile(path, new GroupBuilder("root", { datasets: [new DatasetBuilder("d", data, dtype ? { dtype } : {})] }), fmt);
  return path;
}

async function readValues(path: string): Promise<unknown[]> {
  const io = new ZarrIO(path, "r");
  try {
    return await datasetValues((await io.readBuilder()).get("d"));
  } finally {
    await io.close();
  }
}

const chunkShape = (meta: any, fmt: Format) => (fmt === 3 ? meta.chunk_grid.configuration.chunk_shape : meta.chunks);

for (const fmt of FORMATS) {
  describe(`block sources (Zarr v${fmt})`, () => {
    it("known shape: the source's chunk shape, every block stored, values read back", async () => {
      const src = new ListSource({ dtype: "int16", maxShape: [10, 3], chunkShape: [4, 3] }, rowBlocks(10, 3, 4));
      const path = await writeData(fmt, src);
      const meta = diskArrayMeta(path, "d", fmt);
      assert.deepEqual(meta.shape, [10, 3]);
      assert.deepEqual(chunkShape(meta, fmt), [4, 3]);
      assert.deepEqual(src.askedChunks, [4, 3]);
      assert.equal(src.taken, 3);
      assert.deepEqual((await readValues(path)).map(Number), expected(10, 3));
      assert.deepEqual(listFiles(path).filter((f) => f.startsWith("d/") && !/zarr\.json|\.za/.test(f)),
        [0, 1, 2].map((i) => chunkKey("d", fmt, [i, 0])).sort());
    });

    it("growing axis 0: shape 0 at creation, the final length written when the source ends", async () => {
      const src = new ListSource({ dtype: "float32", maxShape: [null, 4] }, rowBlocks(23, 4, 5, Float32Array));
      const path = await writeData(fmt, src);
      const meta = diskArrayMeta(path, "d", fmt);
      assert.deepEqual(meta.shape, [23, 4]);
      assert.equal(fmt === 3 ? meta.data_type : meta.dtype, fmt === 3 ? "float32" : "<f4");
      assert.deepEqual((await readValues(path)).map(Number), expected(23, 4));
    });

    it("an empty growing source leaves a zero-length array", async () => {
      const path = await writeData(fmt, new ListSource({ dtype: "int32", maxShape: [null, 2] }, []));
      assert.deepEqual(diskArrayMeta(path, "d", fmt).shape, [0, 2]);
      assert.deepEqual(await readValues(path), []);
    });

    it("blocks not aligned to chunks, in any order: partial chunks are merged", async () => {
      const blocks = rowBlocks(9, 2, 3).reverse();
      const path = await writeData(fmt, new ZarrDataIO(new ListSource({ dtype: "int16", maxShape: [9, 2] }, blocks), { chunks: [4, 1] }));
      assert.deepEqual(chunkShape(diskArrayMeta(path, "d", fmt), fmt), [4, 1]);
      assert.deepEqual((await readValues(path)).map(Number), expected(9, 2));
    });

    it("ZarrDataIO settings win: chunks, fill value and compressor; holes read as the fill value", async () => {
      const src = new ListSource({ dtype: "int16", maxShape: [8, 2], chunkShape: [8, 2], fillValue: 0 }, [rowBlocks(8, 2, 2)[1]]);
      const io = fmt === 3 ? { chunks: [2, 2], fillvalue: -7, compressors: [{ name: "gzip", configuration: { level: 1 } }] }
        : { chunks: [2, 2], fillvalue: -7, compressor: { id: "zlib", level: 1 } };
      const path = await writeData(fmt, new ZarrDataIO(src, io));
      const meta = diskArrayMeta(path, "d", fmt);
      assert.deepEqual(chunkShape(meta, fmt), [2, 2]);
      assert.equal(meta.fill_value, -7);
      if (fmt === 3) assert.deepEqual(meta.codecs.map((c: any) => c.name), ["bytes", "gzip"]);
      else assert.equal(meta.compressor.id, "zlib");
      const want = expected(8, 2).map((v, i) => (i >= 4 && i < 8 ? v : -7));
      assert.deepEqual((await readValues(path)).map(Number), want);
    });

    it("the builder's dtype converts block values (float64 blocks into an int16 dataset)", async () => {
      const src = new ListSource({ dtype: "float64", maxShape: [null, 3] }, rowBlocks(5, 3, 2, Float64Array));
      const path = await writeData(fmt, src, "int16");
      assert.equal(fmt === 3 ? diskArrayMeta(path, "d", fmt).data_type : diskArrayMeta(path, "d", fmt).dtype, fmt === 3 ? "int16" : "<i2");
      assert.deepEqual((await readValues(path)).map(Number), expected(5, 3));
    });

    it("text blocks and compound row blocks", async () => {
      const words = ["alpha", "beta", "gamma", "δέλτα", "e"];
      const text = new ListSource({ dtype: "text", maxShape: [null] }, [
        { offset: [0], shape: [2], values: words.slice(0, 2) }, { offset: [2], shape: [3], values: words.slice(2) },
      ]);
      assert.deepEqual(await readValues(await writeData(fmt, text)), words);
      const fields = [{ name: "x", dtype: "int32" }, { name: "y", dtype: "float64" }];
      const rows = new ListSource({ dtype: fields, maxShape: [3] }, [
        { offset: [0], shape: [2], values: [{ x: 1, y: 0.5 }, { x: 2, y: 1.5 }] }, { offset: [2], shape: [1], values: [[3, 2.5]] },
      ]);
      const got = (await readValues(await writeData(fmt, rows))) as any[];
      assert.deepEqual(got.map((r) => [Number(r.x ?? r[0]), Number(r.y ?? r[1])]), [[1, 0.5], [2, 1.5], [3, 2.5]]);
    });

    it("a block outside maxshape or of the wrong size is refused, naming the dataset", async () => {
      const outside = new ListSource({ dtype: "int16", maxShape: [4, 2] }, [{ offset: [3, 0], shape: [2, 2], values: new Int16Array(4) }]);
      await assert.rejects(writeData(fmt, outside), (e: Error) => e.message.includes("outside maxshape [4, 2]") && e.message.includes("/d"));
      const short = new ListSource({ dtype: "int16", maxShape: [4, 2] }, [{ offset: [0, 0], shape: [2, 2], values: new Int16Array(3) }]);
      await assert.rejects(writeData(fmt, short), (e: Error) => (e.cause instanceof InvalidArgumentError || e instanceof InvalidArgumentError) && e.message.includes("has 3 values, expected 4"));
    });
  });
}
