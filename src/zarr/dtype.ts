/**
 * Element types, normalised over Zarr v2 (`"<f8"`, `"|O"`, structured lists) and v3
 * (`"float64"`, `"string"`, `struct`). Parsing from and writing to metadata lives in
 * `dtype-v2.ts` / `dtype-v3.ts`; this file holds the shared model and in-memory containers.
 */

export type NumericName =
  | "int8" | "int16" | "int32" | "int64"
  | "uint8" | "uint16" | "uint32" | "uint64"
  | "float16" | "float32" | "float64";

export type Endian = "little" | "big";

/** A field of a compound (struct) type, at a byte offset inside the packed record. */
export interface StructField {
  name: string;
  type: DataType;
  offset: number;
}

/** An element type. */
export type DataType =
  | { kind: "numeric"; name: NumericName; endian: Endian }
  | { kind: "bool" }
  /** Variable-length UTF-8 text: v3 `string`, v2 `|O` + `vlen-utf8`. */
  | { kind: "string" }
  /** Variable-length bytes: v3 `bytes`, v2 `|O` + `vlen-bytes`. */
  | { kind: "bytes" }
  /** Arbitrary JSON-like objects: v2 `|O` with `json2` or `pickle`. */
  | { kind: "object" }
  /** Fixed-length, zero-padded bytes (`|S5`); `length` in bytes. Read as text (UTF-8). */
  | { kind: "fixed-bytes"; length: number }
  /** Fixed-length UTF-32 LE text (`<U4`, v3 `fixed_length_utf32`); `length` in characters. */
  | { kind: "fixed-utf32"; length: number; endian: Endian }
  /** Compound: packed record of fields. `size` is the record size in bytes. */
  | { kind: "struct"; fields: StructField[]; size: number }
  /**
   * A type this package cannot hold (complex, datetime, …): the array still opens and shows
   * `text`, and reading or writing its values raises UnsupportedDtypeError (`dtype-unsupported.ts`).
   * `raw` is the metadata JSON, written back unchanged; `reason` says why it is not supported.
   */
  | { kind: "unsupported"; text: string; raw: unknown; reason: string };

export type TypedArray =
  | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint8Array | Uint16Array | Uint32Array | BigUint64Array
  | Float32Array | Float64Array;

/**
 * Values of an n-d array in C order.
 * - numeric: a typed array (`int64`/`uint64` as BigInt64Array/BigUint64Array, `float16` widened to Float32Array);
 * - bool: `boolean[]`; string, fixed-bytes, fixed-utf32: `string[]`; bytes: `Uint8Array[]`;
 * - object: `unknown[]` (JSON-like values); struct: `Record<string, unknown>[]`.
 */
export type ArrayData = TypedArray | unknown[];

/** An n-d array: values in C order with their shape and element type. A 0-d array has `shape: []` and one value. */
export interface NdArray<D extends ArrayData = ArrayData> {
  dtype: DataType;
  shape: number[];
  data: D;
}

/**
 * True when `v` is an {@link NdArray}: an object (not a typed array) with a `shape` list, a
 * `dtype`, and `data` that is a list or a typed array. Structural, since NdArrays are plain objects.
 */
export function isNdArray(v: unknown): v is NdArray {
  if (typeof v !== "object" || v === null || ArrayBuffer.isView(v)) return false;
  const o = v as Partial<NdArray>;
  return Array.isArray(o.shape) && o.dtype !== undefined && (Array.isArray(o.data) || ArrayBuffer.isView(o.data));
}

const NUMERIC_SIZE: Record<NumericName, number> = {
  int8: 1, uint8: 1, int16: 2, uint16: 2, float16: 2,
  int32: 4, uint32: 4, float32: 4, int64: 8, uint64: 8, float64: 8,
};

/** Bytes per element in the packed (`bytes` codec) form, or `undefined` for variable-length types. */
export function itemSize(dtype: DataType): number | undefined {
  switch (dtype.kind) {
    case "numeric": return NUMERIC_SIZE[dtype.name];
    case "bool": return 1;
    case "fixed-bytes": return dtype.length;
    case "fixed-utf32": return dtype.length * 4;
    case "struct": return dtype.size;
    default: return undefined;
  }
}

