/**
 * hdmf's DataChunk (a block of values and where it goes) and the base of the chunk iterators:
 * an iterator of DataChunks that is also a {@link BlockSource}, so the writer stores its chunks as
 * they come. Subclasses: DataChunkIterator (rows of an iterable, length maybe unknown) and
 * GenericDataChunkIterator (buffers read from a source of known shape).
 */
import type { BlockSource, BlockSourceInfo, BuilderDtype, DataBlock } from "../data/index.js";
import type { Slice } from "../zarr/indexing.js";

/** One axis of a chunk's place: `start` to `stop` (exclusive). */
export interface ChunkSlice extends Slice {
  start: number;
  stop: number;
}

/** Init of a {@link DataChunk}. */
export interface DataChunkInit {
  /** The values, C order (a typed array for numbers). */
  data: ArrayLike<unknown>;
  /** Shape of the values. */
  shape: number[];
  /** Where the values go in the dataset, one slice per axis. */
  selection: ChunkSlice[];
  /** The values were made for this chunk alone and are not used again by the iterator (see DataBlock's `owned`). */
  owned?: boolean;
}

/** A block of a dataset's values and its place (hdmf's DataChunk). */
export class DataChunk {
  readonly data: ArrayLike<unknown>;
  readonly shape: number[];
  readonly selection: ChunkSlice[];
  /** The values were made for this chunk alone (the writer may keep them without a copy). */
  readonly owned: boolean;

  constructor(init: DataChunkInit) {
    this.data = init.data;
    this.shape = init.shape;
    this.selection = init.selection;
    this.owned = init.owned ?? false;
  }

  /** Length along the first axis (Python's `len(chunk)`). */
  get length(): number {
    return this.shape.length === 0 ? 0 : this.shape[0];
  }

  /** The smallest dataset shape that holds this chunk (the stop of each slice). */
  getMinBounds(): number[] {
    return this.selection.map((s) => s.stop);
  }

  /** The chunk as the writer's block. */
  toBlock(): DataBlock {
    return { offset: this.selection.map((s) => s.start), shape: this.shape, values: this.data, ...(this.owned ? { owned: true } : {}) };
  }
}

/**
 * Base of the chunk iterators: `for await (const chunk of it)` gives DataChunks; the writer uses
 * the same chunks through `info()` and `blocks()`. An iterator is consumed once, as in hdmf.
 */
export abstract class AbstractDataChunkIterator implements BlockSource, AsyncIterable<DataChunk> {
  readonly isBlockSource = true as const;

  /** Shape, dtype and chunking, once known (some iterators must read their first values first). */
  protected abstract describe(): Promise<{ dtype: BuilderDtype; maxshape: (number | null)[]; chunkShape?: number[] }>;

  /** The chunks, in order. */
  protected abstract chunks(): AsyncGenerator<DataChunk>;

  /** Chunk shape to write with, or null for no preference (hdmf's `recommended_chunk_shape`). */
  abstract recommendedChunkShape(): number[] | null;

  /** Shape to create the dataset with: the full shape when known, else the first chunk's (hdmf's `recommended_data_shape`). */
  abstract recommendedDataShape(): number[] | null;

  async info(): Promise<BlockSourceInfo> {
    const d = await this.describe();
    return { dtype: d.dtype, maxShape: d.maxshape, ...(d.chunkShape ? { chunkShape: d.chunkShape } : {}) };
  }

  async *blocks(): AsyncIterable<DataBlock> {
    for await (const chunk of this.chunks()) yield chunk.toBlock();
  }

  [Symbol.asyncIterator](): AsyncIterator<DataChunk> {
    return this.chunks();
  }
}
