/**
 * numcodecs `lzma` (bytes → bytes, `LZMA(format=1, check=-1, preset=None, filters=None)`): the xz
 * format, through liblzma itself in the optional native package `lzma-native` (Node only; where it
 * is absent or has no binary, as in a browser, the codec fails with UnknownCodecError naming it).
 *
 * Writing honours `preset` (0–9, with liblzma's extreme flag; None is Python's default, 6) and
 * `check` (-1 is the xz default, CRC64; 0 none, 1 CRC32, 4 CRC64, 10 SHA-256) exactly as Python's
 * `lzma.compress` does. Reading first walks the chunk's headers (`xz-size.ts`) for its exact
 * decoded size, refused when past the cap, then decodes each stream with liblzma, which verifies
 * the integrity check (a check it cannot verify is an error, not skipped). The alone (2) and raw
 * (3) formats are refused: they state no decoded size, and the package decodes each input whole,
 * so such a chunk could not be held to its cap. Custom filter chains are refused too: the package
 * lets a filter's `preset` override its explicit settings, where Python applies them over it.
 */
import { UnknownCodecError, type ErrorLocation } from "../../errors.js";
import type { ByteLimit } from "../../store/capped-read.js";
import { nodeProcess } from "../runtime.js";
import { CodecConfig } from "./config.js";
import { decodedTooLarge } from "./decoded-limit.js";
import { decodeStep, encodeStep } from "./failures.js";
import type { BytesBytesCodec, CodecContext } from "./types.js";
import { xzStreams } from "./xz-size.js";

/** The dictionary of xz's preset 9 (and 9e), the largest Python's presets use: 64 MiB. */
const PRESET_9_DICTIONARY = 64 * 2 ** 20;
/** liblzma's decoder state beside the dictionary (about 30 KiB; 1 MiB of room). */
const DECODER_OVERHEAD = 2 ** 20;

/** The optional package that does the xz work. */
export const LZMA_PACKAGE = "lzma-native";

/**
 * What a coder reports after each run on the thread pool: output bytes; then `null` with the error
 * (null at the stream's end) when liblzma stopped; then how many inputs it took in.
 */
type BufferHandler = (buf: Uint8Array | null | undefined, processed: number | undefined, err: unknown) => void;

/**
 * One liblzma coder (`lzma_stream`). The `_` methods call liblzma directly: the package's own
 * wrappers replace a preset or check of 0 with their defaults, and its Node stream cuts the input
 * at every "YZ" (slow on data full of them), so neither is used.
 */
interface NativeCoder {
  easyEncoder_(preset: number, check: number): number;
  streamDecoder_(memlimit: number | null, flags: number): number;
  /** Queue input (`null`: finish) and run liblzma on it, on the thread pool when `async`. */
  code(input: Uint8Array | null, async: boolean): void;
  bufferHandler?: BufferHandler;
}

/** The part of the package used here. */
interface LzmaNative {
  Stream: new () => NativeCoder;
  /** Decoder flag: a check liblzma cannot verify is an error, not skipped. */
  TELL_UNSUPPORTED_CHECK: number;
}

/** CommonJS's module file name: present when this file runs as CommonJS in Node, absent in a bundle. */
declare const __filename: string | undefined;

let loaded: LzmaNative | null | undefined;

/** The package, loaded once; undefined where it is not installed or cannot load (a browser). */
function lzmaNative(): LzmaNative | undefined {
  if (loaded === undefined) {
    loaded = null;
    // require() taken from node:module at run time, out of a bundler's sight (as in native/backend.ts):
    // a browser build must not try to pull a native module in.
    const builtin = nodeProcess()?.getBuiltinModule?.("node:module");
    const createRequire = (builtin as { createRequire?(path: string): (id: string) => unknown } | undefined)?.createRequire;
    if (createRequire && typeof __filename === "string") {
      try {
        loaded = createRequire(__filename)(LZMA_PACKAGE) as LzmaNative;
      } catch {
        // Not installed (optional dependency), or no binary for this platform.
      }
    }
  }
  return loaded ?? undefined;
}

/** numcodecs `check` ids: -1 (the xz default), none, CRC32, CRC64, SHA-256. */
const CHECKS = [-1, 0, 1, 4, 10];
/** What `check=-1` means for xz, as in Python's `lzma`: CRC64. */
const XZ_DEFAULT_CHECK = 4;
/** Python's `lzma` preset when numcodecs' `preset` is None. */
const DEFAULT_PRESET = 6;

