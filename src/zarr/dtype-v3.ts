/**
 * Zarr v3 `data_type` values (`"float64"`, `"string"`, `{"name":"struct",...}`,
 * `{"name":"fixed_length_utf32",...}`) to and from the DataType model. Endianness is not part
 * of a v3 data type: it comes from the `bytes` codec, so callers pass it in.
 */
import { UnsupportedDtypeError, type ErrorLocation } from "../errors.js";
import type { DataType, Endian, NumericName, StructField } from "./dtype.js";
import { itemSize } from "./dtype.js";
import { parseTimeUnit } from "./dtype-time.js";

const NUMERIC = new Set<string>([
  "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "float32", "float64",
]);

/** Parse a v3 data type; `endian` comes from the array's `bytes` codec. */
export function parseV3Dtype(raw: unknown, endian: Endian, where: ErrorLocation): DataType {
  if (typeof raw === "string") {
    if (NUMERIC.has(raw)) return { kind: "numeric", name: raw as NumericName, endian };
    if (raw === "bool") return { kind: "bool" };
    if (raw === "string") return { kind: "string" };
    if (raw === "bytes" || raw === "variable_length_bytes") return { kind: "bytes" };
    if (raw === "complex64" || raw === "complex128") return { kind: "complex", name: raw, endian };
    // The core spec's raw bits type `r<bits>`, a whole number of bytes.
    const bits = /^r([1-9]\d*)$/.exec(raw);
    if (bits && Number(bits[1]) % 8 === 0) return { kind: "raw", length: Number(bits[1]) / 8, bitsName: true };
    throw new UnsupportedDtypeError(`unsupported data_type '${raw}'`, where);
  }
  if (raw && typeof raw === "object" && typeof (raw as { name?: unknown }).name === "string") {
    const { name, configuration } = raw as { name: string; configuration?: Record<string, unknown> };
    const lengthBytes = Number(configuration?.length_bytes);
    switch (name) {
      case "fixed_length_utf32":
        if (!(lengthBytes >= 0) || lengthBytes % 4 !== 0) break;
        return { kind: "fixed-utf32", length: lengthBytes / 4, endian };
      case "null_terminated_bytes":
      case "fixed_length_bytes":
        if (!(lengthBytes >= 0)) break;
        return { kind: "fixed-bytes", length: lengthBytes };
      case "struct":
      case "structured":
        return parseStruct(configuration?.fields, endian, where);
      case "raw_bytes":
        if (!Number.isSafeInteger(lengthBytes) || lengthBytes < 1) break;
        return { kind: "raw", length: lengthBytes };
      case "numpy.datetime64":
      case "numpy.timedelta64": {
        const t = parseTimeUnit(configuration?.unit, configuration?.scale_factor, where);
        return { kind: name === "numpy.datetime64" ? "datetime" : "timedelta", ...t, endian };
      }
      default:
        throw new UnsupportedDtypeError(`unsupported data_type '${name}'`, where);
    }
  }
  throw new UnsupportedDtypeError(`bad data_type ${JSON.stringify(raw)}`, where);
}

/** `struct` lists `{name, data_type}` objects; the older `structured` lists `[name, data_type]` pairs. */
function parseStruct(rawFields: unknown, endian: Endian, where: ErrorLocation): DataType {
  if (!Array.isArray(rawFields)) throw new UnsupportedDtypeError("struct data_type without a 'fields' list", where);
  const fields: StructField[] = [];
  let offset = 0;
  for (const f of rawFields) {
    const [name, rawType] = Array.isArray(f) ? f : [(f as { name?: unknown })?.name, (f as { data_type?: unknown })?.data_type];
    if (typeof name !== "string") throw new UnsupportedDtypeError(`bad struct field ${JSON.stringify(f)}`, where);
    const type = parseV3Dtype(rawType, endian, where);
    const size = itemSize(type);
    if (size === undefined) throw new UnsupportedDtypeError(`struct field '${name}' has a variable-length type`, where);
    fields.push({ name, type, offset });
    offset += size;
  }
  return { kind: "struct", fields, size: offset };
}

/** The v3 `data_type` JSON of a DataType. */
export function formatV3Dtype(dtype: DataType, where: ErrorLocation): unknown {
  switch (dtype.kind) {
    case "numeric": return dtype.name;
    case "bool": return "bool";
    case "string": return "string";
    case "bytes": return "bytes";
    case "fixed-utf32": return { name: "fixed_length_utf32", configuration: { length_bytes: dtype.length * 4 } };
    case "fixed-bytes": return { name: "null_terminated_bytes", configuration: { length_bytes: dtype.length } };
    case "struct":
      if (dtype.fields.some((f) => f.shape)) {
        // zarr-python 3 refuses sub-array fields ("does not support ... subarray fields"), and no v3 data type spells them.
        throw new UnsupportedDtypeError("a struct with sub-array fields cannot be written in Zarr v3 (no v3 data type holds them); write Zarr v2", where);
      }
      return { name: "struct", configuration: { fields: dtype.fields.map((f) => ({ name: f.name, data_type: formatV3Dtype(f.type, where) })) } };
    case "complex": return dtype.name;
    case "datetime": case "timedelta":
      return { name: `numpy.${dtype.kind}64`, configuration: { unit: dtype.unit, scale_factor: dtype.scale } };
    case "raw": return dtype.bitsName ? `r${dtype.length * 8}` : { name: "raw_bytes", configuration: { length_bytes: dtype.length } };
    case "object":
      throw new UnsupportedDtypeError("object arrays cannot be written in Zarr v3; use strings or a struct", where);
    case "unsupported": return dtype.raw;
  }
}
