/**
 * numpy's arithmetic and casts, for the numcodecs filters that compute on values
 * (fixedscaleoffset, quantize, astype): float operations rounded to the width numpy computes in
 * (numpy ≥ 2 keeps a Python scalar "weak", so `float32_array * 0.1` stays float32, and it does
 * float16 operations in float32), `np.around` (half to even), and casts in both directions —
 * as numpy casts when a file is decoded, and refusing any value that would change (wrap, lose
 * digits) when one is encoded.
 */
import { ChunkDecodeError, MetadataError, UnsupportedWriteError, type ErrorLocation } from "../../errors.js";
import { allocate, dtypeName, integerRange, type DataType, type NumericName } from "../dtype.js";
import { float64ToHalf, halfToNumber, numberToHalf } from "./float16.js";
import { parseNumpyTypestr } from "./numpy-typestr.js";
import type { CodecConfig } from "./config.js";
import type { PaddingMask } from "./types.js";

export type Numeric = Extract<DataType, { kind: "numeric" }>;
type FloatName = "float16" | "float32" | "float64";
/** Values of a numeric container, read and written by index. */
export type Indexed = { [i: number]: number | bigint; length: number };

export const isFloat = (name: NumericName): name is FloatName => name.startsWith("float");

/** The numeric type named by `key` (a numpy type string), `fallback` when absent; MetadataError otherwise. */
export function numericSetting(cfg: CodecConfig, key: string, fallback?: Numeric): Numeric {
  if (!cfg.has(key)) {
    if (fallback) return fallback;
    throw cfg.error(`'${key}' is required`);
  }
  const text = cfg.string(key, "");
  const t = parseNumpyTypestr(text);
  if (!t || t.kind !== "numeric") throw cfg.error(`'${key}' ${JSON.stringify(text)} is not a numeric numpy type`);
  return t;
}

/** `x` rounded to a float type, as numpy stores the result of an operation in that type. */
export function toFloat(name: FloatName, x: number): number {
  if (name === "float64") return x;
  const single = Math.fround(x);
  return name === "float32" ? single : halfToNumber(numberToHalf(single));
}

/** A value cast to a float type as numpy casts it: rounded once, to nearest (ties to even). */
export function castFloat(name: FloatName, v: number | bigint): number {
  if (typeof v === "bigint") {
    // Past 2^53 a trip through float64 would round twice on the way to float32.
    if (name === "float32" && (v > 2n ** 53n || v < -(2n ** 53n))) return bigintToFloat32(v);
    v = Number(v);
  }
  if (name === "float64") return v;
  return name === "float32" ? Math.fround(v) : halfToNumber(float64ToHalf(v));
}

function bigintToFloat32(v: bigint): number {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const shift = BigInt(a.toString(2).length - 24);
  let q = a >> shift;
  const rest = a - (q << shift);
  const half = 1n << (shift - 1n);
  if (rest > half || (rest === half && (q & 1n) === 1n)) q++;
  const x = Math.fround(Number(q) * 2 ** Number(shift));
  return neg ? -x : x;
}

/** `np.around(x)`: the nearest integer, halves to the even one. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** A value as a JS number (int64 values as numpy converts them to float64: to the nearest). */
export const asNumber = (v: number | bigint): number => (typeof v === "bigint" ? Number(v) : v);

/**
 * numpy's `astype(to)` of decoded values of type `from`: integers wrap, floats round to the
 * narrower width, floats to integers truncate toward zero. A float that no integer of `to` holds
 * (NaN, ±inf, out of range) has no defined result in numpy: a ChunkDecodeError here.
 */
