/**
 * numcodecs `bitround` (array → array; v2 filter, v3 `numcodecs.bitround`): keeps `keepbits`
 * bits of each float's mantissa, rounding the rest away to nearest (ties to even) on the bit
 * pattern, so the data compresses better. The stored values are ordinary floats: decoding
 * changes nothing.
 */
import { UnsupportedDtypeError, UnsupportedWriteError, type ErrorLocation } from "../../errors.js";
import { dtypeName, shapeSize, type NdArray } from "../dtype.js";
import { CodecConfig } from "./config.js";
import { halfToNumber, numberToHalf } from "./float16.js";
import type { ArrayArrayCodec, ChunkSpec, CodecContext } from "./types.js";

/** Mantissa bits of each float type (numcodecs' `max_bits`). */
const MANTISSA_BITS = { float16: 10, float32: 23, float64: 52 } as const;

/** numcodecs' rounding of a bit pattern held in an int32 (or a sign-extended int16), wrapping like numpy. */
function round32(b: number, maskbits: number): number {
  const mask = (-1 >> maskbits) << maskbits;
  const halfQuantum1 = (1 << (maskbits - 1)) - 1;
  return ((b + ((b >> maskbits) & 1) + halfQuantum1) | 0) & mask;
}

function round64(b: bigint, maskbits: bigint): bigint {
  const mask = BigInt.asIntN(64, (-1n >> maskbits) << maskbits);
  const halfQuantum1 = (1n << (maskbits - 1n)) - 1n;
  return BigInt.asIntN(64, b + ((b >> maskbits) & 1n) + halfQuantum1) & mask;
}

/** numcodecs BitRound: `keepbits` mantissa bits kept of float16, float32 or float64 values. */
export class BitRoundCodec implements ArrayArrayCodec {
  readonly kind = "array-array";
  constructor(
    readonly name: string,
    readonly keepbits: number,
    private readonly where: ErrorLocation,
  ) {}

  static fromConfig(name: string, configuration: Record<string, unknown>, ctx: CodecContext): BitRoundCodec {
    const cfg = new CodecConfig(name, configuration, ctx.where).only("keepbits");
    if (!cfg.has("keepbits")) throw cfg.error("'keepbits' is required");
    return new BitRoundCodec(name, cfg.int("keepbits", 0, 0), ctx.where);
  }

  encodedSpec(spec: ChunkSpec): ChunkSpec {
    return spec;
  }

  async encode(chunk: NdArray): Promise<NdArray> {
    const dtype = chunk.dtype;
    if (dtype.kind !== "numeric" || !(dtype.name in MANTISSA_BITS)) {
      throw new UnsupportedDtypeError(`codec '${this.name}' rounds floats only (16 to 64 bits), the array is '${dtypeName(dtype)}'`, this.where);
    }
    const bits = MANTISSA_BITS[dtype.name as keyof typeof MANTISSA_BITS];
    if (this.keepbits > bits) {
      throw new UnsupportedWriteError(`codec '${this.name}': keepbits ${this.keepbits} is more than the ${bits} mantissa bits of ${dtype.name}`, this.where);
    }
    const n = shapeSize(chunk.shape);
    const maskbits = bits - this.keepbits;
    const src = chunk.data as Float32Array | Float64Array;
    if (maskbits === 0) return { ...chunk, data: src.slice(0, n) };
    if (dtype.name === "float64") {
      const out = (src as Float64Array).slice(0, n); // slice copies bytes: NaN payloads stay
      const ints = new BigInt64Array(out.buffer);
      const m = BigInt(maskbits);
      for (let i = 0; i < n; i++) ints[i] = round64(ints[i], m);
      return { ...chunk, data: out };
    }
    if (dtype.name === "float32") {
      const out = (src as Float32Array).slice(0, n);
      const ints = new Int32Array(out.buffer);
      for (let i = 0; i < n; i++) ints[i] = round32(ints[i], maskbits);
      return { ...chunk, data: out };
    }
    // float16 values are held widened: round their 16-bit patterns, sign-extended like an int16.
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = halfToNumber(round32((numberToHalf(src[i]) << 16) >> 16, maskbits) & 0xffff);
    return { ...chunk, data: out };
  }

  async decode(chunk: NdArray, spec: ChunkSpec): Promise<NdArray> {
    return { ...chunk, dtype: spec.dtype };
  }
}
