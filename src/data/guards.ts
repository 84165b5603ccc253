/**
 * What kind of in-memory array value something is. `isNdArray` lives beside the NdArray type in
 * the Zarr layer (the chunk engine returns NdArrays) and is re-exported from `index.ts`.
 */
import type { NumericName, TypedArray } from "../zarr/dtype.js";

/** True for a typed array (Float64Array, Int16Array, Uint8Array …); a DataView is not one. */
export function isTypedArray(v: unknown): v is TypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** True for a list level of nested data: a plain array or a typed array (typed arrays are rows, not values). */
export function isList(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || isTypedArray(v);
}

const TYPED_DTYPES: [abstract new (...args: never[]) => TypedArray, NumericName][] = [
  [Float64Array, "float64"], [Float32Array, "float32"], [BigInt64Array, "int64"], [BigUint64Array, "uint64"],
  [Int32Array, "int32"], [Uint32Array, "uint32"], [Int16Array, "int16"], [Uint16Array, "uint16"], [Int8Array, "int8"],
];

/** The numpy type of a typed array's elements (Uint8Array and Uint8ClampedArray: uint8). */
export function typedArrayDtype(t: TypedArray): NumericName {
  return TYPED_DTYPES.find(([ctor]) => t instanceof ctor)?.[1] ?? "uint8";
}
