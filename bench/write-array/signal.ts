/**
 * The write benchmark's data: the same int16 signal as signal_data.py (triangle wave per channel
 * plus 5 bits of hashed noise), value for value. signal-file.ts writes it to the file every
 * writer reads its buffers from.
 */

/** One axis of a region: `start` to `stop` (exclusive). */
export interface Range {
  start: number;
  stop: number;
}

const GOLDEN = 2654435761 | 0;

/** Values of the region rows × cols, C order. */
export function signal(rows: Range, cols: Range): Int16Array {
  const width = cols.stop - cols.start;
  const out = new Int16Array((rows.stop - rows.start) * width);
  let k = 0;
  for (let i = rows.start; i < rows.stop; i++) {
    const hi = Math.imul(i, GOLDEN);
    for (let j = cols.start; j < cols.stop; j++) {
      const noise = (((hi + Math.imul(j, 40503)) >>> 0) >>> 24) & 31;
      out[k++] = ((i + j * 97) % 2000) - 1000 + noise - 16;
    }
  }
  return out;
}
