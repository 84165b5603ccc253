/**
 * The accelerated decoders for Node (loaded by `backend.ts` through a guarded dynamic import,
 * never by a browser build): native zstd when its addon is installed, Blosc frames decoded here
 * (LZ4 streams in plain TypeScript, zlib through node:zlib, zstd through the addon), and the
 * numcodecs LZ4 container in plain TypeScript.
 */
import { promisify } from "node:util";
import * as zlib from "node:zlib";
import type { FastCodecs } from "./backend.js";
import { BloscCodecFormat, decodeBloscFrame, isStoredFrame, isSupportedFrame, readBloscHeader, type BloscStreamDecoder } from "./blosc-frame.js";
import { decodeLz4Block, Lz4FormatError } from "./lz4-block.js";
import { nativeZstd, type NativeZstd } from "./zstd-addon.js";

const inflate = promisify(zlib.inflate);

const lz4Streams: BloscStreamDecoder = {
  sync: true,
  decode: (src, dst, start, size) => void decodeLz4Block(src, dst, start, start + size),
};

const zlibStreams: BloscStreamDecoder = {
  sync: false,
  // c-blosc uses zlib's uncompress(): the zlib container, at most `size` bytes out.
  decode: async (src, size) => {
    const b = await inflate(src, { maxOutputLength: Math.max(size, 1) });
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
};

function zstdStreams(zstd: NativeZstd): BloscStreamDecoder {
  return { sync: false, decode: (src) => zstd.decode(src) };
}

/** Decode the numcodecs LZ4 container: a 4-byte little-endian size, then one LZ4 block. */
export function decodeLz4Container(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 4) throw new Lz4FormatError(`LZ4 chunk of ${bytes.length} bytes has no size header`);
  const size = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  const out = new Uint8Array(size);
  decodeLz4Block(bytes.subarray(4), out);
  return out;
}

/** Options of {@link createNodeCodecs}. */
export interface NodeCodecsOptions {
  /** Native zstd to use; `null` for none (zstd then stays on WebAssembly). Default: the addon if installed. */
  zstd?: NativeZstd | null;
}

/** The Node decoders; `zstd` is absent without a native zstd. */
export function createNodeCodecs(options: NodeCodecsOptions = {}): FastCodecs {
  const zstd = options.zstd === undefined ? nativeZstd() : (options.zstd ?? undefined);
  const streamDecoder = (format: BloscCodecFormat): BloscStreamDecoder | undefined => {
    if (format === BloscCodecFormat.LZ4) return lz4Streams;
    if (format === BloscCodecFormat.Zlib) return zlibStreams;
    if (format === BloscCodecFormat.Zstd && zstd) return zstdStreams(zstd);
    // BloscLZ and Snappy (and unknown codes) stay with c-blosc.
    return undefined;
  };
  return {
    nativeZstd: zstd?.name,
    lz4: decodeLz4Container,
    zstd: zstd ? (bytes) => zstd.decode(bytes) : undefined,
    blosc(bytes) {
      const h = readBloscHeader(bytes);
      if (!isSupportedFrame(h)) return undefined;
      // A stored frame involves no codec: any decoder will do.
      const decoder = isStoredFrame(h) ? lz4Streams : streamDecoder(h.format);
      return decoder && decodeBloscFrame(bytes, h, decoder);
    },
  };
}

/** The decoders of this process, built on first use. */
let shared: FastCodecs | undefined;
export function nodeCodecs(): FastCodecs {
  return (shared ??= createNodeCodecs());
}
