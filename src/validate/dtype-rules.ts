/**
 * Which stored dtypes a spec dtype accepts, as hdmf's validator decides: a spec name accepts its
 * synonyms and wider types of the same kind (`int` accepts int32 and int64, `float` accepts float64,
 * `text` accepts ascii, `numeric` any number); `isodatetime` accepts text or bytes whose value is an
 * ISO 8601 date or date-time. Stored dtypes come from array metadata; attribute values from JSON,
 * where an integer-valued number may have been written as an int or a float, so both are tried.
 */
import { ReferenceBuilder, GroupBuilder, DatasetBuilder } from "../format/builders.js";
import { classifyDtype } from "../format/dtype-map.js";
import { isAllowedDtype, primaryDtype } from "../spec/model/dtype-names.js";

/** ISO 8601 date, optionally with a time and a timezone (the pattern hdmf's validator uses). */
const ISO_8601 = /^(-?(?:[1-9][0-9]*)?[0-9]{4})-(1[0-2]|0[1-9])-(3[01]|0[1-9]|[12][0-9])(T(2[0-3]|[01][0-9]):([0-5][0-9]):([0-5][0-9])(\.[0-9]+)?(Z|[+-](?:2[0-3]|[01][0-9]):[0-5][0-9])?)?$/;

/** Whether a text value is an ISO 8601 date or date-time. */
export function isIsoDatetime(text: string): boolean {
  return ISO_8601.test(text);
}

/** Whether an ISO 8601 text carries a timezone (`Z` or an offset after the time). */
export function hasTimezone(text: string): boolean {
  if (text.endsWith("Z")) return true;
  const t = text.indexOf("T");
  if (t < 0) return false;
  return text.includes("+") || text.lastIndexOf("-") > t;
}

/**
 * The dtype name hdmf's validator would see for a stored builder dtype: a numeric name, `bool`,
 * `utf` (text), `ascii` (bytes) or `object` (references); undefined when unknown.
 */
export function storedDtypeName(dtype: string): string | undefined {
  const cls = classifyDtype(dtype);
  if (cls === undefined) return undefined;
  switch (cls.kind) {
    case "numeric": return cls.name;
    case "bool": return "bool";
    case "text": return "utf";
    case "bytes": return "ascii";
    case "reference": return "object";
  }
}

/** Whether a stored dtype name is text or bytes (the dtypes an isodatetime value is stored as). */
export function isStringDtype(name: string): boolean {
  return name === "utf" || name === "ascii";
}

/**
 * Whether a spec dtype (primitive name) accepts a stored dtype name. `isodatetime` accepts strings
 * here; the caller checks their format when it has a value.
 */
export function acceptsDtype(expected: string, stored: string): boolean {
  if (primaryDtype(expected) === "isodatetime") return isStringDtype(stored) || primaryDtype(stored) === "isodatetime";
  return isAllowedDtype(stored, expected);
}

/** The first element of a nested list (the value hdmf's validator types a list by); undefined when empty. */
export function firstElement(value: unknown): unknown {
  let v = value;
  while (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    v = v[0];
  }
  return v;
}

/**
 * The dtype names an attribute value may have been stored as: a JSON integer could be an int or a
 * float in the file, so it yields both. Empty lists yield [] (hdmf skips their dtype check).
 */
export function valueDtypeNames(value: unknown): string[] {
  const v = firstElement(value);
  if (v === undefined) return [];
  if (typeof v === "string") return ["utf"];
  if (typeof v === "boolean") return ["bool"];
  if (typeof v === "bigint") return ["int64"];
  if (typeof v === "number") return Number.isInteger(v) ? ["int64", "float64", ...(v >= 0 ? ["uint64"] : [])] : ["float64"];
  if (v instanceof Uint8Array) return ["ascii"];
  if (v instanceof ReferenceBuilder || v instanceof GroupBuilder || v instanceof DatasetBuilder) return ["object"];
  return [v === null ? "null" : typeof v];
}

/** Text of a string or bytes value (bytes as Latin-1, enough for a format check). */
export function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return String.fromCharCode(...value);
  return undefined;
}
