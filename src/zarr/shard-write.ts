/**
 * Writes to a sharded v3 array (`sharding_indexed` as its only codec), shard by shard, as
 * zarr-python 3 writes them: the inner chunks a write touches are encoded again (read, modified
 * and encoded when the write covers only part of one), the other inner chunks of the shard keep
 * their stored bytes, inner chunks holding nothing but the fill value are left out of the shard
 * (zarr-python's `write_empty_chunks=False`), and a shard left with no inner chunk is deleted.
 * A write covering every inner chunk of a shard does not read it first.
 */
import { ChunkDecodeError, HdmfZarrError, UnsupportedWriteError } from "../errors.js";
import type { ByteLimit } from "../store/capped-read.js";
import type { WritableStore } from "../store/types.js";
import { createCodec, ShardingCodec, type PaddingMask, type ShardIndex } from "./codecs/index.js";
import { chunkLimits } from "./codecs/decoded-limit.js";
import { innerCoords } from "./codecs/sharding.js";
import { chunkView } from "./chunk-view.js";
import { mapConcurrent } from "./concurrency.js";
import { allocate, shapeSize, type ArrayData, type NdArray, type TypedArray } from "./dtype.js";
import { copyRegion, fillRegion, type ChunkProjection, type DimRange } from "./indexing.js";
import { chunkLimit } from "./limits.js";
import { innerParts, shardIndexProblem, type InnerPart, type ShardedArrayView } from "./shard-plan.js";

/** What a sharded write needs from its array. */
export type ShardWriteTarget = ShardedArrayView<WritableStore>;

/** The values of a write: an array laid out as `shape` (C order), or one value for every selected element. */
export type ShardWriteValue = { source: ArrayData; shape: readonly number[] } | { scalar: unknown };

/**
 * A writer for `target` when it is sharded by one `sharding_indexed` codec (and not 0-d), else
 * `undefined` (array.ts then encodes whole shards through the codec pipeline).
 */
export function shardWriter(target: ShardWriteTarget): ShardWriter | undefined {
  const { metadata } = target;
  if (metadata.zarrFormat !== 3 || metadata.codecs.length !== 1 || metadata.codecs[0].name !== "sharding_indexed") return undefined;
  if (metadata.shape.length === 0) return undefined;
  const codec = createCodec(metadata.codecs[0], {
    dtype: metadata.dtype,
    chunkShape: metadata.chunkShape,
    zarrFormat: 3,
    allowPickle: target.allowPickle,
    maxChunkBytes: target.maxChunkBytes,
    where: target.where,
  });
  return codec instanceof ShardingCodec ? new ShardWriter(target, codec) : undefined;
}

/** Whether two values are the same element: NaN is NaN, but -0 is not 0 (leaving it out would lose its sign). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const ka = Object.keys(a);
  const rb = b as Record<string, unknown>;
  return ka.length === Object.keys(b).length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], rb[k]));
}

/** Whether every element of `data` is `fill` (in the sense of `sameValue`). */
function holdsOnly(data: ArrayData, fill: unknown): boolean {
  if (ArrayBuffer.isView(data) && (typeof fill === "number" || typeof fill === "bigint")) {
    // Numbers, without a call per element: unequal unless both are NaN; equal zeros must agree in sign.
    const values = data as unknown as ArrayLike<number | bigint>;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== fill) {
        if (v === v || fill === fill) return false;
      } else if (v === 0 && Object.is(v, -0) !== Object.is(fill, -0)) {
        return false;
      }
    }
    return true;
  }
  const values = data as ArrayLike<unknown>;
  for (let i = 0; i < values.length; i++) if (!sameValue(values[i], fill)) return false;
  return true;
}

/** Writes selections into the shards of one array. */
export class ShardWriter {
  private readonly grid: number[];
  private readonly indexSize: number;
  /** The fill value as an element of the array holds it (a float32 fill rounded, …). */
  private readonly fill: unknown;
  /** The most bytes a stored shard may take, as a whole-shard read allows. */
  private readonly shardLimit: ByteLimit;

