/**
 * Reads of a sharded v3 array (`sharding_indexed` as its only codec) that decode only the inner
 * chunks a selection touches and copy each straight into the output. A selection touching a small
 * share of a shard fetches, as zarr-python does, the shard index (one range read at the start or
 * the end of the shard) and then the byte ranges of those inner chunks, close ranges coalesced into
 * one request; one touching most of it fetches the whole shard in one request. Indexes read once
 * are kept (shard-index-cache.ts), so later selections over a shard fetch only its inner chunks.
 * Stores without range reads keep array.ts's whole-shard read.
 */
import { ChunkDecodeError, HdmfZarrError } from "../errors.js";
import type { ByteLimit } from "../store/capped-read.js";
import type { ReadableStore } from "../store/types.js";
import { createCodec, ShardingCodec, type ShardIndex } from "./codecs/index.js";
import { chunkLimits } from "./codecs/decoded-limit.js";
import { forEachConcurrent } from "./concurrency.js";
import { selectionSpan, type ChunkSpan } from "./chunk-byte-ranges.js";
import { itemSize, shapeSize, type ArrayData, type DataType, type NdArray } from "./dtype.js";
import { copyRegion, fillRegion, type ChunkProjection } from "./indexing.js";
import { chunkLimit } from "./limits.js";
import { nodeProcess } from "./runtime.js";
import { PrefixReader } from "./prefix-read.js";
import { ShardIndexCache } from "./shard-index-cache.js";
import {
  coalesceRanges, innerParts, shardIndexProblem, touchedInnerChunks, type InnerPart, type ShardedArrayView, type ShardRange,
} from "./shard-plan.js";

/**
 * Environment variable that picks how shards are read, for comparisons (see `ShardReadMode`):
 * `whole`, `ranges` or `shard`; anything else is the default, `partial`.
 */
export const SHARD_READ_ENV = "HDMF_ZARR_SHARD_READ";

/**
 * `partial` (default): the index and the touched inner chunks' ranges, or the whole shard in one
 * request when a selection touches more than `WHOLE_SHARD_SHARE` of its inner chunks; `ranges`:
 * always by ranges; `shard`: always the whole shard in one request; in both cases only the touched
 * inner chunks are decoded. `whole`: the whole shard fetched and decoded whole (array.ts's path).
 */
export type ShardReadMode = "partial" | "ranges" | "shard" | "whole";

let override: ShardReadMode | undefined;

/** Force a mode for this thread (`undefined` returns to the environment's choice, `partial` by default). */
export function setShardReadMode(mode: ShardReadMode | undefined): void {
  override = mode;
}

/** The mode in force: `setShardReadMode`, else `HDMF_ZARR_SHARD_READ`, else `partial`. */
export function shardReadMode(): ShardReadMode {
  const env = nodeProcess()?.env?.[SHARD_READ_ENV];
  return override ?? (env === "whole" || env === "ranges" || env === "shard" ? env : "partial");
}

/**
 * Above this share of a shard's inner chunks, a selection fetches the whole shard in one request
 * rather than the index and then ranges (one request fewer; bench/read-array/sharded_windows.sh).
 */
export const WHOLE_SHARD_SHARE = 0.75;
/** Ranges less than this far apart are fetched in one request (the bytes between are read and dropped). */
export const COALESCE_GAP = 64 << 10;
/** The most bytes one coalesced request spans (one larger inner chunk still gets its own request). */
export const MAX_REQUEST_SPAN = 16 << 20;

/** What a sharded read needs from its array. */
export type ShardReadSource = ShardedArrayView<ReadableStore>;

/**
 * A partial-shard reader for `source`, or `undefined` when its reads must stay whole-shard: the
 * array is not sharded by one `sharding_indexed` codec, the store has no `getRange`, the array is
 * 0-d, or the mode is `whole`. A sharding configuration that cannot be built (or whose index has
 * no fixed size) also gives `undefined`, so the whole-shard path reports it as it always has.
 */
export function shardReader(source: ShardReadSource): ShardReader | undefined {
  const { metadata, store } = source;
  if (shardReadMode() === "whole" || typeof store.getRange !== "function") return undefined;
  if (metadata.zarrFormat !== 3 || metadata.codecs.length !== 1 || metadata.codecs[0].name !== "sharding_indexed") return undefined;
  if (metadata.shape.length === 0) return undefined;
  try {
    const codec = createCodec(metadata.codecs[0], {
      dtype: metadata.dtype,
      chunkShape: metadata.chunkShape,
      zarrFormat: 3,
      allowPickle: source.allowPickle,
      maxChunkBytes: source.maxChunkBytes,
      where: source.where,
    });
    return codec instanceof ShardingCodec ? new ShardReader(source, codec) : undefined;
  } catch {
    return undefined;
  }
}

