/**
 * Flat C-order values as nested lists: how an n-d array reads as plain JS (numpy's `tolist()`),
 * for attribute values, previews and decoded object arrays.
 */
import { cStrides } from "./indexing.js";

/** A value, or lists of lists of values. */
export type Nested<T> = T | Nested<T>[];

/**
 * Flat C-order values as nested lists of `shape`: plain arrays at every level (typed input gives
 * plain lists too). A 0-d shape gives the one value itself (undefined when `flat` is empty).
 */
export function nest<T>(flat: ArrayLike<T>, shape: readonly number[]): Nested<T> {
  if (shape.length === 0) return flat[0];
  const strides = cStrides(shape);
  const last = shape.length - 1;
  const build = (offset: number, dim: number): Nested<T>[] =>
    dim === last
      ? Array.from({ length: shape[dim] }, (_, i) => flat[offset + i])
      : Array.from({ length: shape[dim] }, (_, i) => build(offset + i * strides[dim], dim + 1));
  return build(0, 0);
}
