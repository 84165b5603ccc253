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
import { typedArrayClass, type DataType, type NdArray, type TypedArray } from "./dtype.js";
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

/**
 * Decode `task.bytes` with `pipeline` (built by `buildChain(task.chain)`) and copy the selected
 * part into `task.out`: a Blosc chunk a block at a time where it can (`decodeByBlocks`), else
 * whole.
 */
export async function decodeInto(pipeline: CodecPipeline, task: DecodeIntoTask): Promise<void> {
  const { chain, key } = task;
  if (await decodeByBlocks(pipeline, task)) return;
  const chunk = await pipeline.decode(task.bytes, { shape: chain.chunkShape.slice(), dtype: chain.dtype, fillValue: task.fillValue });
  checkDecodedShape(chunk, chain.chunkShape, key, chain.where);
  copyRegion(chunk.data, chain.chunkShape, task.chunkSel, task.out, task.outShape, task.outSel);
  releaseDecoded(chunk.data, task.bytes);
}

/** Below this, a decoded chunk is left to the collector (and may share a pooled buffer). */
const RELEASE_MIN_BYTES = 1 << 20;

/**
 * Free the memory of a decoded chunk now, instead of at the collector's next pass, where the
 * runtime can detach a buffer (`ArrayBuffer.prototype.transfer`, Node ≥ 21): only a buffer that
 * is the chunk's own (all of it but a spare byte, as the one-shot zstd decoder leaves) and not
 * the stored bytes'. Until collected, each worker's dead 8 MiB chunks added up to ~100 MB of
 * resident memory per read.
 */
export function releaseDecoded(data: unknown, stored: Uint8Array): void {
  if (!ArrayBuffer.isView(data)) return;
  const buffer = data.buffer as ArrayBuffer & { transfer?(length: number): ArrayBuffer };
  if (!(buffer instanceof ArrayBuffer) || buffer === stored.buffer || typeof buffer.transfer !== "function") return;
  if (data.byteOffset !== 0 || buffer.byteLength - data.byteLength > 1 || buffer.byteLength < RELEASE_MIN_BYTES) return;
  try {
    buffer.transfer(0);
  } catch {
    // A buffer that cannot be detached (WebAssembly memory) is the module's own and stays; nothing is lost.
  }
}

/**
 * Decode a chunk a Blosc block at a time, each block copied into the output while it is still in
 * cache, with no buffer of the whole chunk: where the pipeline can (`decodeBlocks`), the output
 * holds the stored elements as they are (same typed array kind) and the blocks are whole rows
 * of the chunk's first dimension (the copy of a block is then the selection's rows inside it).
 * False, having decoded nothing, otherwise.
 */
async function decodeByBlocks(pipeline: CodecPipeline, task: DecodeIntoTask): Promise<boolean> {
  const { chain, out, chunkSel, outSel, outShape } = task;
  const shape = chain.chunkShape;
  if (!pipeline.decodeBlocks || shape.length === 0 || chain.dtype.kind !== "numeric") return false;
  const Ctor = typedArrayClass(chain.dtype.name);
  if (!(out instanceof Ctor)) return false;
  const size = out.BYTES_PER_ELEMENT;
  const inner = shape.slice(1);
  const rowBytes = inner.reduce((a, b) => a * b, 1) * size;
  if (rowBytes === 0) return false;
  const rows = chunkSel[0];
  const first = outSel[0];
  return pipeline.decodeBlocks(task.bytes, rowBytes, (block, offset) => {
    const r0 = offset / rowBytes;
    const n = block.length / rowBytes;
    // The selected rows start + k·step that fall in [r0, r0 + n).
    const lo = Math.max(0, Math.ceil((r0 - rows.start) / rows.step));
    const hi = Math.min(rows.count, Math.ceil((r0 + n - rows.start) / rows.step));
    if (hi <= lo) return;
    // Blocks sit in a buffer of their own, aligned for any element size; a stored frame's data may not be.
    const data = block.byteOffset % size === 0
      ? new Ctor(block.buffer as ArrayBuffer, block.byteOffset, block.length / size)
      : new Ctor(block.slice().buffer);
    copyRegion(
      data as TypedArray, [n, ...inner], [{ start: rows.start + lo * rows.step - r0, step: rows.step, count: hi - lo }, ...chunkSel.slice(1)],
      out, outShape, [{ start: first.start + lo * first.step, step: first.step, count: hi - lo }, ...outSel.slice(1)],
    );
  });
}
