/**
 * Builder data (nested JS arrays, typed arrays, NdArrays, scalars) → flat C-order values with a
 * shape, and the dtype class hdmf-zarr would infer for data without a spec dtype.
 */
import { InvalidArgumentError, type ErrorLocation } from "../errors.js";
import type { NdArray, TypedArray } from "../zarr/dtype.js";
import { Builder, ReferenceBuilder } from "./builders.js";
import type { DtypeClass } from "./dtype-map.js";

/** Flat values and shape of some builder data. */
export interface FlatData {
  shape: number[];
  values: ArrayLike<unknown>;
  /** Set when the input was a typed array or NdArray: its numeric type. */
  typed?: TypedArray;
}

export function isTypedArray(v: unknown): v is TypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

export function isNdArray(v: unknown): v is NdArray {
  return !!v && typeof v === "object" && "shape" in v && "data" in v && "dtype" in v && Array.isArray((v as NdArray).shape);
}

/** A leaf value is anything that is not a list (strings, numbers, records, references). Typed arrays are lists. */
function isList(v: unknown): boolean {
  return Array.isArray(v) || isTypedArray(v);
}

/**
 * Flatten nested arrays, checking they are rectangular. With `rowWidth` (compound data), a list of
 * that many non-list values is one row, not a dimension.
 */
export function flatten(data: unknown, where: ErrorLocation, rowWidth?: number): FlatData {
  // A list row holds field values: no lists and no records (a list of records is a dimension).
  const isRecord = (x: unknown) => !!x && typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype;
  const isRow = (v: unknown) => rowWidth !== undefined && Array.isArray(v) && v.length === rowWidth && !v.some((x) => isList(x) || isRecord(x));
  const isLeaf = (v: unknown) => !isList(v) || isRow(v);
  if (isNdArray(data)) return { shape: [...data.shape], values: data.data as ArrayLike<unknown>, typed: isTypedArray(data.data) ? data.data : undefined };
  if (isTypedArray(data)) return { shape: [data.length], values: data as ArrayLike<unknown>, typed: data };
  if (isLeaf(data)) return { shape: [], values: [data] };
  const shape: number[] = [];
  for (let cur: unknown = data; !isLeaf(cur); cur = (cur as unknown[])[0]) {
    shape.push((cur as unknown[]).length);
    if ((cur as unknown[]).length === 0) break;
  }
  const out: unknown[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth === shape.length) {
      if (!isLeaf(v)) throw new InvalidArgumentError("data is not rectangular (ragged nested lists)", where);
      out.push(v);
      return;
    }
    const list = v as ArrayLike<unknown>;
    if (!(Array.isArray(v) || isTypedArray(v)) || list.length !== shape[depth]) {
      throw new InvalidArgumentError(`data is not rectangular: expected length ${shape[depth]} at depth ${depth}`, where);
    }
    for (let i = 0; i < list.length; i++) walk(list[i], depth + 1);
  };
  walk(data, 0);
  return { shape, values: out };
}

/** The dtype class hdmf-zarr infers from values when the builder gives no dtype. */
export function inferClass(flat: FlatData, where: ErrorLocation): DtypeClass {
  if (flat.typed) {
    const t = flat.typed;
    const name = t instanceof Float64Array ? "float64" : t instanceof Float32Array ? "float32"
      : t instanceof BigInt64Array ? "int64" : t instanceof BigUint64Array ? "uint64"
      : t instanceof Int32Array ? "int32" : t instanceof Uint32Array ? "uint32"
      : t instanceof Int16Array ? "int16" : t instanceof Uint16Array ? "uint16"
      : t instanceof Int8Array ? "int8" : "uint8";
    return { kind: "numeric", name };
  }
  const values = Array.from(flat.values);
  const first = values.find((v) => v !== null && v !== undefined);
  if (first === undefined) throw new InvalidArgumentError("cannot determine the dtype of empty data; give a dtype", where);
  if (first instanceof ReferenceBuilder || first instanceof Builder) return { kind: "reference" };
  if (typeof first === "string") return { kind: "text" };
  if (typeof first === "boolean") return { kind: "bool" };
  if (typeof first === "bigint") return { kind: "numeric", name: "int64" };
  if (first instanceof Uint8Array) return { kind: "bytes" };
  if (typeof first === "number") {
    // Python ints become int64 on disk, floats float64.
    return values.every((v) => typeof v === "number" && Number.isInteger(v) && !Object.is(v, -0))
      ? { kind: "numeric", name: "int64" }
      : { kind: "numeric", name: "float64" };
  }
  throw new InvalidArgumentError(`cannot infer a dtype for values like ${JSON.stringify(first)}; give a dtype`, where);
}
