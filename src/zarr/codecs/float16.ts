/**
 * IEEE 754 half precision ⇄ JS number. Node 20 has no Float16Array, so float16 data is held
 * widened in a Float32Array and converted here when packed to or unpacked from bytes.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The number held by 16 half-precision bits. */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** The half-precision bits nearest to `value` (round half to even, overflow to infinity). */
export function numberToHalf(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  // Unbiased exponent, then rebias for half precision (bias 15).
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): shift the mantissa with its implicit leading 1.
    if (e < -10) return sign;
    const m = mant | 0x800000;
    const shift = 14 - e;
    let h = m >>> shift;
    const rest = m & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && h & 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++; // may carry into the exponent: still correct
  return sign | h;
}

const f64 = new DataView(new ArrayBuffer(8));

/**
 * The half-precision bits nearest to a float64 `value`, rounded once from all its bits (as numpy
 * casts float64 to float16); `numberToHalf` goes through float32 first, which can round twice.
 */
export function float64ToHalf(value: number): number {
  f64.setFloat64(0, value);
  const hi = f64.getUint32(0);
  const lo = f64.getUint32(4);
  const sign = (hi >>> 16) & 0x8000;
  const exp = (hi >>> 20) & 0x7ff;
  if (exp === 0x7ff) return sign | 0x7c00 | ((hi & 0xfffff) || lo ? 0x200 : 0);
  const e = exp - 1023 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (exp === 0 || e < -10) return sign; // far below the smallest half (2^-24) and its midpoint
  // The 53-bit significand, shifted to 11 bits (normal) or to the subnormal fraction.
  const m = (BigInt((hi & 0xfffff) | 0x100000) << 32n) | BigInt(lo);
  const shift = BigInt(e > 0 ? 42 : 43 - e);
  let h = Number(m >> shift);
  const rest = m & ((1n << shift) - 1n);
  const halfway = 1n << (shift - 1n);
  if (rest > halfway || (rest === halfway && h & 1)) h++;
  // A carry out of the significand moves into the exponent: still the right bits.
  return sign | (e > 0 ? (e << 10) + h - 1024 : h);
}
