/**
 * LZ4 block decoder in plain TypeScript (the block format, not the frame format): what Blosc
 * streams and numcodecs' LZ4 codec hold. Runs anywhere; the output size must be known, as it is
 * in both containers. Every length and offset is checked, so corrupt input throws, never
 * reads or writes outside the given arrays.
 */

/** Malformed LZ4 data; the message says what was wrong. */
export class Lz4FormatError extends Error {
  override readonly name = "Lz4FormatError";
}

/** Below this many bytes a plain loop beats `set` / `copyWithin` (their call costs more). */
const SHORT = 32;

/**
 * Decode the LZ4 block `src` into `dst[dstStart, dstEnd)`, which it must fill exactly.
 * Returns the number of bytes written (`dstEnd - dstStart`).
 */
export function decodeLz4Block(src: Uint8Array, dst: Uint8Array, dstStart = 0, dstEnd = dst.length): number {
  const srcEnd = src.length;
  let ip = 0;
  let op = dstStart;
  if (srcEnd === 0) {
    if (dstEnd === dstStart) return 0;
    throw new Lz4FormatError("empty LZ4 block for a non-empty output");
  }
  for (;;) {
    if (ip >= srcEnd) throw new Lz4FormatError("LZ4 block ends inside a sequence");
    const token = src[ip++];
    // Literals.
    let n = token >>> 4;
    if (n === 15) {
      let b: number;
      do {
        if (ip >= srcEnd) throw new Lz4FormatError("LZ4 literal length runs past the input");
        b = src[ip++];
        n += b;
      } while (b === 255);
    }
    if (n > 0) {
      if (ip + n > srcEnd) throw new Lz4FormatError("LZ4 literals run past the input");
      if (op + n > dstEnd) throw new Lz4FormatError("LZ4 literals run past the output size");
      if (n < SHORT) {
        for (let k = 0; k < n; k++) dst[op + k] = src[ip + k];
      } else {
        dst.set(src.subarray(ip, ip + n), op);
      }
      ip += n;
      op += n;
    }
    // The last sequence has literals only.
    if (ip === srcEnd) break;
    if (ip + 2 > srcEnd) throw new Lz4FormatError("LZ4 match offset runs past the input");
    const offset = src[ip] | (src[ip + 1] << 8);
    ip += 2;
    if (offset === 0 || op - offset < dstStart) throw new Lz4FormatError(`LZ4 match offset ${offset} points before the output`);
    let m = (token & 15) + 4;
    if (m === 19) {
      let b: number;
      do {
        if (ip >= srcEnd) throw new Lz4FormatError("LZ4 match length runs past the input");
        b = src[ip++];
        m += b;
      } while (b === 255);
    }
    if (op + m > dstEnd) throw new Lz4FormatError("LZ4 match runs past the output size");
    let from = op - offset;
    if (m < SHORT) {
      // Forward byte copy: also right when the match overlaps what it writes (offset < m).
      const end = op + m;
      while (op < end) dst[op++] = dst[from++];
    } else if (offset >= m) {
      dst.copyWithin(op, from, from + m);
      op += m;
    } else {
      // A long match with a short period: copy one period, then double the copied run.
      const end = op + m;
      const first = op + offset;
      while (op < first) dst[op++] = dst[from++];
      let period = offset;
      while (op < end) {
        const len = Math.min(period, end - op);
        dst.copyWithin(op, op - period, op - period + len);
        op += len;
        period += len;
      }
    }
  }
  if (op !== dstEnd) throw new Lz4FormatError(`LZ4 block decoded to ${op - dstStart} bytes, expected ${dstEnd - dstStart}`);
  return op - dstStart;
}
