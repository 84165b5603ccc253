/**
 * Worker side of `DecodePool` (Node only): answers the pool's requests (decode-protocol.ts) on
 * this worker thread's port.
 */
import { parentPort } from "node:worker_threads";
import { handleDecodeRequest, type DecodeIntoRequest, type DecodeRequest } from "./decode-protocol.js";

export type { DecodeIntoRequest, DecodeRequest, DecodeResponse } from "./decode-protocol.js";

if (parentPort) {
  const port = parentPort;
  port.on("message", (msg: DecodeRequest | DecodeIntoRequest) => handleDecodeRequest(msg, (reply, transfer) => port.postMessage(reply, transfer ?? [])));
}
