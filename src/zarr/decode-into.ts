/**
 * Decoding a chunk straight into a selection's output: the whole codec chain, the shape check and
 * the copy into the output's region. A decode-pool worker runs it on an output held in a
 * SharedArrayBuffer (decode-worker.ts), so large reads decode and copy on every core instead of
 * copying on the main thread. Nothing here is Node-only.
 */
import { ChunkDecodeError, type ErrorLocation } from "../errors.js";
import { CodecPipeline } from "./codecs/index.js";
import type { ByteLimit } from "../store/capped-read.js";
import type { CodecJSON } from "./codecs/types.js";
import type { DataType, NdArray, TypedArray } from "./dtype.js";
import { copyRegion, type DimRange } from "./indexing.js";

/** What building an array's codec chain takes (as `ZarrArray` builds it), all of it JSON. */
export interface ChainSpec {
  codecs: CodecJSON[];
  dtype: DataType;
  chunkShape: number[];
  zarrFormat: 2 | 3;
  maxChunkBytes?: number;
  where: ErrorLocation;
}

/** One chunk to decode into a selection's output. */
export interface DecodeIntoTask {
  chain: ChainSpec;
  /** Fill value of the array in memory form (it may be a bigint, so it is not part of `chain`). */
  fillValue: unknown;
  /** The chunk's store key, for messages. */
  key: string;
  /** The chunk as stored. */
  bytes: Uint8Array;
  /** The output, C order of `outShape`; a view of a SharedArrayBuffer when decoded elsewhere. */
  out: TypedArray;
  outShape: readonly number[];
  /** Selected positions inside the chunk, and where they land in the output. */
  chunkSel: readonly DimRange[];
  outSel: readonly DimRange[];
}

/**
 * Runs the bytes→bytes stage of chunk decoding (decompression) somewhere else, e.g. in a worker
 * pool. `codecs` are the bytes→bytes codecs of the chain in metadata order; the implementation
 * applies their decoders in reverse order, as the pipeline would.
 */
export interface ChunkDecoder {
  /** `limits[i]`: the most bytes codec i may decode to (see codecs/decoded-limit.ts). */
  decodeBytes(codecs: CodecJSON[], bytes: Uint8Array, limits?: readonly ByteLimit[]): Promise<Uint8Array>;
  /**
   * Decode a chunk through its whole chain and copy its selected part into `task.out`, a view of
   * a SharedArrayBuffer (decode-into.ts). Large reads of fixed-size numbers use it when present.
   */
  decodeInto?(task: DecodeIntoTask): Promise<void>;
}

/** Throw ChunkDecodeError unless `chunk` has the chunk shape `shape`. */
export function checkDecodedShape(chunk: NdArray, shape: readonly number[], key: string, where: ErrorLocation): void {
  const expected = shape.reduce((a, b) => a * b, 1);
  const same = chunk.shape.length === shape.length && chunk.shape.every((n, i) => n === shape[i]);
  if (!same || chunk.data.length !== expected) {
    throw new ChunkDecodeError(
      `chunk '${key}' decoded to shape [${chunk.shape.join(", ")}] with ${chunk.data.length} elements; ` +
        `expected the chunk shape [${shape.join(", ")}] (${expected} elements)`,
      where,
    );
  }
}

/** Build the codec chain of `chain` as the array does (pickle never: only fixed-size numbers come here). */
export function buildChain(chain: ChainSpec): CodecPipeline {
  const { codecs, dtype, chunkShape, zarrFormat, maxChunkBytes, where } = chain;
  return CodecPipeline.create(codecs, { dtype, chunkShape, zarrFormat, allowPickle: false, maxChunkBytes, where });
}

/** Decode `task.bytes` with `pipeline` (built by `buildChain(task.chain)`) and copy the selected part into `task.out`. */
export async function decodeInto(pipeline: CodecPipeline, task: DecodeIntoTask): Promise<void> {
  const { chain, key } = task;
  const chunk = await pipeline.decode(task.bytes, { shape: chain.chunkShape.slice(), dtype: chain.dtype, fillValue: task.fillValue });
  checkDecodedShape(chunk, chain.chunkShape, key, chain.where);
  copyRegion(chunk.data, chain.chunkShape, task.chunkSel, task.out, task.outShape, task.outSel);
}
