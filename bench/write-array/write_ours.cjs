"use strict";
/**
 * Our side of the write benchmark: an NWB file whose TimeSeries `raw` holds the signal, written
 * from a GenericDataChunkIterator by NWBZarrIO with `numberOfJobs` worker threads. The iterator
 * reads each buffer from the signal file (raw int16, made by signal-file.ts before any writer
 * runs) into a new array, as write_python.py's does. With `shard rows`, the data is wrapped in
 * ZarrDataIO({ chunks, shards }): shards of that many rows holding inner chunks of `chunk rows`.
 * It runs as plain JavaScript against a compiled copy of the package (`--lib`), as an installed
 * package runs: no TypeScript loader in the timed process or in its write workers.
 *
 *   node bench/write-array/write_ours.cjs <out.nwb.zarr> <signal.i16> <rows> <cols> <chunk rows> <buffer rows> <jobs> [shard rows] --lib=<dir> [--fresh=0]
 *
 * `--fresh=0` leaves `freshBuffers` unset, so the writer copies each buffer it keeps in flight.
 *
 * Prints one JSON object like write_python.py.
 */
const { closeSync, openSync, readSync } = require("node:fs");
const { resolve } = require("node:path");

const option = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

async function main() {
  const [out, file, ...nums] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const [rows, cols, chunkRows, bufferRows, jobs, shardRows = 0] = nums.map(Number);
  const lib = option("lib");
  if (!lib) throw new Error("--lib=<compiled package folder> is required");
  const { GenericDataChunkIterator } = require(resolve(lib, "io/generic-data-chunk-iterator.js"));
  const { ZarrDataIO } = require(resolve(lib, "io/zarr-data-io.js"));
  const { loadNwbTypes, NWBFile, NWBZarrIO, TimeSeries } = require(resolve(lib, "nwb/index.js"));

  /**
   * The signal's buffers, each read from the file into a new Int16Array, which the iterator does
   * not keep (`freshBuffers`). Read synchronously, as numpy's `fromfile` does on the Python side:
   * an asynchronous read would wait in libuv's pool behind the chunks being compressed there.
   */
  class SignalFileIterator extends GenericDataChunkIterator {
    constructor(fd, options) {
      super({ ...options, freshBuffers: option("fresh") !== "0" });
      this.fd = fd;
      /** Seconds spent reading buffers (in `getData`), reported beside the write time. */
      this.getDataSeconds = 0;
    }
    getData(selection) {
      const t0 = performance.now();
      const [r, c] = selection;
      const all = new Int16Array((r.stop - r.start) * cols);
      const bytes = new Uint8Array(all.buffer);
      for (let done = 0; done < bytes.length; ) {
        const bytesRead = readSync(this.fd, bytes, done, bytes.length - done, r.start * cols * 2 + done);
        if (bytesRead === 0) throw new Error(`${file} ends before row ${r.stop}`);
        done += bytesRead;
      }
      let values = all;
      if (c.start !== 0 || c.stop !== cols) {
        const width = c.stop - c.start;
        values = new Int16Array((r.stop - r.start) * width);
        for (let i = 0; i < r.stop - r.start; i++) values.set(all.subarray(i * cols + c.start, i * cols + c.stop), i * width);
      }
      this.getDataSeconds += (performance.now() - t0) / 1000;
      return values;
    }
    getMaxShape() {
      return [rows, cols];
    }
    getDtype() {
      return "int16";
    }
  }

  await loadNwbTypes();
  const fd = openSync(file, "r");
  const signal = new SignalFileIterator(fd, { chunkShape: [chunkRows, cols], bufferShape: [bufferRows, cols] });
  const data = shardRows > 0 ? new ZarrDataIO(signal, { chunks: [chunkRows, cols], shards: [shardRows, cols] }) : signal;
  const nwb = new NWBFile({ identifier: "write-bench", sessionDescription: "write benchmark", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
  nwb.addAcquisition(new TimeSeries({ name: "raw", data, unit: "V", rate: 30000 }));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const io = new NWBZarrIO(out, "w");
  await io.write(nwb, { numberOfJobs: jobs });
  await io.close();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  closeSync(fd);
  const nbytes = rows * cols * 2;
  const usage = process.resourceUsage();
  console.log(JSON.stringify({
    impl: "ours", node: process.versions.node, jobs, shardRows, seconds, bytes: nbytes, mbps: nbytes / 1e6 / seconds,
    maxrss_kb: usage.maxRSS, getdata_seconds: signal.getDataSeconds,
    // CPU time of every thread of the process (workers included) while the clock ran.
    timed_cpu_seconds: (cpu.user + cpu.system) / 1e6,
  }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
