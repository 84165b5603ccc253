/**
 * The block sink of parallel writes: blocks made of whole chunks go to the write workers, at most
 * one per worker at a time (so memory holds about `numberOfJobs` blocks, plus the one being read);
 * a block that covers part of a chunk waits until the workers are idle and is written here, so two
 * writers never touch the same chunk. Only local folders are written from workers; for any other
 * store there is no parallel sink (the writer then writes serially).
 */
import { ChunkLocks, keyLockerOf } from "../../store/file-lock.js";
import { LocalStore } from "../../store/local.js";
import type { ZarrArray } from "../../zarr/array.js";
import { isChunkAligned, serialSink, type BlockSink } from "../../format/write-blocks.js";
import type { BlockWritePool } from "./block-write-pool.js";
import { BoundedTasks } from "./bounded-tasks.js";

export { isChunkAligned };

/** Called with the bytes of values of each block once it is stored. */
export type BlockDone = (bytes: number) => void;

/** A sink writing `array`'s blocks through `pool`, or undefined when the store is not a local folder. */
export function parallelSink(pool: BlockWritePool, array: ZarrArray, onDone?: BlockDone): BlockSink | undefined {
  const store = array.store;
  if (!(store instanceof LocalStore)) return undefined;
  const locker = keyLockerOf(store);
  const locks = locker instanceof ChunkLocks ? locker.folder : undefined;
  if (locker && !locks) return undefined; // a locker workers cannot rebuild: stay on this thread
  pool.warm();
  const here = serialSink(array);
  const tasks = new BoundedTasks(pool.size);
  return {
    async put(block) {
      const bytes = (block.value.data as ArrayLike<unknown> & { byteLength?: number }).byteLength ?? block.value.data.length;
      if (!isChunkAligned(block, array.chunkShape)) {
        await tasks.drain();
        await here.put(block);
        onDone?.(bytes);
        return;
      }
      await tasks.start(async () => {
        await pool.write({ root: store.root, locks, path: array.path, metadata: { ...array.metadata, shape: block.shape.slice(), attributes: {} }, selection: block.selection, value: block.value }, block.owned);
        onDone?.(bytes);
      });
    },
    flush: () => tasks.drain(),
  };
}
