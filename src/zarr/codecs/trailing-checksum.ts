/**
 * Bytes → bytes codecs that append a 32-bit checksum of the data as 4 little-endian bytes and,
 * decoding, check and strip it (crc32c, fletcher32).
 */
import { ChunkDecodeError, type ErrorLocation } from "../../errors.js";
import type { BytesBytesCodec } from "./types.js";

export class TrailingChecksumCodec implements BytesBytesCodec {
  readonly kind = "bytes-bytes";
  constructor(
    /** The codec's name in messages. */
    private readonly name: string,
    private readonly sum: (data: Uint8Array) => number,
    private readonly where: ErrorLocation,
  ) {}

  async encode(bytes: Uint8Array): Promise<Uint8Array> {
    const out = new Uint8Array(bytes.length + 4);
    out.set(bytes);
    new DataView(out.buffer).setUint32(bytes.length, this.sum(bytes), true);
    return out;
  }

  async decode(bytes: Uint8Array): Promise<Uint8Array> {
    if (bytes.length < 4) throw new ChunkDecodeError(`${this.name}: ${bytes.length} bytes cannot hold the 4-byte checksum`, this.where);
    const data = bytes.subarray(0, bytes.length - 4);
    const stored = new DataView(bytes.buffer, bytes.byteOffset + data.length, 4).getUint32(0, true);
    const actual = this.sum(data);
    if (stored !== actual) {
      const hex = (n: number) => `0x${n.toString(16).padStart(8, "0")}`;
      throw new ChunkDecodeError(`${this.name} checksum mismatch (stored ${hex(stored)}, computed ${hex(actual)}): corrupt chunk`, this.where);
    }
    return data;
  }
}
