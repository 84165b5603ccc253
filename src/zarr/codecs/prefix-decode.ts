/**
 * Decoding the start of a chunk alone: what the array engine and the sharding codec share to read
 * a selection that ends early in a chunk (or an inner chunk) from the blocks before its end.
 */
import type { NdArray } from "../dtype.js";
import type { ChunkSpec } from "./types.js";

/** The codecs of a chunk, as far as decoding its start goes (a `CodecPipeline` is one). */
export interface PrefixCodecs {
  /** At least the first `length` bytes of a chunk's packed C-order elements, or `undefined` to decode it whole. */
  readonly decodePrefix?: (bytes: Uint8Array, length: number) => Promise<Uint8Array | undefined>;
  /** The array stages of decoding, from packed bytes. */
  decodeArray?(bytes: Uint8Array, spec: ChunkSpec): Promise<NdArray>;
}

/**
 * Bytes `[start, end)` of a chunk's packed elements, decoded from the stored `bytes` up to `end`
 * only, as an array of `spec.shape`; `undefined` when the codecs cannot, and the chunk is to be
 * decoded whole instead.
 */
export async function decodeSpanBytes(codecs: PrefixCodecs, bytes: Uint8Array, start: number, end: number, spec: ChunkSpec): Promise<NdArray | undefined> {
  if (!codecs.decodePrefix || !codecs.decodeArray) return undefined;
  const prefix = await codecs.decodePrefix(bytes, end);
  return prefix && codecs.decodeArray(prefix.subarray(start, end), spec);
}
