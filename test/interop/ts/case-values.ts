/** The value encoding of case files and dumps ({"$float"}, {"$int"}, {"$ref"}); see ../README.md. */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A reference inside a decoded case value. */
export class CaseRef {
  constructor(readonly path: string) {}
}

const FLOATS: Record<string, number> = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };

/** Case JSON value → JS value (number, bigint, string, boolean, null, arrays, records, CaseRef). */
export function decodeValue(v: Json): unknown {
  if (Array.isArray(v)) return v.map(decodeValue);
  if (v && typeof v === "object") {
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const inner = v[keys[0]] as string;
      if (keys[0] === "$float") return FLOATS[inner];
      if (keys[0] === "$int") return BigInt(inner);
      if (keys[0] === "$ref") return new CaseRef(inner);
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decodeValue(x)]));
  }
  return v;
}

/** JS value → case JSON value. `ref` turns a reference-like value into its path, or returns undefined. */
export function encodeValue(v: unknown, ref: (x: unknown) => string | undefined): Json {
  const path = ref(v);
  if (path !== undefined) return { $ref: path };
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : { $int: v.toString() };
  if (typeof v === "number") {
    if (Number.isNaN(v)) return { $float: "NaN" };
    if (!Number.isFinite(v)) return { $float: v > 0 ? "Infinity" : "-Infinity" };
    return v;
  }
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<unknown>, (x) => encodeValue(x, ref));
  if (Array.isArray(v)) return v.map((x) => encodeValue(x, ref));
  if (typeof v === "object") return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, encodeValue(x, ref)]));
  throw new Error(`cannot encode ${typeof v}`);
}
