/**
 * Worker side of `DecodePool` (Node only): receives compressed chunk bytes with the JSON of a
 * bytes→bytes codec chain, decodes them and sends the result back, moving buffers instead of
 * copying them.
 */
import { parentPort } from "node:worker_threads";
import type { ByteLimit } from "../store/capped-read.js";
import { BytesCodecChain } from "./codecs/index.js";
import type { CodecJSON } from "./codecs/types.js";

/** A request from the pool: `chain` is the JSON text of the bytes→bytes codecs, `limits` their output limits. */
export interface DecodeRequest {
  id: number;
  chain: string;
  bytes: Uint8Array;
  limits?: readonly ByteLimit[];
}

/** The answer: decoded bytes, or the name and message of the error thrown while decoding. */
export type DecodeResponse =
  | { id: number; ok: true; bytes: Uint8Array }
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

if (parentPort) {
  const port = parentPort;
  port.on("message", (msg: DecodeRequest) => {
    void (async () => {
      try {
        reply(port, msg.id, await chainFor(msg.chain).decode(msg.bytes, msg.limits));
      } catch (err) {
        const e = err as Error;
        port.postMessage({ id: msg.id, ok: false, name: e?.name ?? "Error", message: e?.message ?? String(err) } satisfies DecodeResponse);
      }
    })();
  });
}
