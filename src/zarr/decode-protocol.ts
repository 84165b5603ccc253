/**
 * The messages between a decode pool and its workers, and the worker's side of them: bytes→bytes
 * decoding sent back (buffers moved, not copied), or a chunk decoded through its whole chain into
 * an output shared with the pool's thread. Nothing here is Node-only: Node's worker threads
 * (decode-worker.ts) and the browser's Web Workers (browser-decode-worker.ts) both run it.
 */
import type { ByteLimit } from "../store/capped-read.js";
import { BytesCodecChain, type CodecPipeline } from "./codecs/index.js";
import type { CodecJSON } from "./codecs/types.js";
import { buildChain, decodeInto, type ChainSpec, type DecodeIntoTask } from "./decode-into.js";

/** A request from the pool: `chain` is the JSON text of the bytes→bytes codecs, `limits` their output limits. */
export interface DecodeRequest {
  id: number;
  into?: undefined;
  chain: string;
  bytes: Uint8Array;
  limits?: readonly ByteLimit[];
}

/**
 * A request to decode into a shared output: `chain` is the JSON text of the task's `ChainSpec`
 * (the key of the worker's pipeline cache); `task.out` is a view of a SharedArrayBuffer.
 */
export interface DecodeIntoRequest {
  id: number;
  into: true;
  chain: string;
  task: Omit<DecodeIntoTask, "chain">;
}

/** The answer: decoded bytes (none for `into`), or the name and message of the error thrown while decoding. */
export type DecodeResponse =
  | { id: number; ok: true; bytes?: Uint8Array }
  | { id: number; ok: false; name: string; message: string };

/** How a worker answers: post `msg`, moving the buffers in `transfer`. */
export type PostResponse = (msg: DecodeResponse, transfer?: ArrayBuffer[]) => void;

/** Whether `bytes` are all of an ArrayBuffer (so that buffer can move to a worker). */
/**
 * The worker slot with the fewest requests pending (an idle or not yet started one first), started
 * by `spawn` when it is not running: how both decode pools spread chunks over their workers.
 */
export function leastBusySlot<S extends { pending: Map<number, unknown> }>(slots: (S | undefined)[], spawn: (index: number) => S): S {
  let best = -1;
  let load = Infinity;
  for (let i = 0; i < slots.length; i++) {
    const n = slots[i]?.pending.size ?? 0;
    if (n < load) {
      best = i;
      load = n;
    }
    if (n === 0) break;
  }
  return (slots[best] ??= spawn(best));
}

export function ownsBuffer(bytes: Uint8Array): boolean {
  return bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
}

// Codec objects keep their WebAssembly instances; one chain per distinct JSON text.
const chains = new Map<string, BytesCodecChain>();

function chainFor(text: string): BytesCodecChain {
  let chain = chains.get(text);
  if (chain === undefined) {
    chain = BytesCodecChain.create(JSON.parse(text) as CodecJSON[]);
    chains.set(text, chain);
  }
  return chain;
}

// Whole chains for `into` requests, one per distinct chain text.
const pipelines = new Map<string, { spec: ChainSpec; pipeline: CodecPipeline }>();

function pipelineFor(text: string): { spec: ChainSpec; pipeline: CodecPipeline } {
  let entry = pipelines.get(text);
  if (entry === undefined) {
    const spec = JSON.parse(text) as ChainSpec;
    entry = { spec, pipeline: buildChain(spec) };
    pipelines.set(text, entry);
  }
  return entry;
}

function reply(post: PostResponse, id: number, bytes: Uint8Array): void {
  // A zstd chunk decoded in one call (zstd-builtin.ts, synchronous here as on the main thread) is
  // a view of the decoder's own buffer, one spare byte past the chunk: that buffer moves, uncopied.
  const buffer = bytes.buffer;
  if (buffer instanceof ArrayBuffer) {
    try {
      post({ id, ok: true, bytes }, [buffer]);
      return;
    } catch {
      // A view into WebAssembly memory cannot be moved: fall through and send a copy.
    }
  }
  const copy = bytes.slice();
  post({ id, ok: true, bytes: copy }, [copy.buffer]);
}

/**
 * `into` requests run one after another: the worker is itself one core's share, and a chunk
 * decoded only once the one before is copied keeps one decoded chunk alive per worker, not one
 * per request in flight.
 */
let intoQueue: Promise<void> = Promise.resolve();

function fail(post: PostResponse, id: number, err: unknown): void {
  const e = err as Error;
  post({ id, ok: false, name: e?.name ?? "Error", message: e?.message ?? String(err) });
}

/** Answer one request of the pool (the worker's whole job); errors are sent back, never thrown. */
export function handleDecodeRequest(msg: DecodeRequest | DecodeIntoRequest, post: PostResponse): void {
  if (msg.into) {
    intoQueue = intoQueue.then(async () => {
      try {
        const { spec, pipeline } = pipelineFor(msg.chain);
        await decodeInto(pipeline, { ...msg.task, chain: spec });
        // The chunk's bytes are this worker's own (moved or copied here): where the runtime can
        // detach a buffer (Node ≥ 21, current browsers), free them now instead of at the next collection.
        (msg.task.bytes.buffer as { transfer?(length: number): ArrayBuffer }).transfer?.(0);
        post({ id: msg.id, ok: true });
      } catch (err) {
        fail(post, msg.id, err);
      }
    });
    return;
  }
  void (async () => {
    try {
      reply(post, msg.id, await chainFor(msg.chain).decode(msg.bytes, msg.limits));
    } catch (err) {
      fail(post, msg.id, err);
    }
  })();
}
