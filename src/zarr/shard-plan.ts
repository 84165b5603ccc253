/**
 * The pure half of partial shard reads (shard-read.ts): which inner chunks of a shard a selection
 * touches and where their elements go, which byte ranges of the shard to fetch for them, and
 * whether a shard's index describes a shard that can exist.
 */
import type { DimRange } from "./indexing.js";
import type { ShardIndex } from "./codecs/sharding.js";
import type { ErrorLocation } from "../errors.js";
import type { ArrayMetadata } from "./metadata-types.js";

/**
 * What sharded reads and writes need from their array, over a store of type `S` (array.ts passes
 * it; shard-read.ts and shard-write.ts do not import array.ts).
 */
export interface ShardedArrayView<S> {
  readonly store: S;
  readonly metadata: ArrayMetadata;
  /** The array's location, for errors. */
  readonly where: ErrorLocation;
  /** The fill value in memory form: missing shards and inner chunks read as it; writes leave out inner chunks of it. */
  readonly fillValue: unknown;
  /** Most range requests (reads) or inner chunks being encoded (writes) at once. */
  readonly concurrency: number;
  readonly allowPickle: boolean;
  readonly maxChunkBytes?: number;
  /** Store key of the shard at grid `coords`. */
  chunkKey(coords: readonly number[]): string;
}

/** What one inner chunk of a shard contributes to a selection. */
export interface InnerPart {
  /** Position of the inner chunk in the shard's index (C order of the inner grid). */
  index: number;
  /** Selected positions inside the inner chunk, one range per dimension. */
  innerSel: DimRange[];
  /** Where they go in the output, one range per dimension. */
  outSel: DimRange[];
}

/** One dimension of `InnerPart`: the inner chunk `j` along it and its share of the selection. */
interface DimPart {
  j: number;
  inner: DimRange;
  out: DimRange;
}

/** Split one dimension of a selection inside a shard (`sel`, going to `out`) by inner chunks of length `size`. */
function splitDim(sel: DimRange, out: DimRange, size: number): DimPart[] {
  const parts: DimPart[] = [];
  if (sel.count === 0) return parts;
  const last = sel.start + (sel.count - 1) * sel.step;
  for (let j = Math.floor(sel.start / size); j <= Math.floor(last / size); j++) {
    const lo = j * size;
    // The selected steps k that land in [lo, lo + size): a step larger than `size` may skip a chunk.
    const kLo = Math.max(0, Math.ceil((lo - sel.start) / sel.step));
    const kHi = Math.min(sel.count - 1, Math.floor((lo + size - 1 - sel.start) / sel.step));
    if (kLo > kHi) continue;
    const count = kHi - kLo + 1;
    parts.push({
      j,
      inner: { start: sel.start + kLo * sel.step - lo, step: sel.step, count },
      out: { start: out.start + kLo * out.step, step: out.step, count },
    });
  }
  return parts;
}

/**
 * The inner chunks that the selection `chunkSel` of one shard touches, with what each gives to
 * the output region `outSel` (as `ChunkProjection` describes a shard's part of a selection).
 * `innerShape` is the inner chunk shape, `grid` the inner chunks per shard along each axis.
 */
export function innerParts(
  chunkSel: readonly DimRange[], outSel: readonly DimRange[], innerShape: readonly number[], grid: readonly number[],
): InnerPart[] {
  const perDim = chunkSel.map((sel, d) => splitDim(sel, outSel[d], innerShape[d]));
  if (perDim.some((p) => p.length === 0)) return [];
  const parts: InnerPart[] = [];
  const pick = new Array<number>(perDim.length).fill(0);
  for (;;) {
    let index = 0;
    const innerSel: DimRange[] = [];
    const out: DimRange[] = [];
    for (let d = 0; d < perDim.length; d++) {
      const p = perDim[d][pick[d]];
      index = index * grid[d] + p.j;
      innerSel.push(p.inner);
      out.push(p.out);
    }
    parts.push({ index, innerSel, outSel: out });
    let d = perDim.length - 1;
    while (d >= 0) {
      if (++pick[d] < perDim[d].length) break;
      pick[d] = 0;
      d--;
    }
    if (d < 0) return parts;
  }
}

/** How many inner chunks the selection `chunkSel` of one shard touches (without listing them). */
export function touchedInnerChunks(chunkSel: readonly DimRange[], innerShape: readonly number[]): number {
  let n = 1;
  for (let d = 0; d < chunkSel.length; d++) n *= splitDim(chunkSel[d], chunkSel[d], innerShape[d]).length;
  return n;
}

/** One byte range of a shard to fetch, and the inner chunks inside it. */
export interface ShardRange {
  start: number;
  end: number;
  /** The inner chunks in this range: their index position and byte range within the shard. */
  chunks: { index: number; start: number; end: number }[];
}

/**
 * Group the byte ranges of `wanted` inner chunks into as few requests as is sensible: chunks whose
 * ranges are adjacent or less than `gap` bytes apart share a request, up to `maxSpan` bytes per
 * request (a single larger chunk gets a request of its own). Absent chunks are left out.
 */
export function coalesceRanges(index: ShardIndex, wanted: Iterable<number>, gap: number, maxSpan: number): ShardRange[] {
  const chunks: { index: number; start: number; end: number }[] = [];
  for (const i of new Set(wanted)) {
    const entry = index[i];
    if (entry) chunks.push({ index: i, start: entry[0], end: entry[0] + entry[1] });
  }
  chunks.sort((a, b) => a.start - b.start);
  const ranges: ShardRange[] = [];
  let cur: ShardRange | undefined;
  for (const c of chunks) {
    if (cur && c.start - cur.end < gap && c.end - cur.start <= maxSpan) {
      cur.end = Math.max(cur.end, c.end);
      cur.chunks.push(c);
    } else {
      cur = { start: c.start, end: c.end, chunks: [c] };
      ranges.push(cur);
    }
  }
  return ranges;
}

/**
 * What is wrong with a decoded shard index, or `undefined` when nothing is: inner chunks must lie
 * after `reserved` (the index's bytes when it sits at the start) and before `end` (where the
 * chunks' part of the shard ends, when the whole shard was read; otherwise a short range read
 * tells), must not overlap, and none may be larger than `maxChunk` bytes (when known).
 */
export function shardIndexProblem(index: ShardIndex, reserved: number, end: number | undefined, maxChunk: number | undefined): string | undefined {
  const entries: { i: number; start: number; end: number }[] = [];
  for (let i = 0; i < index.length; i++) {
    const e = index[i];
    if (!e) continue;
    if (maxChunk !== undefined && e[1] > maxChunk) {
      return `inner chunk ${i} takes ${e[1]} bytes, more than the ${maxChunk} bytes an inner chunk of this array can take`;
    }
    if (e[0] < reserved) return `inner chunk ${i} at bytes ${e[0]}–${e[0] + e[1]} overlaps the ${reserved}-byte index at the start of the shard`;
    if (end !== undefined && e[0] + e[1] > end) return `inner chunk ${i} lies at bytes ${e[0]}–${e[0] + e[1]}, past the end of the shard (${end} bytes of chunks)`;
    entries.push({ i, start: e[0], end: e[0] + e[1] });
  }
  entries.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let k = 1; k < entries.length; k++) {
    const a = entries[k - 1];
    const b = entries[k];
    if (b.start < a.end) return `inner chunks ${a.i} (bytes ${a.start}–${a.end}) and ${b.i} (bytes ${b.start}–${b.end}) overlap`;
  }
  return undefined;
}
