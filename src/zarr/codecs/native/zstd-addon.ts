/**
 * Native Zstandard decoding and encoding for Node through the optional dependency `@toondepauw/node-zstd`
 * (a Node-API addon whose prebuilt binary comes in a per-platform npm package, so installing it
 * downloads nothing else and builds nothing). Both run on libuv's thread pool, so several
 * chunks (de)compress in parallel; encoding this way is ~10× faster than the WebAssembly build,
 * which first copies every byte into its own memory. Node-only; absent or broken installs leave
 * Node's own zstd where it has one (`zstd-builtin.ts`), else the WebAssembly path.
 */

/** Decodes whole Zstandard input (one or more frames, skippable frames allowed). */
export interface NativeZstd {
  /** Package that provides it, for messages and benchmarks. */
  readonly name: string;
  decode(bytes: Uint8Array): Promise<Uint8Array>;
  /**
   * One data frame that states its decoded `size`, decoded in one call into one buffer allocated
   * at that size, and returned without a copy. Throws ZstdSizeError (zstd-frame.ts) when the frame
   * decodes past `size`. Absent where the library has no such call: the addon's decoder streams
   * into a growing buffer whatever the header says.
   */
  decodeSized?(frame: Uint8Array, size: number): Uint8Array | Promise<Uint8Array>;
  /**
   * One data frame that does not state its size, decoded in one call into one buffer of at most
   * min(`max`, `bound`) + 1 bytes, stopping once the output passes `max` (`undefined` then).
   * Absent where the decoder cannot stop part way (the addon).
   */
  decodeCapped?(frame: Uint8Array, max: number, bound: number): Uint8Array | undefined | Promise<Uint8Array | undefined>;
  /** One frame at compression `level` (0 = the library default, as numcodecs' level 0). */
  encode(bytes: Uint8Array, level: number): Promise<Uint8Array>;
}

interface AddonDecoder {
  decode(data: Uint8Array): Promise<Uint8Array>;
}

interface AddonEncoder {
  encode(data: Uint8Array): Promise<Uint8Array>;
}

type Addon = { Decoder: new () => AddonDecoder; Encoder: new (level: number) => AddonEncoder };

const PACKAGE = "@toondepauw/node-zstd";

/** Buffers become plain Uint8Arrays over the same memory, as elsewhere in the codecs. */
const plain = (b: Uint8Array): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

let loaded: NativeZstd | null | undefined;

/** The addon, loaded on first call; `undefined` when it is not installed or does not load here. */
export function nativeZstd(): NativeZstd | undefined {
  if (loaded === undefined) {
    loaded = null;
    try {
      // A variable specifier: bundlers must not try to pull a native module into a browser build.
      const name = PACKAGE;
      const addon = require(name) as Addon;
      const decoder = new addon.Decoder();
      const encoders = new Map<number, AddonEncoder>();
      const encoder = (level: number): AddonEncoder => {
        let e = encoders.get(level);
        if (!e) encoders.set(level, (e = new addon.Encoder(level)));
        return e;
      };
      loaded = {
        name: PACKAGE,
        decode: async (bytes) => plain(await decoder.decode(bytes)),
        encode: async (bytes, level) => plain(await encoder(level).encode(bytes)),
      };
    } catch {
      // Not installed (optional dependency), or no binary for this platform.
    }
  }
  return loaded ?? undefined;
}
