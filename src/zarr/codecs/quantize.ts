/**
 * numcodecs `quantize` (array → array; v2 filter, v3 `numcodecs.quantize`): a lossy filter that
 * keeps `digits` decimal digits of float values by rounding them to a multiple of a power of two,
 * `around(x * 2^bits) / 2^bits`, then stores them as `astype`. Decoding only casts back to `dtype`.
 * zarr-python 3's quantize codec does not pass `astype` on to the serializer, so it cannot read a
 * Zarr v3 array whose `astype` differs from `dtype`: such a codec is refused in v3 (a conversion
 * to v3 then stores the quantized values with the writer's own codecs).
 */
import { UnknownCodecError, type ErrorLocation } from "../../errors.js";
import { shapeSize, type NdArray } from "../dtype.js";
import { CodecConfig } from "./config.js";
import { castExactly, castFloat, castLikeNumpy, isFloat, numericSetting, requireType, roundHalfEven, toFloat, type Indexed, type Numeric } from "./numpy-arith.js";
import type { ArrayArrayCodec, ChunkSpec, CodecContext, PaddingMask } from "./types.js";

/**
 * numcodecs' `bits` for `digits`: `ceil(log2(10^-e))` with `e = log10(10^-digits)` rounded away
 * from zero, that is `-digits`. Computed on exact integers, so no float rounding can move it.
 */
export function quantizeBits(digits: number): number {
  const ten = 10n ** BigInt(Math.abs(digits));
  // digits ≥ 0: the least b with 2^b ≥ 10^digits; digits < 0: -(the greatest b with 2^b ≤ 10^-digits).
  let b = 0n;
  if (digits >= 0) {
    while (2n ** b < ten) b++;
    return Number(b);
  }
  while (2n ** (b + 1n) <= ten) b++;
  return -Number(b);
}

/** numcodecs Quantize: `digits`, `dtype` (of the values) and `astype` (stored), both float types. */
export class QuantizeCodec implements ArrayArrayCodec {
  readonly kind = "array-array";
  constructor(
    readonly name: string,
    readonly digits: number,
    readonly dtype: Numeric,
    readonly astype: Numeric,
    private readonly where: ErrorLocation,
  ) {}

  static fromConfig(name: string, configuration: Record<string, unknown>, ctx: CodecContext): QuantizeCodec {
    const cfg = new CodecConfig(name, configuration, ctx.where).only("digits", "dtype", "astype");
    const digits = cfg.int("digits", NaN, -300, 300);
    if (Number.isNaN(digits)) throw cfg.error("'digits' is required");
    // zarr-python 3 fills in a missing `dtype` from the array's type.
    const dtype = numericSetting(cfg, "dtype", ctx.dtype.kind === "numeric" ? ctx.dtype : undefined);
    const astype = numericSetting(cfg, "astype", dtype);
    if (!isFloat(dtype.name) || !isFloat(astype.name)) throw cfg.error(`only floating point types are supported, got dtype ${dtype.name} and astype ${astype.name}`);
    if (ctx.zarrFormat === 3 && astype.name !== dtype.name) {
      throw new UnknownCodecError(`codec '${name}' with astype ${astype.name} and dtype ${dtype.name} is not supported in Zarr v3: zarr-python 3 reads its chunks as ${dtype.name}`, ctx.where);
    }
    return new QuantizeCodec(name, digits, dtype, astype, ctx.where);
  }

  encodedSpec(spec: ChunkSpec): ChunkSpec {
    return { ...spec, dtype: this.astype, fillValue: null };
  }

  async encode(chunk: NdArray, padding?: PaddingMask): Promise<NdArray> {
    requireType(this.name, "dtype", this.dtype, chunk.dtype, this.where);
    const width = this.dtype.name as "float16" | "float32" | "float64";
    const scale = castFloat(width, 2 ** quantizeBits(this.digits));
    const src = chunk.data as unknown as Indexed;
    const n = shapeSize(chunk.shape);
    const out = new Float64Array(n);
    // numpy computes in the array's own float type, each step rounded to it.
    for (let i = 0; i < n; i++) out[i] = toFloat(width, roundHalfEven(toFloat(width, scale * (src[i] as number))) / scale);
    const data = castExactly(out, this.dtype, this.astype, this.name, this.where, padding);
    return { dtype: this.astype, shape: chunk.shape.slice(), data: data as never };
  }

  async decode(chunk: NdArray, spec: ChunkSpec): Promise<NdArray> {
    requireType(this.name, "dtype", this.dtype, spec.dtype, this.where);
    const data = castLikeNumpy(chunk.data as unknown as Indexed, this.astype, this.dtype, this.name, this.where);
    return { dtype: spec.dtype, shape: spec.shape.slice(), data: data as never };
  }
}