/** A shard's checked index, and its bytes when the whole shard was read. */
interface ShardLayout {
  index: ShardIndex;
  bytes?: Uint8Array;
  /** The index came from the cache, not from the store just now. */
  cached?: boolean;
}

/** Reads the parts of shards that selections touch. */
export class ShardReader {
  private readonly grid: number[];
  private readonly indexSize: number;
  private readonly maxInner?: number;
  private readonly innerCount: number;
  private readonly mode: ShardReadMode;
  /** The most bytes a whole shard may take in the store, as array.ts's whole-shard read allows. */
  private readonly shardLimit: ByteLimit;
  /** Checked indexes of shards read before, so that later windows over them skip the index read. */
  readonly indexes = new ShardIndexCache();
  /** Decodes the first blocks of a zstd inner chunk from its first bytes (prefix-read.ts); undefined for other inner codecs. */
  private readonly prefixes?: PrefixReader;

  constructor(
    private readonly source: ShardReadSource,
    private readonly codec: ShardingCodec,
  ) {
    const { metadata } = source;
    this.grid = codec.grid(metadata.chunkShape);
    this.innerCount = shapeSize(this.grid);
    this.indexSize = codec.indexSize(this.innerCount);
    this.mode = shardReadMode();
    const limit = codec.innerStoredLimit;
    // A limit set by an option (variable-size elements) is enforced by the inner decoders instead.
    this.maxInner = limit && limit.option === undefined ? limit.bytes : undefined;
    const packed = codec.encodedSize({ shape: metadata.chunkShape.slice(), dtype: metadata.dtype, fillValue: null });
    this.shardLimit = chunkLimits(packed, 0, chunkLimit({ maxChunkBytes: source.maxChunkBytes }, source.where)).stored;
    const inner = codec.innerPrefixCodecs();
    const size = itemSize(metadata.dtype);
    if (inner && size !== undefined) {
      const sizes = { chunkBytes: shapeSize(codec.chunkShape) * size, maxContent: inner.maxContent, stored: codec.innerStoredLimit };
      this.prefixes = new PrefixReader(source.store, inner, sizes);
    }
  }

  /**
   * Copy the part `p` of a selection from its shard into `out` (C order, `outShape`), decoding
   * only the inner chunks it touches; fill values where the shard or an inner chunk is missing.
   */
  async read(p: ChunkProjection, out: ArrayData, outShape: readonly number[]): Promise<void> {
    const key = this.source.chunkKey(p.coords);
    const oneRequest = this.mode === "shard" || (this.mode === "partial" && touchedInnerChunks(p.chunkSel, this.codec.chunkShape) > WHOLE_SHARD_SHARE * this.innerCount);
    if (oneRequest) return this.readFrom(await this.readShard(key), key, p, out, outShape);
    const shard = await this.readIndex(key);
    try {
      await this.readFrom(shard, key, p, out, outShape);
    } catch (err) {
      // A cached index may be stale (another writer rewrote the shard): read it again, once.
      if (!shard?.cached || !(err instanceof ChunkDecodeError)) throw err;
      this.indexes.forget(key);
      await this.readFrom(await this.readIndex(key), key, p, out, outShape);
    }
  }

  /** `read` from the shard's layout (`undefined`: the shard is missing). */
  private async readFrom(shard: ShardLayout | undefined, key: string, p: ChunkProjection, out: ArrayData, outShape: readonly number[]): Promise<void> {
    const innerShape = this.codec.chunkShape;
    const fill = this.source.fillValue;
    if (shard === undefined) {
      fillRegion(out, outShape, p.outSel, fill);
      return;
    }
    const { index, bytes } = shard;
    const byIndex = new Map<number, InnerPart>();
    for (const part of innerParts(p.chunkSel, p.outSel, innerShape, this.grid)) {
      if (index[part.index]) byIndex.set(part.index, part);
      else fillRegion(out, outShape, part.outSel, fill);
    }
    // From a whole shard, one range per inner chunk, so that they decode side by side.
    const ranges = bytes ? coalesceRanges(index, byIndex.keys(), 0, 0) : coalesceRanges(index, byIndex.keys(), COALESCE_GAP, MAX_REQUEST_SPAN);
    await forEachConcurrent(ranges, this.source.concurrency, async (range) => {
      const head = bytes ? undefined : this.headOf(range, byIndex);
      const got = bytes ? bytes.subarray(range.start, range.end) : await this.fetch(key, head ? { ...range, end: head.end } : range);
      // One after another within a request: requests already run `concurrency` at a time.
      for (const c of range.chunks) {
        const part = byIndex.get(c.index)!;
        // An inner chunk whose selection ends early may decode only up to there.
        const span = selectionSpan(innerShape, part.innerSel);
        let bytes: Uint8Array;
        if (head?.chunk === c) {
          const data = await this.decodeInnerHead(key, c.index, got.subarray(c.start - range.start), span!);
          if (data) {
            copyRegion(data, span!.shape, span!.sel, out, outShape, part.outSel);
            continue;
          }
          // Its first bytes did not do: the whole inner chunk, as without a head.
          bytes = await this.fetch(key, { start: c.start, end: c.end, chunks: [c] });
        } else {
          bytes = got.subarray(c.start - range.start, c.end - range.start);
        }
        const data = span && (await this.decodeInnerSpan(key, c.index, bytes, span));
        if (data) copyRegion(data, span.shape, span.sel, out, outShape, part.outSel);
        else copyRegion((await this.decodeInner(key, c.index, bytes)).data, innerShape, part.innerSel, out, outShape, part.outSel);
      }
    });
  }

