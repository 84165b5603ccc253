/**
 * hdmf-zarr's ZarrIODataChunkIteratorQueue: the data chunk iterators of a write made with
 * `exhaustDci: false`. Each dataset is created when the writer reaches it, without reading a
 * block; its iterator waits here, and `exhaustQueue()` then writes the blocks of all of them in
 * turn (one block of the first, one of the second, …, round-robin as hdmf-zarr does with one
 * job), before the write's links, reference attributes and consolidated metadata. A dataset
 * stays marked incomplete (zarr/incomplete.ts) until its last block is stored, so one whose
 * iterator was never exhausted is refused by readers instead of reading as fill values.
 */
import type { BlockSource } from "../data/index.js";
import type { BlockWrite } from "../format/write-blocks.js";
import type { ParallelWriteOptions } from "./parallel/write-jobs.js";

/** One queued dataset, as iteration over the queue gives it. */
export interface QueuedDataset {
  /** Path of the dataset's array in its store. */
  dataset: string;
  /** The iterator (or other block source) whose blocks are still to be written. */
  data: BlockSource;
}

interface Entry {
  write: BlockWrite;
  complete: () => Promise<void>;
}

/**
 * The queue of data chunk iterators waiting to be written (hdmf-zarr's
 * `ZarrIODataChunkIteratorQueue`). ZarrIO makes one for each `write`, `writeBuilder` and
 * `export` with `exhaustDci: false` and exhausts it before the write ends; the worker threads of
 * `numberOfJobs` store the blocks, as they do for every block source.
 */
export class ZarrIODataChunkIteratorQueue implements Iterable<QueuedDataset> {
  /** Worker threads storing the blocks (hdmf-zarr's `number_of_jobs`; the write's pool does the work). */
  readonly numberOfJobs: number;
  /** Chunks each worker stores at once (hdmf-zarr's `max_threads_per_process`). */
  readonly maxThreadsPerProcess: number | undefined;
  private readonly entries: Entry[] = [];

  constructor(options: ParallelWriteOptions = {}) {
    this.numberOfJobs = options.numberOfJobs ?? 1;
    this.maxThreadsPerProcess = options.maxThreadsPerProcess;
  }

  /** Datasets still waiting for blocks. */
  get length(): number {
    return this.entries.length;
  }

  /**
   * Queue a started block write (its array created, no block read yet); `complete` runs once its
   * last block is stored (it takes the dataset's incomplete mark off).
   */
  append(write: BlockWrite, complete: () => Promise<void> = async () => {}): void {
    this.entries.push({ write, complete });
  }

  /**
   * Write every queued dataset: one block of each in turn until all are exhausted (hdmf-zarr's
   * round-robin). If a block fails, the other queued writes are stopped and stay in the file
   * marked incomplete, and the error is raised.
   */
  async exhaustQueue(): Promise<void> {
    while (this.entries.length > 0) {
      const entry = this.entries.shift()!;
      try {
        if (await entry.write.step()) this.entries.push(entry);
        else await entry.complete();
      } catch (err) {
        await entry.write.abort();
        await this.abort();
        throw err;
      }
    }
  }

  /** Stop every queued write without writing more; their datasets stay marked incomplete. */
  async abort(): Promise<void> {
    const entries = this.entries.splice(0);
    for (const { write } of entries) await write.abort();
  }

  *[Symbol.iterator](): Iterator<QueuedDataset> {
    for (const { write } of this.entries) yield { dataset: write.path, data: write.source };
  }
}
