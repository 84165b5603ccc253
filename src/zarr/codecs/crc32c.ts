/**
 * The v3 `crc32c` codec (bytes → bytes): appends the CRC-32C (Castagnoli) of the data as
 * 4 little-endian bytes; decoding checks and strips it.
 */
import { TrailingChecksumCodec } from "./trailing-checksum.js";
import type { CodecContext } from "./types.js";

/** Slicing-by-4 tables for the reflected Castagnoli polynomial 0x82F63B78. */
const TABLES: Uint32Array[] = (() => {
  const t0 = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t0[i] = c >>> 0;
  }
  const tables = [t0];
  for (let t = 1; t < 4; t++) {
    const prev = tables[t - 1];
    const next = new Uint32Array(256);
    for (let i = 0; i < 256; i++) next[i] = (prev[i] >>> 8) ^ t0[prev[i] & 0xff];
    tables.push(next);
  }
  return tables;
})();

/** CRC-32C of `data`. */
export function crc32c(data: Uint8Array): number {
  const [t0, t1, t2, t3] = TABLES;
  let crc = 0xffffffff;
  let i = 0;
  const n = data.length;
  for (; i + 4 <= n; i += 4) {
    crc ^= data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    crc = t3[crc & 0xff] ^ t2[(crc >>> 8) & 0xff] ^ t1[(crc >>> 16) & 0xff] ^ t0[crc >>> 24];
  }
  for (; i < n; i++) crc = t0[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The v3 `crc32c` codec. */
export const Crc32cCodec = {
  fromConfig(_cfg: Record<string, unknown>, ctx: CodecContext): TrailingChecksumCodec {
    return new TrailingChecksumCodec("crc32c", crc32c, ctx.where);
  },
};
