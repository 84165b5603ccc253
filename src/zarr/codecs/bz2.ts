/**
 * numcodecs `bz2` (bytes → bytes, `BZ2(level=1..9)`), in plain TypeScript for Node and the browser
 * alike (`bzip2-encode.ts`, `bzip2-decode.ts`). Decoding stops at the first byte past the cap; every
 * bzip2 stream of the chunk is read, as Python's `bz2.decompress` does.
 */
import type { ErrorLocation } from "../../errors.js";
import type { ByteLimit } from "../../store/capped-read.js";
import { bzip2Decode, Bzip2TooLarge } from "./bzip2-decode.js";
import { bzip2Encode } from "./bzip2-encode.js";
import { CodecConfig } from "./config.js";
import { decodedTooLarge } from "./decoded-limit.js";
import { decodeStep, encodeStep } from "./failures.js";
import type { BytesBytesCodec, CodecContext } from "./types.js";

export class Bz2Codec implements BytesBytesCodec {
  readonly kind = "bytes-bytes";
  constructor(
    /** Block size in units of 100 000 bytes (numcodecs `level`). */
    readonly level: number,
    private readonly where: ErrorLocation,
  ) {}

  static fromConfig(name: string, configuration: Record<string, unknown>, ctx: CodecContext): Bz2Codec {
    const cfg = new CodecConfig(name, configuration, ctx.where).only("level");
    return new Bz2Codec(cfg.int("level", 1, 1, 9), ctx.where);
  }

  async encode(bytes: Uint8Array): Promise<Uint8Array> {
    return encodeStep("bz2", this.where, () => bzip2Encode(bytes, this.level));
  }

  /** Decode; with `limit`, stop at the first byte past it. */
  async decode(bytes: Uint8Array, limit?: ByteLimit): Promise<Uint8Array> {
    return decodeStep("bz2", this.where, () => {
      try {
        return bzip2Decode(bytes, limit?.bytes ?? Number.MAX_SAFE_INTEGER);
      } catch (err) {
        if (err instanceof Bzip2TooLarge) throw decodedTooLarge("bz2", bytes.length, limit!, this.where);
        throw err;
      }
    });
  }
}
