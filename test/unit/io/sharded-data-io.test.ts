/**
 * ZarrDataIO's `shards` and `serializer` through ZarrIO: the zarr.json a sharded write stores (as
 * zarr-python 3 writes it), shard shapes that are not multiples of the chunks, serializers that do
 * not fit the type, legacy Zarr v2 writes refusing both, `compressor` in a Zarr v3 write refused
 * as hdmf-zarr 0.14 refuses it, and iterator writes (growing, unaligned, parallel) into shards.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  DatasetBuilder, GroupBuilder, IncompleteWriteError, InvalidArgumentError, InvalidOptionError, UnknownCodecError, ZarrDataIO, ZarrIO, type ZarrDataIOOptions,
} from "../../../src/index.js";
import { DataChunkIterator } from "../../../src/io/data-chunk-iterator.js";
import { GenericDataChunkIterator } from "../../../src/io/generic-data-chunk-iterator.js";
import type { ChunkSlice } from "../../../src/io/data-chunk.js";
import { rampBlock } from "../../helpers/ramp.js";
import { diskArrayMeta, listFiles } from "../../helpers/store-files.js";
import { datasetValues, writeFile } from "../../helpers/zarr-files.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const tmp = tempFolders("sharded-data-io");
after(() => tmp.cleanup());

async function writeOne(data: unknown, dtype: string, format: 2 | 3 = 3, numberOfJobs = 1): Promise<string> {
  const path = join(tmp.make(), "s.zarr");
  await writeFile(path, new GroupBuilder("root", { datasets: [new DatasetBuilder("d", data, { dtype })] }), format, { numberOfJobs });
  return path;
}

async function readBack(path: string): Promise<number[]> {
  const io = new ZarrIO(path, "r");
  try {
    return (await datasetValues((await io.readBuilder()).get("d"))).map(Number);
  } finally {
    await io.close();
  }
}

const grid = (rows: number, cols: number, f: (i: number, j: number) => number) =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => f(i, j)));
const flat = (rows: number[][]) => rows.flat();
const LE = { name: "bytes", configuration: { endian: "little" } };
const ZSTD = { name: "zstd", configuration: { level: 0, checksum: false } };
const INDEX = [LE, { name: "crc32c" }];

describe("a sharded Zarr v3 dataset", () => {
  it("stores the shard grid and one sharding_indexed codec holding the chain, as zarr-python 3 does", async () => {
    const values = grid(10, 7, (i, j) => i * 7 + j + 1);
    const path = await writeOne(new ZarrDataIO(values, { chunks: [2, 3], shards: [4, 6] }), "int16");
    const meta = diskArrayMeta(path, "d", 3);
    assert.deepEqual(meta.chunk_grid, { name: "regular", configuration: { chunk_shape: [4, 6] } });
    assert.deepEqual(meta.codecs, [{ name: "sharding_indexed", configuration: { chunk_shape: [2, 3], codecs: [LE, ZSTD], index_codecs: INDEX, index_location: "end" } }]);
    // 3 × 2 shards, each one stored object.
    assert.deepEqual(listFiles(path).filter((f) => f.startsWith("d/c/")).sort(), ["d/c/0/0", "d/c/0/1", "d/c/1/0", "d/c/1/1", "d/c/2/0", "d/c/2/1"]);
    assert.deepEqual(await readBack(path), flat(values));
  });

  it("takes the index location, a big-endian serializer, filters and compressors inside each shard", async () => {
    const values = grid(5, 8, (i, j) => (i - 2) * 1000.5 + j);
    const filters = [{ name: "transpose", configuration: { order: [1, 0] } }];
    const compressors = [{ name: "gzip", configuration: { level: 3 } }];
    const data = new ZarrDataIO(values, { chunks: [1, 4], shards: { shape: [2, 8], index_location: "start" }, serializer: { name: "bytes", configuration: { endian: "big" } }, filters, compressors });
    const path = await writeOne(data, "float64");
    assert.deepEqual(diskArrayMeta(path, "d", 3).codecs[0].configuration, {
      chunk_shape: [1, 4], codecs: [...filters, { name: "bytes", configuration: { endian: "big" } }, ...compressors], index_codecs: INDEX, index_location: "start",
    });
    assert.deepEqual(await readBack(path), flat(values));
  });

  it("\"auto\" shards: two inner chunks along each axis holding more than eight, as zarr-python chooses", async () => {
    const path = await writeOne(new ZarrDataIO(grid(40, 6, (i, j) => i + j), { chunks: [4, 3], shards: "auto" }), "int32");
    assert.deepEqual(diskArrayMeta(path, "d", 3).chunk_grid.configuration.chunk_shape, [8, 3]);
  });

  it("shards without chunks: a warning, and inner chunks that divide the shards", async () => {
    const warnings: string[] = [];
    const listener = (w: Error) => warnings.push(w.message);
    process.on("warning", listener);
    const data = new ZarrDataIO(grid(12, 6, (i, j) => i * j), { shards: [6, 6] });
    await new Promise((r) => setImmediate(r));
    process.off("warning", listener);
    assert.ok(warnings.some((w) => /`shards` without `chunks` is not recommended/.test(w)), warnings.join("\n"));
    const path = await writeOne(data, "int32");
    const meta = diskArrayMeta(path, "d", 3);
    assert.deepEqual([meta.chunk_grid.configuration.chunk_shape, meta.codecs[0].configuration.chunk_shape], [[6, 6], [6, 6]]);
    assert.deepEqual(await readBack(path), flat(grid(12, 6, (i, j) => i * j)));
  });

  it("leaves inner chunks of fill values out, as zarr-python does", async () => {
    const values = grid(8, 4, (i) => (i < 2 ? 5 : 0));
    const path = await writeOne(new ZarrDataIO(values, { chunks: [2, 4], shards: [4, 4] }), "int32");
    // Shard 1 (rows 4–7) holds only zeros, the fill value.
    assert.deepEqual(listFiles(path).filter((f) => f.startsWith("d/c/")), ["d/c/0/0"]);
    assert.deepEqual(await readBack(path), flat(values));
  });
});

describe("refused settings", () => {
  it("a shard shape that is not a multiple of the chunks, or has another rank", () => {
    assert.throws(() => new ZarrDataIO([[1]], { chunks: [2, 3], shards: [4, 5] }), (e: unknown) =>
      e instanceof InvalidArgumentError && /shards \[4,5\]: dimension 1 \(shards\[1\]=5\) must be a multiple of the chunk shape's \(chunks\[1\]=3\)/.test(e.message));
    assert.throws(() => new ZarrDataIO([[1]], { chunks: [2, 3], shards: [4] }), /shards \[4\] have 1 dimensions, the chunks \[2,3\] 2/);
    assert.throws(() => new ZarrDataIO([1], { shards: [0] }), /positive integers/);
    assert.throws(() => new ZarrDataIO([1], { shards: { shape: [4], indexLocation: "middle" as never } }), /must be "start" or "end", not "middle"/);
    assert.throws(() => new ZarrDataIO([1], { shards: { shape: [4], location: "start" } as never }), (e: unknown) =>
      e instanceof InvalidOptionError && /new ZarrDataIO\(\) option 'shards': unknown option 'location'/.test(e.message));
  });

  it("a serializer that is not a codec, unknown, or not the one the type needs", async () => {
    assert.throws(() => new ZarrDataIO([1], { serializer: "bytes" as never }), /serializer "bytes": give a Zarr v3 codec/);
    assert.throws(() => new ZarrDataIO([1], { serializer: { name: "fancy" } }), (e: unknown) => e instanceof UnknownCodecError && /serializer 'fancy'/.test(e.message));
    await assert.rejects(writeOne(new ZarrDataIO(["a", "b"], { serializer: { name: "bytes" } }), "text"), (e: unknown) =>
      e instanceof IncompleteWriteError && /serializer \{"name":"bytes"\}: 'string' values are serialised by 'vlen-utf8'/.test(e.message));
    await assert.rejects(writeOne(new ZarrDataIO([1, 2], { serializer: { name: "bytes", configuration: { endian: "middle" } } }), "int32"),
      /'endian' must be "little" or "big", not "middle"/);
    await assert.rejects(writeOne(new ZarrDataIO([1, 2], { serializer: { name: "vlen-utf8" } }), "int32"),
      /'int32' values are serialised by 'bytes' \(with endian little or big\)/);
  });

  it("codecs that cannot encode the dataset fail before its array exists", async () => {
    const path = join(tmp.make(), "t.zarr");
    const data = new ZarrDataIO([1, 2, 3], { chunks: [1], shards: [3], filters: [{ name: "transpose", configuration: { order: [1, 0] } }] });
    await assert.rejects(writeFile(path, new GroupBuilder("root", { datasets: [new DatasetBuilder("d", data, { dtype: "int32" })] }), 3), (e: unknown) =>
      e instanceof IncompleteWriteError && /the ZarrDataIO codecs \[transpose, bytes, zstd\] cannot encode this 'int32' dataset: .*not a permutation of the 1 chunk axes/.test(e.message));
    assert.deepEqual(listFiles(path).filter((f) => f.startsWith("d/")), []);
  });

  it("a one-byte type drops the byte order, as zarr-python writes it", async () => {
    const path = await writeOne(new ZarrDataIO([1, 2, 250], { serializer: { name: "bytes", configuration: { endian: "big" } } }), "uint8");
    assert.deepEqual(diskArrayMeta(path, "d", 3).codecs[0], { name: "bytes" });
    assert.deepEqual(await readBack(path), [1, 2, 250]);
  });

  const v3Only: [string, ZarrDataIOOptions][] = [["shards", { chunks: [2], shards: [4] }], ["serializer", { serializer: LE }]];
  for (const [option, settings] of v3Only) {
    it(`legacy Zarr v2 writes refuse \`${option}\` (Zarr v2 has none)`, async () => {
      await assert.rejects(writeOne(new ZarrDataIO([1, 2, 3], settings), "int32", 2), (e: unknown) =>
        e instanceof IncompleteWriteError && new RegExp(`legacy Zarr v2 array with ZarrDataIO \`${option}\`: Zarr v2 has no`).test(e.message));
    });
  }

  it("`compressor` without `compressors` in a Zarr v3 write, as hdmf-zarr 0.14 refuses it; legacy writes take it", async () => {
    await assert.rejects(writeOne(new ZarrDataIO([1, 2, 3], { compressor: { id: "zlib", level: 1 } }), "int32"), (e: unknown) =>
      e instanceof IncompleteWriteError && /`compressor` is the compressor of legacy Zarr v2 writes; hdmf-zarr 0.14 replaced it by `compressors`/.test(e.message));
    const path = await writeOne(new ZarrDataIO([1, 2, 3], { compressor: { id: "zlib", level: 1 } }), "int32", 2);
    assert.deepEqual(diskArrayMeta(path, "d", 2).compressor, { id: "zlib", level: 1 });
  });
});

/** int32 values i * 1000 + j over any region. */
class Ramp extends GenericDataChunkIterator {
  constructor(private readonly shape: [number, number], options: ConstructorParameters<typeof GenericDataChunkIterator>[0]) {
    super(options);
  }
  protected getData([r, c]: ChunkSlice[]) {
    return rampBlock(r, c);
  }
  protected getMaxShape() {
    return this.shape;
  }
  protected getDtype() {
    return "int32";
  }
}

