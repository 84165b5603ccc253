/**
 * The format layer's part of value inference: references (builders) as a dtype class, and text
 * the way Python writes it. Plain values are src/data's (`dtypeOf`).
 */
import { UnsupportedWriteError, type ErrorLocation } from "../errors.js";
import { dtypeOf, firstValue, type FlatData } from "../data/index.js";
import { pythonNumber } from "../zarr/codecs/json-text.js";
import { jsonText } from "../zarr/json-values.js";
import { Builder, ReferenceBuilder } from "./builders.js";
import type { DtypeClass } from "./dtype-map.js";

/**
 * The dtype class hdmf-zarr infers from values when the builder gives no dtype: a reference when
 * the first element is a builder, else the dtype of the values (see `dtypeOf` for the rules and
 * the errors).
 */
export function inferClass(flat: FlatData, where: ErrorLocation): DtypeClass {
  if (!flat.typed && !flat.rowType) {
    const first = firstValue(flat.values);
    if (first instanceof ReferenceBuilder || first instanceof Builder) return { kind: "reference" };
  }
  return dtypeOf(flat, where);
}

/**
 * A value as text the way Python's `str()` writes it, which is what numpy makes of a non-string in
 * a text dataset: 1 → "1", 2.5 → "2.5", 1e20 → "1e+20", -0 → "-0.0", NaN → "nan", true → "True",
 * null → "None".
 * Bytes are read as UTF-8, dates as ISO 8601 text.
 */
export function pythonText(v: unknown, where: ErrorLocation): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isNaN(v) ? "nan" : v === Infinity ? "inf" : v === -Infinity ? "-inf" : pythonNumber(v);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "boolean") return v ? "True" : "False";
  if (v === null || v === undefined) return "None";
  if (v instanceof Uint8Array) return textDecoder.decode(v);
  if (v instanceof Date) return v.toISOString();
  throw new UnsupportedWriteError(`a text dataset cannot hold ${jsonText(v)}; give text`, where);
}

const textDecoder = new TextDecoder();
