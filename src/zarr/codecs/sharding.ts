/**
 * The v3 `sharding_indexed` codec (array → bytes): a shard holds many inner chunks, each encoded
 * with the inner codecs, plus an index of (offset, length) u64 pairs, one per inner chunk in C
 * order, at the start or end of the shard. Both pairs all-ones mark an absent inner chunk,
 * which reads as the fill value. Inner chunks are laid out in Morton (Z) order, as zarr-python 3
 * writes them. `encode` writes every inner chunk (a codec is not told the array's fill value);
 * `encodeParts` assembles a shard from inner chunks already encoded, leaving absent ones out,
 * which is how array writes (shard-write.ts) leave out inner chunks that hold only the fill value.
 */
import { ChunkDecodeError, MetadataError, type ErrorLocation } from "../../errors.js";
import type { ByteLimit } from "../../store/capped-read.js";
import { concatBytes } from "../../store/concat-bytes.js";
import { allocate, shapeSize, type DataType, type NdArray } from "../dtype.js";
import { CodecConfig } from "./config.js";
import { copyBlock, emptyLike } from "./nd-layout.js";
import { decodeSpanBytes, type PrefixCodecs } from "./prefix-decode.js";
import type { ArrayBytesCodec, ChunkSpec, CodecContext, CodecJSON, PaddingMask } from "./types.js";

/** The part of a codec pipeline the sharding codec needs for inner chunks and the index. */
export interface InnerPipeline {
  /** `padding` marks the elements past the array's edge (types.ts). */
  encode(chunk: NdArray, padding?: PaddingMask): Promise<Uint8Array>;
  decode(bytes: Uint8Array, spec: ChunkSpec): Promise<NdArray>;
  /** The most bytes the codecs make of one inner chunk, and each bytes→bytes decoder of it (see decoded-limit.ts). */
  readonly limits?: { encoded: ByteLimit; stored?: ByteLimit; decoded?: ByteLimit[] };
  /** At least the first `length` bytes of an inner chunk's packed elements, or undefined to decode it whole (pipeline.ts). */
  readonly decodePrefix?: PrefixCodecs["decodePrefix"];
  /** The array stages of decoding, from packed bytes. */
  decodeArray?(bytes: Uint8Array, spec: ChunkSpec): Promise<NdArray>;
  /** Only the bytes→bytes stage, under its limits. */
  decodeBytes?(bytes: Uint8Array): Promise<Uint8Array>;
}

/** The inner codecs as a prefix read of an inner chunk uses them (src/zarr/prefix-read.ts). */
export interface InnerPrefixCodecs {
  decodeBytes(bytes: Uint8Array): Promise<Uint8Array>;
  decodeArray(bytes: Uint8Array, spec: ChunkSpec): Promise<NdArray>;
  /** The most bytes an inner chunk's frame may state. */
  maxContent: number;
}

/** Builds a pipeline from codec JSON (injected to keep this file free of an import cycle). */
export type PipelineBuilder = (codecs: CodecJSON[], ctx: CodecContext) => InnerPipeline;

const EMPTY = 0xffffffffffffffffn;
const INDEX_DTYPE: DataType = { kind: "numeric", name: "uint64", endian: "little" };
const DEFAULT_INDEX_CODECS: CodecJSON[] = [{ name: "bytes", configuration: { endian: "little" } }, { name: "crc32c" }];

/** Where each inner chunk of a shard lies: `[offset, length]`, or `undefined` when absent. */
export type ShardIndex = ([number, number] | undefined)[];

export class ShardingCodec implements ArrayBytesCodec {
  readonly kind = "array-bytes";
  readonly chunkShape: number[];
  readonly indexAtStart: boolean;
  private readonly inner: InnerPipeline;
  private readonly index: InnerPipeline;
  private readonly indexCodecs: CodecJSON[];
  private readonly where: ErrorLocation;

  constructor(configuration: Record<string, unknown>, ctx: CodecContext, build: PipelineBuilder) {
    const cfg = new CodecConfig("sharding_indexed", configuration, ctx.where);
    this.where = ctx.where;
    this.chunkShape = cfg.intList("chunk_shape");
    if (this.chunkShape.length !== ctx.chunkShape.length || this.chunkShape.some((c) => c === 0)) {
      throw cfg.error(`'chunk_shape' [${this.chunkShape}] does not fit shards of shape [${ctx.chunkShape}]`);
    }
    this.indexAtStart = cfg.string("index_location", "end", ["start", "end"]) === "start";
    const codecs = cfg.raw("codecs");
    const indexCodecs = cfg.raw("index_codecs") ?? DEFAULT_INDEX_CODECS;
    if (!Array.isArray(codecs) || !Array.isArray(indexCodecs)) throw cfg.error("'codecs' and 'index_codecs' must be lists");
    this.indexCodecs = indexCodecs as CodecJSON[];
    this.inner = build(codecs as CodecJSON[], { ...ctx, chunkShape: this.chunkShape });
    this.index = build(this.indexCodecs, { ...ctx, dtype: INDEX_DTYPE, chunkShape: [...this.grid(ctx.chunkShape), 2] });
  }

