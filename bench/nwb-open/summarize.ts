/**
 * Summary of the NWB open benchmark: medians of the per-process JSON lines written by run.sh, the
 * ratio pynwb / ours per step, the checksum comparison and our open-time breakdown, as Markdown.
 *
 *   node --import tsx bench/nwb-open/summarize.ts <results dir>
 *
 * Exits 1 when the two readers disagree on a checksum.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

interface Run {
  reader: string;
  import: number;
  open: number;
  units: number;
  slice: number;
  n_units: number;
  spike_count: number;
  spike_sum: number;
  slice_count: number;
  slice_sum: number;
  steps?: Record<string, number>;
}

const dir = process.argv[2];
const runs: Run[] = readdirSync(dir)
  .filter((f) => f.endsWith(".json") && f !== "file.json")
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as Run);
const file = JSON.parse(readFileSync(join(dir, "file.json"), "utf8")) as { groups: number; datasets: number; objects: number; series: number; units: number };

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const by = (reader: string) => runs.filter((r) => r.reader === reader);
const py = by("pynwb");
const ours = by("ours");
const bd = by("ours-breakdown");
const ms = (s: number) => (s * 1000 >= 100 ? (s * 1000).toFixed(0) : (s * 1000).toFixed(1));

const lines: string[] = [];
lines.push(`File: ${file.objects} objects (${file.groups} groups, ${file.datasets} datasets); ${file.series} TimeSeries, ${file.units} units.`);
lines.push(`Medians of ${py.length} pynwb and ${ours.length} ours runs, each a fresh process (ms; ratio = pynwb / ours).`, "");
lines.push("| step | pynwb + hdmf-zarr 0.14 | ours | ratio |", "|---|---:|---:|---:|");
const total = (r: Run) => r.open + r.units + r.slice;
const rows: [string, (r: Run) => number][] = [
  ["import (not in the totals)", (r) => r.import],
  ["open → usable NWBFile", (r) => r.open],
  ["spike times of all units", (r) => r.units],
  ["one TimeSeries slice", (r) => r.slice],
  ["open + units + slice", total],
];
for (const [name, f] of rows) {
  const a = median(py.map(f));
  const b = median(ours.map(f));
  lines.push(`| ${name} | ${ms(a)} | ${ms(b)} | ${(a / b).toFixed(2)}× |`);
}
if (bd.length) {
  const names = Object.keys(bd[0].steps ?? {});
  lines.push("", `Our open, step by step (median of ${bd.length} runs, ms): ` + names.map((n) => `${n} ${ms(median(bd.map((r) => r.steps![n])))}`).join(", ") + `; sum ${ms(median(bd.map((r) => r.open)))}.`);
}

// Checksums: counts exact; sums to 1e-12 relative (numpy sums pairwise, we sum in order).
let ok = true;
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
for (const r of runs) {
  const p = py[0];
  if (r.n_units !== p.n_units || r.spike_count !== p.spike_count || r.slice_count !== p.slice_count || !close(r.spike_sum, p.spike_sum) || !close(r.slice_sum, p.slice_sum)) {
    ok = false;
    lines.push(`MISMATCH (${r.reader}): ${JSON.stringify(r)} vs pynwb ${JSON.stringify(p)}`);
  }
}
if (ok) lines.push("", `Checksums agree: ${py[0].n_units} units, ${py[0].spike_count} spike times (sum ${py[0].spike_sum.toFixed(6)}), slice of ${py[0].slice_count} values (sum ${py[0].slice_sum.toFixed(9)}).`);
process.stdout.write(lines.join("\n") + "\n");
process.exit(ok ? 0 : 1);
