/**
 * A pool of Web Workers that decode chunks off a page's main thread (the browser's `DecodePool`).
 * Where the page is cross-origin isolated, large reads of fixed-size numbers decode each chunk in
 * a worker straight into an output held in a SharedArrayBuffer (decode and copy in the workers;
 * the main thread only fetches). Passed as `decodePool` it also runs the bytes→bytes stage
 * (decompression) of other reads, sending each decoded chunk back: that works in any page.
 * Nothing here is Node-only; the workers run browser-decode-worker.ts, bundled by the app.
 */
import { ChunkDecodeError, InvalidArgumentError, type ErrorLocation } from "../errors.js";
import type { ByteLimit } from "../store/capped-read.js";
import type { CodecJSON } from "./codecs/types.js";
import type { ChainSpec, ChunkDecoder, DecodeIntoTask } from "./decode-into.js";
import { leastBusySlot, ownsBuffer, type DecodeIntoRequest, type DecodeRequest, type DecodeResponse } from "./decode-protocol.js";
import { rebuildWorkerError } from "./worker-error.js";

/** What the pool reads of a worker's events: a message's data, an error's message. */
export interface WorkerEventLike {
  data?: unknown;
  message?: string;
  preventDefault?(): void;
}

/** The part of a Web Worker the pool uses (this code compiles without the DOM's types). */
export interface WebWorkerLike {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  terminate(): void;
  addEventListener(type: "message" | "error" | "messageerror", listener: (event: WorkerEventLike) => void): void;
}

/**
 * Where the workers come from: a function that starts one (e.g. `() => new Worker(new
 * URL("./decode-worker.js", import.meta.url), { type: "module" })` for an app's worker file that
 * imports browser-decode-worker.ts: webpack 5, rspack and vite bundle it), or the URL of
 * browser-decode-worker.ts bundled as an ES module (esbuild: a second entry point), started as a
 * module worker.
 */
export type BrowserWorkerSource = (() => WebWorkerLike) | URL | string;

/** Options of {@link BrowserDecodePool}. */
export interface BrowserDecodePoolOptions {
  /** Where the workers come from. */
  worker: BrowserWorkerSource;
  /** Number of workers. Default {@link defaultBrowserPoolSize}. */
  size?: number;
}

/** The most workers a default-sized pool starts: beyond this, fetching on the main thread is the limit. */
export const MAX_BROWSER_DECODE_WORKERS = 8;

/** One worker per logical core the browser reports (`navigator.hardwareConcurrency`; 2 when unknown), at most {@link MAX_BROWSER_DECODE_WORKERS}. */
export function defaultBrowserPoolSize(cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency): number {
  const n = typeof cores === "number" && Number.isInteger(cores) && cores >= 1 ? cores : 2;
  return Math.min(n, MAX_BROWSER_DECODE_WORKERS);
}

interface Pending {
  resolve(bytes: Uint8Array | undefined): void;
  reject(err: Error): void;
  /** The array's store and path, given back to errors the worker sends. */
  where?: ErrorLocation;
  /** A chunk decoded into a shared output (`decodeInto`), not sent back. */
  into: boolean;
}

interface Slot {
  worker: WebWorkerLike;
  pending: Map<number, Pending>;
}

/** What a pool has decoded so far, for benchmarks and for telling which path a read took. */
export interface BrowserDecodeStats {
  /** Chunks decoded by workers straight into a shared output. */
  chunksInto: number;
  /** Chunks decompressed by workers and sent back. */
  chunksBack: number;
  /** Workers started. */
  workersStarted: number;
}

/**
 * Decodes chunk bytes in `size` Web Workers, started on the first chunk sent (never for reads
 * that decode on the main thread). Each worker builds a codec chain once per distinct codec JSON
 * and keeps it. Input bytes that own their whole buffer are moved to the worker, not copied (the
 * caller must not use them afterwards); decoded bytes are moved back. Decoders keep their memory
 * caps in the worker (the same chain, the same limits); a worker's error comes back as the same
 * typed error, naming the store, the array and the chunk. `close()` stops the workers.
 */
export class BrowserDecodePool implements ChunkDecoder {
  /** Number of workers. */
  readonly size: number;
  /** Counts of what the workers did. */
  readonly stats: BrowserDecodeStats = { chunksInto: 0, chunksBack: 0, workersStarted: 0 };
  private readonly source: BrowserWorkerSource;
  private readonly slots: (Slot | undefined)[];
  private nextId = 1;
  private closed = false;
  /** The JSON text of each chain spec sent (the worker's cache key), made once per spec. */
  private readonly chainTexts = new WeakMap<ChainSpec, string>();

  constructor(options: BrowserDecodePoolOptions) {
    const size = options.size ?? defaultBrowserPoolSize();
    if (!Number.isInteger(size) || size < 1) throw new InvalidArgumentError(`browser decode pool size must be an integer >= 1, got ${size}`);
    const source = options.worker;
    if (typeof source !== "function" && typeof source !== "string" && !(source instanceof URL)) {
      throw new InvalidArgumentError("browser decode pool: `worker` must be a function that starts a Worker, or the URL of the bundled worker script");
    }
    this.size = size;
    this.source = source;
    this.slots = new Array<Slot | undefined>(size).fill(undefined);
  }

  /** Run the bytes→bytes decoders of `codecs` (metadata order; applied in reverse) on `bytes`, each within `limits[i]`. */
  async decodeBytes(codecs: CodecJSON[], bytes: Uint8Array, limits?: readonly ByteLimit[]): Promise<Uint8Array> {
    const sent = ownsBuffer(bytes) ? bytes : bytes.slice();
    const out = await this.send((id) => ({ id, chain: JSON.stringify(codecs), bytes: sent, limits }), sent.buffer as ArrayBuffer, undefined, false);
    return out!;
  }

