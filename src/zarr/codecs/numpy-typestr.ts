/**
 * numpy type strings (`"<i4"`, `"|u1"`, `">f8"`, `"|O"`, `"<U5"`, `"|S3"`) as numcodecs writes
 * them in codec configurations (delta `dtype`/`astype`) and json2 chunks.
 */
import type { DataType, Endian, NumericName } from "../dtype.js";

const NUMERIC: Record<string, NumericName> = {
  i1: "int8", i2: "int16", i4: "int32", i8: "int64",
  u1: "uint8", u2: "uint16", u4: "uint32", u8: "uint64",
  f2: "float16", f4: "float32", f8: "float64",
};
const BY_NAME: Record<string, string> = {
  int8: "i1", int16: "i2", int32: "i4", int64: "i8", uint8: "u1", uint16: "u2", uint32: "u4", uint64: "u8",
  float16: "f2", float32: "f4", float64: "f8", bool: "b1", object: "O",
};

/**
 * The type of a simple numpy type string, or `undefined` when it is not one we know
 * (structured, complex, datetime). Names such as `"int32"` are accepted too.
 */
export function parseNumpyTypestr(text: string): DataType | undefined {
  const m = /^([<>|=]?)([a-zA-Z])(\d*)$/.exec(BY_NAME[text] ?? text);
  if (!m) return undefined;
  const endian: Endian = m[1] === ">" ? "big" : "little";
  const kind = m[2];
  const size = m[3] === "" ? undefined : Number(m[3]);
  if (kind === "b") return size === undefined || size === 1 ? { kind: "bool" } : undefined;
  if (kind === "O") return { kind: "object" };
  if (kind === "S" || kind === "a") return size === undefined ? undefined : { kind: "fixed-bytes", length: size };
  if (kind === "U") return size === undefined ? undefined : { kind: "fixed-utf32", length: size, endian };
  const name = NUMERIC[`${kind}${size ?? ""}`];
  return name ? { kind: "numeric", name, endian } : undefined;
}

/** numpy's `dtype.str` for a type (`"<f8"`, `"|u1"`, `"|O"`, `"|V12"`). */
export function numpyTypestr(dtype: DataType): string {
  switch (dtype.kind) {
    case "numeric": {
      const code = BY_NAME[dtype.name];
      if (code.endsWith("1")) return `|${code}`;
      return `${dtype.endian === "big" ? ">" : "<"}${code}`;
    }
    case "bool": return "|b1";
    case "fixed-bytes": return `|S${dtype.length}`;
    case "fixed-utf32": return `${dtype.endian === "big" ? ">" : "<"}U${dtype.length}`;
    case "struct": return `|V${dtype.size}`;
    default: return "|O";
  }
}
