/**
 * hdmf's GenericDataChunkIterator: a subclass says how to read any region of its data
 * (`getData(selection)`), its shape (`getMaxShape()`) and dtype (`getDtype()`); the iterator walks
 * the data in buffers of whole chunks chosen from a memory budget (chunk-shapes.ts), so writing
 * never holds more than a buffer. Buffers are chunk-aligned, which is what lets parallel writes
 * (io/parallel) give each worker whole chunks that no other worker touches.
 */
import { InvalidArgumentError } from "../errors.js";
import { checkOptions, optionNames } from "../options.js";
import { classifyDtype, elementType } from "../format/dtype-map.js";
import { flatten, isNdArray, isTypedArray } from "../data/index.js";
import { itemSize, shapeSize, type NdArray } from "../zarr/dtype.js";
import { bufferCount, bufferSelection, defaultBufferShape, defaultChunkShape } from "./chunk-shapes.js";
import { AbstractDataChunkIterator, DataChunk, type ChunkSlice } from "./data-chunk.js";
import { Progress, type ProgressOptions } from "./progress.js";

/** Options of {@link GenericDataChunkIterator} (hdmf's names in camelCase). */
export interface GenericDataChunkIteratorOptions {
  /** Buffer size in GB (10⁹ bytes) when `bufferShape` is not given (default 1). */
  bufferGb?: number;
  /** Buffer shape; whole chunks on every axis that does not reach the end of the data. */
  bufferShape?: number[];
  /** Chunk size in MB (10⁶ bytes) when `chunkShape` is not given (default 10). */
  chunkMb?: number;
  /** Chunk shape. */
  chunkShape?: number[];
  /** Show a progress bar over the buffers (stderr, or an updating output in tslab). */
  displayProgress?: boolean;
  /** Options of the bar (hdmf's `progress_bar_options`); `total` is the buffer count. */
  progressOptions?: Omit<ProgressOptions, "total">;
  /**
   * `getData` returns new values on every call and keeps no reference to them (not a buffer it
   * refills, not a view of data it holds). The writer then stores each buffer while the next is
   * read without first copying it (with 64 MiB buffers the copy costs 0.6–0.7 s of CPU per GB and
   * ~100 MB of peak memory; bench/RESULTS.md).
   * Default false. Not an hdmf option: Python writes each buffer before asking for the next.
   */
  freshBuffers?: boolean;
}

const OPTIONS = optionNames<GenericDataChunkIteratorOptions>({
  bufferGb: true, bufferShape: true, chunkMb: true, chunkShape: true, displayProgress: true, progressOptions: true, freshBuffers: true,
});
const PROGRESS_OPTIONS = optionNames<Omit<ProgressOptions, "total">>({ unit: true, description: true, target: true, minIntervalMs: true });

/** What `getData` may return: C-order values of the selection (typed array, NdArray or nested lists). */
export type BufferData = ArrayLike<unknown> | NdArray | unknown[];

interface Layout {
  dtype: string;
  maxshape: number[];
  chunkShape: number[];
  bufferShape: number[];
}

const describeShape = (s: readonly number[]) => `[${s.join(", ")}]`;

/**
 * Chunks read from data of known shape, a buffer at a time. Subclasses implement `getData`,
 * `getMaxShape` and `getDtype`; shapes are worked out on first use (after the subclass's own
 * constructor has run, unlike Python, where they are worked out in `__init__`).
 */
export abstract class GenericDataChunkIterator extends AbstractDataChunkIterator {
  readonly options: GenericDataChunkIteratorOptions;
  private layoutCache?: Layout;
  private consumed = false;

  constructor(options: GenericDataChunkIteratorOptions = {}) {
    super();
    const call = `new ${new.target.name}()`;
    options = checkOptions(options, OPTIONS, { call });
    checkOptions(options.progressOptions, PROGRESS_OPTIONS, { call: `${call} option 'progressOptions'` }, {
      total: "the bar's total is the number of buffers, counted by the iterator; leave it out",
    });
    if (options.bufferGb !== undefined && options.bufferShape !== undefined) throw new InvalidArgumentError("give only one of bufferGb and bufferShape", { path: this.constructor.name });
    if (options.chunkMb !== undefined && options.chunkShape !== undefined) throw new InvalidArgumentError("give only one of chunkMb and chunkShape", { path: this.constructor.name });
    this.options = options;
  }

  /** The values of a region (one start/stop per axis), C order, loaded (not a lazy view). */
  protected abstract getData(selection: ChunkSlice[]): BufferData | Promise<BufferData>;
  /** The full shape of the data. */
  protected abstract getMaxShape(): number[];
  /** hdmf dtype name of the values (`"int16"`, `"float32"` …). */
  protected abstract getDtype(): string;

