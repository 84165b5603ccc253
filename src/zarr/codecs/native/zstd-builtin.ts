/**
 * Zstandard through Node's own zlib (`zstdCompress` / `zstdDecompress`, Node ≥ 22.15 and ≥ 23.8),
 * on libuv's thread pool like the addon of `zstd-addon.ts`. Used where the addon is not installed:
 * measured side by side (bench/zstd), the two are even on whole chunks, the addon is faster on
 * small frames (Blosc's streams) and when encoding, and either is 1.5–2.4× numcodecs' WebAssembly.
 * Node-only (reached through `node-codecs.ts`).
 */
import * as zlib from "node:zlib";
import { concatBytes } from "../../../store/concat-bytes.js";
import { zstdFrames, type ZstdFrame } from "../zstd-frame.js";
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

/** Node's zstd in the {@link NativeZstd} shape, or undefined where this Node lacks it. */
export function builtinZstd(z: ZlibZstd | undefined = zlibZstd()): NativeZstd | undefined {
  if (!z) return undefined;
  const run = (fn: ZlibZstd["zstdCompress"], data: Uint8Array, options: ZstdOptions) =>
    new Promise<Uint8Array>((resolve, reject) => fn(data, options, (err, out) => (err ? reject(err) : resolve(plain(out)))));
  return {
    name: "node:zlib",
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
