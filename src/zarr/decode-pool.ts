/**
 * A pool of worker threads that decode chunks off the main thread (Node only). Pass it as
 * `decodePool` to `ZarrHierarchy`, `ZarrIO` or `ZarrArray`: large reads of fixed-size numbers
 * decode each chunk in a worker straight into an output held in a SharedArrayBuffer (decode and
 * copy on every core, the main thread only fetches); other reads run just the bytes→bytes stage
 * (decompression) there. Large reads use a pool of this process by default (shared-decode-pool.ts).
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { ChunkDecodeError, HdmfZarrError, InvalidArgumentError, type ErrorLocation } from "../errors.js";
import { rebuildWorkerError, startPackageWorker } from "./worker-start.js";
import type { ByteLimit } from "../store/capped-read.js";
import type { CodecJSON } from "./codecs/types.js";
import type { ChainSpec, ChunkDecoder, DecodeIntoTask } from "./decode-into.js";
import { leastBusySlot, ownsBuffer, type DecodeIntoRequest, type DecodeRequest, type DecodeResponse } from "./decode-protocol.js";

/** Options of {@link DecodePool}. */
export interface DecodePoolOptions {
  /** Number of worker threads. Default `os.availableParallelism()`. */
  size?: number;
}

interface Pending {
  resolve(bytes: Uint8Array | undefined): void;
  reject(err: Error): void;
  /** The array's store and path, given back to errors the worker sends. */
  where?: ErrorLocation;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * Decodes chunk bytes in `size` worker threads. Each worker builds a codec chain once per
 * distinct codec JSON and keeps it. Input bytes that own their whole buffer are moved to the
 * worker, not copied (the caller must not use them afterwards); results are moved back.
 * Idle workers do not keep the process alive; `close()` stops them.
 */
export class DecodePool implements ChunkDecoder {
  /** Number of worker threads. */
  readonly size: number;
  private readonly slots: (Slot | undefined)[];
  private nextId = 1;
  private closed = false;
  /** The JSON text of each chain spec sent (the worker's cache key), made once per spec. */
  private readonly chainTexts = new WeakMap<ChainSpec, string>();

  constructor(options: DecodePoolOptions = {}) {
    const size = options.size ?? availableParallelism();
    if (!Number.isInteger(size) || size < 1) throw new InvalidArgumentError(`decode pool size must be an integer >= 1, got ${size}`);
    this.size = size;
    this.slots = new Array<Slot | undefined>(size).fill(undefined);
  }

  /** Run the bytes→bytes decoders of `codecs` (metadata order; applied in reverse) on `bytes`, each within `limits[i]`. */
  async decodeBytes(codecs: CodecJSON[], bytes: Uint8Array, limits?: readonly ByteLimit[]): Promise<Uint8Array> {
    // Move the buffer when these bytes are all of it; a view into a larger buffer is copied
    // (moving would take the rest of that buffer away from its owner).
    const sent = ownsBuffer(bytes) ? bytes : bytes.slice();
    const out = await this.send((id) => ({ id, chain: JSON.stringify(codecs), bytes: sent, limits }), sent.buffer as ArrayBuffer);
    return out!;
  }

  /**
   * Decode a chunk through its whole chain in a worker and copy its selected part into
   * `task.out`, which must be a view of a SharedArrayBuffer. The chunk's bytes move to the worker
   * when they own their buffer (the caller must not use them afterwards), else a copy of them.
   */
  async decodeInto(task: DecodeIntoTask): Promise<void> {
    if (!(task.out.buffer instanceof SharedArrayBuffer)) throw new InvalidArgumentError("decodeInto needs an output held in a SharedArrayBuffer");
    const { chain: spec, ...rest } = task;
    let chain = this.chainTexts.get(spec);
    if (chain === undefined) this.chainTexts.set(spec, (chain = JSON.stringify(spec)));
    // A view into a larger buffer would take all of that buffer along: it goes as a copy of its own.
    const bytes = ownsBuffer(task.bytes) ? task.bytes : task.bytes.slice();
    await this.send((id): DecodeIntoRequest => ({ id, into: true, chain: chain!, task: { ...rest, bytes } }), bytes.buffer as ArrayBuffer, spec.where);
  }

  /** Post the request `make(id)` to the least busy worker, moving `transfer`; resolves with the worker's bytes, if any. */
  private send(make: (id: number) => DecodeRequest | DecodeIntoRequest, transfer?: ArrayBuffer, where?: ErrorLocation): Promise<Uint8Array | undefined> {
    if (this.closed) return Promise.reject(new InvalidArgumentError("the decode pool is closed"));
    const slot = this.leastBusy();
    const id = this.nextId++;
    return new Promise<Uint8Array | undefined>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject, where });
      if (slot.pending.size === 1) slot.worker.ref();
      try {
        slot.worker.postMessage(make(id), transfer ? [transfer] : []);
      } catch (err) {
        this.settle(slot, id);
        reject(new ChunkDecodeError(`cannot send a chunk to a decode worker: ${(err as Error).message}`, {}, { cause: err }));
      }
    });
  }

  /** Stop every worker; pending decodes fail. The pool cannot be used afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0, this.slots.length);
    await Promise.all(slots.map(async (slot) => {
      if (!slot) return;
      this.failAll(slot, new InvalidArgumentError("the decode pool was closed"));
      await slot.worker.terminate();
    }));
  }

  private leastBusy(): Slot {
    return leastBusySlot(this.slots, (i) => this.spawn(i));
  }

  private spawn(index: number): Slot {
    const worker = startPackageWorker(__dirname, "decode-worker", __filename.endsWith(".ts"));
    const slot: Slot = { worker, pending: new Map() };
    worker.unref();
    worker.on("message", (msg: DecodeResponse) => {
      const task = this.settle(slot, msg.id);
      if (!task) return;
      if (msg.ok) task.resolve(msg.bytes);
      else task.reject(rebuildWorkerError(msg.name, msg.message, (m) => new ChunkDecodeError(`decompression failed in a worker: ${m}`, task.where ?? {}), task.where));
    });
    // A worker that dies takes its pending chunks with it; the next request starts a new one.
    const fail = (err: Error) => {
      if (this.slots[index] === slot) this.slots[index] = undefined;
      this.failAll(slot, err instanceof HdmfZarrError ? err : new ChunkDecodeError(`decode worker failed: ${err.message}`, {}, { cause: err }));
    };
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (slot.pending.size > 0) fail(new ChunkDecodeError(`decode worker exited with code ${code}`));
      else if (this.slots[index] === slot) this.slots[index] = undefined;
    });
    return slot;
  }

  private settle(slot: Slot, id: number): Pending | undefined {
    const task = slot.pending.get(id);
    slot.pending.delete(id);
    if (slot.pending.size === 0) slot.worker.unref();
    return task;
  }

  private failAll(slot: Slot, err: Error): void {
    const tasks = [...slot.pending.values()];
    slot.pending.clear();
    slot.worker.unref();
    for (const t of tasks) t.reject(err);
  }
}
