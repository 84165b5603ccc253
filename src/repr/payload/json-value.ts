/**
 * Values read from a file (attributes, data elements) as JSON that survives a round trip through
 * `JSON.stringify`. What plain JSON cannot hold becomes a tagged object:
 *
 * | value | tagged form |
 * |---|---|
 * | NaN, ±Infinity | `{"$type": "number", "value": "NaN" \| "Infinity" \| "-Infinity"}` |
 * | integer beyond ±2^53 | `{"$type": "bigint", "value": "<decimal digits>"}` |
 * | bytes | `{"$type": "bytes", "length": n, "text": "<utf-8>"}` or `…, "hex": "<first bytes>"` |
 * | object reference | `{"$type": "reference", "path": "/a/b", "source": "<file>" \| null}` |
 * | long list | `{"$type": "truncated-array", "length": n, "items": [first items]}` |
 * | long string | `{"$type": "truncated-string", "length": n, "value": "<first characters>"}` |
 * | object with its own `$type` key | `{"$type": "object", "value": {…}}` |
 * | anything else (functions, objects of other classes) | `{"$type": "opaque", "class": "ZarrDataset", "shape"?: […], "dtype"?: "float64"}` |
 *
 * Only plain objects (and Maps) are walked: an object of some other class (a lazy dataset, a
 * store, a container) may hold functions and internal state that must never reach an output.
 */
import { Builder, ReferenceBuilder } from "../../format/builders.js";
import { DataIOBase, isNdArray, nest } from "../../data/index.js";
import type { JsonValue } from "./types.js";

/** Size limits of converted values. */
export interface JsonValueLimits {
  /** Longest list kept whole (default 100). */
  maxItems?: number;
  /** Longest string kept whole, in UTF-16 units (default 2000). */
  maxString?: number;
  /** Bytes shown of a byte string that is not text (default 64). */
  maxBytes?: number;
  /** Deepest nesting converted (default 8). */
  maxDepth?: number;
}

type Limits = Required<JsonValueLimits>;

const DEFAULTS: Limits = { maxItems: 100, maxString: 2000, maxBytes: 64, maxDepth: 8 };

const utf8 = new TextDecoder("utf-8", { fatal: true });

function hex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

function bytesValue(bytes: Uint8Array, limits: Limits): JsonValue {
  const out: { [k: string]: JsonValue } = { $type: "bytes", length: bytes.length };
  let text: string | undefined;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = undefined;
  }
  // Text that prints (no control characters but tab/newline) is shown as text; anything else as hex.
  if (text !== undefined && !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) {
    out.text = text.length > limits.maxString ? text.slice(0, limits.maxString) : text;
  } else {
    out.hex = hex(bytes.subarray(0, limits.maxBytes));
  }
  return out;
}

function numberValue(n: number): JsonValue {
  if (Number.isFinite(n)) return n;
  return { $type: "number", value: Number.isNaN(n) ? "NaN" : n > 0 ? "Infinity" : "-Infinity" };
}

function bigintValue(n: bigint): JsonValue {
  const asNumber = Number(n);
  return Number.isSafeInteger(asNumber) ? asNumber : { $type: "bigint", value: n.toString() };
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A value that is not plain data, by its class (plus shape and dtype when it has them). */
function opaqueValue(v: unknown): JsonValue {
  const name = typeof v === "function" ? "function" : typeof v === "symbol" ? "symbol" : ((v as object).constructor?.name || "object");
  const out: { [k: string]: JsonValue } = { $type: "opaque", class: name };
  if (v !== null && typeof v === "object") {
    const { shape, dtype } = v as { shape?: unknown; dtype?: unknown };
    if (Array.isArray(shape) && shape.every((n) => Number.isSafeInteger(n))) out.shape = shape as number[];
    if (typeof dtype === "string") out.dtype = dtype;
    else if (dtype && typeof dtype === "object" && typeof (dtype as { name?: unknown }).name === "string") out.dtype = (dtype as { name: string }).name;
  }
  return out;
}

function listValue(items: ArrayLike<unknown>, limits: Limits, depth: number): JsonValue {
  const n = items.length;
  const shown = Math.min(n, limits.maxItems);
  const out: JsonValue[] = [];
  for (let i = 0; i < shown; i++) out.push(convert(items[i], limits, depth + 1));
  return n > shown ? { $type: "truncated-array", length: n, items: out } : out;
}

function convert(v: unknown, limits: Limits, depth: number): JsonValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case "boolean": return v;
    case "number": return numberValue(v);
    case "bigint": return bigintValue(v);
    case "string":
      return v.length > limits.maxString ? { $type: "truncated-string", length: v.length, value: v.slice(0, limits.maxString) } : v;
    case "object": break;
    // Functions and symbols: never their source text.
    default: return opaqueValue(v);
  }
  if (depth >= limits.maxDepth) return { $type: "truncated-array", length: 0, items: [] };
  if (v instanceof ReferenceBuilder) return { $type: "reference", path: v.builder.path, source: v.builder.source ?? null };
  if (v instanceof Builder) return { $type: "reference", path: v.path, source: v.source ?? null };
  if (v instanceof Uint8Array) return bytesValue(v, limits);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (ArrayBuffer.isView(v)) return listValue(v as unknown as ArrayLike<unknown>, limits, depth);
  if (Array.isArray(v)) return listValue(v, limits, depth);
  if (v instanceof DataIOBase) return convert(v.data, limits, depth);
  if (v instanceof Map) {
    const entries: { [k: string]: JsonValue } = {};
    for (const [k, item] of v) entries[String(k)] = convert(item, limits, depth + 1);
    return Object.prototype.hasOwnProperty.call(entries, "$type") ? { $type: "object", value: entries } : entries;
  }
  if (v instanceof Set) return listValue([...v], limits, depth);
  if (!isPlainObject(v)) return opaqueValue(v);
  if (isNdArray(v)) {
    const size = v.shape.reduce((a, b) => a * b, 1);
    const data = v.data as ArrayLike<unknown>;
    if (size > limits.maxItems || size !== data.length) return listValue(data, limits, depth);
    const flat = Array.from({ length: size }, (_, i) => convert(data[i], limits, depth + 1));
    return nest(flat, v.shape);
  }
  const out: { [k: string]: JsonValue } = {};
  for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
    // A method stored on a plain object is left out rather than shown as a tag.
    if (typeof item === "function") continue;
    out[k] = convert(item, limits, depth + 1);
  }
  return Object.prototype.hasOwnProperty.call(out, "$type") ? { $type: "object", value: out } : out;
}

/** A value read from a file as JSON-safe data (see the table above). */
export function toJsonValue(value: unknown, limits: JsonValueLimits = {}): JsonValue {
  return convert(value, { ...DEFAULTS, ...limits }, 0);
}

/** The `$type` tag of a converted value, or undefined for plain JSON. */
export function tagOf(v: JsonValue): string | undefined {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return undefined;
  const t = v.$type;
  return typeof t === "string" ? t : undefined;
}
