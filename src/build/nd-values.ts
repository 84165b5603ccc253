/**
 * NdArrays → plain JS values, as a person reading a table expects them: int64 values that fit a
 * double become numbers (hdmf hands back Python ints), nested lists follow the shape.
 */
import { nest, type NdArray } from "../data/index.js";

/** One element as a plain value: a bigint in the safe integer range becomes a number. */
export function plainValue(v: unknown): unknown {
  if (typeof v === "bigint" && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
  return v;
}

/** The elements of an NdArray as a nested list (a bare value for 0-d arrays). */
export function toNested(nd: NdArray): unknown {
  return nest(Array.from(nd.data as ArrayLike<unknown>, plainValue), nd.shape);
}

/** The rows (first-dimension entries) of an NdArray: elements for 1-D, nested lists for n-D. */
export function rowsOf(nd: NdArray): unknown[] {
  if (nd.shape.length === 0) return [plainValue((nd.data as ArrayLike<unknown>)[0])];
  const nested = toNested(nd);
  return nested as unknown[];
}
