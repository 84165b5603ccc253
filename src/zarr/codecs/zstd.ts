/**
 * Zstandard (bytes → bytes): v3 `zstd` (level, checksum) and numcodecs `zstd` (level). Encoding
 * uses numcodecs' WebAssembly build; decoding uses a native decoder in Node when one is
 * installed (`native/`), else the same WebAssembly. Frames written with a checksum are verified
 * when read; the encoder cannot add one, so `checksum: true` writes plain frames (still valid
 * Zstandard).
 */
import { ChunkDecodeError, type ErrorLocation } from "../../errors.js";
import { CodecConfig } from "./config.js";
import { decodeStep, encodeStep } from "./failures.js";
import { fastCodecs } from "./native/backend.js";
import { numcodecsClass, type NumcodecsCodec } from "./numcodecs-wasm.js";
import type { BytesBytesCodec, CodecContext } from "./types.js";

const ZSTD_MAGIC = 0xfd2fb528;

export class ZstdCodec implements BytesBytesCodec {
  readonly kind = "bytes-bytes";
  private codec?: Promise<NumcodecsCodec>;

  constructor(readonly level: number, private readonly where: ErrorLocation) {}

  static fromConfig(name: string, configuration: Record<string, unknown>, ctx: CodecContext): ZstdCodec {
    const cfg = new CodecConfig(name, configuration, ctx.where);
    cfg.bool("checksum", false);
    return new ZstdCodec(cfg.int("level", 0, -131072, 22), ctx.where);
  }

  private instance(): Promise<NumcodecsCodec> {
    this.codec ??= numcodecsClass("zstd").then((Zstd) => Zstd.fromConfig({ id: "zstd", level: this.level }));
    return this.codec;
  }

  async encode(bytes: Uint8Array): Promise<Uint8Array> {
    return encodeStep("zstd", this.where, async () => (await this.instance()).encode(bytes));
  }

  async decode(bytes: Uint8Array): Promise<Uint8Array> {
    const magic = bytes.length >= 4 ? new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) : 0;
    // Skippable frames (0x184D2A50–5F) may lead; anything else must start with the frame magic.
    if (magic !== ZSTD_MAGIC && (magic & 0xfffffff0) !== 0x184d2a50) {
      throw new ChunkDecodeError(`chunk of ${bytes.length} bytes is not a Zstandard frame`, this.where);
    }
    const native = (await fastCodecs())?.zstd;
    if (native) return decodeStep("zstd", this.where, () => native(bytes));
    return decodeStep("zstd", this.where, async () => (await this.instance()).decode(bytes));
  }
}
