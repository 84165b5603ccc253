/**
 * Rows [start, stop) of a column's values, wherever they live: lazy data read from a file (only
 * those rows are read), NdArrays, typed arrays or JS lists. 1-D columns give elements, n-D columns
 * nested lists per row; int64 values that fit a double come back as numbers.
 */
import { DataIOBase, isNdArray, isTypedArray } from "../../data/index.js";
import { slice } from "../../zarr/indexing.js";
import { LazyData } from "../lazy-data.js";
import { plainValue, rowsOf } from "../nd-values.js";

/** Rows [start, stop) of some column data. */
export async function readRows(data: unknown, start: number, stop: number): Promise<unknown[]> {
  if (stop <= start) return [];
  if (data instanceof LazyData) return rowsOf(await data.get([slice(start, stop)]));
  if (isNdArray(data)) {
    const rowSize = data.shape.slice(1).reduce((a, b) => a * b, 1);
    const values = Array.prototype.slice.call(data.data, start * rowSize, stop * rowSize);
    return rowsOf({ ...data, shape: [stop - start, ...data.shape.slice(1)], data: values });
  }
  if (isTypedArray(data)) return Array.from(data.subarray(start, stop) as ArrayLike<unknown>, plainValue);
  if (Array.isArray(data)) return data.slice(start, stop).map(plainValue);
  if (data instanceof DataIOBase) return readRows(data.data, start, stop);
  return [];
}
