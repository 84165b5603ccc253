/**
 * Fixed-size elements ⇄ packed bytes, as the `bytes` codec (and numpy's raw buffers) lay them out:
 * numbers in the given byte order, bool as one byte, zero-padded byte strings, UTF-32 text and
 * packed struct records at their field offsets.
 */
import {
  itemSize,
  toNumericValue,
  typedArrayClass,
  type ArrayData,
  type DataType,
  type Endian,
  type NumericName,
  type TypedArray,
} from "../dtype.js";
import { copyBytes } from "./byte-utils.js";
import { halfToNumber, numberToHalf } from "./float16.js";

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
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
      for (const f of dtype.fields) setField(rec, f.name, readElement(view, offset + f.offset, f.type, endian));
      return rec;
    }
  }
  throw new PackError(`type '${dtype.kind}' has no fixed size`);
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
      for (const f of dtype.fields) writeElement(view, offset + f.offset, f.type, rec[f.name], endian);
      return;
    }
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
  const out = new Uint8Array(count * size);
  if (dtype.kind === "bool") {
    for (let i = 0; i < count; i++) out[i] = data[i] ? 1 : 0;
    return out;
  }
  const view = new DataView(out.buffer);
  for (let i = 0; i < count; i++) writeElement(view, i * size, dtype, data[i], endian);
  return out;
}
