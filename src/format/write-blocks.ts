/**
 * Writing a dataset whose data is a {@link BlockSource} (chunk iterators, HDF5 datasets being
 * exported): the array is created from the source's `info()`, then each block is converted by the
 * writer's own planning (`datasetPlan`) and stored as it arrives, so no more than a block of the
 * dataset is held at a time (plus the blocks in write workers, in a parallel write). Axes the
 * source leaves open (`null` in `maxShape`) start at 0 and grow to the furthest block; the final
 * shape is written when the source ends (hdmf-zarr's ZarrIODataChunkIteratorQueue resizes the
 * same way).
 */
import { InvalidArgumentError, UnsupportedWriteError, type ErrorLocation } from "../errors.js";
import { ZarrArray } from "../zarr/array.js";
import { itemSize, shapeSize, typedArrayClass, type DataType, type NdArray } from "../zarr/dtype.js";
import type { Slice } from "../zarr/indexing.js";
import type { ArrayMetadata } from "../zarr/metadata-types.js";
import type { BlockSource, BlockSourceInfo, BuilderDtype, DataBlock, DataIOSettings } from "../data/index.js";
import type { DatasetBuilder } from "./builders.js";
import { guessChunks, innerChunksFor } from "./array-layout.js";
import type { WriteTreeContext } from "./write-context.js";
import { arrayMetadata, datasetPlan } from "./dataset-plan.js";
import { writeRegion } from "./write-region.js";

/** Length assumed for an open axis when guessing chunks (chunks then hold about 1 MB). */
const OPEN_AXIS_GUESS = 1 << 20;

/** One converted block, ready for the array engine. */
export interface PreparedBlock {
  /** Where it goes (whole slices, one per axis). */
  selection: Slice[];
  /** Values in the array's in-memory type, C order. */
  value: NdArray;
  /** The array's shape when this block was prepared (open axes grow block by block). */
  shape: number[];
  /** The values are the block's alone (the source made them for it, or converting did): a sink may keep them without a copy. */
  owned?: boolean;
}

/** Where prepared blocks go: the array itself (serial), or worker threads (io/parallel). */
export interface BlockSink {
  /** Store one block; may return before it is stored (call `flush` to wait for all). */
  put(block: PreparedBlock): Promise<void>;
  /** Wait until every block put so far is stored (and release what the sink holds). */
  flush(): Promise<void>;
}

/** A write context that may send blocks elsewhere than the main thread (set by the I/O layer). */
export interface BlockWriteContext extends WriteTreeContext {
  /** A sink for the blocks of `array`, or undefined to write them here, one after another. */
  blockSink?(array: ZarrArray, source: BlockSource, info: BlockSourceInfo): BlockSink | undefined;
  /**
   * Take a started block write to finish later, calling `complete` after its last block
   * (hdmf-zarr's `exhaust_dci=False`); without it, blocks are written as each dataset is created.
   */
  queueBlockWrite?(write: BlockWrite, complete: () => Promise<void>): void;
}

/** Whether a block covers only whole chunks (edge chunks: up to the array's current end). */
export function isChunkAligned(block: Pick<PreparedBlock, "selection" | "shape">, chunkShape: readonly number[]): boolean {
  return block.selection.every((s, d) => {
    const start = s.start ?? 0;
    const stop = s.stop ?? block.shape[d];
    return start % chunkShape[d] === 0 && (stop % chunkShape[d] === 0 || stop === block.shape[d]);
  });
}

/**
 * The block's values for the store to keep while the source runs on. Values the block owns
 * (`owned`: a new array per block, or converted here) are kept as they are. Otherwise the source
 * keeps its array and may refill or reuse it (an iterator that hands out one buffer, or a view of
 * the user's own data), so they are copied — for 64 MiB blocks that copy (a new buffer, its pages
 * touched, then collected) was the largest item on the writing thread. Values that are not a
 * typed array are not kept: undefined, and their write is waited for.
 */
function takeValues(block: PreparedBlock): NdArray | undefined {
  const data = block.value.data;
  if (!ArrayBuffer.isView(data) || data instanceof DataView) return undefined;
  return block.owned ? block.value : { ...block.value, data: data.slice() };
}

/**
 * Stores blocks on the main thread, one after another. A block of whole chunks is stored while
 * the next one is read: `put` returns once the block before it is stored, so its chunks are
 * encoded (on libuv's threads) and written while the source makes the next block. At most one
 * block is in flight, holding its own values or a copy of the source's ({@link takeValues}; a
 * block whose values are not a typed array is stored before `put` returns); a block that covers
 * part of a chunk waits for the one in flight, so two writes never touch one chunk. The first
 * failure is thrown by the next `put` or by `flush`.
 */
