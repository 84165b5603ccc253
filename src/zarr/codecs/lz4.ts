/**
 * numcodecs LZ4 (bytes → bytes): a 4-byte little-endian uncompressed size, then one LZ4 block.
 * The size is checked against what LZ4 can possibly expand to before the decoder allocates it.
 * Encoding uses numcodecs' WebAssembly; decoding in Node uses the TypeScript block decoder of
 * `native/` (faster than the WebAssembly, which is kept for the browser).
 */
import { ChunkDecodeError, type ErrorLocation } from "../../errors.js";
import type { ByteLimit } from "../../store/capped-read.js";
import { CodecConfig } from "./config.js";
import { decodedTooLarge } from "./decoded-limit.js";
import { decodeStep, encodeStep } from "./failures.js";
import { fastCodecs } from "./native/backend.js";
import { numcodecsClass, type NumcodecsCodec } from "./numcodecs-wasm.js";
import type { BytesBytesCodec, CodecContext } from "./types.js";

/** An LZ4 block expands at most ~255× (one literal-length byte per 255 output bytes). */
const MAX_RATIO = 255;

export class Lz4Codec implements BytesBytesCodec {
  readonly kind = "bytes-bytes";
  private codec?: Promise<NumcodecsCodec>;

  constructor(readonly acceleration: number, private readonly where: ErrorLocation) {}

  static fromConfig(name: string, configuration: Record<string, unknown>, ctx: CodecContext): Lz4Codec {
    const cfg = new CodecConfig(name, configuration, ctx.where);
    return new Lz4Codec(cfg.int("acceleration", 1), ctx.where);
  }

  private instance(): Promise<NumcodecsCodec> {
    this.codec ??= numcodecsClass("lz4").then((LZ4) => LZ4.fromConfig({ id: "lz4", acceleration: this.acceleration }));
    return this.codec;
  }

  async encode(bytes: Uint8Array): Promise<Uint8Array> {
    return encodeStep("lz4", this.where, async () => (await this.instance()).encode(bytes));
  }

  /** Decode; the output is allocated at the size the header states, so a size past `limit` is refused first. */
  async decode(bytes: Uint8Array, limit?: ByteLimit): Promise<Uint8Array> {
    if (bytes.length < 4) throw new ChunkDecodeError(`lz4 chunk of ${bytes.length} bytes has no size header`, this.where);
    const size = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
    if (limit !== undefined && size > limit.bytes) throw decodedTooLarge("lz4", bytes.length, limit, this.where, size);
    if (size > (bytes.length - 4) * MAX_RATIO + 16) {
      throw new ChunkDecodeError(`lz4 header claims ${size} bytes from a ${bytes.length}-byte chunk: corrupt chunk`, this.where);
    }
    const fast = await fastCodecs();
    const out = await decodeStep("lz4", this.where, async () => (fast ? fast.lz4(bytes) : (await this.instance()).decode(bytes)));
    if (out.length !== size) throw new ChunkDecodeError(`lz4 chunk decoded to ${out.length} bytes, expected ${size}`, this.where);
    return out;
  }
}
