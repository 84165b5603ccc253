/**
 * Zstandard through Node's own zlib (`zstdCompress` / `zstdDecompress`, Node ≥ 22.15 and ≥ 23.8).
 * A frame that states its size is decoded in one call (`decodeSized`) into one buffer of that
 * size, which libzstd fills directly, without its streaming window: the fastest decoder here
 * (bench/zstd/decode.ts). A frame that does not is decoded in one call that zlib stops at a cap
 * (`decodeCapped`). Both run on the calling thread unless asked otherwise. Input of several
 * frames (`decode`) and encoding run on libuv's thread pool like the addon of `zstd-addon.ts`,
 * which is used for those where installed. Node-only (reached through `node-codecs.ts`).
 */
import * as zlib from "node:zlib";
import { concatBytes } from "../../../store/concat-bytes.js";
import { zstdFrames, ZstdSizeError, type ZstdFrame } from "../zstd-frame.js";
import type { NativeZstd } from "./zstd-addon.js";

type Callback = (err: Error | null, out: Buffer) => void;

/** The part of node:zlib used here; @types/node 20 (the oldest Node supported) does not declare it. */
export interface ZlibZstd {
  zstdCompress(data: Uint8Array, options: ZstdOptions, callback: Callback): void;
  zstdDecompress(data: Uint8Array, options: ZstdOptions, callback: Callback): void;
  zstdCompressSync(data: Uint8Array, options: ZstdOptions): Buffer;
  zstdDecompressSync(data: Uint8Array, options: ZstdOptions): Buffer;
  constants: { ZSTD_c_compressionLevel: number; ZSTD_c_checksumFlag: number };
}

export interface ZstdOptions {
  params?: Record<number, number>;
  /** Size of each output buffer zlib allocates. */
  chunkSize?: number;
  /** zlib fails with ERR_BUFFER_TOO_LARGE once the output passes this. */
  maxOutputLength?: number;
  /** The input's size, for the frame header (older Node 22 releases ignore it). */
  pledgedSrcSize?: number;
}

/** node:zlib when this Node has Zstandard, else undefined. */
export function zlibZstd(): ZlibZstd | undefined {
  const z = zlib as unknown as Partial<ZlibZstd>;
  return typeof z.zstdDecompress === "function" && typeof z.zstdCompress === "function" && z.constants ? (z as ZlibZstd) : undefined;
}

/** zlib refuses output buffers smaller than this (Z_MIN_CHUNK). */
const MIN_CHUNK = 64;
/**
 * Largest output buffer allocated up front: a header may lie about the size (a decompression
 * bomb), so a larger output takes more buffers, which zlib adds only as bytes really come.
 */
const MAX_CHUNK = 32 << 20;

const plain = (b: Uint8Array): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** What a frame decodes to: exactly its stated size, else at most what its blocks can produce. */
const frameSize = (f: ZstdFrame): number => f.contentSize ?? f.blocks.reduce((n, b) => n + b.bound, 0);

/** How {@link builtinZstd} decodes a frame that states its size. */
export type OneShotMode = "sync" | "async";

/**
 * The options of one call decoding a frame of stated `size`: one output buffer of the size plus
 * a byte (filled exactly, zlib would allocate another to look for more), and a failure as soon as
 * the output passes the size, so a lying header never gets more than one byte past it.
 */
export function oneShotOptions(size: number): ZstdOptions {
  return { chunkSize: Math.max(MIN_CHUNK, size + 1), maxOutputLength: Math.max(1, size) };
}

/**
 * Output past the stated size becomes the frame's size error: zlib's ERR_BUFFER_TOO_LARGE, or
 * libzstd's own "destination buffer is too small" when it decodes straight into the sized buffer.
 */
function sizeError(err: unknown, size: number): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "ERR_BUFFER_TOO_LARGE" || code === "ZSTD_error_dstSize_tooSmall" ? new ZstdSizeError(size) : err;
}

/**
 * Node's zstd in the {@link NativeZstd} shape, or undefined where this Node lacks it. `oneShot`:
 * whether `decodeSized` decodes on the calling thread (`sync`: 1.5–3× the MB/s per CPU second of
 * `async` on 1–8 MiB chunks, bench/zstd) or on libuv's pool (`async`: leaves the event loop free).
 */
export function builtinZstd(z: ZlibZstd | undefined = zlibZstd(), oneShot: OneShotMode = "sync"): NativeZstd | undefined {
  if (!z) return undefined;
  const run = (fn: ZlibZstd["zstdCompress"], data: Uint8Array, options: ZstdOptions) =>
    new Promise<Uint8Array>((resolve, reject) => fn(data, options, (err, out) => (err ? reject(err) : resolve(plain(out)))));
  const decodeSized = oneShot === "sync"
    ? (frame: Uint8Array, size: number): Uint8Array => {
        try {
          return plain(z.zstdDecompressSync(frame, oneShotOptions(size)));
        } catch (err) {
          throw sizeError(err, size);
        }
      }
    : (frame: Uint8Array, size: number): Promise<Uint8Array> =>
        run(z.zstdDecompress, frame, oneShotOptions(size)).catch((err: unknown) => Promise.reject(sizeError(err, size)));
  // A frame without a size: one buffer as large as its blocks allow within the cap, and zlib
  // stops with ERR_BUFFER_TOO_LARGE as soon as the output passes the cap.
  const cappedOptions = (max: number, bound: number): ZstdOptions => ({
    chunkSize: Math.max(MIN_CHUNK, Math.min(max, bound, MAX_CHUNK) + 1),
    ...(Number.isFinite(max) ? { maxOutputLength: Math.max(1, max) } : {}),
  });
  const pastCap = (err: unknown): undefined => {
    if ((err as { code?: unknown } | null)?.code === "ERR_BUFFER_TOO_LARGE") return undefined;
    throw err;
  };
  const decodeCapped = oneShot === "sync"
    ? (frame: Uint8Array, max: number, bound: number): Uint8Array | undefined => {
        try {
          return plain(z.zstdDecompressSync(frame, cappedOptions(max, bound)));
        } catch (err) {
          return pastCap(err);
        }
      }
    : (frame: Uint8Array, max: number, bound: number): Promise<Uint8Array | undefined> =>
        run(z.zstdDecompress, frame, cappedOptions(max, bound)).catch(pastCap);
  return {
    name: "node:zlib",
    decodeSized,
    decodeCapped,
    async decode(bytes) {
      // node:zlib decodes one frame only: it ends its output silently at a skippable frame, and at
      // the end of the first frame unless that falls on the end of an output buffer. So each data
      // frame is decoded on its own.
      const frames = zstdFrames(bytes).filter((f) => !f.skippable);
      const parts = await Promise.all(frames.map((f) => {
        // One output buffer with a byte to spare: zlib's default 16 KiB buffers cost 2–5× in time
        // (bench/zstd), and a buffer filled exactly makes it allocate another to look for more.
        const chunkSize = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, frameSize(f) + 1));
        return run(z.zstdDecompress, bytes.subarray(f.start, f.end), { chunkSize });
      }));
      return parts.length === 1 ? parts[0] : concatBytes(parts);
    },
    encode(bytes, level) {
      // One output buffer; compressed frames are rarely larger than their input.
      const chunkSize = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, bytes.length + (bytes.length >> 7) + 512));
      const params = { [z.constants.ZSTD_c_compressionLevel]: level };
      return run(z.zstdCompress, bytes, { params, chunkSize, pledgedSrcSize: bytes.length });
    },
  };
}
