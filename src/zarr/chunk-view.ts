/**
 * Whole chunks taken from a written value without copying: when a chunk lies wholly inside the
 * array and its elements are one C-order run of the value (chunks spanning every later axis of
 * the value, as the rows of an iterator's buffer do), the chunk is a view of that run. The codecs
 * copy what they keep (the `bytes` codec packs into new bytes), so the view is only read.
 */
import type { ArrayData, TypedArray } from "./dtype.js";
import type { DimRange } from "./indexing.js";

/**
 * Offset of `sel` in a C-order array of `shape` when the region is one contiguous run of
 * elements (axes before the first with more than one element taken hold one index, axes after
 * it are taken whole, all with step 1); undefined otherwise.
 */
export function contiguousOffset(shape: readonly number[], sel: readonly DimRange[]): number | undefined {
  let offset = 0;
  let stride = 1;
  let whole = true; // every axis after the current one is taken whole
  for (let d = shape.length - 1; d >= 0; d--) {
    const r = sel[d];
    if (r.count > 1 && r.step !== 1) return undefined;
    if (!whole && r.count !== 1) return undefined;
    offset += r.start * stride;
    if (r.start !== 0 || r.count !== shape[d]) whole = false;
    stride *= shape[d];
  }
  return offset;
}

/**
 * The chunk's elements as a view of `source` (of C-order `sourceShape`), or undefined when they
 * are not one run of it or `source` is not a typed array. `inside` is true when the chunk lies
 * wholly inside the array (an edge chunk needs its padding, so it is never a view).
 */
export function chunkView(source: ArrayData, sourceShape: readonly number[], sourceSel: readonly DimRange[], chunkSize: number, inside: boolean): TypedArray | undefined {
  if (!inside || !ArrayBuffer.isView(source)) return undefined;
  const offset = contiguousOffset(sourceShape, sourceSel);
  if (offset === undefined) return undefined;
  return (source as TypedArray).subarray(offset, offset + chunkSize) as TypedArray;
}
