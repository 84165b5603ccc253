/**
 * The accelerated decoders for Node (loaded by `backend.ts` through a guarded dynamic import,
 * never by a browser build): native zstd, Blosc frames decoded here (LZ4 streams by the
 * WebAssembly kernels, zlib through node:zlib, zstd through the native zstd), and the numcodecs
 * LZ4 container.
 *
 * Zstandard, by measurement (bench/zstd/decode.ts): where this Node has zstd in node:zlib, a
 * frame that states its size is decoded in one synchronous call into one buffer of that size, and
 * a frame that does not in one call that stops at the cap (the addon can do neither); several
 * frames, and encoding, go to the addon when installed, else node:zlib; without either, to
 * numcodecs' WebAssembly.
 */
import { promisify } from "node:util";
import { isMainThread } from "node:worker_threads";
import * as zlib from "node:zlib";
import type { FastCodecs } from "./backend.js";
import { BloscCodecFormat, BloscFormatError, decodeBloscFrame, decodeBloscFrameBlocks, decodeBloscFrameRanges, isStoredFrame, isSupportedFrame, readBloscHeader, type BloscHeader, type BloscStreamDecoder } from "./blosc-frame.js";
import { decodeLz4Block, Lz4FormatError } from "./lz4-block.js";
import { wasmKernels } from "./wasm-kernels.js";
import { decodeZstdCapped } from "../zstd-capped.js";
import { nativeZstd, type NativeZstd } from "./zstd-addon.js";
import { builtinZstd, type OneShotMode } from "./zstd-builtin.js";

const inflate = promisify(zlib.inflate);

/** c-blosc uses zlib's uncompress(): the zlib container, at most `size` bytes out. */
async function zlibStream(src: Uint8Array, size: number): Promise<Uint8Array> {
  const b = await inflate(src, { maxOutputLength: Math.max(size, 1) });
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Decode the numcodecs LZ4 container: a 4-byte little-endian size, then one LZ4 block. */
export function decodeLz4Container(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 4) throw new Lz4FormatError(`LZ4 chunk of ${bytes.length} bytes has no size header`);
  const size = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  const block = bytes.subarray(4);
  const k = wasmKernels();
  if (k?.reserve(size + block.length)) {
    const memory = k.memory();
    memory.set(block, size);
    if (!k.lz4(size, size + block.length, 0, size)) throw new Lz4FormatError("malformed LZ4 block");
    return memory.slice(0, size);
  }
  const out = new Uint8Array(size);
  // A plain Uint8Array view: the decoder's loops stay fast when not handed a Buffer.
  decodeLz4Block(new Uint8Array(block.buffer, block.byteOffset, block.byteLength), out);
  return out;
}

/** Options of {@link createNodeCodecs}. */
export interface NodeCodecsOptions {
  /**
   * Native zstd to use; `null` for none (zstd then stays on WebAssembly). Default: the addon if
   * installed (the faster of the two, bench/zstd), else node:zlib's where this Node has it.
   */
  zstd?: NativeZstd | null;
  /**
   * How node:zlib decodes frames that state their size: `sync` on the calling thread (default
   * here: 1.5–3× the CPU efficiency of `async`, bench/zstd), `async` on libuv's pool (keeps the
   * event loop free and decodes several chunks at once; {@link nodeCodecs} uses it on the main thread).
   */
  oneShot?: OneShotMode;
}

/**
 * The one-shot decoder for frames that state their size: node:zlib's where this Node has it (the
 * addon has no such call), else that of `zstd` if it has one.
 */
function sizedDecoder(zstd: NativeZstd | undefined, options: NodeCodecsOptions): NativeZstd | undefined {
  if (!zstd) return undefined;
  if (zstd.decodeSized) return zstd;
  return builtinZstd(undefined, options.oneShot);
}

/** The Node decoders; `zstd` is absent without a native zstd. */
export function createNodeCodecs(options: NodeCodecsOptions = {}): FastCodecs {
  const zstd = options.zstd === undefined ? (nativeZstd() ?? builtinZstd(undefined, options.oneShot)) : (options.zstd ?? undefined);
  const sized = sizedDecoder(zstd, options);
  const zstdSized = sized?.decodeSized?.bind(sized);
  const zstdCapped = sized?.decodeCapped?.bind(sized);
  const streamDecoder = (format: BloscCodecFormat): BloscStreamDecoder | undefined => {
    if (format === BloscCodecFormat.LZ4) return "lz4";
    if (format === BloscCodecFormat.Zlib) return zlibStream;
    // A zstd stream need not state its size: it is held to its block's, as c-blosc does.
    if (format === BloscCodecFormat.Zstd && zstd) {
      return (src, size) => decodeZstdCapped(src, size, (b) => zstd.decode(b), () => new BloscFormatError(`a zstd stream decodes past its ${size}-byte block`), zstdSized, zstdCapped);
    }
    // BloscLZ and Snappy (and unknown codes) stay with c-blosc.
    return undefined;
  };
  /** The stream decoder of a frame this module decodes, else undefined (c-blosc's). */
  const frameDecoder = (h: BloscHeader): BloscStreamDecoder | undefined => {
    if (!isSupportedFrame(h)) return undefined;
    // A stored frame involves no codec: any decoder will do.
    return isStoredFrame(h) ? "lz4" : streamDecoder(h.format);
  };
  return {
    nativeZstd: zstd?.name,
    lz4: decodeLz4Container,
    zstd: zstd ? (bytes) => zstd.decode(bytes) : undefined,
    zstdSized,
    sizedZstd: zstdSized && sized ? sized.name : undefined,
    zstdCapped,
    zstdEncode: zstd ? (bytes, level) => zstd.encode(bytes, level) : undefined,
    blosc(bytes) {
      const h = readBloscHeader(bytes);
      const decoder = frameDecoder(h);
      return decoder && decodeBloscFrame(bytes, h, decoder);
    },
    bloscRanges(bytes, ranges) {
      const h = readBloscHeader(bytes);
      const decoder = frameDecoder(h);
      return decoder && decodeBloscFrameRanges(bytes, h, decoder, ranges).then((r) => r.bytes);
    },
    bloscBlocks(bytes, sink) {
      const h = readBloscHeader(bytes);
      const decoder = frameDecoder(h);
      return decoder && decodeBloscFrameBlocks(bytes, h, decoder, sink);
    },
  };
}

/**
 * The decoders of this thread, built on first use. The main thread decodes zstd on libuv's pool
 * (`async`): a read decodes several chunks at once, and on the calling thread they would queue
 * behind each other on one core (whole reads measured 310 MB/s sync against 446 async on the
 * bench array). A decode-pool worker is itself the parallelism, so it decodes in place (`sync`).
 */
let shared: FastCodecs | undefined;
export function nodeCodecs(): FastCodecs {
  return (shared ??= createNodeCodecs({ oneShot: isMainThread ? "async" : "sync" }));
}
