/**
 * `numberOfJobs` of an export whose arrays come from a Zarr source: blocks that decode and encode
 * (a change of format or of codecs) go to the write workers, and the new store is byte for byte
 * the one a serial export writes, for v3 and v2 sources, sharded sources and filters, and for an
 * array of another file written with new shards. At most numberOfJobs blocks are in flight. A
 * chunk that fails to decode in a worker fails the export as it does serially: the same typed
 * error, naming the store, the array and the chunk, and the same objects left incomplete.
 */
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  ChunkDecodeError, DatasetBuilder, GroupBuilder, IncompleteWriteError, InvalidOptionError, MemoryStore, ZarrDataIO, ZarrDataset, ZarrIO,
} from "../../../src/index.js";
import { readJson } from "../../helpers/json-files.js";
import { BlockWritePool } from "../../../src/io/parallel/block-write-pool.js";
import { chunkFile, snapshot, type Format } from "../../helpers/store-files.js";
import { tempFolders } from "../../helpers/temp-folders.js";
import { values, writeFile } from "../../helpers/zarr-files.js";

const tmp = tempFolders("export-parallel-copy");
after(() => tmp.cleanup());

/** 60 × 50 float32 values: every one distinct, so a block in the wrong place shows. */
const floats = Float32Array.from({ length: 60 * 50 }, (_, i) => Math.sin(i) * 1000 + i / 7);
/** 200 int32 values that a delta filter shrinks. */
const ints = Int32Array.from({ length: 200 }, (_, i) => 3 * i - 100);

/** A source file: a chunked float32 array (edge chunks), a filtered int32 array, a sharded one (v3), and one with missing chunks. */
async function writeSource(path: string, format: Format): Promise<void> {
  const zstd = format === 3 ? { compressors: [{ name: "zstd", configuration: { level: 3, checksum: false } }] } : { compressor: { id: "zstd", level: 3 } };
  const datasets = [
    new DatasetBuilder("floats", new ZarrDataIO({ dtype: { kind: "numeric", name: "float32", endian: "little" }, shape: [60, 50], data: floats }, { chunks: [16, 20], ...zstd })),
    // zlib/gzip are left out: from the TypeScript sources (tsx) a worker cannot load their Node backend.
    new DatasetBuilder("filtered", new ZarrDataIO(ints, format === 3
      ? { chunks: [30], arrayCodecs: [{ name: "numcodecs.delta", configuration: { dtype: "<i4" } }], ...zstd }
      : { chunks: [30], filters: [{ id: "delta", dtype: "<i4" }, { id: "shuffle", elementsize: 4 }], ...zstd })),
    // Only the first 40 of 400 values set; most chunks past them are removed below.
    new DatasetBuilder("sparse", new ZarrDataIO(Float64Array.from({ length: 400 }, (_, i) => (i < 40 ? i + 0.5 : 0)), { chunks: [25], fillValue: 0, ...zstd })),
  ];
  if (format === 3) {
    datasets.push(new DatasetBuilder("sharded", new ZarrDataIO(ints, { chunks: [10], shards: { shape: [40], indexLocation: "end" }, ...zstd })));
  }
  const io = new ZarrIO(path, "w", { zarrFormat: format });
  await io.writeBuilder(new GroupBuilder("root", { datasets }));
  await io.close();
  // The writer stores every chunk; a missing one reads as the fill value (as zarr-python leaves them).
  for (let i = 2; i < 16; i++) rmSync(chunkFile(path, "sparse", format, [i]));
}

/** Export `src` into a new folder of `format` with `jobs` jobs; how many blocks went to workers. */
async function exportWith(src: string, format: Format, jobs: number): Promise<{ dest: string; copied: number }> {
  const original = BlockWritePool.prototype.copy;
  let copied = 0;
  BlockWritePool.prototype.copy = function (this: BlockWritePool, ...args: Parameters<typeof original>) {
    copied++;
    return original.apply(this, args);
  };
  const dest = join(tmp.make(), "dest.zarr");
  try {
    const source = new ZarrIO(src, "r");
    await new ZarrIO(dest, "w", { zarrFormat: format }).export(source, jobs > 1 ? { numberOfJobs: jobs } : {});
    await source.close();
  } finally {
    BlockWritePool.prototype.copy = original;
  }
  return { dest, copied };
}

