/**
 * numcodecs `packbits` (array → array; v2 filter, v3 `numcodecs.packbits`): a boolean chunk as
 * one bit per element, most significant bit first (`np.packbits`), after a byte that says how many
 * bits of the last byte are padding. The encoded chunk is a uint8 array of `1 + ceil(n / 8)`
 * elements, the shape zarr-python 3 gives it.
 */
import { ChunkDecodeError, UnsupportedDtypeError, type ErrorLocation } from "../../errors.js";
import { dtypeName, shapeSize, type DataType, type NdArray } from "../dtype.js";
import { CodecConfig } from "./config.js";
import type { ArrayArrayCodec, ChunkSpec, CodecContext } from "./types.js";

const UINT8: DataType = { kind: "numeric", name: "uint8", endian: "little" };

/** numcodecs PackBits: booleans as bits; no settings. */
export class PackBitsCodec implements ArrayArrayCodec {
  readonly kind = "array-array";
  constructor(
    readonly name: string,
    private readonly where: ErrorLocation,
  ) {}

  static fromConfig(name: string, configuration: Record<string, unknown>, ctx: CodecContext): PackBitsCodec {
    new CodecConfig(name, configuration, ctx.where).only();
    return new PackBitsCodec(name, ctx.where);
  }

  private check(dtype: DataType): void {
    if (dtype.kind !== "bool") throw new UnsupportedDtypeError(`codec '${this.name}' packs booleans only, the array is '${dtypeName(dtype)}'`, this.where);
  }

  encodedSpec(spec: ChunkSpec): ChunkSpec {
    return { shape: [1 + Math.ceil(shapeSize(spec.shape) / 8)], dtype: UINT8, fillValue: 0 };
  }

  async encode(chunk: NdArray): Promise<NdArray> {
    this.check(chunk.dtype);
    const n = shapeSize(chunk.shape);
    const values = chunk.data as unknown as ArrayLike<unknown>;
    const out = new Uint8Array(1 + Math.ceil(n / 8));
    out[0] = (8 - (n % 8)) % 8;
    for (let i = 0; i < n; i++) if (values[i]) out[1 + (i >> 3)] |= 0x80 >> (i & 7);
    return { dtype: UINT8, shape: [out.length], data: out };
  }

  async decode(chunk: NdArray, spec: ChunkSpec): Promise<NdArray> {
    this.check(spec.dtype);
    const n = shapeSize(spec.shape);
    const enc = chunk.data as Uint8Array;
    const padded = enc[0];
    // The chunk must hold exactly the chunk's elements: numcodecs would hand back another count.
    if (enc.length < 1 || padded > 7 || 8 * (enc.length - 1) - padded !== n) {
      throw new ChunkDecodeError(
        `codec '${this.name}': ${enc.length} bytes with ${padded} padding bits do not hold the ${n} booleans of a chunk of shape [${spec.shape.join(", ")}]`,
        this.where,
      );
    }
    const out = new Array<boolean>(n);
    for (let i = 0; i < n; i++) out[i] = (enc[1 + (i >> 3)] & (0x80 >> (i & 7))) !== 0;
    return { dtype: spec.dtype, shape: spec.shape.slice(), data: out };
  }
}
