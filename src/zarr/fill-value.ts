/**
 * Fill values: JSON form in `.zarray` / `zarr.json` to the in-memory value of a type, and back.
 * Non-finite floats are the strings "NaN", "Infinity", "-Infinity" (v2 and v3); v3 also allows
 * a hex bit pattern ("0x7fc00000"). Object arrays in v2 carry 0 or a pickled 0 that means "empty".
 * int64/uint64 fill values beyond 2^53 arrive as bigints (json-exact.ts) and are kept exact both ways.
 * As zarr-python 2 and 3 write them: complex as `[re, im]` (parts as floats, "NaN" & co.),
 * datetime64/timedelta64 as an int64 count (NaT the smallest int64; "NaT" is also read), raw
 * bytes (`|V8`, `raw_bytes`) as base64.
 */
import { MetadataError, type ErrorLocation } from "../errors.js";
import type { Complex, DataType } from "./dtype.js";
import { defaultFill, dtypeName, integerRange, NAT, subArrayFill, toNumericValue } from "./dtype.js";
import { jsonInteger, jsonText } from "./json-values.js";
import { PackError, packElements, unpackElements } from "./codecs/packed.js";

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };

const INT64: DataType = { kind: "numeric", name: "int64", endian: "little" };

/** Bytes of a base64 string; anything else is a MetadataError. */
function base64Bytes(raw: unknown, what: string, where: ErrorLocation): Uint8Array {
  if (typeof raw !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(raw)) throw new MetadataError(`bad fill_value ${jsonText(raw)} for ${what} (base64 text expected)`, where);
  return Uint8Array.from(atob(raw), (c) => c.charCodeAt(0));
}

