/**
 * numcodecs `shuffle` (bytes → bytes): byte i of every `elementsize`-byte element is gathered
 * into plane i, which helps the compressor that follows. hdmf-zarr's HDF5 export writes it.
 */
import { CodecConfig } from "./config.js";
import type { BytesBytesCodec, CodecContext } from "./types.js";

/** Shuffle (or with `inverse`, unshuffle) `src` into a new array. Trailing partial elements are copied as is. */
export function shuffleBytes(src: Uint8Array, elementSize: number, inverse = false): Uint8Array {
  const out = new Uint8Array(src.length);
  if (elementSize <= 1) {
    out.set(src);
    return out;
  }
  const count = Math.floor(src.length / elementSize);
  for (let b = 0; b < elementSize; b++) {
    const plane = b * count;
    if (inverse) for (let i = 0; i < count; i++) out[i * elementSize + b] = src[plane + i];
    else for (let i = 0; i < count; i++) out[plane + i] = src[i * elementSize + b];
  }
  const done = count * elementSize;
  out.set(src.subarray(done), done);
  return out;
}

export class ShuffleCodec implements BytesBytesCodec {
  readonly kind = "bytes-bytes";
  constructor(readonly elementSize: number) {}

  static fromConfig(name: string, configuration: Record<string, unknown>, ctx: CodecContext): ShuffleCodec {
    return new ShuffleCodec(new CodecConfig(name, configuration, ctx.where).int("elementsize", 4, 0));
  }

  async encode(bytes: Uint8Array): Promise<Uint8Array> {
    return shuffleBytes(bytes, this.elementSize);
  }

  async decode(bytes: Uint8Array): Promise<Uint8Array> {
    return shuffleBytes(bytes, this.elementSize, true);
  }
}
