/**
 * numcodecs `fixedscaleoffset` (array → array; v2 filter, v3 `numcodecs.fixedscaleoffset`):
 * stores `around((x - offset) * scale)` as `astype` and reads `enc / scale + offset` back as
 * `dtype`, with numpy's arithmetic (numpy-arith.ts). Encoding refuses a value `astype` cannot
 * hold (numcodecs would wrap it silently).
 */
import { UnsupportedWriteError, type ErrorLocation } from "../../errors.js";
import { integerRange, shapeSize, type NdArray } from "../dtype.js";
import { CodecConfig } from "./config.js";
import {
  asNumber, castExactly, castFloat, castLikeNumpy, isFloat, numericSetting, requireType, roundHalfEven, toFloat,
  type Indexed, type Numeric,
} from "./numpy-arith.js";
import type { ArrayArrayCodec, ChunkSpec, CodecContext, PaddingMask } from "./types.js";

const FLOAT64: Numeric = { kind: "numeric", name: "float64", endian: "little" };

/** numcodecs FixedScaleOffset: `offset`, `scale`, `dtype` (of the values) and `astype` (stored). */
export class FixedScaleOffsetCodec implements ArrayArrayCodec {
  readonly kind = "array-array";
  constructor(
    readonly name: string,
    readonly offset: number,
    readonly scale: number,
    readonly dtype: Numeric,
    readonly astype: Numeric,
    private readonly where: ErrorLocation,
  ) {}

  static fromConfig(name: string, configuration: Record<string, unknown>, ctx: CodecContext): FixedScaleOffsetCodec {
    const cfg = new CodecConfig(name, configuration, ctx.where).only("offset", "scale", "dtype", "astype");
    // zarr-python 3 fills in a missing `dtype` from the array's type.
    const dtype = numericSetting(cfg, "dtype", ctx.dtype.kind === "numeric" ? ctx.dtype : undefined);
    return new FixedScaleOffsetCodec(name, cfg.number("offset"), cfg.number("scale"), dtype, numericSetting(cfg, "astype", dtype), ctx.where);
  }

  encodedSpec(spec: ChunkSpec): ChunkSpec {
    return { ...spec, dtype: this.astype, fillValue: null };
  }

  async encode(chunk: NdArray, padding?: PaddingMask): Promise<NdArray> {
    requireType(this.name, "dtype", this.dtype, chunk.dtype, this.where);
    const n = shapeSize(chunk.shape);
    const src = chunk.data as unknown as Indexed;
    const name = this.dtype.name;
    if (!isFloat(name) && Number.isInteger(this.offset) && Number.isInteger(this.scale)) {
      // Integers with integer parameters stay integers of the array's type in numpy, where a step
      // past the type's range wraps: computed exactly here, and refused where numpy would wrap.
      const [lo, hi] = integerRange(name)!;
      const offset = BigInt(this.offset);
      const scale = BigInt(this.scale);
      const enc: bigint[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const shifted = BigInt(src[i]) - offset;
        const scaled = shifted * scale;
        if (!padding?.[i] && (offset < lo || offset > hi || scale < lo || scale > hi || shifted < lo || shifted > hi || scaled < lo || scaled > hi)) {
          throw new UnsupportedWriteError(`codec '${this.name}' cannot encode ${src[i]}: (x - offset) * scale leaves the range of ${name}`, this.where);
        }
        enc[i] = scaled;
      }
      return this.cast(enc, this.dtype, chunk.shape, padding);
    }
    // Otherwise numpy computes in the array's float type, or in float64 for integers.
    const width = isFloat(name) ? name : "float64";
    const offset = castFloat(width, this.offset);
    const scale = castFloat(width, this.scale);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = src[i];
      const x = asNumber(v);
      if (typeof v === "bigint" && BigInt(x) !== v && !padding?.[i]) {
        throw new UnsupportedWriteError(`codec '${this.name}' cannot compute with ${v}: a float64 does not hold it exactly`, this.where);
      }
      out[i] = roundHalfEven(toFloat(width, toFloat(width, x - offset) * scale));
    }
    return this.cast(out, isFloat(name) ? this.dtype : FLOAT64, chunk.shape, padding);
  }

  private cast(values: Indexed, from: Numeric, shape: number[], padding?: PaddingMask): NdArray {
    const data = castExactly(values, from, this.astype, this.name, this.where, padding);
    return { dtype: this.astype, shape: shape.slice(), data: data as never };
  }

  async decode(chunk: NdArray, spec: ChunkSpec): Promise<NdArray> {
    requireType(this.name, "dtype", this.dtype, spec.dtype, this.where);
    const n = shapeSize(chunk.shape);
    const enc = chunk.data as unknown as Indexed;
    // `enc / scale + offset` in the stored float type, or in float64 for stored integers.
    const width = isFloat(this.astype.name) ? this.astype.name : "float64";
    const offset = castFloat(width, this.offset);
    const scale = castFloat(width, this.scale);
    const dec = new Float64Array(n);
    for (let i = 0; i < n; i++) dec[i] = toFloat(width, toFloat(width, asNumber(enc[i]) / scale) + offset);
    const data = castLikeNumpy(dec, FLOAT64, this.dtype, this.name, this.where);
    return { dtype: spec.dtype, shape: spec.shape.slice(), data: data as never };
  }
}