describe("export of a Zarr source with numberOfJobs", () => {
  for (const [from, to] of [[3, 2], [2, 3]] as const) {
    it(`v${from} → v${to}: blocks are decoded and encoded in workers; the store is byte for byte the serial one`, async () => {
      const src = join(tmp.make(), "src.zarr");
      await writeSource(src, from);
      const serial = await exportWith(src, to, 1);
      const parallel = await exportWith(src, to, 2);
      assert.equal(serial.copied, 0);
      // floats: 4 × 3 chunks of 1280 B, one block; filtered: one block; sparse: one block; sharded: one block.
      assert.equal(parallel.copied, from === 3 ? 4 : 3);
      const files = snapshot(parallel.dest);
      assert.deepEqual(files, snapshot(serial.dest));
      const io = new ZarrIO(parallel.dest, "r");
      assert.deepEqual(await values(io, "/floats", { raw: true }), Array.from(floats));
      assert.deepEqual(await values(io, "/filtered", { raw: true }), Array.from(ints));
      assert.deepEqual(await values(io, "/sparse", { raw: true }), Array.from({ length: 400 }, (_, i) => (i < 40 ? i + 0.5 : 0)));
      if (from === 3) assert.deepEqual(await values(io, "/sharded", { raw: true }), Array.from(ints));
      await io.close();
    });
  }

  it("an array of another file written with new shards: whole shards are encoded in workers, byte for byte the serial ones", async () => {
    const src = join(tmp.make(), "src.zarr");
    await writeSource(src, 2);
    const stores: Map<string, string>[] = [];
    for (const jobs of [1, 2]) {
      const source = new ZarrIO(src, "r");
      const builder = await source.getBuilder("/filtered");
      assert.ok(builder instanceof DatasetBuilder && builder.data instanceof ZarrDataset);
      const data = builder.data;
      const sharded = new DatasetBuilder("sharded", new ZarrDataIO(data, { chunks: [10], shards: { shape: [40], indexLocation: "end" }, linkData: false }));
      const dest = join(tmp.make(), "dest.zarr");
      const original = BlockWritePool.prototype.copy;
      let copied = 0;
      BlockWritePool.prototype.copy = function (this: BlockWritePool, ...args: Parameters<typeof original>) {
        copied++;
        return original.apply(this, args);
      };
      try {
        await writeFile(dest, new GroupBuilder("root", { datasets: [sharded] }), 3, { numberOfJobs: jobs });
      } finally {
        BlockWritePool.prototype.copy = original;
      }
      await source.close();
      assert.equal(copied, jobs === 1 ? 0 : 1);
      const meta = readJson(join(dest, "sharded", "zarr.json"));
      assert.deepEqual([meta.chunk_grid.configuration.chunk_shape, meta.codecs[0].name, meta.codecs[0].configuration.chunk_shape], [[40], "sharding_indexed", [10]]);
      const back = new ZarrIO(dest, "r");
      assert.deepEqual(await values(back, "/sharded", { raw: true }), Array.from(ints));
      await back.close();
      stores.push(snapshot(dest));
    }
    assert.deepEqual(stores[1], stores[0]);
  });

  it("at most numberOfJobs blocks are in the workers at once; each source shard is read and sent once", async () => {
    const src = join(tmp.make(), "src.zarr");
    // Three shards of 8 MiB holding inner chunks of 1 MiB: blocks of 4 MiB would split each shard in two.
    const big = Float64Array.from({ length: 3 * 1048576 }, (_, i) => i % 1000);
    const io = new ZarrIO(src, "w");
    await io.writeBuilder(new GroupBuilder("root", { datasets: [new DatasetBuilder("big", new ZarrDataIO(big, {
      chunks: [131072], shards: { shape: [1048576], indexLocation: "end" }, compressors: [{ name: "zstd", configuration: { level: 1, checksum: false } }],
    }))] }));
    await io.close();
    const original = BlockWritePool.prototype.copy;
    let busy = 0;
    let most = 0;
    const sent: string[] = [];
    BlockWritePool.prototype.copy = async function (this: BlockWritePool, ...args: Parameters<typeof original>) {
      most = Math.max(most, ++busy);
      sent.push(...args[0].source.chunks.map(([key]) => key));
      try {
        return await original.apply(this, args);
      } finally {
        busy--;
      }
    };
    const dest = join(tmp.make(), "dest.zarr");
    try {
      const source = new ZarrIO(src, "r");
      await new ZarrIO(dest, "w", { zarrFormat: 2 }).export(source, { numberOfJobs: 2 });
      await source.close();
    } finally {
      BlockWritePool.prototype.copy = original;
    }
    assert.equal(most, 2);
    // Two jobs read shards side by side: the order they are sent in is theirs, each is sent once.
    assert.deepEqual([...sent].sort(), ["big/c/0", "big/c/1", "big/c/2"]);
    const back = new ZarrIO(dest, "r");
    assert.deepEqual(await values(back, "/big", { raw: true }), Array.from(big));
    await back.close();
  });

  it("a chunk that does not decode in a worker fails the export as serially: the same typed error and files", async () => {
    const src = join(tmp.make(), "src.zarr");
    await writeSource(src, 2);
    writeFileSync(chunkFile(src, "floats", 2, [1, 1]), Buffer.from("not zstd at all"));
    const failures = [];
    for (const jobs of [1, 2]) {
      const err = await exportWith(src, 3, jobs).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof IncompleteWriteError, String(err));
      const cause = err.cause;
      assert.ok(cause instanceof ChunkDecodeError, String(cause));
      assert.equal(cause.store, src);
      assert.equal(cause.path, "/floats");
      assert.match(cause.message, /chunk 'floats\/1\.1'/);
      failures.push({ message: cause.message, incomplete: err.incomplete });
    }
    assert.deepEqual(failures[1], failures[0]);
  });

  it("refuses a numberOfJobs that is not a whole number >= 1, one given in writeArgs, one for a store not in a folder, and maxThreadsPerProcess alone", async () => {
    const src = join(tmp.make(), "src.zarr");
    await writeSource(src, 3);
    const source = new ZarrIO(src, "r");
    for (const bad of [0, 1.5, -2]) {
      await assert.rejects(new ZarrIO(join(tmp.make(), "d.zarr"), "w").export(source, { numberOfJobs: bad }),
        (e: unknown) => e instanceof InvalidOptionError && e.option === "numberOfJobs" && e.message.includes(`numberOfJobs must be an integer >= 1, got ${bad}`));
    }
    await assert.rejects(new ZarrIO(join(tmp.make(), "d.zarr"), "w").export(source, { writeArgs: { numberOfJobs: 2 } as never }),
      (e: unknown) => e instanceof InvalidOptionError && /option 'numberOfJobs' is not supported: it is an option of export\(\) itself/.test(e.message));
    await assert.rejects(new ZarrIO(join(tmp.make(), "d.zarr"), "w").export(source, { maxThreadsPerProcess: 2 }),
      (e: unknown) => e instanceof InvalidOptionError && e.option === "maxThreadsPerProcess" && /there are no workers without numberOfJobs > 1/.test(e.message));
    await assert.rejects(new ZarrIO(new MemoryStore(), "w").export(source, { numberOfJobs: 2 }),
      (e: unknown) => e instanceof InvalidOptionError && /numberOfJobs 2 needs a destination in a local folder/.test(e.message));
    await source.close();
  });
});
