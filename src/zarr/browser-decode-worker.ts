/**
 * Worker side of `BrowserDecodePool`: a Web Worker's entry that answers the pool's requests
 * (decode-protocol.ts). Bundle it as an ES module (its own entry point, or through
 * `new Worker(new URL(…, import.meta.url), { type: "module" })`).
 */
import { handleDecodeRequest, type DecodeIntoRequest, type DecodeRequest } from "./decode-protocol.js";

/** The parts of a worker's global scope used here (this code compiles without the DOM's types). */
interface WorkerScope {
  onmessage: ((event: { data: DecodeRequest | DecodeIntoRequest }) => void) | null;
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
}

const scope = globalThis as unknown as WorkerScope;
scope.onmessage = (event) => handleDecodeRequest(event.data, (reply, transfer) => scope.postMessage(reply, transfer ?? []));
