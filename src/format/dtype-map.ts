/**
 * hdmf spec dtypes (`"float"`, `"text"`, `"isodatetime"`, `"object"`, compound lists) to Zarr
 * element types, per convention, following hdmf-zarr's dtype table; and the `_DTYPE`/`zarr_dtype`
 * marker names hdmf-zarr writes beside them.
 */
import { UnsupportedWriteError, type ErrorLocation } from "../errors.js";
import type { DataType, NumericName } from "../zarr/dtype.js";
import type { ZarrFormat } from "../zarr/metadata-types.js";
import type { BuilderDtype } from "../data/index.js";

const NUMERIC_ALIASES: Record<string, NumericName> = {
  half: "float16", float16: "float16", float: "float32", float32: "float32", double: "float64", float64: "float64",
  long: "int64", int64: "int64", int: "int32", int32: "int32", short: "int16", int16: "int16", int8: "int8",
  uint64: "uint64", uint: "uint32", uint32: "uint32", uint16: "uint16", uint8: "uint8",
};
const TEXT = new Set(["text", "utf", "utf8", "utf-8", "str", "string", "isodatetime", "datetime"]);
const BYTES = new Set(["ascii", "bytes", "string_"]);
const BOOL = new Set(["bool", "bool_", "boolean"]);
const REFERENCE = new Set(["object", "ref", "reference", "object_reference", "region"]);

/** What a spec dtype name stands for. */
export type DtypeClass =
  | { kind: "numeric"; name: NumericName }
  | { kind: "bool" }
  | { kind: "text" }
  | { kind: "bytes" }
  | { kind: "reference" };

/** Classify a spec dtype name; undefined when unknown. */
export function classifyDtype(name: string): DtypeClass | undefined {
  const key = name.toLowerCase().replace(/^[<>|=]/, "");
  if (key in NUMERIC_ALIASES) return { kind: "numeric", name: NUMERIC_ALIASES[key] };
  const np = /^([iuf])(\d)$/.exec(key); // numpy typestr such as "<f8" written for iterator data
  if (np) {
    const bits = Number(np[2]) * 8;
    const name = `${np[1] === "i" ? "int" : np[1] === "u" ? "uint" : "float"}${bits}`;
    if (name in NUMERIC_ALIASES) return { kind: "numeric", name: NUMERIC_ALIASES[name] };
  }
  if (BOOL.has(key) || key === "b1") return { kind: "bool" };
  if (TEXT.has(key)) return { kind: "text" };
  if (BYTES.has(key)) return { kind: "bytes" };
  if (REFERENCE.has(key)) return { kind: "reference" };
  return undefined;
}

/** Minimum characters of a text or reference field in a v3 struct, as hdmf-zarr writes them. */
export const MIN_STRUCT_TEXT_LENGTH = 512;

/** Zarr element type for a scalar spec dtype class. References are text paths (v3) or objects (v2). */
export function elementType(cls: DtypeClass, format: ZarrFormat): DataType {
  switch (cls.kind) {
    case "numeric": return { kind: "numeric", name: cls.name, endian: "little" };
    case "bool": return { kind: "bool" };
    case "text": return { kind: "string" };
    case "bytes": return format === 2 ? { kind: "bytes" } : { kind: "string" };
    case "reference": return format === 3 ? { kind: "string" } : { kind: "object" };
  }
}

/** Classify a builder dtype, or throw naming the object. */
export function requireClass(dtype: string, where: ErrorLocation): DtypeClass {
  const cls = classifyDtype(dtype);
  if (!cls) throw new UnsupportedWriteError(`unknown dtype '${dtype}'`, where);
  return cls;
}

/** The `_DTYPE`/`zarr_dtype` marker for a scalar dtype class (numpy type names, as hdmf-zarr writes). */
export function dtypeMarker(cls: DtypeClass, format: ZarrFormat): string {
  switch (cls.kind) {
    case "numeric": return cls.name;
    case "bool": return format === 3 ? "bool" : "bool_";
    case "text": return "str";
    case "bytes": return format === 3 ? "str" : "bytes";
    case "reference": return format === 3 ? "object_reference" : "object";
  }
}

/** Whether a builder dtype is a compound field list. */
export function isCompound(dtype: BuilderDtype | undefined): dtype is Exclude<BuilderDtype, string> {
  return Array.isArray(dtype);
}
