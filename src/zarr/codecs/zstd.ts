/**
 * Zstandard (bytes → bytes): v3 `zstd` (level, checksum) and numcodecs `zstd` (level). In Node
 * with a native zstd (`native/`) it encodes and decodes there; elsewhere with numcodecs'
 * WebAssembly build. A chunk that is one frame stating its size (as numcodecs and zarr-python
 * write them) is decoded in one call into one buffer of that size where the runtime can
 * (`zstdSized` of `native/backend.ts`), and must decode to exactly that size; a frame without a
 * size in one call that stops at the cap where the runtime can (`zstdCapped`); other input is
 * streamed. Frames written with a checksum are verified
 * when read; the encoder cannot add one, so `checksum: true` writes plain frames (still valid
 * Zstandard).
 */
import { ChunkDecodeError, type ErrorLocation } from "../../errors.js";
import type { ByteLimit } from "../../store/capped-read.js";
import { CodecConfig } from "./config.js";
import { decodedTooLarge } from "./decoded-limit.js";
import { decodeStep, encodeStep } from "./failures.js";
import { fastCodecs } from "./native/backend.js";
import { numcodecsClass, type NumcodecsCodec } from "./numcodecs-wasm.js";
import type { BytesBytesCodec, CodecContext } from "./types.js";
import { decodeZstdCapped, type SizedDecode } from "./zstd-capped.js";
import { framePrefixUnsized, hasChecksum, isSkippableMagic, magicAt, withContentSize, zstdFrames, ZSTD_MAGIC } from "./zstd-frame.js";

/**
 * Without a cap (a caller that passes no limit), a header's stated size is trusted for one
 * up-front buffer only up to this; a larger frame is streamed, so a lying header cannot make a
 * huge allocation on its own.
 */
export const UNCAPPED_ONE_SHOT_MAX = 1 << 30;

/**
 * A prefix decode is tried only when it needs at most this share of the frame's content: past it
 * the whole frame in one call costs about the same and checks the frame's size.
 */
export const PREFIX_SHARE_MAX = 0.75;

export class ZstdCodec implements BytesBytesCodec {
  readonly kind = "bytes-bytes";
  private codec?: Promise<NumcodecsCodec>;

  constructor(
    readonly level: number,
    private readonly where: ErrorLocation,
  ) {}

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
    const native = (await fastCodecs())?.zstdEncode;
    // Older numcodecs (hdmf-zarr 0.13's) refuse frames that do not state their size; the native
    // streaming encoder leaves it out, so it is added to the header.
    if (native) return encodeStep("zstd", this.where, async () => withContentSize(await native(bytes, this.level), bytes.length));
    return encodeStep("zstd", this.where, async () => (await this.instance()).encode(bytes));
  }

  /**
   * At least the first `length` bytes of what `bytes` decodes to, from only the blocks before
   * them, or `undefined` when that does not apply and the whole chunk is to be decoded instead:
   * the input is not one data frame stating its content size (within `limit`), the frame carries
   * a checksum (only a whole decode verifies it), `length` is past `PREFIX_SHARE_MAX` of the
   * content, or the blocks chosen decode to fewer bytes. Blocks after the prefix are not decoded,
   * so damage there shows only when the chunk is read whole.
   */
  async decodePrefix(bytes: Uint8Array, length: number, limit?: ByteLimit): Promise<Uint8Array | undefined> {
    if (magicAt(bytes) !== ZSTD_MAGIC) return undefined;
    let frames;
    try {
      frames = zstdFrames(bytes);
    } catch {
      return undefined; // the whole decode names what is wrong
    }
    const frame = frames[0];
    const size = frame.contentSize;
    if (frames.length !== 1 || size === undefined || hasChecksum(bytes, frame)) return undefined;
    if ((limit !== undefined && size > limit.bytes) || length > size * PREFIX_SHARE_MAX) return undefined;
    // Each block decodes to at most its bound (a full compressed block to exactly it, as encoders cut them).
    let k = 0;
    for (let reach = 0; reach < length && k < frame.blocks.length; k++) reach += frame.blocks[k].bound;
    const prefix = k < frame.blocks.length ? framePrefixUnsized(bytes, frame, k) : undefined;
    if (prefix === undefined) return undefined;
    const native = (await fastCodecs())?.zstd;
    let out: Uint8Array;
    try {
      out = await (native ? native(prefix) : (await this.instance()).decode(prefix));
    } catch {
      return undefined;
    }
    return out.length >= length && out.length <= size ? out : undefined;
  }

  /** Decode; with `limit`, no decoder is let past it (see zstd-capped.ts). */
  async decode(bytes: Uint8Array, limit?: ByteLimit): Promise<Uint8Array> {
    const magic = magicAt(bytes) ?? 0;
    // Skippable frames may lead; anything else must start with the frame magic.
    if (magic !== ZSTD_MAGIC && !isSkippableMagic(magic)) {
      throw new ChunkDecodeError(`chunk of ${bytes.length} bytes is not a Zstandard frame`, this.where);
    }
    const fast = await fastCodecs();
    const native = fast?.zstd;
    const decode = native ?? (async (b: Uint8Array) => (await this.instance()).decode(b));
    const oneShot = fast?.zstdSized;
    const sized: SizedDecode | undefined = oneShot && (limit ? oneShot : (frame, size) => (size <= UNCAPPED_ONE_SHOT_MAX ? oneShot(frame, size) : decode(frame)));
    // Without a limit nothing is too large (the cap is infinite).
    const cap: ByteLimit = limit ?? { bytes: Infinity };
    const tooLarge = (declared?: number) => decodedTooLarge("zstd", bytes.length, cap, this.where, declared);
    return decodeStep("zstd", this.where, () => decodeZstdCapped(bytes, cap.bytes, decode, tooLarge, sized, fast?.zstdCapped));
  }
}