  constructor(
    private readonly target: ShardWriteTarget,
    private readonly codec: ShardingCodec,
  ) {
    const { metadata } = target;
    this.grid = codec.grid(metadata.chunkShape);
    this.indexSize = codec.indexSize(shapeSize(this.grid));
    this.fill = allocate(metadata.dtype, 1, target.fillValue)[0];
    const packed = codec.encodedSize({ shape: metadata.chunkShape.slice(), dtype: metadata.dtype, fillValue: null });
    this.shardLimit = chunkLimits(packed, 0, chunkLimit({ maxChunkBytes: target.maxChunkBytes }, target.where)).stored;
  }

  /**
   * Write the part `p` of a selection (its shard at `p.coords`) of an array of shape `arrayShape`:
   * the elements `p.outSel` of `value.source`, or `value.scalar` at every selected element.
   */
  async write(p: ChunkProjection, arrayShape: readonly number[], value: ShardWriteValue): Promise<void> {
    const inner = this.codec.chunkShape;
    const origin = p.coords.map((c, d) => c * this.target.metadata.chunkShape[d]);
    const touched = new Map<number, InnerPart>();
    for (const part of innerParts(p.chunkSel, p.outSel, inner, this.grid)) touched.set(part.index, part);
    // Inner chunks lying (partly) inside the array, and how far inside each one reaches.
    const inside = (i: number): number[] => innerCoords(i, this.grid).map((c, d) => Math.min(inner[d], arrayShape[d] - origin[d] - c * inner[d]));
    // An inner chunk reaching past the array's edge carries padding, marked for the codecs (types.ts).
    const paddingOf = (reach: number[]): PaddingMask | undefined => {
      if (reach.every((r, d) => r >= inner[d])) return undefined;
      const mask = new Uint8Array(shapeSize(inner)).fill(1);
      fillRegion(mask, inner, reach.map((count) => ({ start: 0, step: 1, count: Math.max(0, count) })), 0);
      return mask;
    };
    const covers = (part: InnerPart): boolean => {
      const reach = inside(part.index);
      return part.innerSel.every((r: DimRange, d) => r.start === 0 && r.count === reach[d] && (r.step === 1 || r.count <= 1));
    };
    const present = this.grid.reduce((n, g, d) => n * Math.min(g, Math.ceil((arrayShape[d] - origin[d]) / inner[d])), 1);
    const whole = touched.size === present && [...touched.values()].every(covers);
    const key = this.target.chunkKey(p.coords);
    const old = whole ? undefined : await this.readShard(key);

    const count = shapeSize(this.grid);
    const parts: (Uint8Array | undefined)[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const entry = old?.index[i];
      if (!touched.has(i) && entry) parts[i] = old!.bytes.subarray(entry[0], entry[0] + entry[1]);
    }
    const innerSize = shapeSize(inner);
    await mapConcurrent(touched.values(), this.target.concurrency, async (part) => {
      const entry = old?.index[part.index];
      const reach = inside(part.index);
      // An inner chunk that is one run of the value is encoded from a view of it (chunk-view.ts).
      const view = "source" in value && covers(part) ? chunkView(value.source, value.shape, part.outSel, innerSize, reach.every((r, d) => r >= inner[d])) : undefined;
      let data: ArrayData;
      if (view !== undefined) {
        data = view;
      } else {
        data = entry && !covers(part) ? await this.decodeInner(key, part.index, old!.bytes.subarray(entry[0], entry[0] + entry[1])) : this.filled();
        if ("source" in value) copyRegion(value.source, value.shape, part.outSel, data, inner, part.innerSel);
        else fillRegion(data, inner, part.innerSel, value.scalar);
      }
      parts[part.index] = holdsOnly(data, this.fill) ? undefined : await this.encodeInner(key, part.index, data, paddingOf(reach));
    });
    const shard = await this.codec.encodeParts(parts, this.target.metadata.chunkShape);
    if (shard === undefined) await this.target.store.delete(key);
    else await this.target.store.set(key, shard);
  }