export function castLikeNumpy(src: Indexed, from: Numeric, to: Numeric, codec: string, where: ErrorLocation): Indexed {
  const fromFloat = isFloat(from.name);
  const n = src.length;
  const out = allocate(to, n) as unknown as Indexed;
  const range = integerRange(to.name);
  for (let i = 0; i < n; i++) {
    const v = src[i];
    if (!range) {
      out[i] = castFloat(to.name as FloatName, v);
      continue;
    }
    if (!fromFloat) {
      out[i] = wrapInto(to, BigInt(v));
      continue;
    }
    const t = Math.trunc(v as number);
    if (!Number.isFinite(t) || BigInt(t) < range[0] || BigInt(t) > range[1]) {
      throw new ChunkDecodeError(`codec '${codec}' decoded ${v}, which numpy cannot cast to ${to.name}`, where);
    }
    out[i] = wrapInto(to, BigInt(t));
  }
  return out;
}

/** An integer wrapped into the width of an integer type, as numpy's integer casts do. */
function wrapInto(to: Numeric, big: bigint): number | bigint {
  const bits = Number(/\d+$/.exec(to.name)![0]);
  const wrapped = to.name.startsWith("u") ? BigInt.asUintN(bits, big) : BigInt.asIntN(bits, big);
  return to.name === "int64" || to.name === "uint64" ? wrapped : Number(wrapped);
}

/**
 * A padding element (never read back) as numpy on x86-64 stores it: integers wrap, floats round,
 * a float truncates and wraps through int32 when it is in int32's range; anything else (numpy's
 * result is not defined there) is stored as 0.
 */
function paddingValue(v: number | bigint, to: Numeric): number | bigint {
  if (isFloat(to.name)) return castFloat(to.name, v);
  if (typeof v === "bigint" || Number.isInteger(v)) return wrapInto(to, BigInt(v));
  const t = Math.trunc(v);
  return wrapInto(to, Number.isFinite(t) && Math.abs(t) < 2 ** 31 ? BigInt(t) : 0n);
}

/**
 * Values of type `from` cast to `to` for encoding, refusing any that would change: an integer type
 * must hold the value exactly (no wrap, no dropped fraction, no NaN); a float type must hold an
 * integer exactly, and may round a float (the filters that narrow floats exist to do that) but
 * not overflow a finite one to infinity. Elements marked in `padding` are stored as numpy would.
 */
export function castExactly(src: Indexed, from: Numeric, to: Numeric, codec: string, where: ErrorLocation, padding?: PaddingMask): Indexed {
  const fromInteger = !isFloat(from.name);
  const n = src.length;
  const out = allocate(to, n) as unknown as Indexed;
  const range = integerRange(to.name);
  const refuse = (v: number | bigint, why: string) =>
    new UnsupportedWriteError(`codec '${codec}' cannot store ${v} as ${to.name}: ${why}`, where);
  for (let i = 0; i < n; i++) {
    const v = src[i];
    if (padding?.[i]) {
      out[i] = paddingValue(v, to);
      continue;
    }
    if (range) {
      if (typeof v === "number" && !Number.isInteger(v)) throw refuse(v, "not an integer");
      const big = BigInt(v);
      if (big < range[0] || big > range[1]) throw refuse(v, "out of range");
      out[i] = to.name === "int64" || to.name === "uint64" ? big : Number(big);
      continue;
    }
    const x = asNumber(v);
    const y = castFloat(to.name as FloatName, v);
    if (Number.isFinite(x) && !Number.isFinite(y)) throw refuse(v, "too large");
    if (fromInteger && (typeof v === "bigint" ? BigInt(y) !== v : y !== x)) throw refuse(v, "an integer it cannot hold exactly");
    out[i] = y;
  }
  return out;
}

/**
 * Refuse a filter whose configured type is not the type of the values it receives: numcodecs
 * would reinterpret the bytes (`view`) and read other numbers.
 */
export function requireType(codec: string, key: string, want: Numeric, got: DataType, where: ErrorLocation): void {
  if (got.kind === "numeric" && got.name === want.name) return;
  throw new MetadataError(`codec '${codec}': its '${key}' is ${want.name}, but the values it gets are ${dtypeName(got)}`, where);
}