/** Run the whole of `input` through a liblzma coder on Node's thread pool; its output in one buffer. */
function runCoder(coder: NativeCoder, input: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = [];
    let size = 0;
    let ended = false;
    let finishing = false;
    coder.bufferHandler = (buf, processed, err) => {
      if (ended) return;
      if (buf) {
        parts.push(buf);
        size += buf.length;
      } else if (buf === null) {
        ended = true;
        if (err) return reject(err);
        const out = new Uint8Array(size);
        let at = 0;
        for (const p of parts) {
          out.set(p, at);
          at += p.length;
        }
        resolve(out);
      } else if (processed !== undefined && !finishing) {
        // The input is taken in and the coder has not ended: tell it no more is coming.
        finishing = true;
        try {
          coder.code(null, true);
        } catch (e) {
          ended = true;
          reject(e);
        }
      }
    };
    coder.code(input, true);
  });
}

export class LzmaCodec implements BytesBytesCodec {
  readonly kind = "bytes-bytes";
  constructor(
    private readonly where: ErrorLocation,
    /** liblzma preset: 0–9, optionally with the extreme flag (bit 31). */
    readonly preset: number,
    /** liblzma check id written: 0 none, 1 CRC32, 4 CRC64, 10 SHA-256. */
    readonly check: number,
  ) {}

  static fromConfig(name: string, configuration: Record<string, unknown>, ctx: CodecContext): LzmaCodec {
    const cfg = new CodecConfig(name, configuration, ctx.where).only("format", "check", "preset", "filters");
    const format = cfg.int("format", 1);
    if (format !== 1) throw cfg.error(`'format': only 1 (xz) is supported, got ${format}`);
    const check = cfg.int("check", -1);
    if (!CHECKS.includes(check)) throw cfg.error(`'check' must be one of ${CHECKS.join(", ")}, got ${check}`);
    // Presets 0–9, optionally with liblzma's "extreme" flag (bit 31).
    const preset = cfg.int("preset", DEFAULT_PRESET, 0, 0x80000009);
    if ((preset & 0x7fffffff) > 9) throw cfg.error(`'preset' must be 0–9 (optionally with the extreme flag), got ${preset}`);
    if (cfg.has("filters")) throw cfg.error("custom 'filters' are not supported (only the default xz filter chain)");
    return new LzmaCodec(ctx.where, preset, check === -1 ? XZ_DEFAULT_CHECK : check);
  }

  private module(): LzmaNative {
    const m = lzmaNative();
    if (!m) {
      throw new UnknownCodecError(
        `codec 'lzma' needs the optional package ${LZMA_PACKAGE}, which is not available here (it is Node-only)`,
        this.where,
      );
    }
    return m;
  }

  async encode(bytes: Uint8Array): Promise<Uint8Array> {
    const m = this.module();
    return encodeStep("lzma", this.where, () => {
      const coder = new m.Stream();
      // `>>> 0`: the extreme flag is bit 31, an unsigned 32-bit preset to liblzma.
      coder.easyEncoder_(this.preset >>> 0, this.check);
      return runCoder(coder, bytes);
    });
  }

  /**
   * Decode; with `limit`, a chunk whose headers state more is refused before decoding, and
   * liblzma's memory is limited (see {@link DECODER_OVERHEAD}).
   */
  async decode(bytes: Uint8Array, limit?: ByteLimit): Promise<Uint8Array> {
    const m = this.module();
    return decodeStep("lzma", this.where, async () => {
      const streams = xzStreams(bytes);
      const size = streams.reduce((n, s) => n + s.size, 0);
      if (limit && size > limit.bytes) throw decodedTooLarge("lzma", bytes.length, limit, this.where, size);
      // One coder per stream (the padding between them is not xz data); Python reads them all in turn.
      const out = new Uint8Array(size);
      let at = 0;
      for (const s of streams) {
        const coder = new m.Stream();
        // The dictionary's memory is capped too: a stream's header may claim up to 1.5 GiB of it
        // whatever it decodes to. What liblzma needs for any preset Python writes (9: a 64 MiB
        // dictionary) fits; a larger claim than that and the stream's own size is refused.
        coder.streamDecoder_(Math.max(s.size, PRESET_9_DICTIONARY) + DECODER_OVERHEAD, m.TELL_UNSUPPORTED_CHECK);
        // liblzma holds each LZMA2 chunk to the size its header states, which the walk above summed.
        const part = await runCoder(coder, bytes.subarray(s.start, s.end));
        if (part.length !== s.size) throw new Error(`a stream decoded to ${part.length} bytes, its headers state ${s.size}`);
        out.set(part, at);
        at += part.length;
      }
      return out;
    });
  }
}
