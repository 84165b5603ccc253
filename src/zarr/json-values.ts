/**
 * Parsed JSON values that may hold bigints (json-exact.ts): integers as reading gives them, the
 * same values rounded for metadata parts where big integers carry no meaning, text for messages.
 */
import { pythonJsonStringify } from "./codecs/json-text.js";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An integer as reading it from JSON gives it: a number within ±(2^53 − 1), else the bigint. */
export function jsonInteger(value: bigint): number | bigint {
  return value > MAX_SAFE || value < -MAX_SAFE ? value : Number(value);
}

/** Add a key without ever setting the prototype (`"__proto__"` is a plain key, as in JSON.parse). */
export function putKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Whether a parsed value holds a bigint anywhere (no allocation: it runs on every node's metadata). */
function holdsBigInt(value: unknown): boolean {
  if (typeof value === "bigint") return true;
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (holdsBigInt(value[i])) return true;
    return false;
  }
  for (const k in value) if (holdsBigInt((value as Record<string, unknown>)[k])) return true;
  return false;
}

/**
 * A parsed value with every bigint turned back into the number JSON.parse would give. For the
 * parts of metadata where big integers carry no meaning (shapes, codec settings), so checks and
 * messages written for numbers see numbers. The value itself when it holds no bigint.
 */
export function roundBigInts(value: unknown): unknown {
  if (!holdsBigInt(value)) return value;
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(roundBigInts);
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) putKey(copy, k, roundBigInts(v));
  return copy;
}

/** A metadata object with bigints rounded everywhere but in the `exact` keys (fill value, attributes). */
export function roundBigIntsExcept(doc: Record<string, unknown>, exact: readonly string[]): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const k in doc) {
    if (exact.includes(k) || !holdsBigInt(doc[k])) continue;
    copy ??= { ...doc };
    putKey(copy, k, roundBigInts(doc[k]));
  }
  return copy ?? doc;
}

/** JSON text of a parsed value for messages: JSON.stringify's, except that bigints are written as their literals. */
export function jsonText(value: unknown): string {
  try {
    return pythonJsonStringify(value, { ensureAscii: false, separators: [",", ":"] });
  } catch {
    return String(value);
  }
}
