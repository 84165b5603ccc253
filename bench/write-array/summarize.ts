/**
 * Tables of one write-benchmark run from its result folder: write MB/s per writer, layout (plain
 * chunks or sharded) and job count (ratio ours / Python at the same layout and job count), peak RSS, the value check of every store, and the
 * reads of the written arrays. Writes `summary.json` there; for the full size, also replaces the
 * "Write benchmark" section of bench/RESULTS.md.
 *
 *   node --import tsx bench/write-array/summarize.ts <results dir> <size> <rows> <cols> <chunk rows> <buffer rows>
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";

const [dir, size, rows, cols, chunkRows, bufferRows] = process.argv.slice(2);
const read = (name: string) => JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8"));

/** Peak RSS in MB of a labelled process: `/usr/bin/time -v` when present, else its own figure. */
function peakMB(label: string, ownKb: number): number {
  const file = join(dir, `${label}.time`);
  const m = existsSync(file) ? /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(file, "utf8")) : null;
  return Math.round((m ? Number(m[1]) : ownKb) / 1024);
}

const lines: string[] = [];
const out = (s = "") => lines.push(s);
const dataMB = (Number(rows) * Number(cols) * 2) / 1e6;
out(`Data: int16 ${rows} × ${cols} (${dataMB.toFixed(0)} MB), chunks ${chunkRows} × ${cols}, buffers ${bufferRows} × ${cols} (${((Number(bufferRows) * Number(cols) * 2) / 2 ** 20).toFixed(0)} MiB); codecs bytes + zstd level 0 on both sides. ` +
  `Sharded rows: ZarrDataIO chunks ${chunkRows} × ${cols} as inner chunks of shards ${bufferRows} × ${cols} (one shard per buffer).`);
out();
out("| writer | layout | jobs | seconds | MB/s | ratio | peak RSS MB (largest process) | peak memory MB, all processes (Python: summed PSS, sampled) |");
out("|---|---|---:|---:|---:|---:|---:|---:|");
const writes: Record<string, unknown> = {};
for (const layout of ["chunks", "sharded"] as const) {
  for (const jobs of [1, 2]) {
    const tag = layout === "sharded" ? `sharded-j${jobs}` : `j${jobs}`;
    const py = read(`write.python-${tag}`);
    const ours = read(`write.ours-${tag}`);
    for (const [label, r] of [[`python-${tag}`, py], [`ours-${tag}`, ours]] as const) {
      const rss = peakMB(`write.${label}`, r.maxrss_kb);
      // Python's workers are processes: their memory adds up (sampled PSS sum); ours are threads of the one process.
      const all = r.tree_peak_rss_kb ? String(Math.round(r.tree_peak_rss_kb / 1024)) : String(rss);
      const ratio = r === py ? "1.00" : (ours.mbps / py.mbps).toFixed(2);
      out(`| ${r.impl} | ${layout} | ${jobs} | ${r.seconds.toFixed(2)} | ${r.mbps.toFixed(1)} | ${ratio} | ${rss} | ${all} |`);
      writes[label] = { ...r, peak_rss_mb: rss };
    }
  }
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
out();
out(`Load average of the machine at the end of the run (1, 5, 15 min): ${loadavg().map((x) => x.toFixed(1)).join(", ")} on 2 cores — other work shared it, so compare rows of one run.`);
const text = lines.join("\n");
console.log(text);
writeFileSync(join(dir, "summary.json"), JSON.stringify({ size, writes, verify, reads }, null, 1));

if (size === "full") {
  const file = join(__dirname, "..", "RESULTS.md");
  const start = "<!-- write-benchmark:start -->";
  const end = "<!-- write-benchmark:end -->";
  const section = `${start}\n## Write benchmark (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC)\n\n` +
    "Command: `bash bench/write-array/run.sh` (`--small` for the 34 MB smoke run). An NWB file with a TimeSeries holding the data, " +
    "written from a GenericDataChunkIterator by pynwb 4.2 + hdmf-zarr 0.14.0 (`io.write(nwbfile, number_of_jobs=…)`, worker processes) and by " +
    "this package (`io.write(nwbfile, { numberOfJobs })`, worker threads), one process per row, on the shared 2-core machine. " +
    "Ratio = ours / Python at the same layout and job count.\n\n" + text + "\n\n" +
    "Where our write time goes: zstd encoding, by the native library when it is installed (about 17 ms per 8 MiB chunk here; " +
    "numcodecs' WebAssembly build, the fallback and the browser's, takes about 230 ms, most of it copying the input into its memory), " +
    "then making the signal (on the main thread: workers get the buffers, not the iterator) and copying each chunk out of its buffer." + `\n${end}`;
  const old = readFileSync(file, "utf8");
  const i = old.indexOf(start);
  const j = old.indexOf(end);
  writeFileSync(file, i >= 0 && j > i ? old.slice(0, i) + section + old.slice(j + end.length) : `${old.trimEnd()}\n\n${section}\n`);
}
