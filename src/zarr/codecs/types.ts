/**
 * Codec model, shared by Zarr v2 and v3. A chunk is encoded by
 *   array→array codecs (transpose, delta) → one array→bytes codec (bytes, vlen-utf8, json2, …) → bytes→bytes codecs
 * and decoded in reverse. v2 `filters`+`compressor` are mapped onto the same three stages (see `pipeline.ts`).
 */
import type { ErrorLocation } from "../../errors.js";
import type { ByteLimit } from "../../store/capped-read.js";
import type { DataType, NdArray } from "../dtype.js";

/** Codec metadata as written in v3 `codecs`: `{name, configuration}`. v2 `{id, ...}` is converted to this. */
export interface CodecJSON {
  name: string;
  configuration?: Record<string, unknown>;
}

/** What a codec needs to know about the chunks it handles. */
export interface ChunkSpec {
  shape: number[];
  dtype: DataType;
  fillValue: unknown;
}

/**
 * 1 for each element of a chunk that lies past the array's edge (padding), in the chunk's element
 * order. Padding is never read back, so a codec that refuses values it cannot store exactly may
 * store padding as numpy would (or as 0 where numpy's result is undefined).
 */
export type PaddingMask = Uint8Array;

export interface ArrayArrayCodec {
  readonly kind: "array-array";
  /** The spec of the encoded side, given the spec of the decoded side (e.g. transposed shape). */
  encodedSpec(spec: ChunkSpec): ChunkSpec;
  encode(chunk: NdArray, padding?: PaddingMask): Promise<NdArray>;
  /**
   * The padding of the encoded chunk, for a codec that moves elements (transpose); a codec that
   * changes the element count leaves it out, and a codec that keeps every element in place too.
   */
  encodedPadding?(padding: PaddingMask, shape: readonly number[]): PaddingMask;
  /** `spec` describes the decoded side. */
  decode(chunk: NdArray, spec: ChunkSpec): Promise<NdArray>;
}

export interface ArrayBytesCodec {
  readonly kind: "array-bytes";
  encode(chunk: NdArray): Promise<Uint8Array>;
  /** `spec` describes the array to produce. Must throw ChunkDecodeError if `bytes` do not fit it. */
  decode(bytes: Uint8Array, spec: ChunkSpec): Promise<NdArray>;
  /** Exactly how many bytes `encode` makes of a chunk of `spec`, when the spec alone tells (fixed-size elements). */
  encodedSize?(spec: ChunkSpec): number | undefined;
}

export interface BytesBytesCodec {
  readonly kind: "bytes-bytes";
  encode(bytes: Uint8Array): Promise<Uint8Array>;
  /**
   * With `limit`, a decoder whose output can grow (a decompressor) refuses to produce more, and
   * stops at it rather than after; the pipeline checks the others' output afterwards.
   */
  decode(bytes: Uint8Array, limit?: ByteLimit): Promise<Uint8Array>;
}

export type Codec = ArrayArrayCodec | ArrayBytesCodec | BytesBytesCodec;

/** Context handed to codec factories. */
export interface CodecContext {
  /** Element type of the array the codec belongs to. */
  dtype: DataType;
  /** Chunk shape (inner chunk shape for codecs inside a shard). */
  chunkShape: number[];
  /** Which metadata the codec came from: v2 (`{id,...}` params) or v3 (`configuration`). */
  zarrFormat: 2 | 3;
  /** Decode pickle only when true; otherwise pickle codecs throw PickleNotAllowedError. */
  allowPickle: boolean;
  /** Most bytes a chunk of variable-size elements may decode to (`ReadLimits.maxChunkBytes`; default 128 MiB). */
  maxChunkBytes?: number;
  /** Store and array path, for error messages. */
  where: ErrorLocation;
}

/** Builds a codec from its configuration. */
export type CodecFactory = (configuration: Record<string, unknown>, ctx: CodecContext) => Codec;