  /** Inner chunks per shard along each axis (shard shape over inner chunk shape). */
  grid(shardShape: readonly number[]): number[] {
    return shardShape.map((s, d) => {
      if (s % this.chunkShape[d] !== 0) {
        throw new MetadataError(`shard shape [${shardShape}] is not a multiple of the inner chunk shape [${this.chunkShape}]`, this.where);
      }
      return s / this.chunkShape[d];
    });
  }

  /** Encoded size of the index: 16 bytes per inner chunk plus 4 per crc32c checksum. */
  indexSize(count: number): number {
    let size = 16 * count;
    for (const c of this.indexCodecs) {
      if (c.name === "crc32c") size += 4;
      else if (c.name !== "bytes" && c.name !== "transpose") {
        throw new MetadataError(`sharding index codec '${c.name}' has no fixed size; only bytes, transpose and crc32c are supported`, this.where);
      }
    }
    return size;
  }

  /**
   * The most bytes a shard of `spec` can take: its index and every inner chunk at its largest.
   * Undefined when inner chunks have no size of their own (elements of varying size).
   */
  encodedSize(spec: ChunkSpec): number | undefined {
    const inner = this.inner.limits?.encoded;
    if (inner === undefined || inner.option !== undefined) return undefined;
    const count = shapeSize(this.grid(spec.shape));
    return this.indexSize(count) + count * inner.bytes;
  }

  /** Decode a shard's index from the whole shard's bytes (or from just the index bytes). */
  async decodeIndex(indexBytes: Uint8Array, shardShape: readonly number[]): Promise<ShardIndex> {
    const grid = this.grid(shardShape);
    const count = shapeSize(grid);
    const idx = await this.index.decode(indexBytes, { shape: [...grid, 2], dtype: INDEX_DTYPE, fillValue: 0n });
    const raw = idx.data as BigUint64Array;
    const out: ShardIndex = new Array(count);
    for (let i = 0; i < count; i++) {
      const off = raw[2 * i];
      const len = raw[2 * i + 1];
      if (off === EMPTY && len === EMPTY) continue;
      if (off > BigInt(Number.MAX_SAFE_INTEGER) || len > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new ChunkDecodeError(`shard index entry ${i} is out of range`, this.where);
      }
      out[i] = [Number(off), Number(len)];
    }
    return out;
  }

  /**
   * The most bytes one inner chunk may take in the store (see decoded-limit.ts); undefined when
   * its elements vary in size and the inner pipeline sets no bound.
   */
  get innerStoredLimit(): ByteLimit | undefined {
    return this.inner.limits?.stored;
  }

  /** Decode one inner chunk's stored bytes with the inner codecs (under their per-chunk limits). */
  async decodeInner(bytes: Uint8Array, spec: ChunkSpec): Promise<NdArray> {
    return this.inner.decode(bytes, { ...spec, shape: this.chunkShape.slice() });
  }

  /**
   * The inner codecs for decoding the first blocks of an inner chunk from its first bytes alone,
   * when they are `bytes` then `zstd` (they have `decodePrefix`); undefined otherwise.
   */
  innerPrefixCodecs(): InnerPrefixCodecs | undefined {
    const inner = this.inner;
    const maxContent = inner.limits?.decoded?.[0]?.bytes;
    if (!inner.decodePrefix || !inner.decodeArray || !inner.decodeBytes || maxContent === undefined) return undefined;
    return { decodeBytes: (b) => inner.decodeBytes!(b), decodeArray: (b, spec) => inner.decodeArray!(b, spec), maxContent };
  }

  /**
   * Bytes `[start, end)` of one inner chunk's packed C-order elements as an array of
   * `spec.shape`, decoded from the start of the inner chunk to `end` only, where the inner codecs
   * can (`decodePrefix`: bytes then zstd); `undefined` to decode the inner chunk whole instead.
   */
  async decodeInnerPrefix(bytes: Uint8Array, start: number, end: number, spec: ChunkSpec): Promise<NdArray | undefined> {
    return decodeSpanBytes(this.inner, bytes, start, end, spec);
  }

  /** Split a shard into its index bytes. */
  indexBytesOf(shard: Uint8Array, shardShape: readonly number[]): Uint8Array {
    const size = this.indexSize(shapeSize(this.grid(shardShape)));
    if (shard.length < size) throw new ChunkDecodeError(`shard of ${shard.length} bytes is shorter than its ${size}-byte index`, this.where);
    return this.indexAtStart ? shard.subarray(0, size) : shard.subarray(shard.length - size);
  }