/** Whether elements of this type are held in a typed array. */
export function isNumeric(dtype: DataType): dtype is Extract<DataType, { kind: "numeric" }> {
  return dtype.kind === "numeric";
}

/** Number of elements of a shape (1 for a 0-d shape). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

type TypedArrayCtor = { new (n: number): TypedArray; new (b: ArrayBufferLike, off?: number, len?: number): TypedArray };

const CTORS: Record<NumericName, TypedArrayCtor> = {
  int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array,
  uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array,
  float16: Float32Array, float32: Float32Array, float64: Float64Array,
};

/** The typed-array class that holds values of a numeric type in memory. */
export function typedArrayClass(name: NumericName): TypedArrayCtor {
  return CTORS[name];
}

/** A new container for `n` elements of `dtype`, every element set to `fill` when given. */
export function allocate(dtype: DataType, n: number, fill?: unknown): ArrayData {
  if (dtype.kind === "numeric") {
    const out = new CTORS[dtype.name](n);
    if (fill !== undefined && fill !== null && fill !== 0 && fill !== 0n) {
      (out as { fill(v: unknown): unknown }).fill(toNumericValue(dtype.name, fill));
    }
    return out;
  }
  // A JS array of n values costs 8n bytes of pointers before any value: past this V8 dies out of
  // memory instead of throwing, so the caller gets a RangeError it can turn into a typed error.
  if (n > MAX_VALUE_ELEMENTS) throw new RangeError(`${n} elements of ${dtype.kind} values exceed the ${MAX_VALUE_ELEMENTS} one array may hold`);
  const out = new Array<unknown>(n);
  out.fill(fill === undefined ? defaultFill(dtype) : fill);
  return out;
}

/** Most elements of a non-numeric (text, bytes, object, compound) array held in memory at once: 2^24 (128 MiB of pointers). */
export const MAX_VALUE_ELEMENTS = 2 ** 24;

/** Zero value of a type, used when metadata gives no fill value. */
export function defaultFill(dtype: DataType): unknown {
  switch (dtype.kind) {
    case "numeric": return dtype.name.endsWith("64") && !dtype.name.startsWith("float") ? 0n : 0;
    case "bool": return false;
    case "string": case "fixed-bytes": case "fixed-utf32": return "";
    case "bytes": return new Uint8Array(0);
    case "object": return null;
    case "struct": return Object.fromEntries(dtype.fields.map((f) => [f.name, defaultFill(f.type)]));
    case "unsupported": return null;
  }
}

/** Coerce a JS number/bigint/boolean to the in-memory value of a numeric type. */
export function toNumericValue(name: NumericName, v: unknown): number | bigint {
  if (name === "int64" || name === "uint64") {
    if (typeof v === "bigint") return v;
    if (typeof v === "boolean") return v ? 1n : 0n;
    return BigInt(Math.trunc(Number(v)));
  }
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  return Number(v);
}

const INTEGER_RANGE: Partial<Record<NumericName, readonly [bigint, bigint]>> = {
  int8: [-(2n ** 7n), 2n ** 7n - 1n], int16: [-(2n ** 15n), 2n ** 15n - 1n], int32: [-(2n ** 31n), 2n ** 31n - 1n], int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint8: [0n, 2n ** 8n - 1n], uint16: [0n, 2n ** 16n - 1n], uint32: [0n, 2n ** 32n - 1n], uint64: [0n, 2n ** 64n - 1n],
};

/** Smallest and largest value of an integer type; undefined for float types. */
export function integerRange(name: NumericName): readonly [bigint, bigint] | undefined {
  return INTEGER_RANGE[name];
}

/** Short human-readable name of a type (`float64`, `string`, `struct{x:uint32,y:uint32}`). */
export function dtypeName(dtype: DataType): string {
  switch (dtype.kind) {
    case "numeric": return dtype.endian === "big" ? `>${dtype.name}` : dtype.name;
    case "fixed-bytes": return `bytes${dtype.length}`;
    case "fixed-utf32": return `str${dtype.length}`;
    case "struct": return `struct{${dtype.fields.map((f) => `${f.name}:${dtypeName(f.type)}`).join(",")}}`;
    case "unsupported": return dtype.text;
    default: return dtype.kind;
  }
}
