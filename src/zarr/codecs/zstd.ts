/**
 * Zstandard (bytes → bytes): v3 `zstd` (level, checksum) and numcodecs `zstd` (level). In Node
 * with the native library installed (`native/`) it encodes and decodes there; elsewhere with
 * numcodecs' WebAssembly build. Frames written with a checksum are verified
 * when read; the encoder cannot add one, so `checksum: true` writes plain frames (still valid
 * Zstandard).
 */
import { ChunkDecodeError, type ErrorLocation } from "../../errors.js";
import { CodecConfig } from "./config.js";
import { decodedSizeLimit } from "./decoded-limit.js";
import { decodeStep, encodeStep } from "./failures.js";
import { fastCodecs } from "./native/backend.js";
import { numcodecsClass, type NumcodecsCodec } from "./numcodecs-wasm.js";
import type { BytesBytesCodec, CodecContext } from "./types.js";

const ZSTD_MAGIC = 0xfd2fb528;

export class ZstdCodec implements BytesBytesCodec {
  readonly kind = "bytes-bytes";
  private codec?: Promise<NumcodecsCodec>;

  constructor(
    readonly level: number,
    private readonly where: ErrorLocation,
    /** Most bytes a chunk may decode to (undefined: elements of varying size, no bound). */
    private readonly maxOutput?: number,
  ) {}

  static fromConfig(name: string, configuration: Record<string, unknown>, ctx: CodecContext): ZstdCodec {
    const cfg = new CodecConfig(name, configuration, ctx.where);
    cfg.bool("checksum", false);
    return new ZstdCodec(cfg.int("level", 0, -131072, 22), ctx.where, decodedSizeLimit(ctx));
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

  async decode(bytes: Uint8Array): Promise<Uint8Array> {
    const magic = bytes.length >= 4 ? new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) : 0;
    // Skippable frames (0x184D2A50–5F) may lead; anything else must start with the frame magic.
    if (magic !== ZSTD_MAGIC && (magic & 0xfffffff0) !== 0x184d2a50) {
      throw new ChunkDecodeError(`chunk of ${bytes.length} bytes is not a Zstandard frame`, this.where);
    }
    // The frame header usually states the decoded size: refuse a bomb before decoding it.
    const declared = magic === ZSTD_MAGIC ? frameContentSize(bytes) : undefined;
    if (declared !== undefined) this.checkSize(declared, bytes.length);
    const native = (await fastCodecs())?.zstd;
    const out = native
      ? await decodeStep("zstd", this.where, () => native(bytes))
      : await decodeStep("zstd", this.where, async () => (await this.instance()).decode(bytes));
    this.checkSize(out.length, bytes.length);
    return out;
  }

  private checkSize(decoded: number, stored: number): void {
    if (this.maxOutput !== undefined && decoded > this.maxOutput) {
      throw new ChunkDecodeError(
        `zstd chunk of ${stored} bytes decodes to ${decoded} bytes, more than a chunk of this array can hold (${this.maxOutput}; corrupt or a decompression bomb)`,
        this.where,
      );
    }
  }
}

/** The Frame_Content_Size of a Zstandard frame header (RFC 8878 §3.1.1.1), when the frame states it. */
export function frameContentSize(bytes: Uint8Array): number | undefined {
  if (bytes.length < 5) return undefined;
  const descriptor = bytes[4];
  const fcsFlag = descriptor >> 6;
  const singleSegment = (descriptor >> 5) & 1;
  const dictFlag = descriptor & 3;
  const fcsBytes = [singleSegment ? 1 : 0, 2, 4, 8][fcsFlag];
  if (fcsBytes === 0) return undefined;
  const at = 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][dictFlag];
  if (bytes.length < at + fcsBytes) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, fcsBytes);
  switch (fcsBytes) {
    case 1: return view.getUint8(0);
    case 2: return view.getUint16(0, true) + 256;
    case 4: return view.getUint32(0, true);
    default: return Number(view.getBigUint64(0, true));
  }
}

/**
 * The same frame with its Frame_Content_Size field set to `size` (8 bytes), when the header lacks
 * one. Only the header changes: blocks and checksum do not depend on it.
 */
export function withContentSize(frame: Uint8Array, size: number): Uint8Array {
  if (frame.length < 6 || frameContentSize(frame) !== undefined) return frame;
  const descriptor = frame[4];
  if ((descriptor >> 5) & 1) return frame; // single segment frames always state their size
  const at = 6 + [0, 1, 2, 4][descriptor & 3];
  const out = new Uint8Array(frame.length + 8);
  out.set(frame.subarray(0, at));
  out[4] = descriptor | 0xc0;
  new DataView(out.buffer, at, 8).setBigUint64(0, BigInt(size), true);
  out.set(frame.subarray(at), at + 8);
  return out;
}
