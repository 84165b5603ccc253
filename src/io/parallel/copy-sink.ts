/**
 * The block copier of parallel exports (Node only): a plain copy of an array of a Zarr source
 * (format/copy-array.ts) sends each block to the write workers with the stored source chunks it
 * covers; a worker decodes them and encodes and stores the block's chunks in the new array. This
 * thread only reads stored bytes, so any source store works (local, HTTP, S3, zip, memory); the
 * destination must be a local folder, as for parallel block writes (parallel-sink.ts).
 *
 * Memory: at most `numberOfJobs` blocks are in flight (their stored chunks being read here, or in
 * a worker). A block holds about 4 MiB of values, at least one destination chunk, and one whole
 * source chunk (shard) when those hold whole destination chunks (copy-array.ts), so that each is
 * read once; it costs its stored source chunks (whole shards, for a sharded source), and in its
 * worker the values decoded and the chunks encoded. With 8 MiB float32 chunks and 2 jobs: about
 * 2 × (8 MiB stored + 8 MiB values + 8 MiB encoded), under 50 MiB of data.
 * A block not made of whole destination chunks (chunks set apart from shards) waits until the
 * workers are idle and is copied on this thread, so two writers never touch one chunk.
 */
import { ChunkLocks, keyLockerOf } from "../../store/file-lock.js";
import { LocalStore } from "../../store/local.js";
import type { ZarrArray } from "../../zarr/array.js";
import type { Slice } from "../../zarr/indexing.js";
import { chunksOf, type BlockCopier } from "../../format/copy-array.js";
import type { BlockWritePool } from "./block-write-pool.js";
import { BoundedTasks } from "./bounded-tasks.js";
import { isChunkAligned } from "./parallel-sink.js";

/** The stored chunks of `source` a block covers, as store keys and bytes (missing chunks left out). */
async function storedChunks(source: ZarrArray, selection: Slice[]): Promise<[string, Uint8Array][]> {
  const out: [string, Uint8Array][] = [];
  for (const coords of chunksOf(selection, source.chunkShape)) {
    const bytes = await source.getStoredChunk(coords);
    if (bytes !== undefined) out.push([source.chunkKey(coords), bytes]);
  }
  return out;
}

/** A copier of `source` into `dest` through `pool`, or undefined when `dest` is not in a local folder. */
export function copySink(pool: BlockWritePool, source: ZarrArray, dest: ZarrArray): BlockCopier | undefined {
  const store = dest.store;
  if (!(store instanceof LocalStore)) return undefined;
  const locker = keyLockerOf(store);
  const locks = locker instanceof ChunkLocks ? locker.folder : undefined;
  if (locker && !locks) return undefined; // a locker workers cannot rebuild: stay on this thread
  const metadata = { ...dest.metadata, attributes: {} };
  const from = { description: source.store.description, path: source.path, metadata: { ...source.metadata, attributes: {} }, maxChunkBytes: source.maxChunkBytes };
  const tasks = new BoundedTasks(pool.size);
  return {
    async put(selection) {
      if (!isChunkAligned({ selection, shape: dest.shape }, dest.chunkShape)) {
        await tasks.drain();
        await dest.set(selection, await source.get(selection));
        return;
      }
      // The block's stored chunks are read once it has a place: they count among the blocks in flight.
      await tasks.start(async () => {
        const chunks = await storedChunks(source, selection);
        await pool.copy({ root: store.root, locks, path: dest.path, metadata, selection, source: { ...from, chunks } });
      });
    },
    flush: () => tasks.drain(),
  };
}
