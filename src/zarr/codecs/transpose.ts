/**
 * The v3 `transpose` codec (array → array): stores a chunk with its axes permuted. v2 arrays in
 * F order are read through it too (F order is the reversed-axes permutation).
 */
import type { ErrorLocation } from "../../errors.js";
import type { NdArray } from "../dtype.js";
import { CodecConfig } from "./config.js";
import { inversePermutation, permuteAxes } from "./nd-layout.js";
import type { ArrayArrayCodec, ChunkSpec, CodecContext, PaddingMask } from "./types.js";

export class TransposeCodec implements ArrayArrayCodec {
  readonly kind = "array-array";
  private readonly inverse: number[];

  constructor(readonly order: number[], readonly where: ErrorLocation) {
    this.inverse = inversePermutation(order);
  }

  static fromConfig(configuration: Record<string, unknown>, ctx: CodecContext): TransposeCodec {
    const cfg = new CodecConfig("transpose", configuration, ctx.where);
    const nd = ctx.chunkShape.length;
    const raw = cfg.raw("order");
    let order: number[];
    // Early v3 drafts spelled the two common orders as "C" / "F".
    if (raw === "C") order = [...Array(nd).keys()];
    else if (raw === "F") order = [...Array(nd).keys()].reverse();
    else order = cfg.intList("order");
    const sorted = [...order].sort((a, b) => a - b);
    if (order.length !== nd || !sorted.every((a, i) => a === i)) {
      throw cfg.error(`'order' ${JSON.stringify(raw)} is not a permutation of the ${nd} chunk axes`);
    }
    return new TransposeCodec(order, ctx.where);
  }

  encodedSpec(spec: ChunkSpec): ChunkSpec {
    return { ...spec, shape: this.order.map((a) => spec.shape[a]) };
  }

  encodedPadding(padding: PaddingMask, shape: readonly number[]): PaddingMask {
    return permuteAxes(padding, shape, this.order) as PaddingMask;
  }

  async encode(chunk: NdArray): Promise<NdArray> {
    return {
      dtype: chunk.dtype,
      shape: this.order.map((a) => chunk.shape[a]),
      data: permuteAxes(chunk.data, chunk.shape, this.order),
    };
  }

  async decode(chunk: NdArray, spec: ChunkSpec): Promise<NdArray> {
    return { dtype: chunk.dtype, shape: spec.shape.slice(), data: permuteAxes(chunk.data, chunk.shape, this.inverse) };
  }
}
