/**
 * The source of the export-copy benchmark: an NWB file in the legacy format (Zarr v2, as
 * hdmf-zarr ≤ 0.13 writes) whose TimeSeries `raw` holds float32 values in zstd chunks of 8 MiB
 * (16384 rows × 128 columns), written by our NWBZarrIO.
 *
 *   node --import tsx bench/export-copy/make_file.ts <out.nwb.zarr> <chunks>   (prints {"file", "bytes", "shape"})
 */
import { rmSync } from "node:fs";
import { GenericDataChunkIterator } from "../../src/io/generic-data-chunk-iterator.js";
import type { ChunkSlice } from "../../src/io/data-chunk.js";
import { ZarrDataIO } from "../../src/io/zarr-data-io.js";
import { loadNwbTypes, NWBFile, NWBZarrIO, TimeSeries } from "../../src/nwb/index.js";

const CHUNK_ROWS = 16384;
const COLS = 128;

/** A slow wave per column plus hashed noise in the low bits, so zstd keeps about half the bytes. */
class FloatSignal extends GenericDataChunkIterator {
  constructor(private readonly rows: number) {
    super({ chunkShape: [CHUNK_ROWS, COLS], bufferShape: [CHUNK_ROWS, COLS] });
  }
  protected getData([rows, cols]: ChunkSlice[]): Float32Array {
    const out = new Float32Array((rows.stop - rows.start) * (cols.stop - cols.start));
    let k = 0;
    for (let i = rows.start; i < rows.stop; i++) {
      for (let j = cols.start; j < cols.stop; j++) {
        const noise = ((Math.imul(i, 2654435761) + Math.imul(j, 40503)) >>> 20) / 4096;
        out[k++] = Math.fround(Math.sin(i / 500 + j) * 100 + noise);
      }
    }
    return out;
  }
  protected getMaxShape(): number[] {
    return [this.rows, COLS];
  }
  protected getDtype(): string {
    return "float32";
  }
}

async function main(): Promise<void> {
  const [out, chunks] = process.argv.slice(2);
  const rows = CHUNK_ROWS * Number(chunks);
  rmSync(out, { recursive: true, force: true });
  await loadNwbTypes();
  const data = new ZarrDataIO(new FloatSignal(rows), { chunks: [CHUNK_ROWS, COLS], compressor: { id: "zstd", level: 1 } });
  const file = new NWBFile({ identifier: "export-copy-bench", sessionDescription: "export copy benchmark", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
  file.addAcquisition(new TimeSeries({ name: "raw", data, unit: "V", rate: 30000 }));
  const io = new NWBZarrIO(out, "w", { zarrFormat: 2 });
  await io.write(file, { numberOfJobs: 2 });
  await io.close();
  console.log(JSON.stringify({ file: out, bytes: rows * COLS * 4, shape: [rows, COLS] }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
