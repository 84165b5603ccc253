/**
 * The contract between data that arrives block by block (chunk iterators, HDF5 datasets being
 * exported, anything too big for memory) and the writer: the writer asks for blocks and stores
 * each one as it comes, so it never holds more than a block of a dataset.
 */
import type { BuilderDtype } from "./builder-dtype.js";

/** One block of a dataset: a hyper-rectangle of values and where it sits. */
export interface DataBlock {
  /** Index of the block's first element on each axis. */
  offset: number[];
  /** Extent of the block on each axis. */
  shape: number[];
  /**
   * The values, C order: a typed array or a plain array of `shape` product length for
   * numbers, a plain array for text, bytes, references and compound rows (one item per element).
   */
  values: ArrayLike<unknown>;
  /**
   * True when the source made `values` for this block alone and neither reads nor changes them
   * afterwards (a new array per block): the writer may then keep them, without a copy, while it
   * stores the block and the source makes the next one. Leave it unset for values the source
   * keeps (a buffer it refills, a view of data it holds).
   */
  owned?: boolean;
}

/** What the writer needs to know before the first block arrives. */
export interface BlockSourceInfo {
  /** hdmf dtype of the values (`"int16"`, `"float64"`, `"text"`, a compound field list …). */
  dtype: BuilderDtype;
  /**
   * Shape when known up front. `null` on axis 0 when the length is only known once the source
   * is exhausted (a growing array: the writer resizes as blocks arrive).
   */
  maxShape: (number | null)[];
  /** Chunk shape the source suggests (the HDF5 chunking, an iterator's chunk shape). */
  chunkShape?: number[];
  /** Fill value of the source, kept by the writer unless the write settings name another. */
  fillValue?: unknown;
}

/**
 * Data that is written block by block. Blocks come in any order; a source that knows the
 * destination chunk shape should make blocks of whole chunks so that concurrent writers of
 * different blocks never touch the same chunk.
 */
export interface BlockSource {
  /** Brand: lets the writer tell a source from plain data without importing its classes. */
  readonly isBlockSource: true;
  /** Shape, dtype and chunking, known before the first block. */
  info(): Promise<BlockSourceInfo> | BlockSourceInfo;
  /**
   * The blocks. `chunkShape` is the destination chunk shape the writer chose, so a source can
   * align its blocks to it.
   */
  blocks(chunkShape: number[]): AsyncIterable<DataBlock>;
}

/** True when `value` is a {@link BlockSource}. */
export function isBlockSource(value: unknown): value is BlockSource {
  return typeof value === "object" && value !== null && (value as { isBlockSource?: unknown }).isBlockSource === true;
}
