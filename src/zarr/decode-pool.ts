/**
 * A pool of worker threads that run the bytes→bytes stage of chunk decoding (decompression)
 * off the main thread (Node only). Pass it as `decodePool` to `ZarrHierarchy`, `ZarrIO` or
 * `ZarrArray`; while one chunk decompresses in a worker, the main thread fetches and copies others.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { ChunkDecodeError, HdmfZarrError, InvalidArgumentError } from "../errors.js";
import { rebuildWorkerError, startPackageWorker } from "./worker-start.js";
import type { ByteLimit } from "../store/capped-read.js";
import type { ChunkDecoder } from "./array.js";
import type { CodecJSON } from "./codecs/types.js";
import type { DecodeRequest, DecodeResponse } from "./decode-worker.js";

/** Options of {@link DecodePool}. */
export interface DecodePoolOptions {
  /** Number of worker threads. Default `os.availableParallelism()`. */
  size?: number;
}

interface Pending {
  resolve(bytes: Uint8Array): void;
  reject(err: Error): void;
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

  constructor(options: DecodePoolOptions = {}) {
    const size = options.size ?? availableParallelism();
    if (!Number.isInteger(size) || size < 1) throw new InvalidArgumentError(`decode pool size must be an integer >= 1, got ${size}`);
    this.size = size;
    this.slots = new Array<Slot | undefined>(size).fill(undefined);
  }

  /** Run the bytes→bytes decoders of `codecs` (metadata order; applied in reverse) on `bytes`, each within `limits[i]`. */
  decodeBytes(codecs: CodecJSON[], bytes: Uint8Array, limits?: readonly ByteLimit[]): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new InvalidArgumentError("the decode pool is closed"));
    const slot = this.leastBusy();
    const id = this.nextId++;
    // Move the buffer when these bytes are all of it; a view into a larger buffer is copied
    // (moving would take the rest of that buffer away from its owner).
    const whole = bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    const sent = whole ? bytes : bytes.slice();
    return new Promise<Uint8Array>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      if (slot.pending.size === 1) slot.worker.ref();
      try {
        slot.worker.postMessage({ id, chain: JSON.stringify(codecs), bytes: sent, limits } satisfies DecodeRequest, [sent.buffer as ArrayBuffer]);
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
    let best = -1;
    let load = Infinity;
    for (let i = 0; i < this.size; i++) {
      const n = this.slots[i]?.pending.size ?? 0;
      if (n < load) {
        best = i;
        load = n;
      }
      if (n === 0) break;
    }
    return (this.slots[best] ??= this.spawn(best));
  }

  private spawn(index: number): Slot {
    const worker = startPackageWorker(__dirname, "decode-worker", __filename.endsWith(".ts"));
    const slot: Slot = { worker, pending: new Map() };
    worker.unref();
    worker.on("message", (msg: DecodeResponse) => {
      const task = this.settle(slot, msg.id);
      if (!task) return;
      if (msg.ok) task.resolve(msg.bytes);
      else task.reject(rebuildWorkerError(msg.name, msg.message, (m) => new ChunkDecodeError(`decompression failed in a worker: ${m}`)));
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
