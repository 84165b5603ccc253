/**
 * Worker threads that write blocks of arrays into a local store (Node only): the parallel half
 * of `ZarrIO.write(container, { numberOfJobs })`, hdmf-zarr's ProcessPoolExecutor in threads.
 * A block whose values are its own is moved to a worker (its buffer transferred, not copied), so
 * the caller must not use those values after sending them; other values are copied first.
 */
import type { Worker } from "node:worker_threads";
import { HdmfZarrError, InvalidArgumentError, UnsupportedWriteError } from "../../errors.js";
import type { TypedArray } from "../../zarr/dtype.js";
import { rebuildWorkerError, startPackageWorker } from "../../zarr/worker-start.js";
import type { BlockCopyRequest, BlockWriteRequest, BlockWriteResponse } from "./block-write-worker.js";

/** Options of {@link BlockWritePool}. */
export interface BlockWritePoolOptions {
  /** Worker threads (hdmf-zarr's `number_of_jobs`). */
  size: number;
  /** Chunks each worker encodes and stores at once (hdmf-zarr's `max_threads_per_process`); default 4. */
  maxThreadsPerProcess?: number;
}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve(): void; reject(e: Error): void }>;
}

/** A fixed set of write workers; each request goes to the least busy one. */
export class BlockWritePool {
  readonly size: number;
  readonly concurrency: number;
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: BlockWritePoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new InvalidArgumentError(`numberOfJobs must be an integer >= 1, got ${options.size}`);
    this.size = options.size;
    this.concurrency = options.maxThreadsPerProcess ?? 4;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new InvalidArgumentError(`maxThreadsPerProcess must be an integer >= 1, got ${options.maxThreadsPerProcess}`);
  }

  /** Requests not yet answered, over all workers. */
  get busy(): number {
    return this.slots.reduce((n, s) => n + s.pending.size, 0);
  }

  /**
   * Start every worker now, so that they load the package while the caller reads its first
   * block (otherwise each starts with the first block sent to it).
   */
  warm(): void {
    while (!this.closed && this.slots.length < this.size) this.spawn();
  }

  /**
   * Write one block in a worker; resolves once it is stored. With `owned` (the block's values are
   * its own: see PreparedBlock) a typed array spanning its whole buffer is moved to the worker (the
   * caller's array is detached); any other typed array is copied (its own bytes only, not the rest
   * of a larger buffer it views) and the copy moved, so the caller's array stays as it was.
   */
  write(request: Omit<BlockWriteRequest, "id" | "concurrency">, owned = false): Promise<void> {
    const data = request.value.data;
    if (!ArrayBuffer.isView(data) || data instanceof DataView || !(data.buffer instanceof ArrayBuffer)) return this.send(request, []);
    const typed = data as TypedArray;
    const whole = typed.byteOffset === 0 && typed.byteLength === typed.buffer.byteLength;
    const moved = owned && whole ? typed : typed.slice();
    return this.send({ ...request, value: { ...request.value, data: moved } }, [moved.buffer as ArrayBuffer]);
  }

  /**
   * Decode a block from the stored source chunks sent, and write it, in a worker; resolves once it
   * is stored. The chunks' bytes are copied to the worker (they may be a store's own buffers).
   */
  copy(request: Omit<BlockCopyRequest, "id" | "concurrency">): Promise<void> {
    return this.send(request, []);
  }

  private send(request: Omit<BlockWriteRequest, "id" | "concurrency"> | Omit<BlockCopyRequest, "id" | "concurrency">, transfer: ArrayBuffer[]): Promise<void> {
    if (this.closed) return Promise.reject(new InvalidArgumentError("the write pool is closed"));
    const slot = this.leastBusy();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      try {
        slot.worker.postMessage({ ...request, id, concurrency: this.concurrency }, transfer);
      } catch (err) {
        slot.pending.delete(id);
        reject(new UnsupportedWriteError(`cannot send a block to a write worker: ${(err as Error).message}`, {}, { cause: err }));
      }
    });
  }

  /** Stop the workers (after the writes in flight have finished or failed). */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private leastBusy(): Slot {
    if (this.slots.length < this.size) {
      const idle = this.slots.find((s) => s.pending.size === 0);
      if (idle) return idle;
      return this.spawn();
    }
    return this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startPackageWorker(__dirname, "block-write-worker", __filename.endsWith(".ts")), pending: new Map() };
    slot.worker.on("message", (msg: BlockWriteResponse) => {
      const task = slot.pending.get(msg.id);
      slot.pending.delete(msg.id);
      if (!task) return;
      if (msg.ok) task.resolve();
      else task.reject(rebuildWorkerError(msg.name, msg.message, (m) => new UnsupportedWriteError(`a write worker failed: ${m}`), { store: msg.store, path: msg.path }));
    });
    const fail = (err: Error) => {
      const tasks = [...slot.pending.values()];
      slot.pending.clear();
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      for (const t of tasks) t.reject(err instanceof HdmfZarrError ? err : new UnsupportedWriteError(`a write worker failed: ${err.message}`, {}, { cause: err }));
    };
    slot.worker.on("error", fail);
    slot.worker.on("exit", (code) => {
      if (slot.pending.size > 0) fail(new UnsupportedWriteError(`a write worker exited with code ${code}`));
    });
    this.slots.push(slot);
    return slot;
  }
}
