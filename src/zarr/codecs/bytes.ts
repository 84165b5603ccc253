/**
 * The v3 `bytes` codec (array → bytes): fixed-size elements packed in C order, in the configured
 * byte order (the type's own order when the configuration has none, as for v2 chains).
 */
import { ChunkDecodeError, UnsupportedDtypeError, UnsupportedWriteError, type ErrorLocation } from "../../errors.js";
import { dtypeName, itemSize, shapeSize, typedArrayClass, type Endian, type NdArray, type TypedArray } from "../dtype.js";
import { CodecConfig } from "./config.js";
import { LITTLE_ENDIAN_HOST, PackError, packElements, unpackElements } from "./packed.js";
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

  /**
   * The chunk's bytes without a copy, when its values are already packed as stored (a typed
   * array of its own type, in the host's byte order); undefined otherwise. The view shares the
   * chunk's memory, so only a reader that keeps nothing of it (a compressor) may take it.
   */
  packedView(chunk: NdArray): Uint8Array | undefined {
    const dtype = chunk.dtype;
    if (dtype.kind !== "numeric" || dtype.name === "float16") return undefined;
    const n = shapeSize(chunk.shape);
    const data = chunk.data;
    if (!(data instanceof typedArrayClass(dtype.name)) || data.length < n) return undefined;
    const t = data as TypedArray;
    if (t.BYTES_PER_ELEMENT > 1 && ((this.endian ?? dtype.endian) === "little") !== LITTLE_ENDIAN_HOST) return undefined;
    return new Uint8Array(t.buffer, t.byteOffset, n * t.BYTES_PER_ELEMENT);
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