  async decode(bytes: Uint8Array, spec: ChunkSpec): Promise<NdArray> {
    const grid = this.grid(spec.shape);
    const index = await this.decodeIndex(this.indexBytesOf(bytes, spec.shape), spec.shape);
    const out = allocate(spec.dtype, shapeSize(spec.shape), spec.fillValue);
    const innerSpec: ChunkSpec = { shape: this.chunkShape.slice(), dtype: spec.dtype, fillValue: spec.fillValue };
    const coords = (i: number): number[] => innerCoords(i, grid).map((c, d) => c * this.chunkShape[d]);
    await Promise.all(
      index.map(async (entry, i) => {
        if (!entry) return;
        const [off, len] = entry;
        if (off + len > bytes.length) {
          throw new ChunkDecodeError(`inner chunk ${i} lies at bytes ${off}–${off + len}, past the end of the ${bytes.length}-byte shard`, this.where);
        }
        const chunk = await this.inner.decode(bytes.subarray(off, off + len), innerSpec);
        copyBlock(chunk.data, this.chunkShape, out, spec.shape, coords(i));
      }),
    );
    return { dtype: spec.dtype, shape: spec.shape.slice(), data: out };
  }

  /** Encode one inner chunk (inner chunk shape, C order) with the inner codecs; `padding` as for any chunk (types.ts). */
  async encodeInner(chunk: NdArray, padding?: PaddingMask): Promise<Uint8Array> {
    return this.inner.encode(chunk, padding);
  }

  async encode(chunk: NdArray): Promise<Uint8Array> {
    const grid = this.grid(chunk.shape);
    const n = shapeSize(this.chunkShape);
    const parts: Uint8Array[] = await Promise.all(
      Array.from({ length: shapeSize(grid) }, async (_, i) => {
        const origin = innerCoords(i, grid).map((c, d) => c * this.chunkShape[d]);
        const data = emptyLike(chunk.data, n);
        copyBlock(data, this.chunkShape, chunk.data, chunk.shape, origin, true);
        return this.inner.encode({ dtype: chunk.dtype, shape: this.chunkShape.slice(), data });
      }),
    );
    return (await this.encodeParts(parts, chunk.shape))!;
  }

  /**
   * A shard of shape `shardShape` from its inner chunks' encoded bytes (`parts[i]` for inner
   * chunk i in C order; `undefined` for an absent one), laid out in Morton order with the index
   * at the configured end. `undefined` when every inner chunk is absent: such a shard is not stored.
   */
  async encodeParts(parts: readonly (Uint8Array | undefined)[], shardShape: readonly number[]): Promise<Uint8Array | undefined> {
    const grid = this.grid(shardShape);
    const count = shapeSize(grid);
    if (parts.length !== count) throw new MetadataError(`a shard of shape [${shardShape}] has ${count} inner chunks, not ${parts.length}`, this.where);
    if (parts.every((p) => p === undefined)) return undefined;
    const table = new BigUint64Array(count * 2).fill(EMPTY);
    const laid: Uint8Array[] = [];
    let pos = this.indexAtStart ? this.indexSize(count) : 0;
    for (const i of mortonOrder(grid)) {
      const p = parts[i];
      if (p === undefined) continue;
      table[2 * i] = BigInt(pos);
      table[2 * i + 1] = BigInt(p.length);
      pos += p.length;
      laid.push(p);
    }
    const indexBytes = await this.index.encode({ dtype: INDEX_DTYPE, shape: [...grid, 2], data: table });
    return concatBytes(this.indexAtStart ? [indexBytes, ...laid] : [...laid, indexBytes]);
  }
}

/** Grid coordinates of the inner chunk at C-order position `i` of `grid`. */
export function innerCoords(i: number, grid: readonly number[]): number[] {
  const c = new Array<number>(grid.length);
  for (let d = grid.length - 1; d >= 0; d--) {
    c[d] = i % grid[d];
    i = Math.floor(i / grid[d]);
  }
  return c;
}

/**
 * C-order positions of a grid's cells in Morton (Z) order: the bits of the coordinates
 * interleaved from the lowest up, axis 0 first at each bit, each axis using as many bits as its
 * length needs (zarr-python 3's `morton_order_coords`, its default layout of a shard).
 */
export function mortonOrder(grid: readonly number[]): readonly number[] {
  const key = grid.join(",");
  const known = mortonCache.get(key);
  if (known) return known;
  const bits = grid.map((n) => {
    let b = 0;
    while (2 ** b < n) b++;
    return b;
  });
  const most = Math.max(0, ...bits);
  const count = shapeSize(grid);
  const codes = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const c = innerCoords(i, grid);
    let code = 0;
    let out = 0;
    for (let b = 0; b < most; b++) {
      for (let d = 0; d < grid.length; d++) {
        if (b >= bits[d]) continue;
        if (Math.floor(c[d] / 2 ** b) % 2 === 1) code += 2 ** out;
        out++;
      }
    }
    codes[i] = code;
  }
  const order = Array.from(codes.keys()).sort((a, b) => codes[a] - codes[b]);
  // Every shard of an array has the same grid: keep the last few orders.
  if (mortonCache.size >= 16) mortonCache.delete(mortonCache.keys().next().value!);
  mortonCache.set(key, order);
  return order;
}

const mortonCache = new Map<string, number[]>();
