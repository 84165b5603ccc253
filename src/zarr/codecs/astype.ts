/**
 * numcodecs `astype` (array → array; v2 filter, v3 `numcodecs.astype`): values of `decode_dtype`
 * stored as `encode_dtype`. Decoding casts back as numpy does; encoding refuses values the
 * stored type cannot hold (numcodecs would wrap or truncate them silently), and rounds floats
 * stored narrower, which is what the filter is for.
 */
import type { ErrorLocation } from "../../errors.js";
import type { NdArray } from "../dtype.js";
import { CodecConfig } from "./config.js";
import { castExactly, castLikeNumpy, numericSetting, requireType, type Indexed, type Numeric } from "./numpy-arith.js";
import type { ArrayArrayCodec, ChunkSpec, CodecContext, PaddingMask } from "./types.js";

/** numcodecs AsType: values of `decode_dtype` stored as `encode_dtype`. */
export class AsTypeCodec implements ArrayArrayCodec {
  readonly kind = "array-array";
  constructor(
    readonly name: string,
    readonly encodeDtype: Numeric,
    readonly decodeDtype: Numeric,
    private readonly where: ErrorLocation,
  ) {}

  static fromConfig(name: string, configuration: Record<string, unknown>, ctx: CodecContext): AsTypeCodec {
    const cfg = new CodecConfig(name, configuration, ctx.where).only("encode_dtype", "decode_dtype");
    // zarr-python 3 fills in a missing `decode_dtype` from the array's type.
    const decodeDtype = numericSetting(cfg, "decode_dtype", ctx.dtype.kind === "numeric" ? ctx.dtype : undefined);
    return new AsTypeCodec(name, numericSetting(cfg, "encode_dtype"), decodeDtype, ctx.where);
  }

  encodedSpec(spec: ChunkSpec): ChunkSpec {
    return { ...spec, dtype: this.encodeDtype, fillValue: null };
  }

  async encode(chunk: NdArray, padding?: PaddingMask): Promise<NdArray> {
    requireType(this.name, "decode_dtype", this.decodeDtype, chunk.dtype, this.where);
    const data = castExactly(chunk.data as unknown as Indexed, this.decodeDtype, this.encodeDtype, this.name, this.where, padding);
    return { dtype: this.encodeDtype, shape: chunk.shape.slice(), data: data as never };
  }

  async decode(chunk: NdArray, spec: ChunkSpec): Promise<NdArray> {
    requireType(this.name, "decode_dtype", this.decodeDtype, spec.dtype, this.where);
    const data = castLikeNumpy(chunk.data as unknown as Indexed, this.encodeDtype, this.decodeDtype, this.name, this.where);
    return { dtype: spec.dtype, shape: spec.shape.slice(), data: data as never };
  }
}
