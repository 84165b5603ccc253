/**
 * gzip (v3 `gzip`, numcodecs `gzip`) and zlib (numcodecs `zlib`) codecs. In Node they use the
 * native zlib (`deflate-node.ts`); elsewhere (a browser) numcodecs' pure-JS GZip/Zlib. The Node
 * module is reached only through a dynamic import that bundlers are told to ignore.
 */
import type { ErrorLocation } from "../../errors.js";
import { canInflateWithStreams, inflateCapped, type InflateFormat } from "../../store/capped-inflate.js";
import type { ByteLimit } from "../../store/capped-read.js";
import { CodecConfig } from "./config.js";
import { decodedTooLarge } from "./decoded-limit.js";
import { decodeStep, encodeStep } from "./failures.js";
import { numcodecsClass } from "./numcodecs-wasm.js";
import { loadNodeModule } from "../node-module.js";
import { isNode } from "../runtime.js";
import type { BytesBytesCodec, CodecContext } from "./types.js";

/** Compress / decompress in the gzip and zlib container formats. */
export interface DeflateBackend {
  gzip(data: Uint8Array, level: number): Promise<Uint8Array>;
  /** Inflate; past `maxOutput` bytes a backend stops and fails with code ERR_BUFFER_TOO_LARGE (as node:zlib does). */
  gunzip(data: Uint8Array, maxOutput?: number): Promise<Uint8Array>;
  zlib(data: Uint8Array, level: number): Promise<Uint8Array>;
  unzlib(data: Uint8Array, maxOutput?: number): Promise<Uint8Array>;
}

/** The failure node:zlib reports past `maxOutputLength`, made by the portable backend too. */
const bufferTooLarge = () => Object.assign(new Error("output past the limit"), { code: "ERR_BUFFER_TOO_LARGE" });

/**
 * The portable backend, used outside Node: numcodecs' pure-JS GZip/Zlib to encode; to decode,
 * the runtime's DecompressionStream, which stops at `maxOutput` (numcodecs where there is none).
 */
export async function portableDeflateBackend(): Promise<DeflateBackend> {
  const [GZip, Zlib] = await Promise.all([numcodecsClass("gzip"), numcodecsClass("zlib")]);
  const inflate = (format: InflateFormat, fallback: (data: Uint8Array) => Promise<Uint8Array>) => (data: Uint8Array, maxOutput?: number) =>
    canInflateWithStreams() ? inflateCapped(format, data, maxOutput ?? Number.MAX_SAFE_INTEGER, bufferTooLarge) : fallback(data);
  return {
    gzip: async (data, level) => GZip.fromConfig({ id: "gzip", level }).encode(data),
    gunzip: inflate("gzip", async (data) => GZip.fromConfig({ id: "gzip" }).decode(data)),
    zlib: async (data, level) => Zlib.fromConfig({ id: "zlib", level: level < 0 ? 6 : level }).encode(data),
    unzlib: inflate("deflate", async (data) => Zlib.fromConfig({ id: "zlib" }).decode(data)),
  };
}

/** CommonJS's module file name: present when this file runs as CommonJS in Node, absent in a bundle. */
declare const __filename: string | undefined;

let chosen: Promise<DeflateBackend> | undefined;

/** The backend for this runtime, chosen once. */
export function deflateBackend(): Promise<DeflateBackend> {
  if (!chosen) {
    const nodeModule = "./deflate-node.js";
    // node-module.ts: require() where import() cannot load it (a decode worker run from the sources).
    chosen = isNode()
      ? loadNodeModule<{ backend: DeflateBackend }>(() => import(/* webpackIgnore: true */ nodeModule), nodeModule, typeof __filename === "string" ? __filename : undefined).then((m) => m.backend)
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
  ) {}

  static gzip(name: string, configuration: Record<string, unknown>, ctx: CodecContext): DeflateCodec {
    return new DeflateCodec("gzip", new CodecConfig(name, configuration, ctx.where).int("level", 1, 0, 9), ctx.where);
  }

  static zlib(name: string, configuration: Record<string, unknown>, ctx: CodecContext): DeflateCodec {
    // Python's zlib accepts -1 (its default level); Node wants 0–9 or -1 as well.
    return new DeflateCodec("zlib", new CodecConfig(name, configuration, ctx.where).int("level", 1, -1, 9), ctx.where);
  }

  async encode(bytes: Uint8Array): Promise<Uint8Array> {
    const b = await deflateBackend();
    return encodeStep(this.format, this.where, () => (this.format === "gzip" ? b.gzip(bytes, this.level) : b.zlib(bytes, this.level)));
  }

  /** Inflate, stopping one chunk of output past `limit` when given. */
  async decode(bytes: Uint8Array, limit?: ByteLimit): Promise<Uint8Array> {
    const b = await deflateBackend();
    const max = limit?.bytes;
    const tooLarge = () => decodedTooLarge(this.format, bytes.length, limit!, this.where, undefined, "inflates to");
    const out = await decodeStep(this.format, this.where, async () => {
      try {
        return await (this.format === "gzip" ? b.gunzip(bytes, max) : b.unzlib(bytes, max));
      } catch (err) {
        if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" && limit) throw tooLarge();
        throw err;
      }
    });
    // The numcodecs fallback cannot stop early: checked afterwards.
    if (max !== undefined && out.length > max) throw tooLarge();
    return out;
  }
}
