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
  /**
   * A sub-array field (numpy `("a", "<f4", (2, 3))`): each record holds `shape` values of `type`
   * in C order, and the field's value is an {@link NdArray} of that shape. Absent for a scalar field.
   */
  shape?: number[];
}

/** numpy's datetime units (`datetime64[ns]`); `generic` is numpy's unit-less `datetime64`. */
export type TimeUnit = "Y" | "M" | "W" | "D" | "h" | "m" | "s" | "ms" | "us" | "μs" | "ns" | "ps" | "fs" | "as" | "generic";

/** The unit of a datetime64/timedelta64 type: a count of `scale` × `unit` (numpy `[10s]`: scale 10, unit s). */
export interface TimeResolution {
  unit: TimeUnit;
  scale: number;
  endian: Endian;
}

/** A complex value (numpy `complex64`/`complex128`): real and imaginary parts. */
export interface Complex {
  re: number;
  im: number;
}

/** numpy's NaT ("not a time"): the smallest int64, in datetime64 and timedelta64 arrays. */
export const NAT = -(2n ** 63n);

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
  /** Complex floats: `complex64` (two float32), `complex128` (two float64). Values are {@link Complex}. */
  | { kind: "complex"; name: "complex64" | "complex128"; endian: Endian }
  /** numpy `datetime64[unit]`: int64 counts of the unit since 1970-01-01, {@link NAT} for NaT. */
  | ({ kind: "datetime" } & TimeResolution)
  /** numpy `timedelta64[unit]`: int64 counts of the unit, {@link NAT} for NaT. */
  | ({ kind: "timedelta" } & TimeResolution)
  /**
   * Opaque fixed-size bytes: v2 `|V8`, v3 `raw_bytes` (or the core spec's `r64`, kept when read
   * so it is written back as it was: `bitsName`). `length` in bytes.
   */
  | { kind: "raw"; length: number; bitsName?: boolean }
  /**
   * A type this package cannot hold (float128, complex256, …): the array still opens and shows
   * `text`, and reading or writing its values raises UnsupportedDtypeError (`dtype-unsupported.ts`).
   * `raw` is the metadata JSON, written back unchanged; `reason` says why it is not supported.
   */
  | { kind: "unsupported"; text: string; raw: unknown; reason: string };

export type TypedArray =
  | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint8Array | Uint16Array | Uint32Array | BigUint64Array
  | Float32Array | Float64Array;

/**
 * Values of an n-d array in C order; `data.length` is always the number of elements.
 * - numeric: a typed array (`int64`/`uint64` as BigInt64Array/BigUint64Array, `float16` widened to Float32Array);
 * - bool: `boolean[]`; string, fixed-bytes, fixed-utf32: `string[]`; bytes: `Uint8Array[]`;
 * - object: `unknown[]` (JSON-like values); struct: `Record<string, unknown>[]`, a sub-array
 *   field's value being an NdArray of the field's shape;
 * - complex: `Complex[]` (`{re, im}` objects; complex64 parts are float32-rounded when written);
 * - datetime, timedelta: a BigInt64Array of counts in the type's unit × scale, NaT as {@link NAT};
 * - raw: `Uint8Array[]`, each exactly `length` bytes.
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
    case "complex": return dtype.name === "complex64" ? 8 : 16;
    case "datetime": case "timedelta": return 8;
    case "raw": return dtype.length;
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
  if (isTimeType(dtype)) {
    const out = new BigInt64Array(n);
    if (typeof fill === "bigint" && fill !== 0n) out.fill(fill);
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
    case "struct": return Object.fromEntries(dtype.fields.map((f) => [f.name, f.shape ? subArrayFill(f) : defaultFill(f.type)]));
    case "complex": return { re: 0, im: 0 };
    // numpy and zarr-python fill an unset datetime/timedelta with NaT.
    case "datetime": case "timedelta": return NAT;
    case "raw": return new Uint8Array(dtype.length);
    case "unsupported": return null;
  }
}

/** A sub-array field's value with every element at the field type's zero. */
export function subArrayFill(field: StructField): NdArray {
  const shape = field.shape ?? [];
  return { dtype: field.type, shape: shape.slice(), data: allocate(field.type, shapeSize(shape)) };
}

/** Whether a type is numpy's datetime64 or timedelta64 (held as int64 counts). */
export function isTimeType(dtype: DataType): dtype is Extract<DataType, { kind: "datetime" | "timedelta" }> {
  return dtype.kind === "datetime" || dtype.kind === "timedelta";
}

/**
 * The numeric type whose typed array holds values of `dtype` in memory: its own for a numeric
 * type, int64 for datetime64/timedelta64 (counts); undefined for types held in plain lists.
 */
export function heldAsNumeric(dtype: DataType): NumericName | undefined {
  return dtype.kind === "numeric" ? dtype.name : isTimeType(dtype) ? "int64" : undefined;
}

/** numpy's unit text of a time type: `ns`, `10s`, `generic`. */
export function timeUnitText(t: TimeResolution): string {
  return t.scale === 1 ? t.unit : `${t.scale}${t.unit}`;
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

/**
 * numpy's `dtype.name` of a complex, datetime, timedelta or raw type (`complex128`,
 * `datetime64[ns]`, `void64`), as Python hdmf-zarr reports such a dataset's dtype.
 */
export function numpyName(dtype: Extract<DataType, { kind: "complex" | "datetime" | "timedelta" | "raw" }>): string {
  switch (dtype.kind) {
    case "complex": return dtype.name;
    case "raw": return `void${dtype.length * 8}`;
    default: return `${dtype.kind}64${dtype.unit === "generic" && dtype.scale === 1 ? "" : `[${timeUnitText(dtype)}]`}`;
  }
}

/** Short human-readable name of a type (`float64`, `string`, `struct{x:uint32,y:uint32}`). */
export function dtypeName(dtype: DataType): string {
  switch (dtype.kind) {
    case "numeric": return dtype.endian === "big" ? `>${dtype.name}` : dtype.name;
    case "fixed-bytes": return `bytes${dtype.length}`;
    case "fixed-utf32": return `str${dtype.length}`;
    case "struct": return `struct{${dtype.fields.map((f) => `${f.name}:${dtypeName(f.type)}${f.shape ? `[${f.shape.join(",")}]` : ""}`).join(",")}}`;
    case "complex": return dtype.endian === "big" ? `>${dtype.name}` : dtype.name;
    case "datetime": case "timedelta": return dtype.endian === "big" ? `>${numpyName(dtype)}` : numpyName(dtype);
    case "raw": return numpyName(dtype);
    case "unsupported": return dtype.text;
    default: return dtype.kind;
  }
}
