/**
 * How many bytes a decompressor may produce for one chunk. A chunk of fixed-size elements can
 * never decode to more than its elements' bytes, so anything far past that is corrupt or hostile
 * (a decompression bomb) and is refused before the memory is spent.
 */
import { itemSize, shapeSize } from "../dtype.js";
import type { CodecContext } from "./types.js";

/**
 * Room for filters that widen elements (numcodecs `astype` of up to 8 bytes), for a shard index
 * (16 bytes per inner chunk) and for inner chunks that compressed badly, plus a fixed margin.
 */
const WIDEST_ELEMENT = 16;
const MARGIN = 1 << 16;

/** The most bytes a bytes→bytes decoder of this array may produce, or undefined when elements vary in size. */
export function decodedSizeLimit(ctx: Pick<CodecContext, "dtype" | "chunkShape">): number | undefined {
  const size = itemSize(ctx.dtype);
  if (size === undefined) return undefined;
  return shapeSize(ctx.chunkShape) * Math.max(2 * size, WIDEST_ELEMENT) + MARGIN;
}
