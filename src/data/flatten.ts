/**
 * Nested data ⇄ flat C-order values with a shape. `flatten` checks the data is rectangular (the
 * writer and the validator rely on it); `nest` is its inverse.
 */
import { InvalidArgumentError, type ErrorLocation } from "../errors.js";
import { isNdArray, type NumericName, type TypedArray } from "../zarr/dtype.js";
import { DataIOBase } from "./data-io.js";
import { isList, isTypedArray, typedArrayDtype } from "./guards.js";
import { isLazyArray } from "./lazy-array.js";

/** Flat values and shape of some data. */
export interface FlatData {
  shape: number[];
  values: ArrayLike<unknown>;
  /** Set when the input was a typed array or an NdArray of one: the values, typed. */
  typed?: TypedArray;
  /** Set when the first innermost list is a typed array (rows of Int16Array): its numeric type. */
  rowType?: NumericName;
}

/** A list nested to any depth: what `nest` makes of flat values. */

/**
 * Flatten data into C-order values and a shape (the shape `shapeOf` gives), checking it is
 * rectangular. A DataIO wrapper is flattened as what it wraps. With `rowWidth` (compound data), a
 * list of that many non-list values is one row, not a dimension.
 * @throws InvalidArgumentError for ragged lists, or a lazily read array (its values are in a file).
 */
export function flatten(data: unknown, where: ErrorLocation = {}, rowWidth?: number): FlatData {
  if (data instanceof DataIOBase) return flatten(data.data, where, rowWidth);
  if (isLazyArray(data)) throw new InvalidArgumentError("an array read lazily from a file has no values in memory; read them first (get())", where);
  // A list row holds field values: no lists and no records (a list of records is a dimension).
  const isRecord = (x: unknown) => !!x && typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype;
  const isRow = (v: unknown) => rowWidth !== undefined && Array.isArray(v) && v.length === rowWidth && !v.some((x) => isList(x) || isRecord(x));
  const isLeaf = (v: unknown) => !isList(v) || isRow(v);
  if (isNdArray(data)) return { shape: [...data.shape], values: data.data as ArrayLike<unknown>, typed: isTypedArray(data.data) ? data.data : undefined };
  if (isTypedArray(data)) return { shape: [data.length], values: data as ArrayLike<unknown>, typed: data };
  if (isLeaf(data)) return { shape: [], values: [data] };
  const shape: number[] = [];
  let innermost: unknown;
  for (let cur: unknown = data; !isLeaf(cur); cur = (cur as unknown[])[0]) {
    shape.push((cur as unknown[]).length);
    innermost = cur;
    if ((cur as unknown[]).length === 0) break;
  }
  const out: unknown[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth === shape.length) {
      if (!isLeaf(v)) throw new InvalidArgumentError("data is not rectangular (ragged nested lists)", where);
      out.push(v);
      return;
    }
    if (!isList(v) || v.length !== shape[depth]) {
      throw new InvalidArgumentError(`data is not rectangular: expected length ${shape[depth]} at depth ${depth}`, where);
    }
    for (let i = 0; i < v.length; i++) walk(v[i], depth + 1);
  };
  walk(data, 0);
  return { shape, values: out, rowType: isTypedArray(innermost) ? typedArrayDtype(innermost) : undefined };
}
