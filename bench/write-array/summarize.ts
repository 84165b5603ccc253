/**
 * Tables of one write-benchmark run from its result folder: write MB/s per writer, layout (plain
 * chunks or sharded) and job count (ratio ours / Python at the same layout and job count), CPU
 * seconds, the time spent reading buffers from the signal file, peak RSS, the value check of every store, and the
 * reads of the written arrays, with zarr-python 3 writing the same array as the plain-array
 * reference and the load average at the start and end of the run. Writes `summary.json` and
 * `summary.md` there.
 *
 *   node --import tsx bench/write-array/summarize.ts <results dir> <size> <rows> <cols> <chunk rows> <buffer rows>
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [dir, size, rows, cols, chunkRows, bufferRows] = process.argv.slice(2);
const read = (name: string) => JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8"));

/** The `/usr/bin/time -v` report of a labelled process, or "" without one. */
const timeReport = (label: string) => {
  const file = join(dir, `${label}.time`);
  return existsSync(file) ? readFileSync(file, "utf8") : "";
};

/** Peak RSS in MB of a labelled process: `/usr/bin/time -v` when present, else its own figure. */
function peakMB(label: string, ownKb: number): number {
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(timeReport(label));
  return Math.round((m ? Number(m[1]) : ownKb) / 1024);
}

/** CPU seconds (user + system) of a labelled process and the children it waited for (Python's worker processes), or `–`. */
function cpuSeconds(label: string): string {
  const report = timeReport(label);
  const user = /User time \(seconds\): ([\d.]+)/.exec(report);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(report);
  return user && sys ? (Number(user[1]) + Number(sys[1])).toFixed(2) : "–";
}

/** One writer's JSON line (write_ours.cjs, write_python.py, write_zarr_python.py). */
interface WriteResult {
  impl: string;
  /** Node release (ours). */
  node?: string;
  jobs: number;
  seconds: number;
  mbps: number;
  maxrss_kb: number;
  /** Python: summed PSS of the process and its workers. */
  tree_peak_rss_kb?: number;
  /** Seconds spent reading buffers in the writer's own process; null where workers read them. */
  getdata_seconds?: number | null;
  /** CPU seconds of the writer's process (all its threads) while its clock ran; Python's worker processes not included. */
  timed_cpu_seconds?: number;
}

/** CPU seconds in the clock (`*`: the main process only, its worker processes left out), or `–`. */
const clockCpu = (r: WriteResult) => (typeof r.timed_cpu_seconds !== "number" ? "–" : `${r.timed_cpu_seconds.toFixed(2)}${r.impl.startsWith("hdmf-zarr") && r.jobs > 1 ? "*" : ""}`);

/** A writer's name in the tables: ours names its Node release when a run has two. */
const writerName = (r: WriteResult, label: string) => (label.includes("node24") ? `${r.impl} (Node ${r.node})` : r.impl);

const lines: string[] = [];
const out = (s = "") => lines.push(s);
const dataMB = (Number(rows) * Number(cols) * 2) / 1e6;
out(`Data: int16 ${rows} × ${cols} (${dataMB.toFixed(0)} MB), chunks ${chunkRows} × ${cols}, buffers ${bufferRows} × ${cols} (${((Number(bufferRows) * Number(cols) * 2) / 2 ** 20).toFixed(0)} MiB); codecs bytes + zstd level 0 on both sides. ` +
  `Sharded rows: ZarrDataIO chunks ${chunkRows} × ${cols} as inner chunks of shards ${bufferRows} × ${cols} (one shard per buffer).`);
out();
const load = JSON.parse(readFileSync(join(dir, "load.json"), "utf8")) as { start: string; end: string; cpus: number };
out(`Load average (1, 5, 15 min) at the start: ${load.start}; at the end: ${load.end}; ${load.cpus} CPUs.`);
out();
const made = JSON.parse(readFileSync(join(dir, "signal.json"), "utf8")) as { bytes: number; seconds: number };
out(`The signal was made once, before any writer ran, into a file of raw int16 (${(made.bytes / 1e6).toFixed(0)} MB in ${made.seconds.toFixed(2)} s); ` +
  "each writer's iterator reads its buffers from it (page cache) into new arrays, inside the writer's clock.");