  private get layout(): Layout {
    this.layoutCache ??= this.computeLayout();
    return this.layoutCache;
  }

  private computeLayout(): Layout {
    const where = { path: this.constructor.name };
    const dtype = this.getDtype();
    const maxshape = this.getMaxShape().map((n) => Math.floor(n));
    const cls = classifyDtype(dtype);
    const item = cls?.kind === "numeric" || cls?.kind === "bool" ? itemSize(elementType(cls, 3)) : undefined;
    const o = this.options;
    if (item === undefined && (!o.chunkShape || !o.bufferShape)) {
      throw new InvalidArgumentError(`dtype '${dtype}' has no fixed size: give chunkShape and bufferShape`, where);
    }
    const chunkShape = o.chunkShape?.map((n) => Math.floor(n)) ?? defaultChunkShape(maxshape, item!, o.chunkMb ?? 10);
    const bufferShape = o.bufferShape?.map((n) => Math.floor(n)) ?? defaultBufferShape(maxshape, chunkShape, item!, o.bufferGb ?? 1);
    const bad = (what: string) => new InvalidArgumentError(`${what} (chunk shape ${describeShape(chunkShape)}, buffer shape ${describeShape(bufferShape)}, data shape ${describeShape(maxshape)})`, where);
    if (chunkShape.length !== maxshape.length || bufferShape.length !== maxshape.length) throw bad("chunk and buffer shapes must have the rank of the data");
    if (bufferShape.some((b) => b <= 0) || chunkShape.some((c) => c <= 0)) throw bad("chunk and buffer shapes must be positive");
    if (chunkShape.some((c, d) => c > Math.max(1, maxshape[d]))) throw bad("the chunk shape exceeds the data");
    if (bufferShape.some((b, d) => b > Math.max(1, maxshape[d]))) throw bad("the buffer shape exceeds the data");
    if (chunkShape.some((c, d) => c > bufferShape[d])) throw bad("the chunk shape exceeds the buffer shape");
    if (bufferShape.some((b, d) => b !== maxshape[d] && b % chunkShape[d] !== 0)) throw bad("the chunk shape does not evenly divide the buffer shape");
    return { dtype, maxshape, chunkShape, bufferShape };
  }

  /** hdmf dtype name of the values. */
  get dtype(): string {
    return this.layout.dtype;
  }

  /** Full shape of the data. */
  get maxshape(): number[] {
    return this.layout.maxshape;
  }

  /** Chunk shape (given, or chosen from `chunkMb`). */
  get chunkShape(): number[] {
    return this.layout.chunkShape;
  }

  /** Buffer shape (given, or chosen from `bufferGb`). */
  get bufferShape(): number[] {
    return this.layout.bufferShape;
  }

  /** Number of buffers covering the data. */
  get numBuffers(): number {
    return bufferCount(this.maxshape, this.bufferShape);
  }

  /** The buffers' selections, first axis slowest (hdmf's `buffer_selection_generator`). */
  *bufferSelections(): Generator<ChunkSlice[]> {
    for (let i = 0; i < this.numBuffers; i++) yield bufferSelection(this.maxshape, this.bufferShape, i);
  }

  recommendedChunkShape(): number[] {
    return this.chunkShape;
  }

  recommendedDataShape(): number[] {
    return this.maxshape;
  }

  protected async describe() {
    return { dtype: this.dtype, maxshape: this.maxshape, chunkShape: this.chunkShape };
  }

  /** Read one buffer as a DataChunk (values checked against the selection's size). */
  async readBuffer(selection: ChunkSlice[]): Promise<DataChunk> {
    const shape = selection.map((s) => s.stop - s.start);
    const got = await this.getData(selection);
    const values = isNdArray(got) ? (got.data as ArrayLike<unknown>) : isTypedArray(got) ? got : flatten(got, { path: this.constructor.name }).values;
    if (values.length !== shapeSize(shape)) {
      throw new InvalidArgumentError(`getData returned ${values.length} values for a selection of shape ${describeShape(shape)}`, { path: this.constructor.name });
    }
    return new DataChunk({ data: values, shape, selection, owned: this.options.freshBuffers === true });
  }

  protected async *chunks(): AsyncGenerator<DataChunk> {
    if (this.consumed) throw new InvalidArgumentError("this iterator was already consumed; make a new one", { path: this.constructor.name });
    this.consumed = true;
    const progress = this.options.displayProgress ? new Progress({ ...this.options.progressOptions, total: this.numBuffers }) : undefined;
    try {
      for (const selection of this.bufferSelections()) {
        const chunk = await this.readBuffer(selection);
        progress?.update(1);
        yield chunk;
      }
    } finally {
      progress?.close();
    }
  }
}
