/**
 * Values of the types plain JSON shows badly, as the text numpy prints for them: complex as
 * `1+2j`, datetime64 as ISO 8601 text in its unit, timedelta64 as a count and unit; NaT as `NaT`.
 * Displays (text and HTML repr, the extension's value tables) pass every element through here.
 */
import type { Complex, DataType } from "./dtype.js";
import { formatDatetime, formatTimedelta } from "./dtype-time.js";

/** numpy's text of a float part: `1`, `0.5`, `nan`, `inf`, `-inf`. */
function partText(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return String(x);
}

/** numpy's text of a complex value without its parentheses: `1+2j`, `-0.5-1e-3j`, `nan+infj`. */
export function formatComplex(c: Complex): string {
  const negative = c.im < 0 || Object.is(c.im, -0) || c.im === -Infinity;
  return `${partText(c.re)}${negative ? "-" : "+"}${partText(Math.abs(c.im))}j`;
}

/** One element of `dtype` as displays show it: text for complex and time values, the value itself otherwise. */
export function displayValue(dtype: DataType, value: unknown): unknown {
  switch (dtype.kind) {
    case "complex": return formatComplex(value as Complex);
    case "datetime": return typeof value === "bigint" ? formatDatetime(value, dtype) : value;
    case "timedelta": return typeof value === "bigint" ? formatTimedelta(value, dtype) : value;
    case "struct": {
      if (value === null || typeof value !== "object") return value;
      const rec = value as Record<string, unknown>;
      const out: Record<string, unknown> = { ...rec };
      for (const f of dtype.fields) {
        // A sub-array field keeps its NdArray; its elements are numbers, bools or text here.
        if (!f.shape && f.name in rec) out[f.name] = displayValue(f.type, rec[f.name]);
      }
      return out;
    }
    default: return value;
  }
}