  /** Write a whole shard (shard shape, C order; the part past the array's end is padding and not stored). */
  async writeWhole(coords: readonly number[], data: ArrayData, arrayShape: readonly number[]): Promise<void> {
    const shardShape = this.target.metadata.chunkShape;
    const sel = shardShape.map((s, d) => ({ start: 0, step: 1, count: Math.min(s, arrayShape[d] - coords[d] * s) }));
    await this.write({ coords: coords.slice(), chunkSel: sel, outSel: sel }, arrayShape, { source: data, shape: shardShape });
  }

  /** An inner chunk of fill values. */
  private filled(): ArrayData {
    return allocate(this.target.metadata.dtype, shapeSize(this.codec.chunkShape), this.target.fillValue);
  }

  /** The stored shard at `key` and its checked index, or `undefined` when there is none. */
  private async readShard(key: string): Promise<{ index: ShardIndex; bytes: Uint8Array } | undefined> {
    const bytes = await this.target.store.get(key, { limit: this.shardLimit });
    if (bytes === undefined) return undefined;
    const size = this.indexSize;
    if (bytes.length < size) throw this.damaged(key, `the shard holds ${bytes.length} bytes, fewer than its ${size}-byte index`);
    const atStart = this.codec.indexAtStart;
    let index: ShardIndex;
    try {
      index = await this.codec.decodeIndex(this.codec.indexBytesOf(bytes, this.target.metadata.chunkShape), this.target.metadata.chunkShape);
    } catch (err) {
      throw this.wrap(err, key, "index", ChunkDecodeError);
    }
    const problem = shardIndexProblem(index, atStart ? size : 0, atStart ? bytes.length : bytes.length - size, undefined);
    if (problem !== undefined) throw this.damaged(key, `damaged index: ${problem}`);
    return { index, bytes };
  }

  /** Decode a stored inner chunk into memory of its own (it is modified, and the shard's bytes are kept). */
  private async decodeInner(key: string, i: number, bytes: Uint8Array): Promise<ArrayData> {
    const shape = this.codec.chunkShape;
    let chunk: NdArray;
    try {
      chunk = await this.codec.decodeInner(bytes, { shape, dtype: this.target.metadata.dtype, fillValue: this.target.fillValue });
    } catch (err) {
      throw this.wrap(err, key, `inner chunk ${i}`, ChunkDecodeError);
    }
    if (chunk.data.length !== shapeSize(shape)) {
      throw this.damaged(key, `inner chunk ${i} decoded to ${chunk.data.length} elements, expected ${shapeSize(shape)} (shape [${shape}])`);
    }
    const data = chunk.data;
    return ArrayBuffer.isView(data) && data.buffer === bytes.buffer ? (data as TypedArray).slice() : data;
  }

  private async encodeInner(key: string, i: number, data: ArrayData, padding: PaddingMask | undefined): Promise<Uint8Array> {
    try {
      return await this.codec.encodeInner({ dtype: this.target.metadata.dtype, shape: this.codec.chunkShape.slice(), data }, padding);
    } catch (err) {
      throw this.wrap(err, key, `inner chunk ${i}`, UnsupportedWriteError);
    }
  }

  private damaged(key: string, text: string): ChunkDecodeError {
    return new ChunkDecodeError(`shard '${key}': ${text}`, this.target.where);
  }

  /** An error about part of a shard that names the shard and the part: typed errors keep their class. */
  private wrap(err: unknown, key: string, what: string, fallback: typeof ChunkDecodeError): HdmfZarrError {
    const where = this.target.where;
    if (err instanceof HdmfZarrError) {
      const prefix = new HdmfZarrError("", where).message;
      const text = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
      const Ctor = err.constructor as typeof ChunkDecodeError;
      return new Ctor(`shard '${key}', ${what}: ${text}`, where, { cause: err });
    }
    const verb = fallback === ChunkDecodeError ? "decoded" : "encoded";
    return new fallback(`shard '${key}', ${what} could not be ${verb}: ${(err as Error)?.message ?? String(err)}`, where, { cause: err });
  }
}
