/**
 * LINDI open benchmark: the NWB HDF5 file of make_file.py opened over HTTP by three readers, each
 * run as a whole process, in interleaved repetitions (the order rotates every repetition):
 *   ours     NWBZarrIO.readNwb(<url>.lindi.json)                  (read.ts)
 *   lindi    pynwb NWBHDF5IO over lindi.LindiH5pyFile.from_lindi_file(<url>.lindi.json)
 *   remfile  pynwb NWBHDF5IO over h5py.File(remfile.File(<url>.nwb))
 * The folder is served by the test suite's HTTP server (Range; a fixed delay before each answer).
 * Prints a Markdown table per delay (open time inside the process, whole-process wall time,
 * requests and bytes served, ours ÷ peer) and writes every run to <dir>/last-run.json. Exits 1
 * when the readers disagree on what they read.
 *
 *   node --import tsx bench/lindi-open/run.ts <dir> [--delays 0,20,80] [--reps 3] [--readers ours,lindi,remfile]
 *
 * PYTHON: the interpreter with pynwb, lindi, h5py and remfile (default .venv-reference/lindi).
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { startHttpServer, type TestHttpServer } from "../../test/helpers/http-server.js";
import { REPO_ROOT } from "../../test/helpers/repo-paths.js";
import { bytesServed, type Served } from "./served-bytes.js";

const SERIES_PATH = "processing/module1/series0001";
const NAME = "bench.nwb";

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const delays = flag("--delays", "0,20,80").split(",").map(Number);
const reps = Number(flag("--reps", "3"));
const readerIds = flag("--readers", "ours,lindi,remfile").split(",");
const dir = args[0];
const python = process.env.PYTHON ?? join(REPO_ROOT, ".venv-reference/lindi/bin/python");

interface Touch { identifier: string; series: number; units: number; electrodes: number; slice_count: number; slice_sum: number }
interface Run { reader: string; delay: number; rep: number; open: number; wall: number; requests: number; served: Served; touch: Touch }
interface Reader { id: string; label: string; argv: (url: string) => string[] }

const READERS: Reader[] = [
  { id: "ours", label: "ours: readNwb(.lindi.json)", argv: (url) => [process.execPath, "--import", "tsx", "bench/lindi-open/read.ts", `${url}/${NAME}.served.lindi.json`, SERIES_PATH] },
  { id: "lindi", label: "pynwb + lindi 0.4.6", argv: (url) => [python, "bench/lindi-open/read_python.py", "lindi", `${url}/${NAME}.served.lindi.json`, SERIES_PATH] },
  { id: "remfile", label: "pynwb + h5py + remfile", argv: (url) => [python, "bench/lindi-open/read_python.py", "remfile", `${url}/${NAME}`, SERIES_PATH] },
];
const readers = readerIds.map((id) => {
  const reader = READERS.find((r) => r.id === id);
  if (reader === undefined) throw new Error(`unknown reader ${id}; known: ${READERS.map((r) => r.id).join(", ")}`);
  return reader;
});

// numpy's OpenBLAS is confused by this machine's tuning variables (as bench/python-reference.sh).
const childEnv = { ...process.env };
delete childEnv.OPENBLAS_CORETYPE;
delete childEnv.OPENBLAS_L2_SIZE;

/** Run one reader to its end (asynchronously: the server answers from this process meanwhile). */
function runProcess(argv: string[]): Promise<{ wall: number; stdout: string }> {
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    const child = spawn(argv[0], argv.slice(1), { cwd: REPO_ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"], timeout: 900_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code) => {
      const wall = (performance.now() - t0) / 1000;
      code === 0 ? ok({ wall, stdout }) : fail(new Error(`${argv.slice(0, 4).join(" ")} exited ${code}:\n${stderr.slice(-3000)}`));
    });
  });
}

