/** A 2-D block of the ramp value(row, col) = row·1000 + col, as iterator tests serve their data. */
import type { ChunkSlice } from "../../src/io/data-chunk.js";

/** The ramp's values over rows `r` and columns `c`, in C order. */
export function rampBlock(r: ChunkSlice, c: ChunkSlice): Int32Array {
  const out = new Int32Array((r.stop - r.start) * (c.stop - c.start));
  let k = 0;
  for (let i = r.start; i < r.stop; i++) for (let j = c.start; j < c.stop; j++) out[k++] = i * 1000 + j;
  return out;
}
