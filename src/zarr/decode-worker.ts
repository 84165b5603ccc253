/**
 * Worker side of `DecodePool` (Node only): receives compressed chunk bytes with the JSON of a
 * bytes→bytes codec chain, decodes them and sends the result back, moving buffers instead of
 * copying them; or (`into`) decodes a chunk through its whole chain and copies its selected part
 * into an output shared with the main thread, sending back only that it is done.
 */
import { parentPort } from "node:worker_threads";
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

function reply(port: NonNullable<typeof parentPort>, id: number, bytes: Uint8Array): void {
  // A zstd chunk decoded in one call (zstd-builtin.ts, synchronous here as on the main thread) is
  // a view of the decoder's own buffer, one spare byte past the chunk: that buffer moves, uncopied.
  const buffer = bytes.buffer;
  if (buffer instanceof ArrayBuffer) {
    try {
      port.postMessage({ id, ok: true, bytes } satisfies DecodeResponse, [buffer]);
      return;
    } catch {
      // A view into WebAssembly memory cannot be moved: fall through and send a copy.
    }
  }
  const copy = bytes.slice();
  port.postMessage({ id, ok: true, bytes: copy } satisfies DecodeResponse, [copy.buffer]);
}

/**
 * `into` requests run one after another: the worker is itself one core's share, and a chunk
 * decoded only once the one before is copied keeps one decoded chunk alive per worker, not one
 * per request in flight.
 */
let intoQueue: Promise<void> = Promise.resolve();

if (parentPort) {
  const port = parentPort;
  const fail = (id: number, err: unknown) => {
    const e = err as Error;
    port.postMessage({ id, ok: false, name: e?.name ?? "Error", message: e?.message ?? String(err) } satisfies DecodeResponse);
  };
  port.on("message", (msg: DecodeRequest | DecodeIntoRequest) => {
    if (msg.into) {
      intoQueue = intoQueue.then(async () => {
        try {
          const { spec, pipeline } = pipelineFor(msg.chain);
          await decodeInto(pipeline, { ...msg.task, chain: spec });
          // The chunk's bytes are this worker's own (moved or copied here): where the runtime can
          // detach a buffer (Node ≥ 21), free them now instead of at the next collection.
          (msg.task.bytes.buffer as { transfer?(length: number): ArrayBuffer }).transfer?.(0);
          port.postMessage({ id: msg.id, ok: true } satisfies DecodeResponse);
        } catch (err) {
          fail(msg.id, err);
        }
      });
      return;
    }
    void (async () => {
      try {
        reply(port, msg.id, await chainFor(msg.chain).decode(msg.bytes, msg.limits));
      } catch (err) {
        fail(msg.id, err);
      }
    })();
  });
}
