/**
 * The chunked-array engine: reads and writes selections of a Zarr array (v2 or v3) through its
 * codec pipeline, one chunk at a time with bounded concurrency. Metadata comes in already parsed
 * (`ArrayMetadata`); this file never reads `.zarray` or `zarr.json` itself.
 */
import {
  StoreError,
  ChunkDecodeError,
  HdmfZarrError,
  IncompleteWriteError,
  InvalidArgumentError,
  ReadOnlyError,
  UnsupportedWriteError,
  type ErrorLocation,
} from "../errors.js";
import type { ByteLimit } from "../store/capped-read.js";
import { isWritable, type ReadableStore, type WritableStore } from "../store/types.js";
import { selectionByteRanges, selectionSpan, type ChunkSpan } from "./chunk-byte-ranges.js";
import { chunkKey, parseChunkKey } from "./chunk-key.js";
import { chunkView } from "./chunk-view.js";
import { CodecPipeline } from "./codecs/index.js";
import { chunkLimit } from "./limits.js";
import type { ChunkLimits } from "./codecs/decoded-limit.js";
import { decodeSpanBytes } from "./codecs/prefix-decode.js";
import { checkDecodedShape, type ChainSpec, type ChunkDecoder } from "./decode-into.js";
import { defaultDecoder } from "./default-decoder.js";
import type { ByteRange } from "./codecs/native/backend.js";
import type { ChunkSpec, CodecJSON, PaddingMask } from "./codecs/types.js";
import { forEachConcurrent, mapConcurrent } from "./concurrency.js";
import {
  allocate,
  defaultFill,
  dtypeName,
  heldAsNumeric,
  isNdArray,
  itemSize,
  shapeSize,
  toNumericValue,
  typedArrayClass,
  type ArrayData,
  type DataType,
  type NdArray,
  type NumericName,
  type TypedArray,
} from "./dtype.js";
import {
  copyRegion,
  coversChunk,
  fillRegion,
  planSelection,
  type DimRange,
  type Selection,
} from "./indexing.js";
import { isUnsupported, unsupportedDtypeError } from "./dtype-unsupported.js";
import { incompleteArrayError, isIncomplete } from "./incomplete.js";
import { PrefixReader } from "./prefix-read.js";
import { shardReader, type ShardReader } from "./shard-read.js";
import { shardWriter, type ShardWriter } from "./shard-write.js";
import type { ArrayMetadata } from "./metadata-types.js";

/** What the engine needs from a codec pipeline; `CodecPipeline` provides it. */
export interface ChunkCodecs {
  /** JSON of the bytes→bytes stage, handed to a `ChunkDecoder` (no pool round trip when absent or empty). */
  readonly bytesCodecs?: CodecJSON[];
  /** How large a chunk may be, stored and after each bytes→bytes decoder. */
  readonly limits?: ChunkLimits;
  /** `padding` marks the chunk's elements past the array's edge (types.ts). */
  encode(chunk: NdArray, padding?: PaddingMask): Promise<Uint8Array>;
  decode(bytes: Uint8Array, spec: ChunkSpec): Promise<NdArray>;
  /** Only the bytes→bytes stage. */
  decodeBytes(bytes: Uint8Array): Promise<Uint8Array>;
  /** Only the array→bytes and array→array stages, from bytes already through the bytes→bytes stage. */
  decodeArray(bytes: Uint8Array, spec: ChunkSpec): Promise<NdArray>;
  /**
   * Present when the chain can decode just part of a chunk: `ranges` are byte ranges of the
   * chunk's packed C-order elements; the result has the chunk's shape, but only the elements in
   * `ranges` are meaningful.
   */
  readonly decodePartial?: (bytes: Uint8Array, spec: ChunkSpec, ranges: readonly ByteRange[]) => Promise<NdArray>;
  /**
   * True when a stored chunk is its elements packed in C order and nothing else (the `bytes` codec
   * alone): a selection then reads just the span of the chunk it needs, by a range read.
   */
  readonly packed?: boolean;
  /**
   * Present when the codecs can decode the start of a chunk alone: at least the first `length`
   * bytes of its packed C-order elements, or `undefined` when the chunk is to be decoded whole.
   */
  readonly decodePrefix?: (bytes: Uint8Array, length: number) => Promise<Uint8Array | undefined>;
}

export type { ChunkDecoder } from "./decode-into.js";

/** A store that can run one selection's reads as one scope (`LocalStore.readScope`). */
interface ReadScoped {
  readScope<T>(fn: () => Promise<T>): Promise<T>;
}

/** Options of `new ZarrArray(...)`. */
export interface ZarrArrayOptions {
  store: ReadableStore | WritableStore;
  /** Node path without leading "/" ("" for an array at the store root). */
  path: string;
  metadata: ArrayMetadata;
  /** Let pickle codecs decode (legacy object arrays). Default false. */
  allowPickle?: boolean;
  /** Most bytes a chunk of variable-size elements may decode to (limits.ts). Default 128 MiB. */
  maxChunkBytes?: number;
  /** Most chunks fetched and decoded (or encoded and stored) at once. Default 8. */
  concurrency?: number;
  /** Runs decompression off the main thread when given. */
  decodePool?: ChunkDecoder;
  /**
   * The codec pipeline to use instead of building one from `metadata.codecs`
   * (lets several arrays share a pipeline, or tests use a minimal one).
   */
  codecs?: ChunkCodecs;
  /** The bytes→bytes codecs handed to `decodePool`; by default the pipeline's `bytesCodecs`. */
  bytesCodecs?: CodecJSON[];
}