out();
/** Seconds spent reading buffers in the writer's own process (`–` where worker processes read them). */
const reading = (r: { getdata_seconds?: number | null }) => (typeof r.getdata_seconds === "number" ? r.getdata_seconds.toFixed(2) : "–");
out("CPU s: user + sys of the whole process and the worker processes it waited for (start-up and imports included); in the clock: of the writer's process while its clock ran (`*`: hdmf-zarr's worker processes left out).");
out();
out("| writer | layout | jobs | seconds | MB/s | ratio | CPU s (user + sys) | CPU s in the clock | of which reading the buffers, s | peak RSS MB (largest process) | peak memory MB, all processes (Python: summed PSS, sampled) |");
out("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
const writes: Record<string, unknown> = {};
for (const layout of ["chunks", "sharded"] as const) {
  for (const jobs of [1, 2]) {
    const tag = layout === "sharded" ? `sharded-j${jobs}` : `j${jobs}`;
    const py = read(`write.python-${tag}`);
    const rows: [string, WriteResult][] = [[`python-${tag}`, py], [`ours-${tag}`, read(`write.ours-${tag}`)]];
    if (layout === "chunks" && existsSync(join(dir, `write.ours-node24-${tag}.json`))) rows.push([`ours-node24-${tag}`, read(`write.ours-node24-${tag}`)]);
    for (const [label, r] of rows) {
      const rss = peakMB(`write.${label}`, r.maxrss_kb);
      // Python's workers are processes: their memory adds up (sampled PSS sum); ours are threads of the one process.
      const all = r.tree_peak_rss_kb ? String(Math.round(r.tree_peak_rss_kb / 1024)) : String(rss);
      const ratio = r === py ? "1.00" : (r.mbps / py.mbps).toFixed(2);
      const cpu = cpuSeconds(`write.${label}`);
      out(`| ${writerName(r, label)} | ${layout} | ${jobs} | ${r.seconds.toFixed(2)} | ${r.mbps.toFixed(1)} | ${ratio} | ${cpu} | ${clockCpu(r)} | ${reading(r)} | ${rss} | ${all} |`);
      writes[label] = { ...r, peak_rss_mb: rss, cpu_seconds: cpu === "–" ? null : Number(cpu) };
    }
  }
}
const zp = read("write.zarr-python");
out();
out("The same array without an NWB file: zarr-python 3 writing it buffer by buffer (same chunks, codecs and signal), against our NWB writes of the plain-chunk rows above:");
out();
out("| writer | jobs | seconds | MB/s | ratio to zarr-python | CPU s (user + sys) | CPU s in the clock | of which reading the buffers, s | peak RSS MB |");
out("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
writes["zarr-python"] = { ...zp, peak_rss_mb: peakMB("write.zarr-python", zp.maxrss_kb), cpu_seconds: Number(cpuSeconds("write.zarr-python")) || null };
const against = ["zarr-python", "ours-j1", "ours-j2", "ours-node24-j1", "ours-node24-j2"].filter((l) => existsSync(join(dir, `write.${l}.json`)));
for (const label of against) {
  const r = read(`write.${label}`) as WriteResult;
  out(`| ${writerName(r, label)}${label === "zarr-python" ? " (array only)" : " (NWB file)"} | ${r.jobs} | ${r.seconds.toFixed(2)} | ${r.mbps.toFixed(1)} | ${(r.mbps / zp.mbps).toFixed(2)} | ${cpuSeconds(`write.${label}`)} | ${clockCpu(r)} | ${reading(r)} | ${peakMB(`write.${label}`, r.maxrss_kb)} |`);
}
if (existsSync(join(dir, "write.ours-quarter.json"))) {
  out();
  out("Peak memory against data size (1 job, same chunks and buffers):");
  out();
  out("| writer | peak RSS MB, 1/4 of the rows | peak RSS MB, all rows |");
  out("|---|---:|---:|");
  for (const side of ["python", "ours"]) {
    const q = read(`write.${side}-quarter`);
    const all = read(`write.${side}-j1`);
    out(`| ${q.impl} | ${peakMB(`write.${side}-quarter`, q.maxrss_kb)} | ${peakMB(`write.${side}-j1`, all.maxrss_kb)} |`);
  }
}
const verify = read("verify") as Record<string, { ok: boolean; wrong: number; shape: number[]; chunks: number[]; shards: number[] | null; codecs: string[] }>;
out();
out("Values (zarr-python reads every store and compares it with the formula):");
for (const [store, v] of Object.entries(verify)) {
  const shards = v.shards ? `, shards [${v.shards}]` : "";
  out(`- ${store.split("/").slice(-4).join("/")}: shape [${v.shape}], chunks [${v.chunks}]${shards}, codecs ${v.codecs.join("+")}: ${v.ok ? "all values right" : `${v.wrong} wrong values`}`);
}
out();
out("| array read | reader | whole MB/s | ratio | windows MB/s | ratio | peak RSS MB | checksums equal |");
out("|---|---|---:|---:|---:|---:|---:|---|");
const reads: Record<string, unknown> = {};
for (const src of ["ours-j2", "python-j1", "ours-sharded-j2"]) {
  const py = read(`read.${src}.python`);
  const ours = read(`read.${src}.ours`);
  const same = py.whole.checksum === ours.whole.checksum && Math.abs(py.slices.checksum - ours.slices.checksum) < 1e-6;
  for (const [label, r] of [["python", py], ["ours", ours]] as const) {
    const ratio = (c: "whole" | "slices") => (r[c].mbps / py[c].mbps).toFixed(2);
    out(`| written by ${src} | ${r.impl} | ${r.whole.mbps.toFixed(0)} | ${ratio("whole")} | ${r.slices.mbps.toFixed(0)} | ${ratio("slices")} | ${peakMB(`read.${src}.${label}`, r.maxrss_kb)} | ${same ? "yes" : "NO"} |`);
  }
  reads[src] = { python: py, ours, checksumsEqual: same };
}
const text = lines.join("\n");
console.log(text);
writeFileSync(join(dir, "summary.json"), JSON.stringify({ size, load, signal: made, writes, verify, reads }, null, 1));
writeFileSync(join(dir, "summary.md"), `${text}\n`);
