/**
 * The write benchmark's data as a GenericDataChunkIterator: the same int16 signal as
 * signal_data.py (triangle wave per channel plus 5 bits of hashed noise), value for value.
 */
import { GenericDataChunkIterator, type GenericDataChunkIteratorOptions } from "../../src/io/generic-data-chunk-iterator.js";
import type { ChunkSlice } from "../../src/io/data-chunk.js";

const GOLDEN = 2654435761 | 0;

/** Values of the region rows × cols, C order. */
export function signal(rows: ChunkSlice, cols: ChunkSlice): Int16Array {
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

export class SignalIterator extends GenericDataChunkIterator {
  /** Seconds spent making the signal (in `getData`), reported beside the write time. */
  getDataSeconds = 0;

  constructor(private readonly rows: number, private readonly cols: number, options: GenericDataChunkIteratorOptions) {
    super(options);
  }
  protected getData(selection: ChunkSlice[]): Int16Array {
    const t0 = performance.now();
    const values = signal(selection[0], selection[1]);
    this.getDataSeconds += (performance.now() - t0) / 1000;
    return values;
  }
  protected getMaxShape(): number[] {
    return [this.rows, this.cols];
  }
  protected getDtype(): string {
    return "int16";
  }
}
