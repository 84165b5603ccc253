/**
 * `numberOfJobs` of a write: the worker pool a write uses for its block sources, created on the
 * first source that can use it and stopped when the write ends. With one job (the default)
 * nothing changes: blocks are written on the main thread.
 *
 * How work reaches the workers: hdmf-zarr pickles the iterator into each worker process, which
 * then reads its own buffers. Here the iterator stays on the main thread: it reads each buffer,
 * and the buffer's memory is moved (transferred, not copied) to a worker, which encodes and
 * stores its chunks. So any block source works in parallel — a GenericDataChunkIterator
 * subclass needs no module path or serialisable arguments, and HDF5 export blocks qualify too —
 * and a worker starts in about 0.7 s (measured under tsx; less from the build). The cost: reading
 * (`getData`) is not parallel; compression and file writes, the larger part of a write, are.
 *
 * Arrays copied from a Zarr file (an export's, or a dataset whose data is an array of another
 * file) go to the same workers (copy-sink.ts): this thread reads their stored chunks, the workers
 * decode them and encode the new ones. Stored chunk bytes copied as they are (same format, codecs
 * and chunks) and converting copies (references, object arrays) stay on this thread.
 */
import type { BlockSink, BlockWriteContext } from "../../format/write-blocks.js";
import type { BlockCopier, CopyWriteContext } from "../../format/copy-array.js";
import type { ZarrArray } from "../../zarr/array.js";
import { BlockWritePool } from "./block-write-pool.js";
import { copySink } from "./copy-sink.js";
import { parallelSink } from "./parallel-sink.js";

/** The parallel-write options of `ZarrIO.write` and `writeBuilder` (hdmf-zarr's names in camelCase). */
export interface ParallelWriteOptions {
  /** Worker threads writing block sources (GenericDataChunkIterator buffers, HDF5 blocks) and arrays copied from Zarr files; default 1. */
  numberOfJobs?: number;
  /** Chunks each worker encodes and stores at once; default 4. */
  maxThreadsPerProcess?: number;
}

/** A `blockSink` and a `blockCopier` for a write context, and `close()` to stop their workers afterwards. */
export function writeJobs(options: ParallelWriteOptions): {
  blockSink?: BlockWriteContext["blockSink"];
  blockCopier?: CopyWriteContext["blockCopier"];
  close(): Promise<void>;
} {
  const jobs = options.numberOfJobs ?? 1;
  if (jobs <= 1) return { close: async () => {} };
  let pool: BlockWritePool | undefined;
  const started = () => (pool ??= new BlockWritePool({ size: jobs, maxThreadsPerProcess: options.maxThreadsPerProcess }));
  return {
    blockSink: (array): BlockSink | undefined => parallelSink(started(), array),
    blockCopier: (source: ZarrArray, dest: ZarrArray): BlockCopier | undefined => copySink(started(), source, dest),
    close: async () => {
      await pool?.close();
    },
  };
}