export function serialSink(array: ZarrArray): BlockSink {
  let current = array;
  let inFlight: Promise<void> | undefined;
  const settle = async () => {
    const running = inFlight;
    inFlight = undefined;
    await running;
  };
  return {
    async put(block) {
      await settle();
      if (!sameShape(current.shape, block.shape)) current = withShape(current, block.shape);
      const taken = isChunkAligned(block, current.chunkShape) ? takeValues(block) : undefined;
      const write = writeRegion(current, block.selection, taken ?? block.value);
      if (!taken) return write;
      inFlight = write;
      // Observed here so a failure waits for `settle` without being reported as unhandled.
      write.catch(() => undefined);
    },
    flush: settle,
  };
}

/** The same array seen with another shape (its metadata is not written). */
export function withShape(array: ZarrArray, shape: number[]): ZarrArray {
  return new ZarrArray({ store: array.store, path: array.path, metadata: { ...array.metadata, shape: shape.slice() }, concurrency: array.concurrency });
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

const describe = (s: readonly (number | null)[]) => `[${s.map((n) => (n === null ? "None" : n)).join(", ")}]`;

/**
 * Chunk shape of the new array (the inner chunks when sharded): the write settings', else chunks
 * dividing the shards given, else the source's, else a guess for its (maximum) shape.
 */
function chooseChunks(info: BlockSourceInfo, settings: DataIOSettings, dtype: DataType): number[] {
  const shards = settings.shards?.shape;
  const chunks = settings.chunks ?? (Array.isArray(shards) ? innerChunksFor(shards, dtype) : undefined)
    ?? info.chunkShape ?? guessChunks(info.maxShape.map((n) => n ?? OPEN_AXIS_GUESS), dtype);
  return chunks.map((c) => Math.max(1, Math.floor(c)));
}

/** Check a block against the array's rank and the source's maximum shape. */
function checkBlock(block: DataBlock, info: BlockSourceInfo, where: ErrorLocation): void {
  const rank = info.maxShape.length;
  if (block.offset.length !== rank || block.shape.length !== rank) {
    throw new InvalidArgumentError(`a block of shape ${describe(block.shape)} at ${describe(block.offset)} does not have the rank of maxshape ${describe(info.maxShape)}`, where);
  }
  block.offset.forEach((o, d) => {
    const stop = o + block.shape[d];
    const max = info.maxShape[d];
    if (!Number.isInteger(o) || o < 0 || !Number.isInteger(block.shape[d]) || block.shape[d] < 0 || (max !== null && stop > max)) {
      throw new InvalidArgumentError(`a block of shape ${describe(block.shape)} at ${describe(block.offset)} lies outside maxshape ${describe(info.maxShape)}`, where);
    }
  });
  if (block.values.length !== shapeSize(block.shape)) {
    throw new InvalidArgumentError(`a block of shape ${describe(block.shape)} has ${block.values.length} values, expected ${shapeSize(block.shape)}`, where);
  }
}

/**
 * Block values in the array's type: typed arrays already of that type are used as they are,
 * anything else goes through the writer's planning (dtype conversion, text, references, rows).
 */
function convertBlock(ctx: WriteTreeContext, planner: { dtype: BuilderDtype }, dtype: DataType, block: DataBlock, where: ErrorLocation): NdArray {
  if (dtype.kind === "numeric" && block.values instanceof typedArrayClass(dtype.name)) {
    return { dtype, shape: block.shape.slice(), data: block.values as NdArray["data"] };
  }
  const plan = datasetPlan(ctx, planner, { dtype: { kind: "object" }, shape: block.shape, data: block.values }, where);
  if (plan.dtype.kind === "struct" && dtype.kind === "struct" && (itemSize(plan.dtype) ?? 0) > (itemSize(dtype) ?? 0)) {
    throw new UnsupportedWriteError(
      `a text field of this compound block is longer than the array's fixed width (set when it was created from the first block); give the rows in one block`, where,
    );
  }
  return { dtype, shape: block.shape.slice(), data: plan.values as NdArray["data"] };
}

/**
 * A started block write: the array exists (marked incomplete), and its blocks are written one per
 * `step()`. A write queue (io/dci-queue.ts) interleaves the steps of several of them.
 */
export interface BlockWrite {
  /** Path of the array in its store. */
  readonly path: string;
  /** The source its blocks come from. */
  readonly source: BlockSource;
  /**
   * Read and store the next block; false once the source is exhausted, when every block is stored
   * and the final shape written (the array is then still marked incomplete, for its writer).
   */
  step(): Promise<boolean>;
  /** Stop without writing more: wait for blocks in flight and release the source's iterator. */
  abort(): Promise<void>;
}

/**
 * Create the array for a block source (marked incomplete), without reading a block. `attributes`
 * are the builder's attributes in JSON form; `settings` the ZarrDataIO settings (they win over the
 * source's chunking and fill value).
 */
export async function startBlockWrite(
  ctx: BlockWriteContext, builder: Pick<DatasetBuilder, "dtype">, source: BlockSource, path: string,
  attributes: Record<string, unknown>, settings: DataIOSettings,
): Promise<BlockWrite> {
  const where = { store: ctx.source, path: "/" + path };
  const info = await source.info();
  if (info.maxShape.length === 0) throw new UnsupportedWriteError("a block source must have at least one dimension", where);
  const planner = { dtype: builder.dtype ?? info.dtype };
  const zeros = info.maxShape.map(() => 0);
  const empty = datasetPlan(ctx, planner, { dtype: { kind: "object" }, shape: zeros, data: [] }, where);
  const shape = info.maxShape.map((n) => n ?? 0);
  const chunks = chooseChunks(info, settings, empty.dtype);
  const meta: ArrayMetadata = arrayMetadata(
    ctx, { dtype: empty.dtype, shape }, { ...attributes, ...empty.markers },
    { ...settings, chunks, fillValue: settings.fillValue ?? info.fillValue }, undefined, where,
  );
  // Marked incomplete until the dataset's writer completes it, after the last block.
  const array = await ctx.hierarchy.createArray(path, meta, { incomplete: true });
  const sink = ctx.blockSink?.(array, source, info) ?? serialSink(array);

  // Blocks of whole shards when sharded: each block then writes its shards without reading them.
  // An async iterator reads nothing before its first next().
  const iterator = source.blocks(meta.chunkShape)[Symbol.asyncIterator]();
  let extent = shape.slice();
  let finished = false;
  return {
    path,
    source,
    async step() {
      if (finished) return false;
      const next = await iterator.next();
      if (next.done) {
        finished = true;
        // Memory holds the block being stored (and, in parallel, those in the workers) until here.
        await sink.flush();
        if (!sameShape(extent, shape)) await ctx.hierarchy.resizeArray(path, extent);
        return false;
      }
      const block = next.value;
      checkBlock(block, info, where);
      if (shapeSize(block.shape) === 0) return true;
      const grown = extent.map((n, d) => (info.maxShape[d] === null ? Math.max(n, block.offset[d] + block.shape[d]) : n));
      if (!sameShape(grown, extent)) extent = grown;
      const value = convertBlock(ctx, planner, meta.dtype, block, where);
      const selection = block.offset.map((o, d) => ({ start: o, stop: o + block.shape[d] }));
      // Values converted here are new: the block owns them whatever the source said.
      const owned = block.owned === true || value.data !== block.values;
      await sink.put({ selection, value, shape: extent, owned });
      return true;
    },
    async abort() {
      if (finished) return;
      finished = true;
      await sink.flush().catch(() => undefined);
      await iterator.return?.(undefined)?.catch(() => undefined);
    },
  };
}

/** Run a started block write to its end (stopping it on failure). */
export async function finishBlockWrite(write: BlockWrite): Promise<void> {
  try {
    while (await write.step());
  } catch (err) {
    await write.abort();
    throw err;
  }
}

/**
 * Write a dataset whose data is a block source: the array is created, then its blocks are written
 * now, or, when the context queues block writes (`exhaustDci: false`), handed to the queue with
 * `complete`, which the queue calls once the last block is stored.
 */
export async function writeBlockSource(
  ctx: BlockWriteContext, builder: Pick<DatasetBuilder, "dtype">, source: BlockSource, path: string,
  attributes: Record<string, unknown>, settings: DataIOSettings, complete: () => Promise<void>,
): Promise<void> {
  const write = await startBlockWrite(ctx, builder, source, path, attributes, settings);
  if (ctx.queueBlockWrite) return ctx.queueBlockWrite(write, complete);
  await finishBlockWrite(write);
  await complete();
}
