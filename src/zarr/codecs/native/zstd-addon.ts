/**
 * Native Zstandard decoding for Node through the optional dependency `@toondepauw/node-zstd`
 * (a Node-API addon whose prebuilt binary comes in a per-platform npm package, so installing it
 * downloads nothing else and builds nothing). Decoding runs on libuv's thread pool, so several
 * chunks decompress in parallel. Node-only; absent or broken installs leave the WebAssembly path.
 */

/** Decodes whole Zstandard input (one or more frames, skippable frames allowed). */
export interface NativeZstd {
  /** Package that provides it, for messages and benchmarks. */
  readonly name: string;
  decode(bytes: Uint8Array): Promise<Uint8Array>;
}

interface AddonDecoder {
  decode(data: Uint8Array): Promise<Uint8Array>;
}

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
      const addon = require(name) as { Decoder: new () => AddonDecoder };
      const decoder = new addon.Decoder();
      loaded = { name: PACKAGE, decode: async (bytes) => plain(await decoder.decode(bytes)) };
    } catch {
      // Not installed (optional dependency), or no binary for this platform.
    }
  }
  return loaded ?? undefined;
}
