/**
 * gzip (v3 `gzip`, numcodecs `gzip`) and zlib (numcodecs `zlib`) codecs. In Node they use the
 * native zlib (`deflate-node.ts`); elsewhere (a browser) numcodecs' pure-JS GZip/Zlib. The Node
 * module is reached only through a dynamic import that bundlers are told to ignore.
 */
import { ChunkDecodeError, type ErrorLocation } from "../../errors.js";
import { CodecConfig } from "./config.js";
import { decodedSizeLimit } from "./decoded-limit.js";
import { decodeStep, encodeStep } from "./failures.js";
import { numcodecsClass } from "./numcodecs-wasm.js";
import { isNode } from "../runtime.js";
import type { BytesBytesCodec, CodecContext } from "./types.js";

/** Compress / decompress in the gzip and zlib container formats. */
export interface DeflateBackend {
  gzip(data: Uint8Array, level: number): Promise<Uint8Array>;
  /** Inflate; a backend that can stop early refuses output past `maxOutput` bytes. */
  gunzip(data: Uint8Array, maxOutput?: number): Promise<Uint8Array>;
  zlib(data: Uint8Array, level: number): Promise<Uint8Array>;
  unzlib(data: Uint8Array, maxOutput?: number): Promise<Uint8Array>;
}

/** The portable backend (numcodecs' pure-JS GZip/Zlib), used outside Node. */
export async function portableDeflateBackend(): Promise<DeflateBackend> {
  const [GZip, Zlib] = await Promise.all([numcodecsClass("gzip"), numcodecsClass("zlib")]);
  return {
    gzip: async (data, level) => GZip.fromConfig({ id: "gzip", level }).encode(data),
    gunzip: async (data) => GZip.fromConfig({ id: "gzip" }).decode(data),
    zlib: async (data, level) => Zlib.fromConfig({ id: "zlib", level: level < 0 ? 6 : level }).encode(data),
    unzlib: async (data) => Zlib.fromConfig({ id: "zlib" }).decode(data),
  };
}

let chosen: Promise<DeflateBackend> | undefined;

/** The backend for this runtime, chosen once. */
export function deflateBackend(): Promise<DeflateBackend> {
  if (!chosen) {
    const nodeModule = "./deflate-node.js";
    chosen = isNode()
      ? (import(/* webpackIgnore: true */ nodeModule) as Promise<{ backend: DeflateBackend }>).then((m) => m.backend)
      : portableDeflateBackend();
    chosen.catch(() => (chosen = undefined));
  }
  return chosen;
}

/** gzip or zlib container around DEFLATE data. */
export class DeflateCodec implements BytesBytesCodec {
  readonly kind = "bytes-bytes";
  constructor(
    readonly format: "gzip" | "zlib",
    readonly level: number,
    private readonly where: ErrorLocation,
    /** Most bytes a chunk may inflate to (undefined: elements of varying size, no bound). */
    private readonly maxOutput?: number,
  ) {}

  static gzip(name: string, configuration: Record<string, unknown>, ctx: CodecContext): DeflateCodec {
    return new DeflateCodec("gzip", new CodecConfig(name, configuration, ctx.where).int("level", 1, 0, 9), ctx.where, decodedSizeLimit(ctx));
  }

  static zlib(name: string, configuration: Record<string, unknown>, ctx: CodecContext): DeflateCodec {
    // Python's zlib accepts -1 (its default level); Node wants 0–9 or -1 as well.
    return new DeflateCodec("zlib", new CodecConfig(name, configuration, ctx.where).int("level", 1, -1, 9), ctx.where, decodedSizeLimit(ctx));
  }

  async encode(bytes: Uint8Array): Promise<Uint8Array> {
    const b = await deflateBackend();
    return encodeStep(this.format, this.where, () => (this.format === "gzip" ? b.gzip(bytes, this.level) : b.zlib(bytes, this.level)));
  }

  async decode(bytes: Uint8Array): Promise<Uint8Array> {
    const b = await deflateBackend();
    const limit = this.maxOutput;
    const out = await decodeStep(this.format, this.where, async () => {
      try {
        return await (this.format === "gzip" ? b.gunzip(bytes, limit) : b.unzlib(bytes, limit));
      } catch (err) {
        if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw this.tooLarge(bytes.length);
        throw err;
      }
    });
    // Backends that cannot stop early are checked afterwards.
    if (limit !== undefined && out.length > limit) throw this.tooLarge(bytes.length);
    return out;
  }

  private tooLarge(stored: number): ChunkDecodeError {
    return new ChunkDecodeError(
      `${this.format} chunk of ${stored} bytes inflates to more than ${this.maxOutput} bytes, more than a chunk of this array can hold (corrupt or a decompression bomb)`,
      this.where,
    );
  }
}
