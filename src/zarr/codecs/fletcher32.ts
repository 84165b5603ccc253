/**
 * numcodecs' `fletcher32` (bytes → bytes; HDF5's checksum filter, which LINDI maps to it): appends
 * the Fletcher-32 sum of the data, read as big-endian 16-bit words as HDF5 reads them (an odd byte
 * count padded with a zero byte), as 4 little-endian bytes; decoding checks and strips it.
 */
import { CodecConfig } from "./config.js";
import { TrailingChecksumCodec } from "./trailing-checksum.js";
import type { CodecContext } from "./types.js";

/** Sums folded to 16 bits the way HDF5 folds them (so a sum of 0xffff stays 0xffff, never 0). */
const fold = (sum: number) => (sum & 0xffff) + (sum >>> 16);

/**
 * Fletcher-32 of `data` as HDF5 (and numcodecs ≥ 0.15) computes it: big-endian words summed in
 * blocks of 360, small enough that neither 32-bit sum overflows, each block's sums folded.
 */
export function fletcher32(data: Uint8Array): number {
  let sum1 = 0;
  let sum2 = 0;
  const words = data.length >> 1;
  for (let start = 0; start < words; start += 360) {
    const end = Math.min(words, start + 360);
    for (let w = start; w < end; w++) {
      sum1 += (data[2 * w] << 8) | data[2 * w + 1];
      sum2 += sum1;
    }
    sum1 = fold(sum1);
    sum2 = fold(sum2);
  }
  if (data.length & 1) {
    sum1 += data[data.length - 1] << 8;
    sum2 += sum1;
    sum1 = fold(sum1);
    sum2 = fold(sum2);
  }
  return ((fold(sum2) << 16) | fold(sum1)) >>> 0;
}

/** numcodecs' `fletcher32`, which takes no settings. */
export const Fletcher32Codec = {
  fromConfig(cfg: Record<string, unknown>, ctx: CodecContext): TrailingChecksumCodec {
    new CodecConfig("numcodecs.fletcher32", cfg, ctx.where).only();
    return new TrailingChecksumCodec("fletcher32", fletcher32, ctx.where);
  },
};