function base64Text(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function hexFloat(text: string, name: string): number {
  const bits = BigInt(text);
  const view = new DataView(new ArrayBuffer(8));
  if (name === "float64") { view.setBigUint64(0, bits); return view.getFloat64(0); }
  if (name === "float32") { view.setUint32(0, Number(bits)); return view.getFloat32(0); }
  // float16: expand by hand (no Float16Array in Node 20)
  const h = Number(bits);
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** In-memory fill value of `dtype` from its metadata JSON. */
export function parseFillValue(raw: unknown, dtype: DataType, where: ErrorLocation): unknown {
  if (raw === null || raw === undefined) return defaultFill(dtype);
  switch (dtype.kind) {
    case "numeric": {
      if (typeof raw === "string") {
        if (raw in NON_FINITE) return NON_FINITE[raw];
        if (/^0x[0-9a-fA-F]+$/.test(raw) && dtype.name.startsWith("float")) return hexFloat(raw, dtype.name);
        throw new MetadataError(`bad fill_value '${raw}' for ${dtype.name}`, where);
      }
      if (typeof raw !== "number" && typeof raw !== "bigint" && typeof raw !== "boolean") {
        throw new MetadataError(`bad fill_value ${jsonText(raw)} for ${dtype.name}`, where);
      }
      // An integer the type cannot hold would wrap around in the typed array: refuse it.
      const range = integerRange(dtype.name);
      if (range && (typeof raw === "bigint" || Number.isInteger(raw))) {
        const big = BigInt(raw as number | bigint);
        if (big < range[0] || big > range[1]) throw new MetadataError(`fill_value ${big} is out of range for ${dtype.name}`, where);
      }
      return toNumericValue(dtype.name, raw);
    }
    case "bool": return Boolean(raw);
    case "string": case "fixed-utf32": return typeof raw === "string" ? raw : "";
    case "fixed-bytes":
      // v2 stores |S fill values base64-encoded.
      return typeof raw === "string" ? new TextDecoder().decode(Uint8Array.from(atob(raw), (c) => c.charCodeAt(0))).replace(/\0+$/, "") : "";
    case "bytes": return new Uint8Array(0);
    case "object": return null;
    case "struct":
      // zarr-python 2 writes a structured fill as the base64 of the packed record.
      if (typeof raw === "string" && !holdsObjects(dtype)) {
        const bytes = base64Bytes(raw, "a struct", where);
        if (bytes.length !== dtype.size) throw new MetadataError(`fill_value of ${bytes.length} bytes for a ${dtype.size}-byte struct`, where);
        return (unpackElements(bytes, dtype, 1) as unknown[])[0];
      }
      if (typeof raw === "object" && !Array.isArray(raw)) {
        const rec = raw as Record<string, unknown>;
        return Object.fromEntries(dtype.fields.map((f) => [f.name, f.shape ? subArrayFill(f) : parseFillValue(rec[f.name], f.type, where)]));
      }
      return defaultFill(dtype);
    case "complex": {
      if (!Array.isArray(raw) || raw.length !== 2) throw new MetadataError(`bad fill_value ${jsonText(raw)} for ${dtype.name} ([real, imaginary] expected)`, where);
      const part: DataType = { kind: "numeric", name: dtype.name === "complex64" ? "float32" : "float64", endian: "little" };
      return { re: parseFillValue(raw[0], part, where) as number, im: parseFillValue(raw[1], part, where) as number } satisfies Complex;
    }
    case "datetime": case "timedelta":
      if (raw === "NaT") return NAT;
      // A count is whole: 1.5 would be truncated, so it is refused.
      if (typeof raw === "number" && !Number.isInteger(raw)) throw new MetadataError(`bad fill_value ${raw} for ${dtypeName(dtype)} (an integer count or "NaT" expected)`, where);
      return BigInt(parseFillValue(raw, INT64, where) as bigint);
    case "raw": {
      const bytes = base64Bytes(raw, `raw${dtype.length}`, where);
      if (bytes.length !== dtype.length) throw new MetadataError(`fill_value of ${bytes.length} bytes for a ${dtype.length}-byte raw type`, where);
      return bytes;
    }
    // Kept as written, so metadata written back (an attribute change) leaves it as it was.
    case "unsupported": return raw;
  }
}

/** Whether a struct has object fields, at any depth: such records have no packed bytes to fill with. */
function holdsObjects(dtype: DataType): boolean {
  return dtype.kind === "object" || (dtype.kind === "struct" && dtype.fields.some((f) => holdsObjects(f.type)));
}

/** A v2 struct fill: base64 of the packed record as zarr-python 2 writes it, null for none or all zero bytes. */
function v2StructFill(value: unknown, dtype: Extract<DataType, { kind: "struct" }>): string | null {
  if (value === null || value === undefined || holdsObjects(dtype)) return null;
  let bytes: Uint8Array;
  try {
    bytes = packElements([value], dtype, 1);
  } catch (err) {
    if (err instanceof PackError) throw new MetadataError(`fill_value is not a record of ${dtypeName(dtype)}: ${err.message}`, {}, { cause: err });
    throw err;
  }
  return bytes.every((b) => b === 0) ? null : base64Text(bytes);
}

/** Metadata JSON of a fill value. `zarrFormat` picks the conventions of zarr-python 2 or 3. */
export function formatFillValue(value: unknown, dtype: DataType, zarrFormat: 2 | 3): unknown {
  switch (dtype.kind) {
    case "numeric": {
      if (value === undefined || value === null) return zarrFormat === 2 ? null : 0;
      const n = typeof value === "bigint" ? value : Number(value);
      if (typeof n === "number" && !Number.isFinite(n)) return Number.isNaN(n) ? "NaN" : n > 0 ? "Infinity" : "-Infinity";
      // Integer fills stay integer literals; beyond 2^53 they are written from a bigint, exactly.
      const int = typeof n === "bigint" ? n : integerRange(dtype.name) && Number.isInteger(n) ? BigInt(n) : undefined;
      return int === undefined ? Number(n) : jsonInteger(int);
    }
    case "bool": return Boolean(value);
    case "string": case "bytes": case "object":
      return zarrFormat === 2 ? 0 : dtype.kind === "bytes" ? [] : "";
    case "fixed-utf32": return zarrFormat === 2 ? "" : String(value ?? "");
    case "fixed-bytes": return zarrFormat === 2 ? null : String(value ?? "");
    case "struct":
      if (zarrFormat === 2) return v2StructFill(value, dtype);
      return Object.fromEntries(dtype.fields.map((f) => [
        f.name,
        formatFillValue((value as Record<string, unknown> | null)?.[f.name] ?? defaultFill(f.type), f.type, 3),
      ]));
    case "complex": {
      const c = (value ?? { re: 0, im: 0 }) as Partial<Complex>;
      const part: DataType = { kind: "numeric", name: dtype.name === "complex64" ? "float32" : "float64", endian: "little" };
      return [formatFillValue(c.re ?? 0, part, zarrFormat), formatFillValue(c.im ?? 0, part, zarrFormat)];
    }
    case "datetime": case "timedelta":
      return jsonInteger(typeof value === "bigint" ? value : value === null || value === undefined ? NAT : BigInt(value as number));
    case "raw": return base64Text(value instanceof Uint8Array ? value : new Uint8Array(dtype.length));
    case "unsupported": return value;
  }
}
