/**
 * Short plain-text forms shared by the HTML and text reprs: shapes, byte counts, numbers, codec
 * configurations in Python's notation, and JSON payload values. The results are plain text; the
 * HTML renderer escapes them.
 */
import { tagOf } from "../payload/json-value.js";
import type { JsonValue, TypeInfo } from "../payload/types.js";

/** A shape as a Python tuple: `(50, 4)`, `(12,)`, `()`. */
export function formatShape(shape: readonly number[]): string {
  return `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;
}

/** Dimensions with names where there are some: `(time: 50, channels: 4)`, else the shape; `scalar` for 0-d. */
export function formatDims(shape: readonly number[], dims: readonly (string | null)[] | null): string {
  if (shape.length === 0) return "scalar";
  if (!dims || dims.length !== shape.length || dims.every((d) => d === null || d === "")) return formatShape(shape);
  return `(${shape.map((n, i) => (dims[i] ? `${dims[i]}: ${n}` : String(n))).join(", ")})`;
}

/** A byte count as Python zarr shows it: `1600 (1.6K)` above 1 KiB, else the bare number. */
export function formatBytes(n: number): string {
  if (n <= 1024) return String(n);
  const units = ["K", "M", "G", "T", "P"];
  let value = n / 1024;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${n} (${value.toFixed(1)}${units[i]})`;
}

/** A byte count in short binary units: `812 B`, `1.6 KiB`. */
export function formatBytesShort(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = n / 1024;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${value.toFixed(1)} ${units[i]}`;
}

/** A float with at most 6 significant digits; whole values keep a `.0` so they read as floats. */
export function formatFloat(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return v.toFixed(1);
  const s = v.toPrecision(6);
  // Drop trailing zeros of the mantissa: 0.500000 → 0.5, 1.50000e+20 → 1.5e+20.
  return s.replace(/(\.\d*?)0+(e|$)/, "$1$2").replace(/\.(e|$)/, "$1");
}

/** A value in Python's literal notation, as numcodecs and zarr print configurations. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "number") return Number.isNaN(v) ? "nan" : Number.isFinite(v) ? String(v) : v > 0 ? "inf" : "-inf";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string") return `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  if (typeof v === "object") return `{${Object.entries(v).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(", ")}}`;
  return String(v);
}

/** A codec configuration as `name(key=value, …)`. */
export function formatCodec(name: string, configuration: Record<string, unknown> | undefined): string {
  const args = Object.entries(configuration ?? {}).map(([k, v]) => `${k}=${pyRepr(v)}`);
  return `${name}(${args.join(", ")})`;
}

/** `ElectricalSeries (core)`, or `""` when there is no type. */
export function formatType(type: TypeInfo | null): string {
  if (!type) return "";
  return type.namespace ? `${type.name} (${type.namespace})` : type.name;
}

/** Options of {@link formatValue}. */
export interface FormatValueOptions {
  /** Quote strings (inside lists and data previews); attribute values read better bare. */
  quoteStrings?: boolean;
  /**
   * `full` (default): numbers as JavaScript prints them; `compact`: non-integers with at most 6
   * significant digits; `float`: every number as a float (`1.0`), at most 6 significant digits.
   */
  numbers?: "full" | "compact" | "float";
  /** Longest result before it is cut with "…" (default 200). */
  maxLength?: number;
}

function cut(s: string, max: number): string {
  return s.length > max ? s.slice(0, Math.max(0, max - 1)) + "…" : s;
}

function quote(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
}

function formatInner(v: JsonValue, o: Required<FormatValueOptions>, nested: boolean): string {
  const q = (s: string) => (o.quoteStrings || nested ? quote(s) : s);
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") {
    if (o.numbers === "float" || (o.numbers === "compact" && !Number.isInteger(v))) return formatFloat(v);
    return String(v);
  }
  if (typeof v === "string") return q(v);
  if (Array.isArray(v)) return `[${v.map((x) => formatInner(x, o, true)).join(", ")}]`;
  switch (tagOf(v)) {
    case "number": return v.value === "NaN" ? "nan" : v.value === "Infinity" ? "inf" : "-inf";
    case "bigint": return String(v.value);
    case "bytes": return typeof v.text === "string" ? `b${quote(v.text)}` : `<${v.length} bytes: ${v.hex}${Number(v.length) * 2 > String(v.hex).length ? "…" : ""}>`;
    case "reference": return `→ ${v.source ? `${v.source}:` : ""}${v.path}`;
    case "truncated-string": return `${q(String(v.value))}… (${v.length} characters)`;
    case "truncated-array": {
      const items = (v.items as JsonValue[]).map((x) => formatInner(x, o, true));
      return `[${items.join(", ")}, … ${Number(v.length) - items.length} more]`;
    }
    case "object": return formatInner(v.value, o, nested);
    case "opaque": {
      const shape = Array.isArray(v.shape) ? ` ${formatShape(v.shape as number[])}` : "";
      return `<${String(v.class)}${shape}${typeof v.dtype === "string" ? ` ${v.dtype}` : ""}>`;
    }
  }
  const entries = Object.entries(v).map(([k, x]) => `${quote(k)}: ${formatInner(x, o, true)}`);
  return `{${entries.join(", ")}}`;
}

/** A payload value as short text: `1.5`, `'text'`, `b'bytes'`, `→ /path`, `[1, 2, … 98 more]`. */
export function formatValue(v: JsonValue, options: FormatValueOptions = {}): string {
  const o: Required<FormatValueOptions> = { quoteStrings: false, numbers: "full", maxLength: 200, ...options };
  return cut(formatInner(v, o, false), o.maxLength);
}
