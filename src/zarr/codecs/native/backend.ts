/**
 * Chooses between the accelerated decoders (Node: native zstd; Blosc frames and LZ4 decoded by
 * this folder's TypeScript and its small WebAssembly kernels) and numcodecs' WebAssembly builds
 * of the C libraries (the browser, or when asked for). Encoding uses numcodecs, except zstd,
 * which the native library encodes where it is installed. This file
 * imports nothing Node-only: the Node decoders are reached through a dynamic import that
 * bundlers are told to ignore, as in `deflate.ts`.
 *
 * Set `HDMF_ZARR_CODECS=wasm` in the environment (inherited by decode-pool workers), or call
 * `setCodecBackend("wasm")` (this thread only), to decode everything with numcodecs.
 */

import { loadNodeModule } from "../../node-module.js";
import { isNode, nodeProcess } from "../../runtime.js";

/** A byte range `[start, end)` of a decoded buffer. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Receives a decoded buffer one piece at a time, in order: `bytes` (valid only during the call)
 * go at byte `offset` of the decoded buffer.
 */
export type DecodedBlockSink = (bytes: Uint8Array, offset: number) => void;

/** Accelerated decoders; each throws plain errors that the codecs turn into ChunkDecodeError. */
export interface FastCodecs {
  /** Name of the native zstd package in use, if any. */
  readonly nativeZstd: string | undefined;
  /** The numcodecs LZ4 container: 4-byte little-endian size, one LZ4 block. */
  lz4(bytes: Uint8Array): Uint8Array;
  /** Zstandard frames; absent without a native decoder (WebAssembly is used then). */
  readonly zstd: ((bytes: Uint8Array) => Promise<Uint8Array>) | undefined;
  /**
   * One Zstandard frame that states its decoded `size` (within the caller's cap), decoded in one
   * call into one buffer of that size; absent where no backend here can (`zstd` streams it then).
   */
  readonly zstdSized?: (frame: Uint8Array, size: number) => Uint8Array | Promise<Uint8Array>;
  /** Name of the backend behind `zstdSized`, for messages and benchmarks. */
  readonly sizedZstd?: string;
  /**
   * One Zstandard frame that does not state its size, decoded in one call that stops once the
   * output passes `max` (`undefined` then); absent where no backend here can stop part way.
   */
  readonly zstdCapped?: (frame: Uint8Array, max: number, bound: number) => Uint8Array | undefined | Promise<Uint8Array | undefined>;
  /** One Zstandard frame at `level`; absent without the native library. */
  readonly zstdEncode?: (bytes: Uint8Array, level: number) => Promise<Uint8Array>;
  /** A Blosc1 frame, or `undefined` when it needs c-blosc (BloscLZ, Snappy, unknown versions). */
  blosc(bytes: Uint8Array): Promise<Uint8Array> | undefined;
  /**
   * Like `blosc`, but only the frame's blocks that overlap `ranges` (byte ranges of the decoded
   * buffer) are decoded; the other bytes of the result are zero. `undefined` as for `blosc`.
   */
  bloscRanges?(bytes: Uint8Array, ranges: readonly ByteRange[]): Promise<Uint8Array> | undefined;
  /**
   * Like `blosc`, but the decoded frame goes to `sink` a block at a time (each block's bytes,
   * valid during the call, and their offset in the decoded buffer), never gathered in one buffer.
   * `undefined` as for `blosc`.
   */
  bloscBlocks?(bytes: Uint8Array, sink: DecodedBlockSink): Promise<void> | undefined;
}

/** `auto`: accelerated decoders where the runtime has them; `wasm`: numcodecs' WebAssembly only. */
export type CodecBackend = "auto" | "wasm";

/** The environment variable that forces numcodecs' WebAssembly when set to `wasm`. */
export const CODECS_ENV = "HDMF_ZARR_CODECS";

let override: CodecBackend | undefined;

/** CommonJS's module file name: present when this file runs as CommonJS in Node, absent in a bundle. */
declare const __filename: string | undefined;

/** The backend in force: `setCodecBackend`, else the environment, else `auto`. */
export function codecBackend(): CodecBackend {
  if (override) return override;
  const env = nodeProcess()?.env?.[CODECS_ENV];
  return env === "wasm" ? "wasm" : "auto";
}

/** Force a backend for this thread (`undefined` returns to the environment's choice). */
export function setCodecBackend(backend: CodecBackend | undefined): void {
  override = backend;
}

let loading: Promise<FastCodecs | undefined> | undefined;

/** The accelerated decoders, or `undefined` to use numcodecs' WebAssembly (browser, or forced). */
export function fastCodecs(): Promise<FastCodecs | undefined> {
  if (codecBackend() === "wasm" || !isNode()) return Promise.resolve(undefined);
  loading ??= loadNodeCodecs().then(
    (m) => m.nodeCodecs(),
    // Node without the module (an unusual bundle): stay on WebAssembly.
    () => undefined,
  );
  return loading;
}

type NodeCodecsModule = { nodeCodecs(): FastCodecs };

/** Import `node-codecs.js` (node-module.ts: require() where import() cannot load it). */
function loadNodeCodecs(): Promise<NodeCodecsModule> {
  const nodeModule = "./node-codecs.js";
  return loadNodeModule<NodeCodecsModule>(() => import(/* webpackIgnore: true */ nodeModule), nodeModule, typeof __filename === "string" ? __filename : undefined);
}
