/**
 * Blosc (bytes → bytes). Two spellings: v3 `blosc` (shuffle as "noshuffle" | "shuffle" |
 * "bitshuffle", plus typesize) and numcodecs `blosc` (shuffle as 0 | 1 | 2 | -1 = auto), used by
 * v2 arrays and `numcodecs.blosc`. Encoding uses numcodecs' WebAssembly build of c-blosc. In Node,
 * decoding uses the TypeScript frame decoder of `native/` (LZ4, zlib and — with a native zstd —
 * zstd frames); BloscLZ frames, and everything in a browser, go to the WebAssembly.
 */
import { ChunkDecodeError, type ErrorLocation } from "../../errors.js";
import type { ByteLimit } from "../../store/capped-read.js";
import { itemSize } from "../dtype.js";
import { CodecConfig } from "./config.js";
import { decodedTooLarge } from "./decoded-limit.js";
import { decodeStep, encodeStep } from "./failures.js";
import { fastCodecs, type DecodedBlockSink, type ByteRange } from "./native/backend.js";
import { numcodecsClass, type NumcodecsCodec } from "./numcodecs-wasm.js";
import type { BytesBytesCodec, CodecContext } from "./types.js";

const CNAMES = ["blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"] as const;
const SHUFFLE_NAMES = ["noshuffle", "shuffle", "bitshuffle"] as const;

/** Settings passed to the numcodecs Blosc class. */
export interface BloscSettings {
  cname: string;
  clevel: number;
  /** 0 none, 1 byte shuffle, 2 bit shuffle. */
  shuffle: 0 | 1 | 2;
  blocksize: number;
}

/** Blosc frame header fields needed to check a chunk before handing it to the decoder: its decoded size. */
function checkHeader(bytes: Uint8Array, where: ErrorLocation): number {
  if (bytes.length < 16) throw new ChunkDecodeError(`blosc chunk of ${bytes.length} bytes is shorter than the 16-byte header`, where);
  const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
  const nbytes = view.getUint32(4, true);
  const cbytes = view.getUint32(12, true);
  if (cbytes < 16 || cbytes > bytes.length) {
    throw new ChunkDecodeError(`blosc header says ${cbytes} compressed bytes but the chunk has ${bytes.length}: truncated or not blosc`, where);
  }
  return nbytes;
}

export class BloscCodec implements BytesBytesCodec {
  readonly kind = "bytes-bytes";
  private codec?: Promise<NumcodecsCodec>;

  constructor(readonly settings: BloscSettings, private readonly where: ErrorLocation) {}

  /** From a configuration in either spelling; `name` is the codec name for messages. */
  static fromConfig(name: string, configuration: Record<string, unknown>, ctx: CodecContext): BloscCodec {
    const cfg = new CodecConfig(name, configuration, ctx.where);
    const cname = cfg.string("cname", "lz4", CNAMES);
    const clevel = cfg.int("clevel", 5, 0, 9);
    const blocksize = cfg.int("blocksize", 0, 0);
    const raw = cfg.raw("shuffle");
    let shuffle: 0 | 1 | 2;
    if (raw === undefined || raw === null) shuffle = 1;
    else if (typeof raw === "string") shuffle = SHUFFLE_NAMES.indexOf(cfg.string("shuffle", "shuffle", SHUFFLE_NAMES)) as 0 | 1 | 2;
    else {
      const s = cfg.int("shuffle", 1, -1, 2);
      // numcodecs AUTOSHUFFLE: bit shuffle for 1-byte items, byte shuffle otherwise.
      const typesize = cfg.int("typesize", itemSize(ctx.dtype) ?? 1, 1);
      shuffle = s === -1 ? (typesize === 1 ? 2 : 1) : (s as 0 | 1 | 2);
    }
    return new BloscCodec({ cname, clevel, shuffle, blocksize }, ctx.where);
  }

  private instance(): Promise<NumcodecsCodec> {
    this.codec ??= numcodecsClass("blosc").then((Blosc) => Blosc.fromConfig({ id: "blosc", ...this.settings }));
    return this.codec;
  }

  async encode(bytes: Uint8Array): Promise<Uint8Array> {
    return encodeStep("blosc", this.where, async () => (await this.instance()).encode(bytes));
  }

  async decode(bytes: Uint8Array, limit?: ByteLimit): Promise<Uint8Array> {
    return this.decodeRanges(bytes, undefined, limit);
  }

  /**
   * Decode the chunk a Blosc block at a time into `sink` (each block's bytes, valid during the
   * call, and their offset in the decoded buffer; see `FastCodecs.bloscBlocks`), never gathered
   * in one buffer. Only where the Node decoder handles the frame, the header states exactly
   * `size` decoded bytes (within `limit`) and its blocks are whole multiples of `unit` bytes;
   * otherwise false, having decoded nothing, and the caller decodes the chunk whole (which names
   * what is wrong with it, if anything).
   */
  async decodeBlocks(bytes: Uint8Array, size: number, unit: number, sink: DecodedBlockSink, limit?: ByteLimit): Promise<boolean> {
    const nbytes = checkHeader(bytes, this.where);
    if (nbytes !== size || (limit !== undefined && nbytes > limit.bytes)) return false;
    const blocksize = new DataView(bytes.buffer, bytes.byteOffset, 16).getInt32(8, true);
    if (blocksize <= 0 || blocksize % unit !== 0) return false;
    const fast = await fastCodecs();
    if (!fast?.bloscBlocks) return false;
    return decodeStep("blosc", this.where, async () => {
      const run = fast.bloscBlocks!(bytes, sink);
      if (run === undefined) return false;
      await run;
      return true;
    });
  }

  /**
   * Decode only what `ranges` (byte ranges of the decoded buffer) need: the frame's blocks that
   * overlap them, where the Node decoder handles the frame; bytes outside the blocks are zero.
   * Elsewhere (c-blosc in WebAssembly), and without `ranges`, the whole frame is decoded. Every
   * decoder allocates the size the header states, so a size past `limit` is refused first.
   */
  async decodeRanges(bytes: Uint8Array, ranges?: readonly ByteRange[], limit?: ByteLimit): Promise<Uint8Array> {
    const nbytes = checkHeader(bytes, this.where);
    if (limit !== undefined && nbytes > limit.bytes) throw decodedTooLarge("blosc", bytes.length, limit, this.where, nbytes);
    const fast = await fastCodecs();
    const out = await decodeStep("blosc", this.where, async () => {
      const partial = ranges && fast?.bloscRanges?.(bytes, ranges);
      return (await (partial ?? fast?.blosc(bytes))) ?? (await this.instance()).decode(bytes);
    });
    // The WebAssembly decoder answers some corrupt input with an empty result instead of an error.
    if (out.length !== nbytes) {
      throw new ChunkDecodeError(`blosc chunk decoded to ${out.length} bytes, its header says ${nbytes}: corrupt chunk`, this.where);
    }
    return out;
  }
}