  /**
   * Where a request for `range` may stop: within its last inner chunk, when the selection ends in
   * the first blocks of it (a zstd inner chunk: `PrefixReader.headLength`); `undefined` to fetch
   * the range whole.
   */
  private headOf(range: ShardRange, byIndex: ReadonlyMap<number, InnerPart>): { chunk: ShardRange["chunks"][number]; end: number } | undefined {
    const size = itemSize(this.source.metadata.dtype);
    const chunk = range.chunks[range.chunks.length - 1];
    const span = selectionSpan(this.codec.chunkShape, byIndex.get(chunk.index)!.innerSel);
    if (!this.prefixes || !span || size === undefined) return undefined;
    const want = this.prefixes.headLength((span.start + shapeSize(span.shape)) * size);
    return want !== undefined && want < chunk.end - chunk.start ? { chunk, end: chunk.start + want } : undefined;
  }

  /**
   * The elements of `span` of inner chunk `i` from `head`, its first bytes (`headOf`), or
   * `undefined` when they do not do and the inner chunk is to be fetched whole.
   */
  private async decodeInnerHead(key: string, i: number, head: Uint8Array, span: ChunkSpan): Promise<ArrayData | undefined> {
    const dtype: DataType = this.source.metadata.dtype;
    const size = itemSize(dtype)!;
    const start = span.start * size;
    let chunk: NdArray | undefined;
    try {
      chunk = await this.prefixes!.decodeHead(head, start, start + shapeSize(span.shape) * size, { shape: span.shape, dtype, fillValue: this.source.fillValue }, true);
    } catch (err) {
      throw this.wrap(err, key, `inner chunk ${i}`);
    }
    if (chunk !== undefined && chunk.data.length !== shapeSize(span.shape)) {
      throw this.damaged(key, `inner chunk ${i} decoded to ${chunk.data.length} elements where ${shapeSize(span.shape)} were read`);
    }
    return chunk?.data;
  }

  /**
   * Drop what is known of the shard at `key` (its cached index): array.ts calls this once it has
   * written the shard through the same array.
   */
  forget(key: string): void {
    this.indexes.forget(key);
  }

  /**
   * The index of the shard at `key`, cached or from one range read, or `undefined` when the shard
   * is missing (a missing shard is not cached: it may be written by another writer any time).
   */
  private async readIndex(key: string): Promise<ShardLayout | undefined> {
    const cached = this.indexes.get(key);
    if (cached !== undefined) return { index: cached, cached: true };
    const epoch = this.indexes.epoch;
    const size = this.indexSize;
    const bytes = await this.source.store.getRange!(key, this.codec.indexAtStart ? 0 : -size, size);
    if (bytes === undefined) return undefined;
    if (bytes.length !== size) throw this.damaged(key, `the shard holds ${bytes.length} bytes, fewer than its ${size}-byte index`);
    const index = await this.checkedIndex(key, bytes, undefined);
    this.indexes.set(key, index, epoch);
    return { index };
  }

  /** The whole shard at `key` and its index, or `undefined` when the shard is missing. */
  private async readShard(key: string): Promise<ShardLayout | undefined> {
    const epoch = this.indexes.epoch;
    const bytes = await this.source.store.get(key, { limit: this.shardLimit });
    if (bytes === undefined) return undefined;
    const size = this.indexSize;
    if (bytes.length < size) throw this.damaged(key, `the shard holds ${bytes.length} bytes, fewer than its ${size}-byte index`);
    const atStart = this.codec.indexAtStart;
    const indexBytes = atStart ? bytes.subarray(0, size) : bytes.subarray(bytes.length - size);
    const index = await this.checkedIndex(key, indexBytes, atStart ? bytes.length : bytes.length - size);
    // Checked against the shard's length too: a later partial read of this shard may use it.
    this.indexes.set(key, index, epoch);
    return { index, bytes };
  }

