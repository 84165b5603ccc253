/**
 * JSON text as Python's `json` module writes it: bare `NaN`/`Infinity` tokens,
 * `ensure_ascii` escaping (lowercase `\uXXXX`, surrogate pairs for astral characters),
 * `sort_keys` by code point, Python float formatting and `indent`. Used for json2 chunks and
 * for metadata files, so files we write match what the Python stack writes byte for byte.
 * Reading such text (bare tokens included) is `parseJsonExact` in ../json-exact.ts.
 */
import { UnsupportedWriteError } from "../../errors.js";

/** Options of `pythonJsonStringify`, named after `json.dumps` arguments. */
export interface PythonJsonOptions {
  /** Sort object keys (by code point, as Python does). Default false. */
  sortKeys?: boolean;
  /** Escape every non-ASCII character as `\uXXXX`. Default true (Python's default). */
  ensureAscii?: boolean;
  /** Pretty-print with this many spaces (or this string) per level; absent = one line. */
  indent?: number | string;
  /** `[item separator, key separator]`; default `[", ", ": "]`, or `[",", ": "]` with `indent`. */
  separators?: [string, string];
  /** Write NaN/±Infinity as bare tokens (Python's `allow_nan=True`, the default); false → error. */
  allowNan?: boolean;
}

const ESCAPES: Record<string, string> = {
  '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f",
};
const SAFE_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const NEEDS_ESCAPE_ASCII = /[\x00-\x1f"\\\x7f-\uffff]/g;
const NEEDS_ESCAPE = /[\x00-\x1f"\\]/g;

function hex4(code: number): string {
  return "\\u" + code.toString(16).padStart(4, "0");
}

/** A string literal as Python's json encoder writes it. */
export function pythonJsonString(s: string, ensureAscii = true): string {
  if (SAFE_ASCII.test(s)) return `"${s}"`;
  const re = ensureAscii ? NEEDS_ESCAPE_ASCII : NEEDS_ESCAPE;
  // Per UTF-16 code unit, which yields surrogate pairs for astral characters, as Python does.
  return `"${s.replace(re, (c) => ESCAPES[c] ?? hex4(c.charCodeAt(0)))}"`;
}

/** A number as Python writes it: safe integers as ints, others with float `repr` (shortest round trip). */
export function pythonNumber(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (Object.is(x, -0)) return "-0.0";
  // JS keeps no int/float distinction: exact whole numbers are written as Python ints; beyond
  // 2^53 a number cannot be an exact int (those are bigints), so it is written as a float.
  if (Number.isSafeInteger(x)) return String(x);
  const [mant, expText] = x.toExponential().split("e");
  const negative = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  const decpt = Number(expText) + 1; // value = 0.digits × 10^decpt
  let body: string;
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) body = "0." + "0".repeat(-decpt) + digits;
    else if (decpt >= digits.length) body = digits + "0".repeat(decpt - digits.length) + ".0";
    else body = digits.slice(0, decpt) + "." + digits.slice(decpt);
  } else {
    const e = decpt - 1;
    const m = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    body = `${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  return negative ? "-" + body : body;
}

/**
 * A number that must be written as a Python float (`1.0`, not `1`). JS numbers carry no int/float
 * distinction, and readers such as pynwb check attribute types: wrap float-typed values in this.
 */
export class JsonFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
}

/** Python's repr of a float: whole numbers keep a ".0". */
export function pythonFloat(x: number): string {
  const text = pythonNumber(x);
  return Number.isSafeInteger(x) && !Object.is(x, -0) ? `${text}.0` : text;
}

/** Compare strings by code point (Python's order), not by UTF-16 code unit. */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (astral characters) sort after every other BMP code unit.
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}

function isPlainRecord(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * `json.dumps(value, ...)` in TypeScript. Accepts null/undefined (→ null), booleans, numbers,
 * bigints, strings, arrays, typed arrays, Maps with string keys and plain objects.
 */
export function pythonJsonStringify(value: unknown, options: PythonJsonOptions = {}): string {
  const ensureAscii = options.ensureAscii ?? true;
  const sortKeys = options.sortKeys ?? false;
  const allowNan = options.allowNan ?? true;
  const indent = typeof options.indent === "number" ? " ".repeat(options.indent) : options.indent;
  const [itemSep, keySep] = options.separators ?? (indent !== undefined ? [",", ": "] : [", ", ": "]);
  const active = new Set<object>();

  const out: string[] = [];
  const write = (v: unknown, level: number): void => {
    if (v === null || v === undefined) return void out.push("null");
    switch (typeof v) {
      case "boolean": return void out.push(v ? "true" : "false");
      case "string": return void out.push(pythonJsonString(v, ensureAscii));
      case "bigint": return void out.push(v.toString());
      case "number":
        if (!Number.isFinite(v) && !allowNan) throw new UnsupportedWriteError(`${v} is not allowed in JSON (allow_nan is off)`);
        return void out.push(pythonNumber(v));
      case "object": break;
      default: throw new UnsupportedWriteError(`a ${typeof v} cannot be written as JSON`);
    }
    if (v instanceof JsonFloat) {
      if (!Number.isFinite(v.value) && !allowNan) throw new UnsupportedWriteError(`${v.value} is not allowed in JSON (allow_nan is off)`);
      return void out.push(pythonFloat(v.value));
    }
    const obj = v as object;
    if (active.has(obj)) throw new UnsupportedWriteError("circular reference in a value written as JSON");
    let entries: [string, unknown][] | undefined;
    let items: ArrayLike<unknown> | undefined;
    if (Array.isArray(obj)) items = obj;
    else if (obj instanceof Float32Array || obj instanceof Float64Array) items = Array.from(obj, (x) => new JsonFloat(x));
    else if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) items = obj as unknown as ArrayLike<unknown>;
    else if (obj instanceof Map) entries = [...obj.entries()].map(([k, x]) => [String(k), x]);
    else if (isPlainRecord(obj)) entries = Object.entries(obj);
    else throw new UnsupportedWriteError(`a ${obj.constructor?.name ?? "value"} object cannot be written as JSON`);
    active.add(obj);
    const inner = indent !== undefined ? "\n" + indent.repeat(level + 1) : "";
    const close = indent !== undefined ? "\n" + indent.repeat(level) : "";
    if (items) {
      if (items.length === 0) out.push("[]");
      else {
        out.push("[" + inner);
        for (let i = 0; i < items.length; i++) {
          if (i > 0) out.push(itemSep + inner);
          write(items[i], level + 1);
        }
        out.push(close + "]");
      }
    } else {
      // Keys holding `undefined` are left out, as JSON.stringify does (Python has no such value).
      const list = entries!.filter(([, x]) => x !== undefined);
      if (sortKeys) list.sort((a, b) => compareCodePoints(a[0], b[0]));
      if (list.length === 0) out.push("{}");
      else {
        out.push("{" + inner);
        list.forEach(([k, x], i) => {
          if (i > 0) out.push(itemSep + inner);
          out.push(pythonJsonString(k, ensureAscii) + keySep);
          write(x, level + 1);
        });
        out.push(close + "}");
      }
    }
    active.delete(obj);
  };
  write(value, 0);
  return out.join("");
}
