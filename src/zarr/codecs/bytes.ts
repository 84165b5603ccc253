/**
 * The v3 `bytes` codec (array → bytes): fixed-size elements packed in C order, in the configured
 * byte order (the type's own order when the configuration has none, as for v2 chains).
 */
import { ChunkDecodeError, UnsupportedDtypeError, UnsupportedWriteError, type ErrorLocation } from "../../errors.js";
import { dtypeName, itemSize, shapeSize, type Endian, type NdArray } from "../dtype.js";
import { CodecConfig } from "./config.js";
import { PackError, packElements, unpackElements } from "./packed.js";
import type { ArrayBytesCodec, ChunkSpec, CodecContext } from "./types.js";

export class BytesCodec implements ArrayBytesCodec {
  readonly kind = "array-bytes";
  constructor(
    private readonly endian: Endian | undefined,
    private readonly where: ErrorLocation,
  ) {}

  static fromConfig(configuration: Record<string, unknown>, ctx: CodecContext): BytesCodec {
    const cfg = new CodecConfig("bytes", configuration, ctx.where);
    const endian = cfg.has("endian") ? cfg.string<Endian>("endian", "little", ["little", "big"]) : undefined;
    return new BytesCodec(endian, ctx.where);
  }

  private size(spec: { dtype: ChunkSpec["dtype"] }): number {
    const size = itemSize(spec.dtype);
    if (size === undefined) {
      throw new UnsupportedDtypeError(
        `the 'bytes' codec cannot hold variable-length '${dtypeName(spec.dtype)}' elements; ` +
          `such arrays need an object codec (vlen-utf8, vlen-bytes, json2)`,
        this.where,
      );
    }
    return size;
  }

  encodedSize(spec: ChunkSpec): number | undefined {
    const size = itemSize(spec.dtype);
    return size === undefined ? undefined : shapeSize(spec.shape) * size;
  }

  async encode(chunk: NdArray): Promise<Uint8Array> {
    this.size(chunk);
    try {
      return packElements(chunk.data, chunk.dtype, shapeSize(chunk.shape), this.endian);
    } catch (err) {
      if (err instanceof PackError) throw new UnsupportedWriteError(`cannot pack chunk: ${err.message}`, this.where, { cause: err });
      throw err;
    }
  }

  async decode(bytes: Uint8Array, spec: ChunkSpec): Promise<NdArray> {
    const size = this.size(spec);
    const n = shapeSize(spec.shape);
    if (bytes.length !== n * size) {
      throw new ChunkDecodeError(
        `chunk holds ${bytes.length} bytes, expected ${n * size} (${n} elements of ${size} bytes, shape [${spec.shape.join(", ")}])`,
        this.where,
      );
    }
    try {
      return { dtype: spec.dtype, shape: spec.shape.slice(), data: unpackElements(bytes, spec.dtype, n, this.endian) };
    } catch (err) {
      if (err instanceof PackError) throw new ChunkDecodeError(`cannot unpack chunk: ${err.message}`, this.where, { cause: err });
      throw err;
    }
  }
}
