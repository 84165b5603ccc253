/**
 * Builder data (nested JS arrays, typed arrays, NdArrays, scalars) → flat C-order values with a
 * shape, and the dtype class hdmf-zarr would infer for data without a spec dtype.
 */
import { InvalidArgumentError, UnsupportedWriteError, type ErrorLocation } from "../errors.js";
import type { NdArray, NumericName, TypedArray } from "../zarr/dtype.js";
import { pythonNumber } from "../zarr/codecs/json-text.js";
import { jsonText } from "../zarr/json-values.js";
import { Builder, ReferenceBuilder } from "./builders.js";
import type { DtypeClass } from "./dtype-map.js";

/** Flat values and shape of some builder data. */
export interface FlatData {
  shape: number[];
  values: ArrayLike<unknown>;
  /** Set when the input was a typed array or NdArray: its numeric type. */
  typed?: TypedArray;
  /** Set when the first innermost list is a typed array (rows of Int16Array): its numeric type. */
  rowType?: NumericName;
}

const TYPED_DTYPES: [abstract new (...args: never[]) => TypedArray, NumericName][] = [
  [Float64Array, "float64"], [Float32Array, "float32"], [BigInt64Array, "int64"], [BigUint64Array, "uint64"],
  [Int32Array, "int32"], [Uint32Array, "uint32"], [Int16Array, "int16"], [Uint16Array, "uint16"], [Int8Array, "int8"],
];

/** The numpy type of a typed array's elements (Uint8Array and Uint8ClampedArray: uint8). */
export function typedArrayDtype(t: TypedArray): NumericName {
  return TYPED_DTYPES.find(([ctor]) => t instanceof ctor)?.[1] ?? "uint8";
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
    const list = v as ArrayLike<unknown>;
    if (!(Array.isArray(v) || isTypedArray(v)) || list.length !== shape[depth]) {
      throw new InvalidArgumentError(`data is not rectangular: expected length ${shape[depth]} at depth ${depth}`, where);
    }
    for (let i = 0; i < list.length; i++) walk(list[i], depth + 1);
  };
  walk(data, 0);
  return { shape, values: out, rowType: isTypedArray(innermost) ? typedArrayDtype(innermost) : undefined };
}

/**
 * The dtype class hdmf-zarr infers from values when the builder gives no dtype. hdmf takes the type
 * of the first element and numpy converts the rest to it; so does this, with two differences where
 * JS and Python values differ: JS numbers carry no int/float distinction, so all of them decide
 * (int64 when every one is an integer, else float64; hdmf would make [1, 2.5] int64 [1, 2]), and
 * what numpy would change silently is refused here (see the errors below; the writer also refuses
 * values that do not convert exactly to the chosen type).
 */
export function inferClass(flat: FlatData, where: ErrorLocation): DtypeClass {
  if (flat.typed) return { kind: "numeric", name: typedArrayDtype(flat.typed) };
  // Rows given as typed arrays: numpy gives hdmf the first row's type.
  if (flat.rowType) return { kind: "numeric", name: flat.rowType };
  const values = flat.values;
  let first: unknown;
  for (let i = 0; i < values.length && (first === undefined || first === null); i++) first = values[i];
  if (first === undefined || first === null) throw new InvalidArgumentError("cannot determine the dtype of empty data; give a dtype", where);
  if (first instanceof ReferenceBuilder || first instanceof Builder) return { kind: "reference" };
  if (typeof first === "string") return { kind: "text" };
  if (first instanceof Uint8Array) return { kind: "bytes" };
  if (typeof first === "boolean") {
    // numpy would turn [true, 2] into [true, true]
    const other = Array.prototype.find.call(values, (v) => typeof v !== "boolean");
    if (other !== undefined) {
      throw new InvalidArgumentError(`a boolean dataset cannot hold ${jsonText(other)}: numpy would turn it into a boolean; give only booleans, or a dtype`, where);
    }
    return { kind: "bool" };
  }
  if (typeof first === "number" || typeof first === "bigint") return { kind: "numeric", name: numbersDtype(values, where) };
  throw new InvalidArgumentError(`cannot infer a dtype for values like ${jsonText(first)}; give a dtype`, where);
}

/** int64 when every number is an integer (bigints and booleans count as integers), else float64. */
function numbersDtype(values: ArrayLike<unknown>, where: ErrorLocation): NumericName {
  let unsafe: number | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number") continue; // bigints and booleans are integers; anything else the writer refuses
    if (!Number.isInteger(v) || Object.is(v, -0)) return "float64";
    if (unsafe === undefined && !Number.isSafeInteger(v)) unsafe = v;
  }
  if (unsafe !== undefined) {
    throw new InvalidArgumentError(
      `${unsafe} is an integer beyond 2^53, which a JS number cannot hold exactly (9007199254740993 reads as 9007199254740992): ` +
      "give it as a bigint for int64, or the data as a Float64Array for float64", where);
  }
  return "int64";
}

/**
 * A value as text the way Python's `str()` writes it, which is what numpy makes of a non-string in
 * a text dataset: 1 → "1", 2.5 → "2.5", 1e20 → "1e+20", -0 → "-0.0", NaN → "nan", true → "True",
 * null → "None".
 * Bytes are read as UTF-8, dates as ISO 8601 text.
 */
export function pythonText(v: unknown, where: ErrorLocation): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isNaN(v) ? "nan" : v === Infinity ? "inf" : v === -Infinity ? "-inf" : pythonNumber(v);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "boolean") return v ? "True" : "False";
  if (v === null || v === undefined) return "None";
  if (v instanceof Uint8Array) return textDecoder.decode(v);
  if (v instanceof Date) return v.toISOString();
  throw new UnsupportedWriteError(`a text dataset cannot hold ${jsonText(v)}; give text`, where);
}

const textDecoder = new TextDecoder();
