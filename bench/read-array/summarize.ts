/**
 * Prints the table of one benchmark run from its result folder: MB/s per reader and case, the
 * ratio ours / zarr-python, peak RSS, checksums (both sides must have read the same values),
 * and where our time went.
 *
 *   node --import tsx bench/read-array/summarize.ts <results dir> <size> <dataset>...
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface Case {
  seconds: number;
  bytes: number;
  mbps: number;
  checksum: number;
  count?: number;
}
interface Result {
  impl: string;
  whole: Case;
  slices: Case;
  maxrss_kb: number;
  breakdown?: Record<string, Record<string, number>>;
}

const [dir, size, ...datasets] = process.argv.slice(2);

/** Peak RSS in MB from `/usr/bin/time -v` when present, else what the process measured itself. */
function peakMB(label: string, r: Result): string {
  const file = join(dir, `${label}.time`);
  if (existsSync(file)) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(file, "utf8"));
    if (m) return (Number(m[1]) / 1024).toFixed(0);
  }
  return (r.maxrss_kb / 1024).toFixed(0) + "*";
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
let mismatch = false;
for (const ds of datasets) {
  const py = JSON.parse(readFileSync(join(dir, `${ds}.python.json`), "utf8")) as Result;
  console.log(`\n## ${size} ${ds}: whole ${(py.whole.bytes / 1e6).toFixed(0)} MB; ${py.slices.count} windows, ${(py.slices.bytes / 1e6).toFixed(0)} MB in all`);
  console.log("| reader | whole MB/s | ratio | windows MB/s | ratio | peak RSS MB |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const label of ["python", "ours-wasm", "ours", "ours-pool"]) {
    // The WebAssembly-only row (the decoders before the Node ones) is optional.
    if (!existsSync(join(dir, `${ds}.${label}.json`))) continue;
    const r = JSON.parse(readFileSync(join(dir, `${ds}.${label}.json`), "utf8")) as Result;
    const ratio = (c: "whole" | "slices") => (r[c].mbps / py[c].mbps).toFixed(2);
    console.log(`| ${r.impl} | ${r.whole.mbps.toFixed(0)} | ${ratio("whole")} | ${r.slices.mbps.toFixed(0)} | ${ratio("slices")} | ${peakMB(`${ds}.${label}`, r)} |`);
    if (!close(r.whole.checksum, py.whole.checksum) || !close(r.slices.checksum, py.slices.checksum)) {
      mismatch = true;
      console.log(`  CHECKSUM MISMATCH: ${r.impl} ${r.whole.checksum} / ${r.slices.checksum}, python ${py.whole.checksum} / ${py.slices.checksum}`);
    }
    if (r.breakdown) {
      for (const [c, b] of Object.entries(r.breakdown)) {
        const pct = (k: string) => `${((100 * b[k]) / b.totalMs).toFixed(0)}%`;
        console.log(`  breakdown (${c}, serial, ${b.chunks} chunks, ${b.compressedMB} MB compressed, ${b.totalMs} ms): ` +
          `fetch ${b.fetchMs} ms (${pct("fetchMs")}), decompress ${b.decompressMs} ms (${pct("decompressMs")}), ` +
          `bytes→array ${b.decodeArrayMs} ms (${pct("decodeArrayMs")}), copy ${b.copyMs} ms (${pct("copyMs")}), other ${b.otherMs} ms`);
      }
    }
  }
}
console.log("\nratio = ours / zarr-python (higher is better for us); * = RSS measured by the process itself");
if (mismatch) process.exit(1);
