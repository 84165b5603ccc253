/**
 * Small n-d helpers over flat C-order data: axis permutation (the `transpose` codec, v2 F order)
 * and copying whole blocks between a chunk and its shard.
 */
import { shapeSize, type ArrayData, type TypedArray } from "../dtype.js";
import { cStrides } from "../indexing.js";

/** An empty container of the same kind as `like` (typed array class or plain array) for `n` elements. */
export function emptyLike(like: ArrayData, n: number): ArrayData {
  if (Array.isArray(like)) return new Array<unknown>(n);
  const Ctor = (like as TypedArray).constructor as new (n: number) => TypedArray;
  return new Ctor(n);
}

/**
 * Permute the axes of C-order `data` of `shape`: output axis k is input axis `order[k]`
 * (numpy `transpose(order)`), returned in C order of the permuted shape.
 */
export function permuteAxes(data: ArrayData, shape: readonly number[], order: readonly number[]): ArrayData {
  const n = shapeSize(shape);
  const nd = shape.length;
  if (nd <= 1 || order.every((a, i) => a === i)) return data.slice(0, n);
  const outShape = order.map((a) => shape[a]);
  const inStrides = cStrides(shape);
  const step = order.map((a) => inStrides[a]);
  const out = emptyLike(data, n) as { [i: number]: unknown };
  const src = data as { [i: number]: unknown };
  const idx = new Array<number>(nd).fill(0);
  let off = 0;
  const last = nd - 1;
  const lastLen = outShape[last];
  const lastStep = step[last];
  for (let o = 0; o < n; ) {
    // Innermost axis in a tight loop, the rest as an odometer.
    for (let j = 0, s = off; j < lastLen; j++, s += lastStep) out[o++] = src[s];
    let d = last - 1;
    for (; d >= 0; d--) {
      idx[d]++;
      off += step[d];
      if (idx[d] < outShape[d]) break;
      off -= step[d] * outShape[d];
      idx[d] = 0;
    }
    if (d < 0) break;
  }
  return out as ArrayData;
}

/** The inverse of a permutation. */
export function inversePermutation(order: readonly number[]): number[] {
  const inv = new Array<number>(order.length);
  order.forEach((a, k) => (inv[a] = k));
  return inv;
}

/**
 * Copy all of `src` (C order, `srcShape`) into `dst` (C order, `dstShape`) with its origin at
 * `origin`; parts of `src` that fall outside `dst` are skipped. `reverse` copies the other way
 * (the block of `dst` at `origin` into `src`).
 */
export function copyBlock(
  src: ArrayData, srcShape: readonly number[],
  dst: ArrayData, dstShape: readonly number[],
  origin: readonly number[], reverse = false,
): void {
  const nd = srcShape.length;
  if (nd === 0) {
    if (reverse) (src as { [i: number]: unknown })[0] = (dst as { [i: number]: unknown })[0];
    else (dst as { [i: number]: unknown })[0] = (src as { [i: number]: unknown })[0];
    return;
  }
  const extent = srcShape.map((s, d) => Math.max(0, Math.min(s, dstShape[d] - origin[d])));
  if (extent.some((e) => e === 0)) return;
  const ss = cStrides(srcShape);
  const ds = cStrides(dstShape);
  const run = extent[nd - 1];
  const typed = !Array.isArray(src) && !Array.isArray(dst);
  const idx = new Array<number>(nd).fill(0);
  for (;;) {
    let so = 0;
    let dof = 0;
    for (let d = 0; d < nd; d++) {
      so += idx[d] * ss[d];
      dof += (origin[d] + idx[d]) * ds[d];
    }
    if (typed) {
      const s = src as TypedArray;
      const t = dst as TypedArray;
      if (reverse) (s as Uint8Array).set((t as Uint8Array).subarray(dof, dof + run), so);
      else (t as Uint8Array).set((s as Uint8Array).subarray(so, so + run), dof);
    } else {
      const s = src as unknown[];
      const t = dst as unknown[];
      if (reverse) for (let j = 0; j < run; j++) s[so + j] = t[dof + j];
      else for (let j = 0; j < run; j++) t[dof + j] = s[so + j];
    }
    let d = nd - 2;
    for (; d >= 0; d--) {
      if (++idx[d] < extent[d]) break;
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}
