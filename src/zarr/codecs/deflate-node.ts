/**
 * gzip / zlib through Node's native zlib, run on libuv's thread pool so several chunks
 * inflate in parallel. Node-only: loaded by `deflate.ts` with a guarded dynamic import.
 */
import { constants } from "node:buffer";
import { promisify } from "node:util";
import * as zlib from "node:zlib";
import type { DeflateBackend } from "./deflate.js";

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);
const deflate = promisify(zlib.deflate);
const inflate = promisify(zlib.inflate);

/** Buffers become plain Uint8Arrays over the same memory (Buffer.slice does not copy). */
const plain = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** maxOutputLength makes zlib stop (ERR_BUFFER_TOO_LARGE) instead of inflating a bomb; it takes at most MAX_LENGTH. */
const capped = (maxOutput?: number): zlib.ZlibOptions =>
  maxOutput === undefined || maxOutput >= constants.MAX_LENGTH ? {} : { maxOutputLength: Math.max(1, maxOutput) };

export const backend: DeflateBackend = {
  gzip: async (data, level) => plain(await gzip(data, { level })),
  gunzip: async (data, maxOutput) => plain(await gunzip(data, capped(maxOutput))),
  zlib: async (data, level) => plain(await deflate(data, { level })),
  unzlib: async (data, maxOutput) => plain(await inflate(data, capped(maxOutput))),
};
