/**
 * Our side of the write benchmark: an NWB file whose TimeSeries `raw` holds the signal, written
 * from a GenericDataChunkIterator by NWBZarrIO with `numberOfJobs` worker threads. With
 * `shard rows`, the data is wrapped in ZarrDataIO({ chunks, shards }): shards of that many rows
 * holding inner chunks of `chunk rows`.
 *
 *   node --import tsx bench/write-array/write.ts <out.nwb.zarr> <rows> <cols> <chunk rows> <buffer rows> <jobs> [shard rows]
 *
 * Prints one JSON object like write_python.py.
 */
import { ZarrDataIO } from "../../src/io/zarr-data-io.js";
import { loadNwbTypes, NWBFile, NWBZarrIO, TimeSeries } from "../../src/nwb/index.js";
import { SignalIterator } from "./signal.js";

async function main(): Promise<void> {
  const [out, ...nums] = process.argv.slice(2);
  const [rows, cols, chunkRows, bufferRows, jobs, shardRows = 0] = nums.map(Number);
  await loadNwbTypes();
  const signal = new SignalIterator(rows, cols, { chunkShape: [chunkRows, cols], bufferShape: [bufferRows, cols] });
  const data = shardRows > 0 ? new ZarrDataIO(signal, { chunks: [chunkRows, cols], shards: [shardRows, cols] }) : signal;
  const file = new NWBFile({ identifier: "write-bench", sessionDescription: "write benchmark", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
  file.addAcquisition(new TimeSeries({ name: "raw", data, unit: "V", rate: 30000 }));
  const t0 = performance.now();
  const io = new NWBZarrIO(out, "w");
  await io.write(file, { numberOfJobs: jobs });
  await io.close();
  const seconds = (performance.now() - t0) / 1000;
  const bytes = rows * cols * 2;
  console.log(JSON.stringify({ impl: "ours", jobs, shardRows, seconds, bytes, mbps: bytes / 1e6 / seconds, maxrss_kb: process.resourceUsage().maxRSS, getdata_seconds: signal.getDataSeconds }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
