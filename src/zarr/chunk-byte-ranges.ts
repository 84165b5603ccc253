/**
 * Which bytes of a chunk's packed C-order elements a selection inside the chunk touches: the
 * input of a partial chunk decode (only the compressed blocks holding those bytes are decoded),
 * and the one contiguous span an uncompressed chunk is read by.
 */
import type { ByteRange } from "./codecs/native/backend.js";
import type { DimRange } from "./indexing.js";

/** Past this many ranges one bounding range is returned instead (a superset, never too few bytes). */
const DEFAULT_MAX_RANGES = 4096;

/**
 * Ascending, disjoint byte ranges `[start, end)` of a C-order chunk of `chunkShape` elements of
 * `itemSize` bytes that hold the elements `chunkSel` selects; adjacent runs are merged. A
 * selection with more than `maxRanges` separate runs gets one range from its first to its last
 * byte. An empty selection gives no ranges.
 */
export function selectionByteRanges(
  chunkShape: readonly number[],
  chunkSel: readonly DimRange[],
  itemSize: number,
  maxRanges = DEFAULT_MAX_RANGES,
): ByteRange[] {
  const n = chunkShape.length;
  if (chunkSel.some((s) => s.count <= 0)) return [];
  // Trailing dimensions selected whole form one contiguous run of `inner` elements.
  let k = n;
  let inner = 1;
  while (k > 0 && isWhole(chunkSel[k - 1], chunkShape[k - 1])) {
    inner *= chunkShape[k - 1];
    k--;
  }
  if (k === 0) return [{ start: 0, end: inner * itemSize }];
  // Dimension k-1 with step 1 extends the run; with a larger step each of its entries is a run.
  const last = chunkSel[k - 1];
  const run = last.step === 1 ? last.count * inner : inner;
  const outer = last.step === 1 ? k - 1 : k;
  const strides = new Array<number>(n);
  for (let d = n - 1, s = 1; d >= 0; d--) {
    strides[d] = s;
    s *= chunkShape[d];
  }
  const offsetOf = (idx: readonly number[]): number => {
    let at = 0;
    for (let d = 0; d < outer; d++) at += (chunkSel[d].start + idx[d] * chunkSel[d].step) * strides[d];
    if (outer === k - 1) at += last.start * strides[k - 1];
    return at;
  };
  let runs = 1;
  for (let d = 0; d < outer; d++) runs *= chunkSel[d].count;
  const idx = new Array<number>(outer).fill(0);
  if (runs > maxRanges) {
    const first = offsetOf(idx);
    for (let d = 0; d < outer; d++) idx[d] = chunkSel[d].count - 1;
    return [{ start: first * itemSize, end: (offsetOf(idx) + run) * itemSize }];
  }
  const out: ByteRange[] = [];
  for (let r = 0; r < runs; r++) {
    const start = offsetOf(idx) * itemSize;
    const end = start + run * itemSize;
    const prev = out[out.length - 1];
    if (prev && prev.end === start) prev.end = end;
    else out.push({ start, end });
    for (let d = outer - 1; d >= 0; d--) {
      if (++idx[d] < chunkSel[d].count) break;
      idx[d] = 0;
    }
  }
  return out;
}

function isWhole(sel: DimRange, size: number): boolean {
  return sel.start === 0 && sel.step === 1 && sel.count === size;
}

/**
 * The contiguous part of a C-order chunk that holds a selection, as an array of its own: the
 * read of an uncompressed chunk fetches just these bytes (one range) and copies from them.
 */
export interface ChunkSpan {
  /** Offset of the span's first element among the chunk's elements (C order). */
  start: number;
  /** The span's shape: 1 along the leading dimensions indexed singly, then the rows from the first selected to the last, then the chunk's inner dimensions. */
  shape: number[];
  /** The selection, relative to the span. */
  sel: DimRange[];
}

/**
 * The smallest run of whole rows (of the first dimension selecting more than one position) that
 * holds everything `chunkSel` selects in a chunk of `chunkShape`; `undefined` when that is the
 * whole chunk, the selection is empty, or the chunk is 0-d.
 */
export function selectionSpan(chunkShape: readonly number[], chunkSel: readonly DimRange[]): ChunkSpan | undefined {
  const n = chunkShape.length;
  if (n === 0 || chunkSel.some((s) => s.count <= 0)) return undefined;
  let k = 0;
  while (k < n - 1 && chunkSel[k].count === 1) k++;
  let stride = 1;
  for (let d = n - 1; d > k; d--) stride *= chunkShape[d];
  // Element offset of the first selected row of dimension k, the leading single indices included.
  let start = chunkSel[k].start * stride;
  for (let d = k - 1, s = stride * chunkShape[k]; d >= 0; s *= chunkShape[d], d--) start += chunkSel[d].start * s;
  const rows = (chunkSel[k].count - 1) * chunkSel[k].step + 1;
  const shape = chunkShape.map((len, d) => (d < k ? 1 : d === k ? rows : len));
  if (rows * stride === chunkShape.reduce((a, b) => a * b, 1)) return undefined;
  const sel = chunkSel.map((r, d) => (d < k ? { start: 0, step: 1, count: 1 } : d === k ? { start: 0, step: r.step, count: r.count } : { ...r }));
  return { start, shape, sel };
}
