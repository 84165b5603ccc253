/**
 * The shape of data, by one rule for every layer: a typed array is 1-D `[n]`; an NdArray has its
 * `shape`; a lazily read array its metadata shape; a DataIO wrapper the shape of what it wraps;
 * nested lists (typed-array rows included) the lengths along the first element of each level;
 * anything else is a scalar, `[]`. Nothing is read and raggedness is not checked (see `flatten`).
 */
import { isNdArray } from "../zarr/dtype.js";
import { DataIOBase } from "./data-io.js";
import { isList } from "./guards.js";
import { isLazyArray } from "./lazy-array.js";

/** The shape of `data` (a fresh list the caller may change). */
export function shapeOf(data: unknown): number[] {
  if (data instanceof DataIOBase) return shapeOf(data.data);
  if (isLazyArray(data)) return [...data.shape];
  if (isNdArray(data)) return [...data.shape];
  const shape: number[] = [];
  for (let cur: unknown = data; isList(cur); cur = cur[0]) {
    shape.push(cur.length);
    if (cur.length === 0) break;
  }
  return shape;
}