async function measure(server: TestHttpServer, reader: Reader, delay: number, rep: number): Promise<Run> {
  server.stats.reset();
  const { wall, stdout } = await runProcess(reader.argv(server.url));
  // The JSON line is the last one starting with "{": lindi prints warnings to stdout at exit.
  const line = stdout.split("\n").filter((l) => l.startsWith("{")).pop();
  if (line === undefined) throw new Error(`${reader.id} printed no result: ${stdout.slice(-1000)}`);
  const out = JSON.parse(line) as { open: number; touch: Touch };
  return { reader: reader.id, delay, rep, open: out.open, wall, requests: server.stats.total, served: await bytesServed(server), touch: out.touch };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const spread = (xs: number[], digits: number) => (Math.min(...xs) === Math.max(...xs) ? "" : ` (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`);
/** "median (min–max)" of `xs`. */
const cell = (xs: number[], digits = 2) => median(xs).toFixed(digits) + spread(xs, digits);
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");

/** Rows of one delay: per reader the medians (min–max), and ours ÷ peer as the median of the per-repetition ratios. */
function table(runs: Run[]): string[] {
  const lines = [
    "| reader | open s | process s | requests | whole-file GETs | MB in ranges + whole files | open ours ÷ peer | process ours ÷ peer |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  const ours = runs.filter((r) => r.reader === "ours");
  for (const reader of readers) {
    const mine = runs.filter((r) => r.reader === reader.id);
    const ratio = (f: (r: Run) => number) =>
      reader.id === "ours" || ours.length === 0 ? "–" : cell(mine.map((r) => f(ours.find((o) => o.rep === r.rep)!) / f(r)));
    const mb = (f: (s: Served) => number) => (median(mine.map((r) => f(r.served))) / 1e6).toFixed(2);
    const cells = [
      reader.label, cell(mine.map((r) => r.open)), cell(mine.map((r) => r.wall)), cell(mine.map((r) => r.requests), 0),
      cell(mine.map((r) => r.served.wholeCount), 0), `${mb((s) => s.ranged)} + ${mb((s) => s.whole)}`, ratio((r) => r.open), ratio((r) => r.wall),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines;
}

/** Every run against the first: the same identifier and counts, exactly; the slice sum to 1e-12 (numpy sums pairwise). */
function disagreements(runs: Run[]): string[] {
  const ref = runs[0].touch;
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
  const exact = ["identifier", "series", "units", "electrodes", "slice_count"] as const;
  return runs
    .filter((r) => !(close(r.touch.slice_sum, ref.slice_sum) && exact.every((k) => r.touch[k] === ref[k])))
    .map((r) => `MISMATCH ${r.reader} (delay ${r.delay} ms, repetition ${r.rep}): ${JSON.stringify(r.touch)} vs ${JSON.stringify(ref)}`);
}

async function main(): Promise<void> {
  const file = JSON.parse(readFileSync(join(dir, "file.json"), "utf8")) as Record<string, number | string>;
  const server = await startHttpServer(dir);
  // The port is new on every run: serve lindi's file with its placeholder origin replaced.
  writeFileSync(join(dir, `${NAME}.served.lindi.json`), readFileSync(join(dir, `${NAME}.lindi.json`), "utf8").replaceAll(String(file.origin), server.url));
  const runs: Run[] = [];
  const startLoad = load();
  // Each delay's table is printed as soon as it is done, so a failure later keeps what was measured.
  const print = (...lines: string[]) => process.stdout.write(lines.join("\n") + "\n");
  print(
    `File: ${file.objects} objects (${file.groups} groups, ${file.datasets} datasets) and ${file.attributes} attributes; ${file.series} TimeSeries, ${file.units} units; ` +
      `HDF5 ${(Number(file.nwb_bytes) / 1e6).toFixed(1)} MB, LINDI JSON ${(Number(file.lindi_bytes) / 1e6).toFixed(1)} MB.`,
    `${reps} repetitions per delay; each a fresh process per reader, the order rotating. Median (min–max); ratio < 1: ours is faster.`,
    `Load average at start: ${startLoad}.`,
  );
  try {
    for (const delay of delays) {
      server.delayMs = delay;
      const delayRuns: Run[] = [];
      const before = load();
      for (let rep = 0; rep < reps; rep++) {
        for (let k = 0; k < readers.length; k++) {
          const reader = readers[(rep + k) % readers.length];
          process.stderr.write(`delay ${delay} ms, repetition ${rep + 1}/${reps}: ${reader.id} ...\n`);
          delayRuns.push(await measure(server, reader, delay, rep));
        }
      }
      runs.push(...delayRuns);
      print("", `### First-byte delay ${delay} ms (load ${before} → ${load()})`, "", ...table(delayRuns));
    }
  } finally {
    await server.close();
  }
  const bad = disagreements(runs);
  const t = runs[0].touch;
  print("", `Load average at end: ${load()}.`, bad.length ? bad.join("\n") : `Touch check: every run read the same: identifier ${t.identifier}, ${t.series} TimeSeries, ${t.units} units, ${t.electrodes} electrodes, ${SERIES_PATH}[10:60] sum ${t.slice_sum.toFixed(9)}.`);
  writeFileSync(join(dir, "last-run.json"), JSON.stringify({ file, startLoad, endLoad: load(), runs, mismatches: bad }, null, 1));
  process.exit(bad.length ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
