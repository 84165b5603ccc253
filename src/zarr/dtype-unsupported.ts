/**
 * Arrays of a type this package cannot hold (float128, complex256, a datetime unit numpy does not
 * have, an unknown v3 name, …). Such an array must not make the whole file unreadable: its
 * metadata parses to an `unsupported` type that keeps the type's text and JSON, and the UnsupportedDtypeError comes only when its values are read or
 * written, as an unknown codec's error does.
 */
import { HdmfZarrError, UnsupportedDtypeError, type ErrorLocation } from "../errors.js";
import type { DataType } from "./dtype.js";

type Unsupported = Extract<DataType, { kind: "unsupported" }>;

/** numpy's names of the kinds of a v2 type string (`dtype.name`), by kind letter. */
const NUMPY_NAMES: Record<string, (bits: number, unit: string) => string> = {
  c: (bits) => `complex${bits}`,
  f: (bits) => `float${bits}`,
  M: (_, unit) => `datetime64${unit}`,
  m: (_, unit) => `timedelta64${unit}`,
  V: (bits) => `void${bits}`,
};

/**
 * How a type shows in a tree: a v2 type string by numpy's name for it (`<c16` → `complex128`,
 * as zarr-python shows it), a v3 type by its name, anything else by its JSON.
 */
function typeText(raw: unknown): string {
  if (typeof raw === "string") {
    const m = /^[<>|=]([cfMmV])(\d+)(\[\w+\])?$/.exec(raw);
    return m ? NUMPY_NAMES[m[1]](Number(m[2]) * 8, m[3] ?? "") : raw;
  }
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === "string" ? name : JSON.stringify(raw);
}

/**
 * `parse()` (a metadata type parser), or an `unsupported` type holding `raw` when the parser
 * refuses the type with UnsupportedDtypeError; any other error is thrown as it is.
 */
export function parseOrDefer(raw: unknown, where: ErrorLocation, parse: () => DataType): DataType {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof UnsupportedDtypeError)) throw err;
    // The reason without the location prefix: the read-time error puts it back.
    const prefix = new HdmfZarrError("", where).message;
    const reason = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    return { kind: "unsupported", text: typeText(raw), raw, reason };
  }
}

/** Whether values of this type cannot be held here (see {@link parseOrDefer}). */
export function isUnsupported(dtype: DataType): dtype is Unsupported {
  return dtype.kind === "unsupported";
}

/** The error for reading or writing values of an unsupported type: names the store, the array and the type. */
export function unsupportedDtypeError(dtype: Unsupported, where: ErrorLocation): UnsupportedDtypeError {
  const written = typeof dtype.raw === "string" && dtype.raw !== dtype.text ? ` ('${dtype.raw}')` : "";
  return new UnsupportedDtypeError(
    `the values of this array cannot be read or written: its data type '${dtype.text}'${written} is not supported (${dtype.reason}); ` +
      "the rest of the file reads as usual",
    where,
  );
}
