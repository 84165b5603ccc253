/**
 * Zarr v2 `.zarray` dtypes (numpy typestr such as `"<f8"`, `"|O"`, `"|S5"`, `"<U4"`, and
 * structured lists `[["x","<u4"], ...]`) to and from the DataType model.
 */
import { UnsupportedDtypeError, type ErrorLocation } from "../errors.js";
import type { DataType, Endian, NumericName, StructField } from "./dtype.js";
import { itemSize, shapeSize, timeUnitText } from "./dtype.js";
import { parseTimeUnit } from "./dtype-time.js";
import type { V2CodecJSON } from "./metadata-types.js";

const NUMERIC_CODES: Record<string, NumericName> = {
  i1: "int8", i2: "int16", i4: "int32", i8: "int64",
  u1: "uint8", u2: "uint16", u4: "uint32", u8: "uint64",
  f2: "float16", f4: "float32", f8: "float64",
};

/** Object codecs decide what a `|O` array holds. */
const OBJECT_CODEC_KIND: Record<string, DataType["kind"]> = {
  "vlen-utf8": "string",
  "vlen-bytes": "bytes",
  json2: "object",
  json: "object",
  pickle: "object",
  msgpack2: "object",
  // numcodecs' Categorize is also an object codec: the values of an `|O` array it stores are text.
  categorize: "string",
};

/** The object codec among v2 filters (or compressor, where some writers put it), if any. */
export function v2ObjectCodecId(filters: V2CodecJSON[] | null, compressor: V2CodecJSON | null): string | undefined {
  for (const f of [...(filters ?? []), ...(compressor ? [compressor] : [])]) {
    if (f.id in OBJECT_CODEC_KIND) return f.id;
  }
  return undefined;
}

/** Parse a v2 dtype. `objectCodec` (from the filters) decides what `|O` holds. */
export function parseV2Dtype(raw: unknown, objectCodec: string | undefined, where: ErrorLocation): DataType {
  if (Array.isArray(raw)) return parseStructured(raw, objectCodec, where);
  if (typeof raw !== "string") throw new UnsupportedDtypeError(`dtype ${JSON.stringify(raw)} is not a numpy type string`, where);
  const time = /^([<>|=])([Mm])8(?:\[(\d*)([^\]\d]+)\])?$/.exec(raw);
  if (time) {
    const [, order, code, scale, unit] = time;
    const resolution = parseTimeUnit(unit ?? "generic", scale ? Number(scale) : 1, where);
    return { kind: code === "M" ? "datetime" : "timedelta", ...resolution, endian: order === ">" ? "big" : "little" };
  }
  const m = /^([<>|=])([a-zA-Z])(\d*)$/.exec(raw);
  if (!m) throw new UnsupportedDtypeError(`unsupported dtype '${raw}'`, where);
  const [, order, code, sizeText] = m;
  const size = Number(sizeText || "0");
  const endian: Endian = order === ">" ? "big" : "little";
  if (code === "b" && size === 1) return { kind: "bool" };
  const numeric = NUMERIC_CODES[`${code}${size}`];
  if (numeric) return { kind: "numeric", name: numeric, endian: size === 1 ? "little" : endian };
  if (code === "O") {
    const kind = objectCodec ? OBJECT_CODEC_KIND[objectCodec] : undefined;
    if (!kind) throw new UnsupportedDtypeError(`object dtype '|O' without an object codec (vlen-utf8, vlen-bytes, json2 or pickle) in filters`, where);
    return { kind } as DataType;
  }
  if (code === "S" && size > 0) return { kind: "fixed-bytes", length: size };
  if (code === "U" && size > 0) return { kind: "fixed-utf32", length: size, endian };
  if (code === "c" && (size === 8 || size === 16)) return { kind: "complex", name: size === 8 ? "complex64" : "complex128", endian };
  if (code === "V" && size > 0) return { kind: "raw", length: size };
  throw new UnsupportedDtypeError(`unsupported dtype '${raw}' (float128, complex256 and other numpy types are not supported)`, where);
}

function parseStructured(raw: unknown[], objectCodec: string | undefined, where: ErrorLocation): DataType {
  const fields: StructField[] = [];
  let offset = 0;
  for (const entry of raw) {
    if (!Array.isArray(entry) || typeof entry[0] !== "string" || entry.length < 2) {
      throw new UnsupportedDtypeError(`bad structured dtype field ${JSON.stringify(entry)}`, where);
    }
    if (entry.length > 3) throw new UnsupportedDtypeError(`bad structured dtype field ${JSON.stringify(entry)}`, where);
    // Inside a structured dtype, `|O` fields are whole-array object-codec items.
    const type: DataType = entry[1] === "|O" ? { kind: "object" } : parseV2Dtype(entry[1], objectCodec, where);
    const shape = entry.length === 3 ? subArrayShape(entry[2], entry[0], where) : undefined;
    if (shape && itemSize(type) === undefined) throw new UnsupportedDtypeError(`sub-array field '${entry[0]}' of object values is not supported`, where);
    fields.push(shape ? { name: entry[0], type, offset, shape } : { name: entry[0], type, offset });
    offset += (itemSize(type) ?? 8) * (shape ? shapeSize(shape) : 1); // numpy stores an object field as an 8-byte pointer
  }
  return { kind: "struct", fields, size: offset };
}

/** The shape of a sub-array field (`[2, 3]`; numpy also writes a bare integer for one axis). */
function subArrayShape(raw: unknown, name: string, where: ErrorLocation): number[] {
  const shape = typeof raw === "number" ? [raw] : raw;
  if (!Array.isArray(shape) || !shape.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new UnsupportedDtypeError(`bad shape ${JSON.stringify(raw)} of sub-array field '${name}'`, where);
  }
  // numpy caps a record's size at 2^31 bytes; more elements than that cannot be a real field.
  if (shapeSize(shape as number[]) > 2 ** 31) throw new UnsupportedDtypeError(`sub-array field '${name}' of shape ${JSON.stringify(raw)} is too large`, where);
  return shape as number[];
}

/** The v2 dtype JSON of a DataType (inverse of parseV2Dtype). */
export function formatV2Dtype(dtype: DataType, where: ErrorLocation): unknown {
  const order = (e: Endian) => (e === "big" ? ">" : "<");
  switch (dtype.kind) {
    case "numeric": {
      const code = Object.entries(NUMERIC_CODES).find(([, n]) => n === dtype.name)![0];
      return (code.endsWith("1") ? "|" : order(dtype.endian)) + code;
    }
    case "bool": return "|b1";
    case "string": case "bytes": case "object": return "|O";
    case "fixed-bytes": return `|S${dtype.length}`;
    case "fixed-utf32": return `${order(dtype.endian)}U${dtype.length}`;
    case "struct": return dtype.fields.map((f) => (f.shape ? [f.name, formatV2Dtype(f.type, where), f.shape] : [f.name, formatV2Dtype(f.type, where)]));
    case "complex": return `${order(dtype.endian)}c${dtype.name === "complex64" ? 8 : 16}`;
    case "datetime": case "timedelta": {
      // numpy writes a unit-less (generic) time type as `<M8` without brackets.
      const unit = dtype.unit === "generic" && dtype.scale === 1 ? "" : `[${timeUnitText(dtype)}]`;
      return `${order(dtype.endian)}${dtype.kind === "datetime" ? "M" : "m"}8${unit}`;
    }
    case "raw": return `|V${dtype.length}`;
    case "unsupported": return dtype.raw;
  }
}
