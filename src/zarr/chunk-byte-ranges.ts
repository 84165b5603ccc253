/**
 * Which bytes of a chunk's packed C-order elements a selection inside the chunk touches: the
 * input of a partial chunk decode (only the compressed blocks holding those bytes are decoded).
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