describe("iterator writes into shards", () => {
  it("a growing DataChunkIterator, one row at a time (each a part of an inner chunk), appends right", async () => {
    function* rows() {
      for (let i = 0; i < 23; i++) yield Int32Array.from({ length: 6 }, (_, j) => i * 10 + j + 1);
    }
    const data = new ZarrDataIO(new DataChunkIterator({ data: rows(), bufferSize: 3 }), { chunks: [2, 3], shards: [8, 6] });
    const path = await writeOne(data, "int32");
    assert.deepEqual(diskArrayMeta(path, "d", 3).shape, [23, 6]);
    assert.deepEqual(await readBack(path), Array.from({ length: 138 }, (_, k) => Math.floor(k / 6) * 10 + (k % 6) + 1));
  });

  for (const jobs of [1, 2]) {
    it(`buffers not aligned to shards, ${jobs} job(s): every inner chunk lands`, async () => {
      const data = new ZarrDataIO(new Ramp([50, 12], { chunkShape: [5, 4], bufferShape: [15, 8] }), { chunks: [5, 4], shards: [10, 8] });
      const path = await writeOne(data, "int32", 3, jobs);
      assert.deepEqual(await readBack(path), Array.from({ length: 600 }, (_, k) => Math.floor(k / 12) * 1000 + (k % 12)));
    });
  }

  it("buffers of whole shards go to the workers and give the same files as a serial write", async () => {
    const make = () => new ZarrDataIO(new Ramp([60, 16], { chunkShape: [5, 4], bufferShape: [20, 16] }), { chunks: [5, 4], shards: [10, 8] });
    const serial = await writeOne(make(), "int32", 3, 1);
    const parallel = await writeOne(make(), "int32", 3, 2);
    const shards = (p: string) => listFiles(p).filter((f) => f.startsWith("d/c/")).sort();
    assert.deepEqual(shards(parallel), shards(serial));
    assert.equal(shards(serial).length, 12);
    assert.deepEqual(await readBack(parallel), await readBack(serial));
  });
});