/** Where a chunk's selected elements are: `data` of C-order `shape`, at `sel`. */
interface ChunkRegion {
  data: ArrayData;
  shape: readonly number[];
  sel: readonly DimRange[];
}

/** A value to write: an n-d array matching the selection, or one scalar for every selected element. */
export type WriteValue = NdArray | number | bigint | boolean | string | null | Record<string, unknown> | Uint8Array;

const DEFAULT_CONCURRENCY = 8;

/**
 * Selections of at least this many bytes decode in worker threads straight into a shared output
 * (`decodeInto`) when a decoder offers it; smaller ones gain less than a worker round trip costs.
 */
export const DECODE_INTO_MIN_BYTES = 16 << 20;

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

function squeeze(shape: readonly number[]): number[] {
  return shape.filter((n) => n !== 1);
}

function describeShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** The fill value used for missing chunks and padding, in the in-memory form of the type. */
function effectiveFill(dtype: DataType, fill: unknown): unknown {
  if (fill === null || fill === undefined) return defaultFill(dtype);
  if (dtype.kind === "numeric") {
    const isBig = dtype.name === "int64" || dtype.name === "uint64";
    // An integer array cannot hold NaN/Infinity; such a fill means nothing, so fall back to 0.
    if (isBig && typeof fill === "number" && !Number.isFinite(fill)) return 0n;
    return toNumericValue(dtype.name, fill);
  }
  if (dtype.kind === "bool") return Boolean(fill);
  return fill;
}

/** An n-dimensional Zarr array in a store: shape, chunking, type, and chunked reads and writes. */
export class ZarrArray {
  readonly store: ReadableStore | WritableStore;
  /** Node path without leading "/" ("" for a root array). */
  readonly path: string;
  readonly metadata: ArrayMetadata;
  readonly allowPickle: boolean;
  readonly maxChunkBytes?: number;
  readonly concurrency: number;
  private readonly decodePool?: ChunkDecoder;
  private readonly bytesCodecs?: CodecJSON[];
  private codecs?: ChunkCodecs;
  private readonly fill: unknown;
  private readonly where: ErrorLocation;
  /** Partial shard reads (shard-read.ts); null once known not to apply. */
  private shards?: ShardReader | null;
  /** Shard writes that keep untouched inner chunks and leave out empty ones (shard-write.ts); null when not sharded. */
  private shardWrites?: ShardWriter | null;
  /** Whether selections read spans of uncompressed chunks by range reads (`spanReads`); unknown until the first read. */
  private spans?: boolean;
  /** Range reads of the start of zstd chunks (`prefixReads`); null once known not to apply. */
  private prefixes?: PrefixReader | null;
  /** The codecs came from the caller (`codecs` / `bytesCodecs`): a worker cannot rebuild them. */
  private readonly givenCodecs: boolean;
  /** What a worker needs to build this array's codec chain (`decodeInto`), made on first use. */
  private chainSpec?: ChainSpec;