  /**
   * Decode a chunk through its whole chain in a worker and copy its selected part into
   * `task.out`, which must be a view of a SharedArrayBuffer (the page must be cross-origin
   * isolated to have one).
   */
  async decodeInto(task: DecodeIntoTask): Promise<void> {
    if (typeof SharedArrayBuffer !== "function" || !(task.out.buffer instanceof SharedArrayBuffer)) {
      throw new InvalidArgumentError("decodeInto needs an output held in a SharedArrayBuffer (a cross-origin isolated page)");
    }
    const { chain: spec, ...rest } = task;
    let chain = this.chainTexts.get(spec);
    if (chain === undefined) this.chainTexts.set(spec, (chain = JSON.stringify(spec)));
    const bytes = ownsBuffer(task.bytes) ? task.bytes : task.bytes.slice();
    await this.send((id): DecodeIntoRequest => ({ id, into: true, chain: chain!, task: { ...rest, bytes } }), bytes.buffer as ArrayBuffer, spec.where, true);
  }

  /** Stop every worker; pending decodes fail. The pool cannot be used afterwards. */
  close(): void {
    this.closed = true;
    for (const slot of this.slots.splice(0, this.slots.length)) {
      if (!slot) continue;
      this.failAll(slot, new InvalidArgumentError("the browser decode pool was closed"));
      slot.worker.terminate();
    }
  }

  /** Post the request `make(id)` to the least busy worker, moving `transfer`; resolves with the worker's bytes, if any. */
  private send(make: (id: number) => DecodeRequest | DecodeIntoRequest, transfer: ArrayBuffer, where: ErrorLocation | undefined, into: boolean): Promise<Uint8Array | undefined> {
    if (this.closed) return Promise.reject(new InvalidArgumentError("the browser decode pool is closed"));
    let slot: Slot;
    try {
      slot = this.leastBusy();
    } catch (err) {
      return Promise.reject(new ChunkDecodeError(`cannot start a decode worker: ${(err as Error).message}`, where ?? {}, { cause: err }));
    }
    const id = this.nextId++;
    return new Promise<Uint8Array | undefined>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject, where, into });
      try {
        slot.worker.postMessage(make(id), [transfer]);
      } catch (err) {
        slot.pending.delete(id);
        reject(new ChunkDecodeError(`cannot send a chunk to a decode worker: ${(err as Error).message}`, where ?? {}, { cause: err }));
      }
    });
  }

  private leastBusy(): Slot {
    return leastBusySlot(this.slots, (i) => this.spawn(i));
  }

  private start(): WebWorkerLike {
    const source = this.source;
    if (typeof source === "function") return source();
    const Ctor = (globalThis as { Worker?: new (url: URL | string, options: { type: "module" }) => WebWorkerLike }).Worker;
    if (typeof Ctor !== "function") throw new InvalidArgumentError("this runtime has no Web Workers");
    return new Ctor(source, { type: "module" });
  }

  private spawn(index: number): Slot {
    const worker = this.start();
    this.stats.workersStarted++;
    const slot: Slot = { worker, pending: new Map() };
    worker.addEventListener("message", (event) => {
      const msg = event.data as DecodeResponse;
      const task = slot.pending.get(msg.id);
      if (!task) return;
      slot.pending.delete(msg.id);
      if (msg.ok) {
        if (task.into) this.stats.chunksInto++;
        else this.stats.chunksBack++;
        task.resolve(msg.bytes);
      } else {
        task.reject(rebuildWorkerError(msg.name, msg.message, (m) => new ChunkDecodeError(`decompression failed in a worker: ${m}`, task.where ?? {}), task.where));
      }
    });
    // A worker that cannot load or dies takes its pending chunks with it; the next request starts a new one.
    const fail = (message: string) => {
      if (this.slots[index] === slot) this.slots[index] = undefined;
      worker.terminate();
      this.failAll(slot, new ChunkDecodeError(`decode worker failed: ${message}`));
    };
    worker.addEventListener("error", (event) => {
      event.preventDefault?.();
      fail(event.message || "the worker script could not be loaded or threw");
    });
    worker.addEventListener("messageerror", () => fail("a message could not be read"));
    return slot;
  }

  private failAll(slot: Slot, err: Error): void {
    const tasks = [...slot.pending.values()];
    slot.pending.clear();
    for (const t of tasks) t.reject(err);
  }
}

/** The default pool, there once `useBrowserDecodeWorkers` has said where its workers come from. */
let shared: BrowserDecodePool | undefined;

/**
 * Say where the default pool's workers come from (see {@link BrowserWorkerSource}); `undefined`
 * turns the default pool off (reads decode on the main thread). A pool already started is closed.
 * In a cross-origin isolated page large reads then decode in these workers by default.
 */
export function useBrowserDecodeWorkers(worker: BrowserWorkerSource | undefined, options: { size?: number } = {}): void {
  const next = worker === undefined ? undefined : new BrowserDecodePool({ worker, size: options.size });
  shared?.close();
  shared = next;
}

/**
 * The default pool of this page, or undefined: when no worker was set ({@link useBrowserDecodeWorkers})
 * or the page is not cross-origin isolated (no SharedArrayBuffer to decode into). Creating it starts
 * no worker; the first large read does.
 */
export function sharedBrowserDecodePool(): BrowserDecodePool | undefined {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return isolated && typeof SharedArrayBuffer === "function" ? shared : undefined;
}
