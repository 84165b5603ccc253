/**
 * How many bytes each decoder of a chunk may produce, and how many the chunk may take in the
 * store. The bytes→bytes codecs undo, in reverse, what encoding did after the array→bytes codec:
 * each decoder's output is the input its encoder had. For fixed-size elements the first of those
 * is known exactly (the chunk's packed bytes) and every compressor after it can add only a little,
 * so a corrupt or hostile chunk stops at the chunk's own size; for elements of varying size
 * (vlen-utf8, vlen-bytes, json2, pickle) the `maxChunkBytes` option bounds it.
 */
import { ChunkDecodeError, type ErrorLocation } from "../../errors.js";
import { limitText, type ByteLimit } from "../../store/capped-read.js";

/**
 * The most bytes one bytes→bytes encoder makes of `n` bytes. Compressors fall back to storing
 * what does not compress: zstd and LZ4 add under n/255, deflate 5 bytes per 16 KiB, Blosc 16
 * bytes, crc32c 4, plus each format's header.
 */
export function encodedBound(n: number): number {
  return n + Math.ceil(n / 128) + 1024;
}

/** Size limits of one chunk. */
export interface ChunkLimits {
  /** The most each bytes→bytes decoder may produce, in metadata (encoding) order. */
  decoded: ByteLimit[];
  /** The most bytes the codecs can make of a chunk. */
  encoded: ByteLimit;
  /**
   * The most bytes to fetch from the store: `encoded` for elements of varying size; twice that
   * and 64 KiB more for fixed-size ones, so that a damaged chunk still reaches the decoder that
   * says what is wrong with it, while a body of gigabytes is refused.
   */
  stored: ByteLimit;
}

/**
 * The limits of a chunk whose array→bytes codec makes `packed` bytes (undefined: it varies, and
 * `maxChunk` bounds it), followed by `bytesCodecs` bytes→bytes codecs.
 */
export function chunkLimits(packed: number | undefined, bytesCodecs: number, maxChunk: ByteLimit): ChunkLimits {
  let limit: ByteLimit = packed === undefined ? maxChunk : { bytes: packed };
  const decoded: ByteLimit[] = [];
  for (let i = 0; i < bytesCodecs; i++) {
    decoded.push(limit);
    limit = { ...limit, bytes: encodedBound(limit.bytes) };
  }
  const stored = packed === undefined ? limit : { bytes: 2 * limit.bytes + 65536 };
  return { decoded, encoded: limit, stored };
}

/**
 * The error for a chunk that decodes (or, with `declared`, says it decodes) past `limit`: names
 * the codec, the stored size and what raises the limit, if anything does.
 */
export function decodedTooLarge(
  codec: string, stored: number, limit: ByteLimit, where: ErrorLocation, declared?: number, verb = "decodes to",
): ChunkDecodeError {
  const size = declared === undefined ? "more than" : `${declared} bytes, more than`;
  return new ChunkDecodeError(`${codec} chunk of ${stored} bytes ${verb} ${size} ${limitText(limit)}`, where);
}