  constructor(options: ZarrArrayOptions) {
    const { store, path, metadata } = options;
    this.store = store;
    this.path = path.replace(/^\/+|\/+$/g, "");
    this.metadata = metadata;
    this.allowPickle = options.allowPickle ?? false;
    this.maxChunkBytes = options.maxChunkBytes;
    this.where = { store: store.description, path: "/" + this.path };
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new InvalidArgumentError(`concurrency must be an integer >= 1, got ${concurrency}`, this.where);
    }
    this.concurrency = concurrency;
    if (metadata.chunkShape.length !== metadata.shape.length) {
      throw new InvalidArgumentError(
        `chunk shape ${describeShape(metadata.chunkShape)} does not have the rank of shape ${describeShape(metadata.shape)}`,
        this.where,
      );
    }
    this.decodePool = options.decodePool;
    this.bytesCodecs = options.bytesCodecs;
    this.codecs = options.codecs;
    this.givenCodecs = options.codecs !== undefined || options.bytesCodecs !== undefined;
    this.fill = effectiveFill(metadata.dtype, metadata.fillValue);
  }

  get shape(): number[] {
    return this.metadata.shape;
  }

  get chunkShape(): number[] {
    return this.metadata.chunkShape;
  }

  get dtype(): DataType {
    return this.metadata.dtype;
  }

  /** Fill value of missing chunks, in memory form (`fillValue` of the metadata, or the type's zero when it has none). */
  get fillValue(): unknown {
    return this.fill;
  }

  get ndim(): number {
    return this.metadata.shape.length;
  }

  /** Number of elements. */
  get size(): number {
    return shapeSize(this.metadata.shape);
  }

  get attributes(): Record<string, unknown> {
    return this.metadata.attributes;
  }

  /** Number of chunks along each dimension. */
  get chunkGrid(): number[] {
    return this.shape.map((n, d) => (n === 0 ? 0 : Math.ceil(n / Math.max(1, this.chunkShape[d]))));
  }

  /** Number of chunks in the grid (1 for a 0-d array, 0 when a dimension has length 0). */
  get chunkCount(): number {
    return shapeSize(this.chunkGrid);
  }

  /** Store key of the chunk at `coords`. */
  chunkKey(coords: readonly number[]): string {
    const key = chunkKey(coords, this.metadata.chunkKeyEncoding);
    return this.path === "" ? key : `${this.path}/${key}`;
  }

  /** Every chunk's store key, in C order of the grid (lazily). */
  *chunkKeys(): Generator<string> {
    for (const coords of this.chunkCoords()) yield this.chunkKey(coords);
  }

  /** Every chunk's grid coordinates, in C order (lazily). */
  *chunkCoords(): Generator<number[]> {
    const grid = this.chunkGrid;
    if (grid.some((n) => n === 0)) return;
    const idx = new Array<number>(grid.length).fill(0);
    for (;;) {
      yield idx.slice();
      let d = grid.length - 1;
      while (d >= 0) {
        if (++idx[d] < grid[d]) break;
        idx[d] = 0;
        d--;
      }
      if (d < 0) return;
    }
  }

  /**
   * How many chunks exist in the store, by listing (no chunk is read). `undefined` when the store
   * cannot list (plain HTTP). Keys outside the grid (left over from a resize) are not counted.
   */
  async countInitializedChunks(): Promise<number | undefined> {
    const store = this.store;
    if (typeof store.list !== "function") return undefined;
    const enc = this.metadata.chunkKeyEncoding;
    const grid = this.chunkGrid;
    if (grid.some((n) => n === 0)) return 0;
    const inGrid = (coords: number[] | undefined): boolean => coords !== undefined && coords.every((c, d) => c < grid[d]);
    // Flat keys ("0.1", "c.0.1", or the one key of a 0-d array) all sit in the array folder.
    if (this.ndim === 0 || enc.separator === ".") {
      const listing = await store.list(this.path).catch((e: unknown) => {
        if (e instanceof StoreError) return undefined;
        throw e;
      });
      return listing?.keys.filter((k) => inGrid(parseChunkKey(k, enc, this.ndim))).length;
    }
    // Nested keys ("c/0/1", "0/1"): one folder level per dimension, the last one holds the keys.
    const base = enc.kind === "default" ? (this.path === "" ? "c" : `${this.path}/c`) : this.path;
    const isIndex = (name: string, d: number): boolean => /^(0|[1-9][0-9]*)$/.test(name) && Number(name) < grid[d];
    const walk = async (prefix: string, d: number): Promise<number> => {
      const listing = await store.list!(prefix);
      if (d === this.ndim - 1) return listing.keys.filter((k) => isIndex(k, d)).length;
      const children = listing.prefixes.filter((p) => isIndex(p, d));
      const counts = await mapConcurrent(children, this.concurrency, (child) => walk(prefix === "" ? child : `${prefix}/${child}`, d + 1));
      return counts.reduce((a, b) => a + b, 0);
    };
    try {
      return await walk(base, 0);
    } catch (e) {
      // A store that lists only sometimes (HTTP without a directory index) cannot count: say "unknown".
      if (e instanceof StoreError) return undefined;
      throw e;
    }
  }

  /** Memory for a selection's values; a selection too large for one JS array is a typed error, not a RangeError. */
  private allocateResult(size: number): ArrayData {
    try {
      return allocate(this.dtype, size);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      throw new InvalidArgumentError(`a selection of ${size} elements is too large to hold in memory; read it by slices`, this.where, { cause: e });
    }
  }

  /** Zeroed memory for a selection's values of a fixed-size numeric type, shared with worker threads. */
  private allocateShared(size: number): TypedArray {
    const name = (this.dtype as { name: NumericName }).name;
    const Ctor = typedArrayClass(name);
    try {
      // The in-memory element, not the stored one: float16 is held as float32.
      const bytes = (Ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
      return new Ctor(new SharedArrayBuffer(size * bytes)) as TypedArray;
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      throw new InvalidArgumentError(`a selection of ${size} elements is too large to hold in memory; read it by slices`, this.where, { cause: e });
    }
  }

  /**
   * The decoder that decodes a selection of `size` elements straight into a shared output, or
   * undefined to decode on this thread: only numbers of a fixed size, a selection of at least
   * DECODE_INTO_MIN_BYTES, a chain that compresses and that a worker can rebuild from the metadata,
   * and a SharedArrayBuffer to decode into.
   */
  private async intoDecoder(size: number): Promise<ChunkDecoder | undefined> {
    const bytes = itemSize(this.dtype);
    if (this.dtype.kind !== "numeric" || bytes === undefined || size * bytes < DECODE_INTO_MIN_BYTES || this.givenCodecs) return undefined;
    // A page that is not cross-origin isolated has no SharedArrayBuffer to decode into.
    if (typeof SharedArrayBuffer !== "function") return undefined;
    try {
      if ((this.pipeline().bytesCodecs ?? []).length === 0) return undefined;
    } catch {
      return undefined; // the chain cannot be built: reading reports why
    }
    const decoder = this.decodePool ?? (await defaultDecoder());
    return decoder?.decodeInto ? decoder : undefined;
  }

  /** Fetch the chunk at `coords` and have `decoder` decode its `chunkSel` into `out` at `outSel` (fill where it is missing). */
  private async readInto(
    decoder: ChunkDecoder, coords: readonly number[], chunkSel: readonly DimRange[],
    out: TypedArray, outShape: readonly number[], outSel: readonly DimRange[],
  ): Promise<void> {
    const key = this.chunkKey(coords);
    const bytes = await this.fetchChunk(key);
    if (bytes === undefined) return fillRegion(out, outShape, outSel, this.fill);
    const m = this.metadata;
    this.chainSpec ??= { codecs: m.codecs, dtype: m.dtype, chunkShape: m.chunkShape.slice(), zarrFormat: m.zarrFormat, maxChunkBytes: this.maxChunkBytes, where: this.where };
    try {
      await decoder.decodeInto!({ chain: this.chainSpec, fillValue: this.fill, key, bytes, out, outShape, chunkSel, outSel });
    } catch (err) {
      throw this.chunkError(err, key, "decoded", ChunkDecodeError);
    }
  }

  /** Whether the array's write did not finish (incomplete.ts): reading it is refused. */
  get incomplete(): boolean {
    return isIncomplete(this.metadata);
  }

  /** Throw IncompleteWriteError when the array's write did not finish (its missing chunks are not fill values). */
  assertComplete(): void {
    if (this.incomplete) throw incompleteArrayError(this.where);
  }

  /**
   * Throw UnsupportedDtypeError when the array's data type cannot be held here (float128,
   * complex256 …): its metadata is readable, its values are not, in either direction.
   */
  assertSupportedDtype(): void {
    if (isUnsupported(this.dtype)) throw unsupportedDtypeError(this.dtype, this.where);
  }

  /**
   * Read a selection (all of the array when omitted). Integer entries drop their dimension.
   * A selection of fixed-size numbers of at least {@link DECODE_INTO_MIN_BYTES} is decoded by
   * workers (the `decodePool`, else the default pool: in Node the process's worker threads, in a
   * cross-origin isolated page the Web Workers set by `useBrowserDecodeWorkers`) straight into its
   * output: the result's typed array is then a view of a SharedArrayBuffer.
   */
  async get(selection?: Selection | null): Promise<NdArray> {
    this.assertSupportedDtype();
    this.assertComplete();
    const plan = planSelection(selection, this.shape, this.chunkShape, this.where);
    const shards = this.shardReads();
    const spans = !shards && this.spanReads();
    const into = !shards && !spans ? await this.intoDecoder(plan.size) : undefined;
    const out = into ? this.allocateShared(plan.size) : this.allocateResult(plan.size);
    const reads = () => forEachConcurrent(plan.projections(), this.concurrency, async (p) => {
      // A sharded array decodes just the inner chunks p needs (shard-read.ts).
      if (shards) return shards.read(p, out, plan.fullShape);
      if (into) return this.readInto(into, p.coords, p.chunkSel, out as TypedArray, plan.fullShape, p.outSel);
      const part = await this.readSelected(p.coords, p.chunkSel, spans);
      if (part === undefined) fillRegion(out, plan.fullShape, p.outSel, this.fill);
      else copyRegion(part.data, part.shape, part.sel, out, plan.fullShape, p.outSel);
    });
    // A store that can (LocalStore) resolves each chunk folder's real path once for the whole selection.
    const scoped = (this.store as Partial<ReadScoped>).readScope;
    await (scoped ? scoped.call(this.store, reads) : reads());
    return { dtype: this.dtype, shape: plan.shape, data: out };
  }

  /** One element, by its full index (negative entries count from the end); `[]` for a 0-d array. */
  async getScalar(index: readonly number[] = []): Promise<unknown> {
    if (index.length !== this.ndim) {
      throw new InvalidArgumentError(`scalar index ${describeShape(index)} must have ${this.ndim} entries`, this.where);
    }
    const result = await this.get(index);
    return result.data[0];
  }

  /** The decoded chunk at grid `coords`, full chunk size (edge chunks include their padding); fill value when missing. */
  async getChunk(coords: readonly number[]): Promise<NdArray> {
    this.assertSupportedDtype();
    this.assertComplete();
    this.checkCoords(coords);
    const chunk = await this.readChunk(coords, true);
    return chunk ?? { dtype: this.dtype, shape: this.chunkShape.slice(), data: allocate(this.dtype, shapeSize(this.chunkShape), this.fill) };
  }

  /**
   * The bytes stored for the chunk at grid `coords`, not decoded, or `undefined` when missing: for
   * copying chunks between arrays of the same codecs. Read under the same cap as a chunk to decode
   * (what the codecs can make of a chunk; `maxChunkBytes` when that is unknown), so a hostile
   * chunk costs a copy no more memory than a valid one could.
   */
  async getStoredChunk(coords: readonly number[]): Promise<Uint8Array | undefined> {
    this.assertSupportedDtype();
    this.checkCoords(coords);
    const limit = this.storedLimit() ?? chunkLimit({ maxChunkBytes: this.maxChunkBytes }, this.where);
    return this.store.get(this.chunkKey(coords), { limit });
  }

  /**
   * Write `value` into a selection. Chunks covered entirely (edge chunks: their part inside the
   * array) are written without being read, padding set to the fill value; others are read,
   * modified and written back. `value` is an NdArray whose shape matches the selection (size-1
   * dimensions may differ) or a scalar written to every selected element.
   */
  async set(selection: Selection | null | undefined, value: WriteValue): Promise<void> {
    const store = this.store;
    if (!isWritable(store)) {
      throw new ReadOnlyError(`cannot write: the store '${store.description}' is read-only`, this.where);
    }
    this.assertSupportedDtype();
    const plan = planSelection(selection, this.shape, this.chunkShape, this.where);
    const source = isNdArray(value) ? this.checkValue(value, plan.shape) : undefined;
    const scalar = source === undefined ? this.coerceScalar(value) : undefined;
    const chunkShape = this.chunkShape;
    const chunkSize = shapeSize(chunkShape);
    const shards = this.shardWriter(store);
    await forEachConcurrent(plan.projections(), this.concurrency, async (p) => {
      if (shards) return this.writing(p.coords, () => shards.write(p, this.shape, source !== undefined ? { source, shape: plan.fullShape } : { scalar }));
      let data: ArrayData;
      const covers = coversChunk(p, this.shape, chunkShape);
      // A chunk that is one run of the value is encoded from a view of it, without a copy here.
      const view = covers && source !== undefined ? chunkView(source, plan.fullShape, p.outSel, chunkSize, this.isInside(p.coords)) : undefined;
      if (view !== undefined) return this.writing(p.coords, () => this.writeChunkData(store, p.coords, view));
      if (covers) {
        data = allocate(this.dtype, chunkSize, this.fill);
      } else {
        data = (await this.readChunk(p.coords, true))?.data ?? allocate(this.dtype, chunkSize, this.fill);
      }
      if (source !== undefined) copyRegion(source, plan.fullShape, p.outSel, data, chunkShape, p.chunkSel);
      else fillRegion(data, chunkShape, p.chunkSel, scalar);
      await this.writing(p.coords, () => this.writeChunkData(store, p.coords, data));
    });
  }

  /** Encode and store a whole chunk (full chunk size, C order). */
  async setChunk(coords: readonly number[], chunk: NdArray): Promise<void> {
    const store = this.store;
    if (!isWritable(store)) {
      throw new ReadOnlyError(`cannot write: the store '${store.description}' is read-only`, this.where);
    }
    this.assertSupportedDtype();
    this.checkCoords(coords);
    if (!sameShape(chunk.shape, this.chunkShape)) {
      throw new InvalidArgumentError(
        `chunk of shape ${describeShape(chunk.shape)} does not match the chunk shape ${describeShape(this.chunkShape)}`,
        this.where,
      );
    }
    const data = this.coerceData(chunk.data, shapeSize(this.chunkShape));
    const shards = this.shardWriter(store);
    if (shards) return this.writing(coords, () => shards.writeWhole(coords, data, this.shape));
    await this.writing(coords, () => this.writeChunkData(store, coords, data));
  }

  // -------------------------------------------------------------------------------------------

  /**
   * Run `write` of the chunk (shard) at `coords`, then drop what reads cached of it (its shard
   * index), even when the write failed part way: the stored shard may have changed either way.
   */
  private async writing(coords: readonly number[], write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } finally {
      this.shards?.forget(this.chunkKey(coords));
    }
  }

  /** The partial-shard reader of a sharded array on a store with range reads, built on first use. */
  private shardReads(): ShardReader | undefined {
    if (this.shards === undefined) {
      const { store, metadata, where, allowPickle, maxChunkBytes, concurrency } = this;
      this.shards = shardReader({ store, metadata, where, allowPickle, maxChunkBytes, concurrency, fillValue: this.fill, chunkKey: (c) => this.chunkKey(c) }) ?? null;
    }
    return this.shards ?? undefined;
  }

  /**
   * Whether reads fetch only the span of a chunk a selection needs: the chunks are stored
   * uncompressed in C order (the pipeline is `packed`), their elements have a fixed size, and the
   * store has range reads. A chain that cannot be built says no here; reading reports its error.
   */
  private spanReads(): boolean {
    if (this.spans === undefined) {
      let packed = false;
      try {
        packed = this.pipeline().packed === true;
      } catch {
        packed = false;
      }
      this.spans = packed && itemSize(this.dtype) !== undefined && typeof this.store.getRange === "function";
    }
    return this.spans;
  }

  /**
   * The elements of `span` of the uncompressed chunk at `coords` (shape `span.shape`), from one
   * range read, or `undefined` when the chunk is missing. A chunk file too short to hold the span
   * is a ChunkDecodeError; one longer than a chunk shows only when read whole (`getChunk`).
   */
  private async readSpan(coords: readonly number[], span: ChunkSpan): Promise<ArrayData | undefined> {
    const key = this.chunkKey(coords);
    const size = itemSize(this.dtype)!;
    const offset = span.start * size;
    const length = shapeSize(span.shape) * size;
    const bytes = await this.store.getRange!(key, offset, length);
    if (bytes === undefined) return undefined;
    if (bytes.length !== length) {
      throw new ChunkDecodeError(
        `chunk '${key}' holds ${offset + bytes.length} bytes, too few for the uncompressed chunk of shape ` +
          `${describeShape(this.chunkShape)} (${shapeSize(this.chunkShape) * size} bytes): the selection needs bytes ${offset}–${offset + length}`,
        this.where,
      );
    }
    try {
      return (await this.pipeline().decodeArray(bytes, { shape: span.shape, dtype: this.dtype, fillValue: this.fill })).data;
    } catch (err) {
      throw this.chunkError(err, key, "decoded", ChunkDecodeError);
    }
  }

  /** The shard writer of a sharded array, built on first use (see shard-write.ts); undefined for other arrays. */
  private shardWriter(store: WritableStore): ShardWriter | undefined {
    if (this.shardWrites === undefined) {
      const { metadata, where, allowPickle, maxChunkBytes, concurrency } = this;
      this.shardWrites = shardWriter({ store, metadata, where, allowPickle, maxChunkBytes, concurrency, fillValue: this.fill, chunkKey: (c) => this.chunkKey(c) }) ?? null;
    }
    return this.shardWrites ?? undefined;
  }

  private pipeline(): ChunkCodecs {
    // Built on first use, so an array with an unknown codec still opens and shows its metadata.
    if (this.codecs === undefined) {
      this.codecs = CodecPipeline.create(this.metadata.codecs, {
        dtype: this.dtype,
        chunkShape: this.chunkShape,
        zarrFormat: this.metadata.zarrFormat,
        allowPickle: this.allowPickle,
        maxChunkBytes: this.maxChunkBytes,
        where: this.where,
      });
    }
    return this.codecs;
  }

  /** The most bytes a chunk may take in the store; undefined while the codecs cannot be built (that error comes with decoding). */
  private storedLimit(): ByteLimit | undefined {
    try {
      return this.pipeline().limits?.stored;
    } catch {
      return undefined;
    }
  }

  private chunkSpec(): ChunkSpec {
    return { shape: this.chunkShape.slice(), dtype: this.dtype, fillValue: this.fill };
  }

  private checkCoords(coords: readonly number[]): void {
    const grid = this.chunkGrid;
    if (coords.length !== grid.length || !coords.every((c, d) => Number.isInteger(c) && c >= 0 && c < grid[d])) {
      throw new InvalidArgumentError(
        `chunk coordinates ${describeShape(coords)} are outside the chunk grid ${describeShape(grid)}`,
        this.where,
      );
    }
  }

  /**
   * Byte ranges of the chunk's packed elements that `chunkSel` needs, when the pipeline can
   * decode part of a chunk and the selection leaves some of it out; otherwise `undefined`
   * (decode whole). Decode-pool reads stay whole-chunk; only fixed-size numbers qualify.
   */
  private partialRanges(codecs: ChunkCodecs, chunkSel: readonly DimRange[]): ByteRange[] | undefined {
    const dtype = this.dtype;
    if (!codecs.decodePartial || this.decodePool || dtype.kind !== "numeric" || this.metadata.order !== "C") return undefined;
    const size = itemSize(dtype);
    if (size === undefined) return undefined;
    const ranges = selectionByteRanges(this.chunkShape, chunkSel, size);
    const total = shapeSize(this.chunkShape) * size;
    if (ranges.length === 0 || (ranges.length === 1 && ranges[0].start === 0 && ranges[0].end >= total)) return undefined;
    return ranges;
  }

  /**
   * What the chunk at `coords` holds of `chunkSel`, as a region to copy from, or `undefined` when
   * the chunk is missing: with `spans` (see `spanReads`), just the span of rows `chunkSel` needs,
   * by one range read; from a zstd chunk, just the blocks before the span's end where that decodes
   * less (fetched alone by a range read where the store has range reads, `readPrefix`); else the
   * whole chunk (decoded only at `chunkSel` where the codecs can).
   */
  private async readSelected(coords: readonly number[], chunkSel: readonly DimRange[], spans: boolean): Promise<ChunkRegion | undefined> {
    const span = selectionSpan(this.chunkShape, chunkSel);
    if (span && spans) {
      const data = await this.readSpan(coords, span);
      return data && { data, shape: span.shape, sel: span.sel };
    }
    const key = this.chunkKey(coords);
    let bytes: Uint8Array | undefined;
    if (span) {
      const head = await this.readPrefix(key, span);
      if (head === null) return undefined;
      if (head && "array" in head) return { data: head.array.data, shape: span.shape, sel: span.sel };
      bytes = head?.whole;
    }
    bytes ??= await this.fetchChunk(key);
    if (bytes === undefined) return undefined;
    const data = span && (await this.decodeSpan(key, bytes, span));
    if (data) return { data, shape: span.shape, sel: span.sel };
    return { data: (await this.decodeChunk(key, bytes, false, chunkSel)).data, shape: this.chunkShape, sel: chunkSel };
  }

  /**
   * The partial-chunk reader of a chain of `bytes` then `zstd` on a store with range reads, when no
   * decode pool is set, built on first use (see prefix-read.ts); undefined for other arrays.
   */
  private prefixReads(): PrefixReader | undefined {
    if (this.prefixes === undefined) {
      this.prefixes = null;
      try {
        const codecs = this.pipeline();
        const maxContent = codecs.limits?.decoded[0]?.bytes;
        if (codecs.decodePrefix && maxContent !== undefined && !this.decodePool && itemSize(this.dtype) !== undefined && typeof this.store.getRange === "function") {
          const chunkBytes = shapeSize(this.chunkShape) * itemSize(this.dtype)!;
          this.prefixes = new PrefixReader(this.store, codecs, { chunkBytes, maxContent, stored: this.storedLimit() });
        }
      } catch {
        // The chain cannot be built: reading the chunk whole reports why.
      }
    }
    return this.prefixes ?? undefined;
  }

  /**
   * The elements of `span` of chunk `key` from a range read of its first compressed blocks only
   * (`prefixReads`), or the chunk's stored bytes when that read brought all of them (see
   * `PrefixReader.read`); `null` when the chunk is missing, `undefined` to read it whole instead.
   */
  private async readPrefix(key: string, span: ChunkSpan): Promise<{ array: NdArray } | { whole: Uint8Array } | null | undefined> {
    const reader = this.prefixReads();
    if (!reader) return undefined;
    const size = itemSize(this.dtype)!;
    const start = span.start * size;
    try {
      return await reader.read(key, start, start + shapeSize(span.shape) * size, { shape: span.shape, dtype: this.dtype, fillValue: this.fill });
    } catch (err) {
      throw this.chunkError(err, key, "decoded", ChunkDecodeError);
    }
  }

  /**
   * The elements of `span` from the stored `bytes` of chunk `key`, decoded from the start of the
   * chunk to the span's end only, when the codecs can (`decodePrefix`) and no decode pool is set;
   * `undefined` to decode the chunk whole instead.
   */
  private async decodeSpan(key: string, bytes: Uint8Array, span: ChunkSpan): Promise<ArrayData | undefined> {
    const codecs = this.pipeline();
    const size = itemSize(this.dtype);
    if (!codecs.decodePrefix || this.decodePool || size === undefined) return undefined;
    const start = span.start * size;
    const end = start + shapeSize(span.shape) * size;
    try {
      return (await decodeSpanBytes(codecs, bytes, start, end, { shape: span.shape, dtype: this.dtype, fillValue: this.fill }))?.data;
    } catch (err) {
      throw this.chunkError(err, key, "decoded", ChunkDecodeError);
    }
  }

  /**
   * The decoded chunk, or `undefined` when the store has no such key. With `own`, the data is
   * guaranteed not to share memory with the fetched bytes, so it may be modified or handed out.
   * With `chunkSel`, only the elements it selects are guaranteed to be decoded (a partial decode
   * where the pipeline offers one); the caller must read nothing else.
   */
  private async readChunk(coords: readonly number[], own = false, chunkSel?: readonly DimRange[]): Promise<NdArray | undefined> {
    const key = this.chunkKey(coords);
    const bytes = await this.fetchChunk(key);
    if (bytes === undefined) return undefined;
    return this.decodeChunk(key, bytes, own, chunkSel);
  }

  /** The stored bytes of chunk `key`, or `undefined` when missing. */
  private fetchChunk(key: string): Promise<Uint8Array | undefined> {
    // Stores that can stop reading at the limit do (HTTP, zip); decoders check what comes in.
    return this.store.get(key, { limit: this.storedLimit() });
  }

  /** Decode the stored `bytes` of chunk `key` whole (see `readChunk` for `own` and `chunkSel`) and check its shape. */
  private async decodeChunk(key: string, bytes: Uint8Array, own: boolean, chunkSel?: readonly DimRange[]): Promise<NdArray> {
    const codecs = this.pipeline();
    const spec = this.chunkSpec();
    const bytesCodecs = this.bytesCodecs ?? codecs.bytesCodecs ?? [];
    let chunk: NdArray;
    try {
      const ranges = chunkSel && this.partialRanges(codecs, chunkSel);
      if (ranges && codecs.decodePartial) {
        chunk = await codecs.decodePartial(bytes, spec, ranges);
      } else if (this.decodePool && bytesCodecs.length > 0) {
        // Nothing to decompress: a round trip to the pool would only cost a copy.
        const raw = await this.decodePool.decodeBytes(bytesCodecs, bytes, codecs.limits?.decoded);
        chunk = await codecs.decodeArray(raw, spec);
      } else {
        chunk = await codecs.decode(bytes, spec);
      }
    } catch (err) {
      throw this.chunkError(err, key, "decoded", ChunkDecodeError);
    }
    checkDecodedShape(chunk, this.chunkShape, key, this.where);
    // A decoder may return a view over the fetched bytes, which may be a store's own buffer.
    if (own && ArrayBuffer.isView(chunk.data) && chunk.data.buffer === bytes.buffer) {
      chunk = { ...chunk, data: (chunk.data as TypedArray).slice() };
    }
    return chunk;
  }

  /** Whether the chunk at `coords` lies wholly inside the array (no padding). */
  private isInside(coords: readonly number[]): boolean {
    return this.chunkShape.every((c, d) => (coords[d] + 1) * c <= this.shape[d]);
  }

  /** The padding of the chunk at `coords` (codecs/types.ts), or undefined when it lies wholly inside the array. */
  private paddingMask(coords: readonly number[]): PaddingMask | undefined {
    if (this.isInside(coords)) return undefined;
    const chunk = this.chunkShape;
    const valid = chunk.map((c, d) => Math.max(0, Math.min(c, this.shape[d] - coords[d] * c)));
    const mask = new Uint8Array(shapeSize(chunk)).fill(1);
    fillRegion(mask, chunk, valid.map((count) => ({ start: 0, step: 1, count })), 0);
    return mask;
  }

  private async writeChunkData(store: WritableStore, coords: readonly number[], data: ArrayData): Promise<void> {
    const key = this.chunkKey(coords);
    let bytes: Uint8Array;
    try {
      bytes = await this.pipeline().encode({ dtype: this.dtype, shape: this.chunkShape.slice(), data }, this.paddingMask(coords));
    } catch (err) {
      throw this.chunkError(err, key, "encoded", UnsupportedWriteError);
    }
    await store.set(key, bytes);
  }

  /**
   * An error about one chunk that names its key. Typed errors keep their class (a codec's
   * ChunkDecodeError stays one) with the key added; anything else becomes `fallback`.
   */
  private chunkError(err: unknown, key: string, verb: string, fallback: typeof ChunkDecodeError): HdmfZarrError {
    if (err instanceof HdmfZarrError) {
      if (err.message.includes(`'${key}'`) || err instanceof IncompleteWriteError) return err;
      // Drop the location prefix the codec already put in front; ours is the same.
      const prefix = new HdmfZarrError("", this.where).message;
      const text = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
      const Ctor = err.constructor as typeof ChunkDecodeError;
      return new Ctor(`chunk '${key}': ${text}`, this.where, { cause: err });
    }
    return new fallback(`chunk '${key}' could not be ${verb}: ${(err as Error)?.message ?? String(err)}`, this.where, { cause: err });
  }

  /** Check a value's shape against the selection and bring its data to the array's container type. */
  private checkValue(value: NdArray, selShape: readonly number[]): ArrayData {
    const size = shapeSize(selShape);
    if (!sameShape(squeeze(value.shape), squeeze(selShape)) || shapeSize(value.shape) !== size) {
      throw new InvalidArgumentError(
        `value of shape ${describeShape(value.shape)} does not match the selection shape ${describeShape(selShape)}`,
        this.where,
      );
    }
    return this.coerceData(value.data, size);
  }

  /** The array's in-memory container for `data`: the right typed array class, or a plain array. */
  private coerceData(data: ArrayData, size: number): ArrayData {
    if (data.length !== size) {
      throw new InvalidArgumentError(`value has ${data.length} elements, expected ${size}`, this.where);
    }
    const dtype = this.dtype;
    const numeric = heldAsNumeric(dtype); // datetime64/timedelta64 are int64 counts
    if (numeric) {
      const label = dtype.kind === "numeric" ? dtype.name : dtypeName(dtype);
      const Ctor = typedArrayClass(numeric);
      if (data instanceof Ctor) return data;
      const out = new Ctor(size);
      const sameKind = ArrayBuffer.isView(data) && (typeof (data as TypedArray)[0] === "bigint") === (typeof out[0] === "bigint");
      if (sameKind) {
        out.set(data as never);
      } else {
        const o = out as unknown as { [i: number]: unknown };
        const src = data as unknown as { [i: number]: unknown };
        try {
          for (let i = 0; i < size; i++) o[i] = toNumericValue(numeric, src[i]);
        } catch (err) {
          throw new InvalidArgumentError(`value cannot be stored as ${label}: ${(err as Error).message}`, this.where, { cause: err });
        }
      }
      return out;
    }
    if (dtype.kind === "bool") return Array.from(data as ArrayLike<unknown>, (v) => Boolean(v));
    return Array.isArray(data) ? data : Array.from(data as ArrayLike<unknown>);
  }

  private coerceScalar(value: unknown): unknown {
    const dtype = this.dtype;
    const numeric = heldAsNumeric(dtype);
    if (numeric) {
      const label = dtype.kind === "numeric" ? dtype.name : dtypeName(dtype);
      if (typeof value !== "number" && typeof value !== "bigint" && typeof value !== "boolean") {
        throw new InvalidArgumentError(`cannot write ${typeof value} into a ${label} array`, this.where);
      }
      try {
        return toNumericValue(numeric, value);
      } catch (err) {
        throw new InvalidArgumentError(`value ${String(value)} cannot be stored as ${label}`, this.where, { cause: err });
      }
    }
    if (dtype.kind === "bool") return Boolean(value);
    return value;
  }
}