  /** Decode an index and check it (see `shardIndexProblem`); `end`: where the chunks' bytes end, when known. */
  private async checkedIndex(key: string, bytes: Uint8Array, end: number | undefined): Promise<ShardIndex> {
    let index: ShardIndex;
    try {
      index = await this.codec.decodeIndex(bytes, this.source.metadata.chunkShape);
    } catch (err) {
      throw this.wrap(err, key, "index");
    }
    // Sizes matter before a range read; the bytes of a whole shard are in hand, and the inner decoders bound them.
    const problem = shardIndexProblem(index, this.codec.indexAtStart ? this.indexSize : 0, end, end === undefined ? this.maxInner : undefined);
    if (problem !== undefined) throw this.damaged(key, `damaged index: ${problem}`);
    return index;
  }

  /** The bytes of `range`; a shorter answer means the index points past the shard's end. */
  private async fetch(key: string, range: ShardRange): Promise<Uint8Array> {
    const bytes = await this.source.store.getRange!(key, range.start, range.end - range.start);
    const got = bytes?.length ?? 0;
    if (got !== range.end - range.start) {
      const first = range.chunks.find((c) => c.end > range.start + got) ?? range.chunks[0];
      throw this.damaged(
        key,
        `damaged index: inner chunk ${first.index} lies at bytes ${first.start}–${first.end}, past the end of the shard ` +
          `(${bytes === undefined ? "the shard is gone" : `bytes ${range.start}–${range.start + got} read`})`,
      );
    }
    return bytes!;
  }

  /**
   * The elements of `span` of one inner chunk, decoded from its start to the span's end only
   * (`ShardingCodec.decodeInnerPrefix`), or `undefined` when it is to be decoded whole.
   */
  private async decodeInnerSpan(key: string, i: number, bytes: Uint8Array, span: ChunkSpan): Promise<ArrayData | undefined> {
    const dtype: DataType = this.source.metadata.dtype;
    const size = itemSize(dtype);
    if (size === undefined) return undefined;
    const start = span.start * size;
    const end = start + shapeSize(span.shape) * size;
    let chunk: NdArray | undefined;
    try {
      chunk = await this.codec.decodeInnerPrefix(bytes, start, end, { shape: span.shape, dtype, fillValue: this.source.fillValue });
    } catch (err) {
      throw this.wrap(err, key, `inner chunk ${i}`);
    }
    if (chunk !== undefined && chunk.data.length !== shapeSize(span.shape)) {
      throw this.damaged(key, `inner chunk ${i} decoded to ${chunk.data.length} elements where ${shapeSize(span.shape)} were read`);
    }
    return chunk?.data;
  }

  /** Decode one inner chunk and check its shape. */
  private async decodeInner(key: string, i: number, bytes: Uint8Array): Promise<NdArray> {
    const shape = this.codec.chunkShape;
    const dtype: DataType = this.source.metadata.dtype;
    let chunk: NdArray;
    try {
      chunk = await this.codec.decodeInner(bytes, { shape, dtype, fillValue: this.source.fillValue });
    } catch (err) {
      throw this.wrap(err, key, `inner chunk ${i}`);
    }
    if (chunk.data.length !== shapeSize(shape)) {
      throw this.damaged(key, `inner chunk ${i} decoded to ${chunk.data.length} elements, expected ${shapeSize(shape)} (shape [${shape}])`);
    }
    return chunk;
  }

  private damaged(key: string, text: string): ChunkDecodeError {
    return new ChunkDecodeError(`shard '${key}': ${text}`, this.source.where);
  }

  /** A decoding error that names the shard and the part of it: typed errors keep their class. */
  private wrap(err: unknown, key: string, what: string): HdmfZarrError {
    const where = this.source.where;
    if (err instanceof HdmfZarrError) {
      // Drop the location prefix the codec already put in front; ours is the same.
      const prefix = new HdmfZarrError("", where).message;
      const text = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
      const Ctor = err.constructor as typeof ChunkDecodeError;
      return new Ctor(`shard '${key}', ${what}: ${text}`, where, { cause: err });
    }
    return new ChunkDecodeError(`shard '${key}', ${what} could not be decoded: ${(err as Error)?.message ?? String(err)}`, where, { cause: err });
  }
}
