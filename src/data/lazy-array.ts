/**
 * The contract of an array read lazily from a file (a dataset of a Zarr file, the value of a
 * dataset field): metadata now, values on request. The brand lets code below the format and build
 * layers recognise one without importing their classes.
 */
import type { NdArray } from "../zarr/dtype.js";
import type { Selection } from "../zarr/indexing.js";
import type { BuilderDtype } from "./builder-dtype.js";

/** An array whose values stay in the file until asked for. */
export interface LazyArray {
  /** Brand: tells a lazy array from in-memory data. */
  readonly isLazyArray: true;
  /** Shape as hdmf sees it (`[]` for a scalar), from metadata. */
  readonly shape: number[];
  /** hdmf dtype of the stored values. */
  readonly dtype: BuilderDtype;
  /** Number of elements. */
  readonly size: number;
  /** Whether the array holds one value with no dimensions. */
  readonly isScalar: boolean;
  /** Values of a selection (all of them when left out); reads only the chunks needed. */
  get(selection?: Selection): Promise<NdArray>;
}

/** True when `value` is a {@link LazyArray}. */
export function isLazyArray(value: unknown): value is LazyArray {
  return typeof value === "object" && value !== null && (value as { isLazyArray?: unknown }).isLazyArray === true;
}
