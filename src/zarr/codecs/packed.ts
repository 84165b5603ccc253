/**
 * Fixed-size elements ⇄ packed bytes, as the `bytes` codec (and numpy's raw buffers) lay them out:
 * numbers in the given byte order, bool as one byte, zero-padded byte strings, UTF-32 text,
 * complex as real then imaginary part, datetime/timedelta as int64, raw bytes as they are, and
 * packed struct records at their field offsets (a sub-array field as its values in C order).
 */
import {
  allocate,
  isNdArray,
  isTimeType,
  itemSize,
  MAX_VALUE_ELEMENTS,
  shapeSize,
  type Complex,
  type StructField,
  toNumericValue,
  typedArrayClass,
  type ArrayData,
  type DataType,
  type Endian,
  type NdArray,
  type NumericName,
  type TypedArray,
} from "../dtype.js";
import { copyBytes } from "./byte-utils.js";
import { halfToNumber, numberToHalf } from "./float16.js";

/** True on little-endian hosts (all the ones Node and browsers run on today). */
export const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const utf8Decoder = new TextDecoder("utf-8");
const utf8Encoder = new TextEncoder();

/** Raised by the packers for values that cannot be packed; callers turn it into a typed error. */
export class PackError extends Error {}

/** Reverse the byte order of every `size`-byte element of `bytes`, in place. */
export function swapBytes(bytes: Uint8Array, size: number): void {
  if (size <= 1) return;
  for (let i = 0; i + size <= bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}

/** Text of a zero-padded byte string: trailing NULs removed, then UTF-8. */
export function decodeFixedBytes(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return utf8Decoder.decode(bytes.subarray(0, end));
}

/** Text of UTF-32 code points (`length` characters), trailing NULs removed. */
function readUtf32(view: DataView, offset: number, length: number, little: boolean): string {
  let end = length;
  while (end > 0 && view.getUint32(offset + (end - 1) * 4, little) === 0) end--;
  let s = "";
  for (let i = 0; i < end; i++) {
    const cp = view.getUint32(offset + i * 4, little);
    s += cp <= 0x10ffff ? String.fromCodePoint(cp) : "\ufffd";
  }
  return s;
}

function writeUtf32(view: DataView, offset: number, length: number, little: boolean, text: string): void {
  let i = 0;
  for (const ch of text) {
    if (i >= length) throw new PackError(`text '${text.slice(0, 40)}' is longer than ${length} characters`);
    view.setUint32(offset + i * 4, ch.codePointAt(0)!, little);
    i++;
  }
}

function writeFixedBytes(target: Uint8Array, offset: number, length: number, value: unknown): void {
  const bytes = value instanceof Uint8Array ? value : utf8Encoder.encode(value === null || value === undefined ? "" : String(value));
  if (bytes.length > length) throw new PackError(`value of ${bytes.length} bytes does not fit a ${length}-byte string`);
  target.set(bytes, offset);
}

function textOf(value: unknown): string {
  return value === null || value === undefined ? "" : String(value);
}

/** Read one element of `dtype` at `offset`; `endian` overrides the type's own byte order when given. */
export function readElement(view: DataView, offset: number, dtype: DataType, endian?: Endian): unknown {
  switch (dtype.kind) {
    case "numeric": {
      const little = (endian ?? dtype.endian) === "little";
      switch (dtype.name) {
        case "int8": return view.getInt8(offset);
        case "uint8": return view.getUint8(offset);
        case "int16": return view.getInt16(offset, little);
        case "uint16": return view.getUint16(offset, little);
        case "int32": return view.getInt32(offset, little);
        case "uint32": return view.getUint32(offset, little);
        case "int64": return view.getBigInt64(offset, little);
        case "uint64": return view.getBigUint64(offset, little);
        case "float16": return halfToNumber(view.getUint16(offset, little));
        case "float32": return view.getFloat32(offset, little);
        case "float64": return view.getFloat64(offset, little);
      }
      break;
    }
    case "bool": return view.getUint8(offset) !== 0;
    case "fixed-bytes":
      return decodeFixedBytes(new Uint8Array(view.buffer, view.byteOffset + offset, dtype.length));
    case "fixed-utf32":
      return readUtf32(view, offset, dtype.length, (endian ?? dtype.endian) === "little");
    case "struct": {
      const rec: Record<string, unknown> = {};
      for (const f of dtype.fields) {
        setField(rec, f.name, f.shape ? readSubArray(view, offset + f.offset, f, endian) : readElement(view, offset + f.offset, f.type, endian));
      }
      return rec;
    }
    case "complex": {
      const little = (endian ?? dtype.endian) === "little";
      if (dtype.name === "complex64") return { re: view.getFloat32(offset, little), im: view.getFloat32(offset + 4, little) } satisfies Complex;
      return { re: view.getFloat64(offset, little), im: view.getFloat64(offset + 8, little) } satisfies Complex;
    }
    case "datetime": case "timedelta":
      return view.getBigInt64(offset, (endian ?? dtype.endian) === "little");
    case "raw":
      return new Uint8Array(view.buffer, view.byteOffset + offset, dtype.length).slice();
  }
  throw new PackError(`type '${dtype.kind}' has no fixed size`);
}

/** The values of a sub-array field of one record, as an NdArray of the field's shape. */
function readSubArray(view: DataView, offset: number, field: StructField, endian?: Endian): NdArray {
  const shape = field.shape!;
  const n = shapeSize(shape);
  const size = itemSize(field.type)!;
  const data = allocate(field.type, n) as unknown as { [i: number]: unknown };
  for (let i = 0; i < n; i++) data[i] = readElement(view, offset + i * size, field.type, endian);
  return { dtype: field.type, shape: shape.slice(), data: data as unknown as ArrayData };
}

/** Write a sub-array field's value: an NdArray of the field's shape or its values in C order. */
function writeSubArray(view: DataView, offset: number, field: StructField, value: unknown, endian?: Endian): void {
  if (value === undefined || value === null) return; // zeroed target: the field stays zero, as numpy fills a new record
  const n = shapeSize(field.shape!);
  if (isNdArray(value) && (value.shape.length !== field.shape!.length || value.shape.some((d, i) => d !== field.shape![i]))) {
    throw new PackError(`field '${field.name}' holds shape [${field.shape!.join(", ")}], the value has shape [${value.shape.join(", ")}]`);
  }
  const values = (isNdArray(value) ? value.data : value) as ArrayLike<unknown>;
  if (typeof values !== "object" || typeof values.length !== "number" || values.length !== n) {
    throw new PackError(`field '${field.name}' needs ${n} values (shape [${field.shape!.join(", ")}])`);
  }
  const size = itemSize(field.type)!;
  for (let i = 0; i < n; i++) writeElement(view, offset + i * size, field.type, values[i], endian);
}

function complexOf(value: unknown): Complex {
  if (value === null || value === undefined) return { re: 0, im: 0 };
  if (typeof value === "number") return { re: value, im: 0 };
  const c = value as Partial<Complex>;
  if (typeof c !== "object" || typeof c.re !== "number" || typeof c.im !== "number") {
    throw new PackError(`a complex value must be {re, im} numbers, got ${typeof value === "object" ? JSON.stringify(value) : String(value)}`);
  }
  return c as Complex;
}

function rawOf(value: unknown, length: number): Uint8Array {
  if (value === null || value === undefined) return new Uint8Array(length);
  if (!(value instanceof Uint8Array) || value.length !== length) {
    throw new PackError(`a raw${length} value must be a Uint8Array of ${length} bytes`);
  }
  return value;
}

/** Write one element of `dtype` at `offset` (the target must be zeroed beforehand). */
export function writeElement(view: DataView, offset: number, dtype: DataType, value: unknown, endian?: Endian): void {
  switch (dtype.kind) {
    case "numeric": {
      const little = (endian ?? dtype.endian) === "little";
      const v = toNumericValue(dtype.name, value ?? 0);
      switch (dtype.name) {
        case "int8": view.setInt8(offset, v as number); return;
        case "uint8": view.setUint8(offset, v as number); return;
        case "int16": view.setInt16(offset, v as number, little); return;
        case "uint16": view.setUint16(offset, v as number, little); return;
        case "int32": view.setInt32(offset, v as number, little); return;
        case "uint32": view.setUint32(offset, v as number, little); return;
        case "int64": view.setBigInt64(offset, BigInt.asIntN(64, v as bigint), little); return;
        case "uint64": view.setBigUint64(offset, BigInt.asUintN(64, v as bigint), little); return;
        case "float16": view.setUint16(offset, numberToHalf(v as number), little); return;
        case "float32": view.setFloat32(offset, v as number, little); return;
        case "float64": view.setFloat64(offset, v as number, little); return;
      }
      return;
    }
    case "bool": view.setUint8(offset, value ? 1 : 0); return;
    case "fixed-bytes":
      writeFixedBytes(new Uint8Array(view.buffer, view.byteOffset), offset, dtype.length, value);
      return;
    case "fixed-utf32":
      writeUtf32(view, offset, dtype.length, (endian ?? dtype.endian) === "little", textOf(value));
      return;
    case "struct": {
      const rec = (value ?? {}) as Record<string, unknown>;
      if (typeof rec !== "object") throw new PackError(`a struct value must be a record, got ${typeof rec}`);
      for (const f of dtype.fields) {
        if (f.shape) writeSubArray(view, offset + f.offset, f, rec[f.name], endian);
        else writeElement(view, offset + f.offset, f.type, rec[f.name], endian);
      }
      return;
    }
    case "complex": {
      const little = (endian ?? dtype.endian) === "little";
      const c = complexOf(value);
      if (dtype.name === "complex64") {
        view.setFloat32(offset, c.re, little);
        view.setFloat32(offset + 4, c.im, little);
      } else {
        view.setFloat64(offset, c.re, little);
        view.setFloat64(offset + 8, c.im, little);
      }
      return;
    }
    case "datetime": case "timedelta":
      view.setBigInt64(offset, BigInt.asIntN(64, toNumericValue("int64", value ?? 0) as bigint), (endian ?? dtype.endian) === "little");
      return;
    case "raw":
      new Uint8Array(view.buffer, view.byteOffset + offset, dtype.length).set(rawOf(value, dtype.length));
      return;
  }
  throw new PackError(`type '${dtype.kind}' has no fixed size`);
}

/** Set a record field without ever touching the prototype (a field may be named `__proto__`). */
export function setField(rec: Record<string, unknown>, name: string, value: unknown): void {
  if (name === "__proto__") Object.defineProperty(rec, name, { value, enumerable: true, writable: true, configurable: true });
  else rec[name] = value;
}

function decodeNumeric(bytes: Uint8Array, name: NumericName, count: number, little: boolean): TypedArray {
  const size = itemSize({ kind: "numeric", name, endian: "little" })!;
  // Decoded chunk bytes are fresh and unshared (the array engine copies before changing a chunk
  // that aliases a store buffer), so an aligned host-order chunk is used in place: no copy.
  if (name !== "float16" && little === LITTLE_ENDIAN_HOST && bytes.byteOffset % size === 0 && bytes.byteLength >= count * size) {
    return new (typedArrayClass(name))(bytes.buffer, bytes.byteOffset, count);
  }
  // Otherwise a fresh, aligned copy (byte swapping happens in place on it).
  const copy = copyBytes(bytes, 0, count * size);
  if (little !== LITTLE_ENDIAN_HOST) swapBytes(copy, size);
  if (name === "float16") {
    const half = new Uint16Array(copy.buffer, 0, count);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = halfToNumber(half[i]);
    return out;
  }
  const Ctor = typedArrayClass(name);
  return new Ctor(copy.buffer, 0, count);
}

function encodeNumeric(data: ArrayData, name: NumericName, count: number, little: boolean): Uint8Array {
  const size = itemSize({ kind: "numeric", name, endian: "little" })!;
  let out: Uint8Array;
  if (name === "float16") {
    const half = new Uint16Array(count);
    for (let i = 0; i < count; i++) half[i] = numberToHalf(Number(toNumericValue("float32", data[i] ?? 0)));
    out = new Uint8Array(half.buffer);
  } else {
    const Ctor = typedArrayClass(name);
    if (data instanceof Ctor && data.length >= count) {
      const t = data as TypedArray;
      out = new Uint8Array(t.buffer.slice(t.byteOffset, t.byteOffset + count * size));
    } else {
      const t = new Ctor(count) as unknown as { [i: number]: number | bigint };
      for (let i = 0; i < count; i++) {
        const v = toNumericValue(name, data[i] ?? 0);
        t[i] = typeof v === "bigint" ? (name === "int64" ? BigInt.asIntN(64, v) : BigInt.asUintN(64, v)) : v;
      }
      out = new Uint8Array((t as unknown as TypedArray).buffer);
    }
  }
  if (little !== LITTLE_ENDIAN_HOST) swapBytes(out, size);
  return out;
}

/**
 * Unpack `count` elements of a fixed-size type from `bytes` (which must hold at least
 * `count × itemsize` bytes). `endian` overrides the type's byte order when given.
 */
export function unpackElements(bytes: Uint8Array, dtype: DataType, count: number, endian?: Endian): ArrayData {
  const size = itemSize(dtype);
  if (size === undefined) throw new PackError(`type '${dtype.kind}' has no fixed size`);
  if (bytes.length < count * size) throw new PackError(`${bytes.length} bytes hold fewer than ${count} elements of ${size} bytes`);
  if (dtype.kind === "numeric") return decodeNumeric(bytes, dtype.name, count, (endian ?? dtype.endian) === "little");
  if (isTimeType(dtype)) return decodeNumeric(bytes, "int64", count, (endian ?? dtype.endian) === "little");
  // Past this a JS array of values exhausts the heap instead of throwing (see allocate()).
  if (count > MAX_VALUE_ELEMENTS) throw new PackError(`${count} elements of ${dtype.kind} values exceed the ${MAX_VALUE_ELEMENTS} one array may hold`);
  const out = new Array<unknown>(count);
  if (dtype.kind === "bool") {
    for (let i = 0; i < count; i++) out[i] = bytes[i] !== 0;
    return out;
  }
  if (dtype.kind === "fixed-bytes") {
    for (let i = 0; i < count; i++) out[i] = decodeFixedBytes(bytes.subarray(i * size, (i + 1) * size));
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) out[i] = readElement(view, i * size, dtype, endian);
  return out;
}

/** Pack `count` elements of a fixed-size type into new bytes. */
export function packElements(data: ArrayData, dtype: DataType, count: number, endian?: Endian): Uint8Array {
  const size = itemSize(dtype);
  if (size === undefined) throw new PackError(`type '${dtype.kind}' has no fixed size`);
  if (data.length < count) throw new PackError(`${data.length} values given for ${count} elements`);
  if (dtype.kind === "numeric") return encodeNumeric(data, dtype.name, count, (endian ?? dtype.endian) === "little");
  if (isTimeType(dtype)) return encodeNumeric(data, "int64", count, (endian ?? dtype.endian) === "little");
  const out = new Uint8Array(count * size);
  if (dtype.kind === "bool") {
    for (let i = 0; i < count; i++) out[i] = data[i] ? 1 : 0;
    return out;
  }
  const view = new DataView(out.buffer);
  for (let i = 0; i < count; i++) writeElement(view, i * size, dtype, data[i], endian);
  return out;
}
