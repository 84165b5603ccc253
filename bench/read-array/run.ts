/**
 * Runs the read benchmark: every layout × workload, N rounds of whole processes; each round runs
 * our two readers and every peer once (the order reversed every other round), so that each peer
 * run is paired with our runs of the same round. Compares checksums (a mismatch fails the run),
 * then prints the summary and details as markdown and writes them to --md.
 *
 *   node --import tsx bench/read-array/run.ts --data <dir> [--size full|small] [--pairs N]
 *     [--windows N] [--layouts a,b] [--workloads whole,windows] [--readers a,b] [--md file] [--profile]
 *
 * The Python peers come from the environment: BENCH_PY3 (zarr-python 3), BENCH_PY2
 * (zarr-python 2), BENCH_PYTS (tensorstore); a missing one shows as "–" with the reason.
 * Our reader runs as plain JavaScript, as an installed package does: `src/` is compiled with tsc
 * into bench/data/build/ours-<pid>/ before the first run (the BENCH_BASE tree's into its own
 * bench/data/build/), removed when the run ends. BENCH_NODE24 (a Node 24 binary; bench/run.sh installs one) adds the
 * reader `ours-node24`: the same compiled reader on that release (node:zlib's zstd there).
 * BENCH_BASE (a checkout of another commit, e.g. a `git worktree`) adds the reader `ours-base`:
 * our reader from that tree, run in the same rounds, to compare a change before and after on a
 * loaded machine. Whole-array workloads also run the decode limit once per round
 * (decode_limit.py: libzstd / c-blosc decoding the same chunk bytes on 2 threads, with
 * zarr-python 3's numcodecs) and print each reader's time against it. `--profile` adds one more
 * run of our reader per workload under `node --cpu-prof` (outside the rounds and their figures) and
 * prints each thread's busy time and top functions by self time.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { summarizeProfile, type ThreadSummary } from "./profile-summary.js";

interface Layout { id: string; label: string; format: 2 | 3; windows: string; windowsLabel: string }
interface Reader {
  id: string;
  label: string;
  ours: boolean;
  /** Environment variables set for this reader's process. */
  env?: Record<string, string>;
  /** Why this reader cannot read the layout, or undefined when it can. */
  skip(layout: Layout): string | undefined;
  cmd(store: string, workload: string, windows: string, count: number): string[];
}
interface RunResult {
  ok: boolean;
  seconds?: number;
  bytes?: number;
  checksum?: number;
  impl?: string;
  rssMB?: number;
  processSeconds?: number;
  /** CPU seconds of the whole process (user + system, from /usr/bin/time). */
  cpuSeconds?: number;
  error?: string;
}
interface ReaderRuns { reader: Reader; skip?: string; runs: RunResult[] }
interface WorkloadResult {
  layout: Layout;
  workload: "whole" | "windows";
  loadBefore: string;
  loadAfter: string;
  readers: ReaderRuns[];
  mismatch: string[];
  /** Seconds of the decode limit per round (whole workloads of compressed layouts), and its codec. */
  limit: { seconds: number[]; codec?: string; error?: string };
  /** With --profile: our reader's threads (main thread first), or why there is no profile. */
  profile?: { threads: ThreadSummary[]; seconds?: number; error?: string };
}

const LAYOUTS: Layout[] = [
  { id: "f32-v3-zstd", label: "float32 v3 zstd 3", format: 3, windows: "windows-f32.json", windowsLabel: "1000 rows × all columns" },
  { id: "f32-v2-blosc", label: "float32 v2 blosc-lz4 + shuffle", format: 2, windows: "windows-f32.json", windowsLabel: "1000 rows × all columns" },
  { id: "f32-v3-raw", label: "float32 v3 raw", format: 3, windows: "windows-f32.json", windowsLabel: "1000 rows × all columns" },
  { id: "f32-v3-sharded", label: "float32 v3 sharded (1 MiB inner, zstd 3)", format: 3, windows: "windows-f32.json", windowsLabel: "1000 rows × all columns" },
  { id: "ephys-v3-zstd", label: "int16 ephys v3 zstd 3", format: 3, windows: "windows-ephys.json", windowsLabel: "1000 rows × 64 channels" },
];

const opts = parseArgs(process.argv.slice(2));
const PY_ENV = { ...process.env };
// The OpenBLAS tuning variables of this machine only confuse numpy's OpenBLAS.
delete PY_ENV.OPENBLAS_CORETYPE;
delete PY_ENV.OPENBLAS_L2_SIZE;

function python(envVar: string, what: string) {
  const py = process.env[envVar];
  return { py: py ?? "", missing: py && existsSync(py) ? undefined : `${what} not installed (${envVar} unset or missing)` };
}
const py3 = python("BENCH_PY3", "zarr-python 3 venv");
const py2 = python("BENCH_PY2", "zarr-python 2 venv");
const pyts = python("BENCH_PYTS", "tensorstore venv");
const zarritaDir = "bench/read-array/zarrita";
const zarritaMissing = existsSync(join(zarritaDir, "node_modules", "zarrita")) ? undefined : "zarrita.js not installed (npm ci in bench/read-array/zarrita)";

const jsArgs = (store: string, workload: string, windows: string, count: number) => [store, workload, windows, String(count)];
const baseTree = process.env.BENCH_BASE;
const baseMissing = baseTree && existsSync(join(baseTree, "src/zarr/hierarchy.ts")) ? undefined : "BENCH_BASE unset or not a checkout";
/** The commit the BENCH_BASE tree is at, for the table's legend. */
const baseCommit = () => spawnSync("git", ["-C", baseTree ?? ".", "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout?.trim() || "unknown";
const node24 = process.env.BENCH_NODE24;
const node24Missing = node24 && existsSync(node24) ? undefined : "no Node 24 binary (BENCH_NODE24 unset or missing)";

/**
 * Compile the package sources of `tree` into its bench/data/build/ours-<pid>/ (once per run) and
 * return that folder: our reader then runs as JavaScript, as users run the installed package.
 */
function compileOurs(tree: string): string {
  // A folder of this run's own, so that runs side by side do not rebuild each other's reader.
  const out = resolve(tree, `bench/data/build/ours-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  process.on("exit", () => rmSync(out, { recursive: true, force: true }));
  process.stderr.write(`compiling ${resolve(tree, "src")} into ${out} ... `);
  const tsc = resolve(tree, "node_modules/typescript/bin/tsc");
  const p = spawnSync("node", [tsc, "-p", resolve(tree, "tsconfig.build.json"), "--outDir", out, "--sourceMap", "false", "--declaration", "false"], { encoding: "utf8" });
  if (p.status !== 0) throw new Error(`tsc failed for ${tree}:\n${p.stdout}${p.stderr}`);
  process.stderr.write("done\n");
  return out;
}
const oursLib = compileOurs(".");
const baseLib = baseTree && !baseMissing ? compileOurs(baseTree) : "";
const oursCmd = (nodeBin: string, lib: string, args: string[], extra: string[] = []) =>
  [nodeBin, "bench/read-array/read_ours.cjs", ...args, `--lib=${lib}`, ...extra];

const READERS: Reader[] = [
  { id: "ours", label: "ours", ours: true, skip: () => undefined, cmd: (...a) => oursCmd("node", oursLib, jsArgs(...a)) },
  { id: "ours-node24", label: "ours on Node 24", ours: true, skip: () => node24Missing, cmd: (...a) => oursCmd(node24 ?? "", oursLib, jsArgs(...a)) },
  { id: "ours-base", label: "ours (BENCH_BASE tree)", ours: true, skip: () => baseMissing, cmd: (...a) => oursCmd("node", baseLib, jsArgs(...a)) },
  {
    id: "ours-main", label: "ours, main thread (HDMF_ZARR_DECODE_WORKERS=0)", ours: true, env: { HDMF_ZARR_DECODE_WORKERS: "0" }, skip: () => undefined,
    cmd: (...a) => oursCmd("node", oursLib, jsArgs(...a)),
  },
  { id: "ours-pool", label: "ours + DecodePool(2)", ours: true, skip: () => undefined, cmd: (...a) => oursCmd("node", oursLib, jsArgs(...a), ["--pool=2"]) },
  { id: "zarr3", label: "zarr-python 3", ours: false, skip: () => py3.missing, cmd: (...a) => [py3.py, "bench/read-array/read_peer.py", "zarr", ...jsArgs(...a)] },
  { id: "tensorstore", label: "tensorstore", ours: false, skip: () => pyts.missing, cmd: (...a) => [pyts.py, "bench/read-array/read_peer.py", "tensorstore", ...jsArgs(...a)] },
  { id: "zarrita", label: "zarrita.js", ours: false, skip: () => zarritaMissing, cmd: (...a) => ["node", join(zarritaDir, "read.mjs"), ...jsArgs(...a)] },
  {
    id: "zarr2", label: "zarr-python 2", ours: false,
    skip: (l) => (l.format !== 2 ? "Zarr v3 layout: zarr-python 2 reads Zarr v2 only" : py2.missing),
    cmd: (...a) => [py2.py, "bench/read-array/read_peer.py", "zarr", ...jsArgs(...a)],
  },
];
const PEERS = READERS.filter((r) => !r.ours);

function parseArgs(argv: string[]) {
  const o = { data: "", size: "full", pairs: 3, windows: 200, layouts: LAYOUTS.map((l) => l.id), workloads: ["whole", "windows"], readers: [] as string[], md: "", timeout: 1200, profile: false };
  for (let i = 0; i < argv.length; i++) {
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return x;
    };
    switch (argv[i]) {
      case "--data": o.data = v(); break;
      case "--size": o.size = v(); break;
      case "--pairs": o.pairs = Number(v()); break;
      case "--windows": o.windows = Number(v()); break;
      case "--layouts": o.layouts = v().split(","); break;
      case "--workloads": o.workloads = v().split(","); break;
      case "--readers": o.readers = v().split(","); break;
      case "--md": o.md = v(); break;
      case "--timeout": o.timeout = Number(v()); break;
      case "--profile": o.profile = true; break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (!o.data) throw new Error("--data <dir> is required");
  for (const id of o.layouts) if (!LAYOUTS.some((l) => l.id === id)) throw new Error(`unknown layout ${id}`);
  for (const w of o.workloads) if (w !== "whole" && w !== "windows") throw new Error(`unknown workload ${w}`);
  if (!(o.pairs >= 1) || !(o.windows >= 1)) throw new Error("--pairs and --windows must be >= 1");
  return o;
}

const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const hasTime = existsSync("/usr/bin/time");
const tmp = join(opts.data, "runs");
mkdirSync(tmp, { recursive: true });

/** One whole process of `reader`; `nodeFlags` go right after the binary (our readers only). */
function runOnce(reader: Reader, layout: Layout, workload: string, nodeFlags: string[] = []): RunResult {
  const store = join(opts.data, layout.id);
  const cmd = reader.cmd(store, workload, join(opts.data, layout.windows), opts.windows);
  cmd.splice(1, 0, ...nodeFlags);
  const timeFile = join(tmp, `${reader.id}.time`);
  rmSync(timeFile, { force: true });
  const argv = hasTime ? ["/usr/bin/time", "-v", "-o", timeFile, ...cmd] : cmd;
  const t0 = performance.now();
  const p = spawnSync(argv[0], argv.slice(1), {
    encoding: "utf8", env: reader.ours || reader.id === "zarrita" ? { ...process.env, ...reader.env } : PY_ENV,
    timeout: opts.timeout * 1000, maxBuffer: 64 << 20,
  });
  const processSeconds = (performance.now() - t0) / 1000;
  if (p.status !== 0) {
    const why = p.error ? p.error.message : p.signal ? `killed by ${p.signal}` : `exit ${p.status}`;
    const last = (p.stderr ?? "").trim().split("\n").filter((l) => !/^\s*(at |Command being timed|Command exited)/.test(l)).slice(-1)[0] ?? "";
    return { ok: false, error: `${why}: ${last.slice(0, 200)}` };
  }
  const line = p.stdout.trim().split("\n").at(-1) ?? "";
  let r: { impl: string; seconds: number; bytes: number; checksum: number; maxrss_kb: number };
  try {
    r = JSON.parse(line);
  } catch {
    return { ok: false, error: `no result line in its output: ${line.slice(0, 200)}` };
  }
  let rssMB = r.maxrss_kb / 1024;
  let cpuSeconds: number | undefined;
  if (hasTime && existsSync(timeFile)) {
    const text = readFileSync(timeFile, "utf8");
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
    if (m) rssMB = Number(m[1]) / 1024;
    const user = /User time \(seconds\): ([\d.]+)/.exec(text);
    const sys = /System time \(seconds\): ([\d.]+)/.exec(text);
    if (user && sys) cpuSeconds = Number(user[1]) + Number(sys[1]);
  }
  return { ok: true, seconds: r.seconds, bytes: r.bytes, checksum: r.checksum, impl: r.impl, rssMB, processSeconds, cpuSeconds };
}

function runWorkload(layout: Layout, workload: "whole" | "windows"): WorkloadResult {
  // The old-tree reader runs only when BENCH_BASE names a checkout.
  const readers: ReaderRuns[] = READERS.filter((r) => !(r.id === "ours-base" && baseMissing))
    .filter((r) => opts.readers.length === 0 || opts.readers.includes(r.id) || r.id === "ours")
    .map((reader) => ({ reader, skip: reader.skip(layout), runs: [] }));
  const loadBefore = loadavg();
  const limit: WorkloadResult["limit"] = { seconds: [] };
  for (let round = 0; round < opts.pairs; round++) {
    const order = round % 2 === 0 ? readers : [...readers].reverse();
    if (workload === "whole" && !limit.error) decodeLimit(layout, limit);
    for (const rr of order) {
      if (rr.skip) continue;
      process.stderr.write(`${layout.id} ${workload} round ${round + 1}/${opts.pairs}: ${rr.reader.label} ... `);
      const r = runOnce(rr.reader, layout, workload);
      process.stderr.write(r.ok ? `${r.seconds!.toFixed(2)} s, ${r.rssMB!.toFixed(0)} MB\n` : `FAILED ${r.error}\n`);
      rr.runs.push(r);
      // A peer that cannot read a layout fails the same way every time: stop asking it.
      if (!r.ok && !rr.reader.ours) rr.skip = `failed: ${r.error}`;
    }
  }
  const loadAfter = loadavg();
  const profile = opts.profile ? profileOurs(layout, workload) : undefined;
  const mismatch: string[] = [];
  const ref = readers[0].runs.find((r) => r.ok);
  for (const rr of readers) {
    for (const r of rr.runs) {
      if (!r.ok) {
        if (rr.reader.ours) mismatch.push(`${rr.reader.label} failed: ${r.error}`);
        continue;
      }
      if (ref && (r.checksum !== ref.checksum || r.bytes !== ref.bytes)) {
        mismatch.push(`${rr.reader.label}: checksum ${r.checksum} / ${r.bytes} bytes, ours ${ref.checksum} / ${ref.bytes} bytes`);
      }
    }
  }
  return { layout, workload, loadBefore, loadAfter, readers, mismatch, limit, profile };
}

/** One more run of our reader under `node --cpu-prof`: each thread's profile, main thread first. */
function profileOurs(layout: Layout, workload: string): WorkloadResult["profile"] {
  const dir = join(tmp, `profile-${layout.id}-${workload}`);
  rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`${layout.id} ${workload}: profile of ours ... `);
  const r = runOnce(READERS[0], layout, workload, ["--cpu-prof", `--cpu-prof-dir=${dir}`]);
  if (!r.ok) {
    process.stderr.write(`FAILED ${r.error}\n`);
    return { threads: [], error: r.error };
  }
  // Node names each file CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main one.
  const threadOf = (f: string) => Number(f.split(".").at(-3));
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")).sort((a, b) => threadOf(a) - threadOf(b));
  process.stderr.write(`${r.seconds!.toFixed(2)} s, ${files.length} thread(s)\n`);
  return { threads: files.map((f) => summarizeProfile(join(dir, f), 6)), seconds: r.seconds };
}

/** One run of decode_limit.py on the layout (2 threads, best of 2), added to `limit`. */
function decodeLimit(layout: Layout, limit: WorkloadResult["limit"]): void {
  if (py3.missing) {
    limit.error = py3.missing;
    return;
  }
  process.stderr.write(`${layout.id} decode limit ... `);
  const p = spawnSync(py3.py, ["bench/read-array/decode_limit.py", join(opts.data, layout.id), "--threads", "2", "--reps", "2"], { encoding: "utf8", env: PY_ENV, timeout: opts.timeout * 1000 });
  let r: { codec?: string; seconds?: number; mbps?: number | null } = {};
  try {
    r = JSON.parse(p.stdout.trim().split("\n").at(-1) ?? "");
  } catch {
    limit.error = `decode_limit.py failed: ${(p.stderr ?? "").trim().split("\n").at(-1)?.slice(0, 200)}`;
    process.stderr.write(`FAILED ${limit.error}\n`);
    return;
  }
  if (r.mbps === null || r.seconds === undefined) {
    limit.error = `no decode limit for ${r.codec ?? "this layout"}`;
    process.stderr.write(`${limit.error}\n`);
    return;
  }
  limit.codec = r.codec;
  limit.seconds.push(r.seconds);
  process.stderr.write(`${r.seconds.toFixed(2)} s, ${r.mbps!.toFixed(0)} MB/s\n`);
}

/** Median over the rounds of the decode limit's seconds ÷ the reader's (1 = at the limit). */
function limitShare(w: WorkloadResult, rr: ReaderRuns): number {
  const shares: number[] = [];
  for (let i = 0; i < Math.min(w.limit.seconds.length, rr.runs.length); i++) {
    if (rr.runs[i].ok) shares.push(w.limit.seconds[i] / rr.runs[i].seconds!);
  }
  return median(shares);
}
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : "–");

const secondsOf = (rr: ReaderRuns) => rr.runs.filter((r) => r.ok).map((r) => r.seconds!);
/** Median over the rounds of peer seconds ÷ our seconds (our speed ÷ the peer's), runs paired by round. */
function pairedRatio(ours: ReaderRuns, peer: ReaderRuns): number {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(ours.runs.length, peer.runs.length); i++) {
    const a = ours.runs[i];
    const b = peer.runs[i];
    if (a.ok && b.ok) ratios.push(b.seconds! / a.seconds!);
  }
  return median(ratios);
}
const mbps = (rr: ReaderRuns) => {
  const ok = rr.runs.find((r) => r.ok);
  return ok ? ok.bytes! / 1e6 / median(secondsOf(rr)) : NaN;
};
const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "–");
const wlName = (w: WorkloadResult) => `${w.layout.id} ${w.workload === "whole" ? "whole" : `${opts.windows} windows`}`;

function markdown(results: WorkloadResult[], started: string, seconds: number): string {
  const out: string[] = [];
  const sizeNote = opts.size === "small" ? " (`--small`: 1/16 of the rows)" : "";
  out.push(`# Read benchmark, ${opts.size}${sizeNote}`, "");
  if (process.env.BENCH_COMMAND) out.push(`Command: \`${process.env.BENCH_COMMAND}\``, "");
  if (baseTree && !baseMissing) out.push(`ours (BENCH_BASE tree) = our reader from ${baseTree}, commit ${baseCommit()}.`, "");
  out.push(`Started ${started}, ${(seconds / 60).toFixed(1)} min; ${opts.pairs} round(s) of whole processes per workload, ` +
    `${opts.windows} windows; ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`);
  out.push("Ratio = our speed ÷ the peer's (peer wall time ÷ ours, median of the per-round pairs; > 1: ours is faster). " +
    "Time = open + reads inside the process (not start-up, not checksums); MB/s = decoded bytes ÷ median time. " +
    "Load = /proc/loadavg (1, 5, 15 min) before the workload's first run → after its last.", "");
  out.push(`| workload | ours | our MB/s | % of decode limit | ${PEERS.map((p) => p.label).join(" | ")} | load before → after |`);
  out.push(`|---|---|---:|---:|${PEERS.map(() => "---:").join("|")}|---|`);
  for (const w of results) {
    for (const rr of w.readers.filter((r) => r.reader.ours)) {
      const cells = PEERS.map((p) => {
        const peer = w.readers.find((r) => r.reader.id === p.id);
        if (!peer) return "not run";
        const ratio = pairedRatio(rr, peer);
        return Number.isFinite(ratio) ? fmt(ratio) : "–";
      });
      const load = rr.reader.id === "ours" ? `${w.loadBefore} → ${w.loadAfter}` : "";
      out.push(`| ${rr.reader.id === "ours" ? wlName(w) : ""} | ${rr.reader.label} | ${fmt(mbps(rr), 0)} | ${pct(limitShare(w, rr))} | ${cells.join(" | ")} | ${load} |`);
    }
  }
  // One line per peer and reason, with the layouts it concerns.
  const notRead = new Map<string, Set<string>>();
  for (const w of results) {
    for (const rr of w.readers) {
      if (!rr.skip || rr.reader.ours) continue;
      const key = `${rr.reader.label}: ${rr.skip}`;
      notRead.set(key, (notRead.get(key) ?? new Set()).add(`${w.layout.id} ${w.workload}`));
    }
  }
  if (notRead.size) {
    out.push("", "“–”: the peer did not read that workload:");
    for (const [key, where] of notRead) out.push(`- ${key} (${[...where].join(", ")})`);
  }

  out.push("", "## Per reader", "");
  out.push("| workload | reader | median s | MB/s | % of decode limit | peak RSS MB | process s | CPU s (user+sys) | runs (s) |");
  out.push("|---|---|---:|---:|---:|---:|---:|---:|---|");
  for (const w of results) {
    for (const rr of w.readers) {
      const ok = rr.runs.filter((r) => r.ok);
      if (ok.length === 0) continue;
      out.push(`| ${wlName(w)} | ${rr.reader.id === "ours-base" ? rr.reader.label : ok[0].impl} | ${fmt(median(secondsOf(rr)), 3)} | ${fmt(mbps(rr), 0)} | ${pct(limitShare(w, rr))} | ` +
        `${fmt(median(ok.map((r) => r.rssMB!)), 0)} | ${fmt(median(ok.map((r) => r.processSeconds!)), 1)} | ` +
        `${fmt(median(ok.flatMap((r) => (r.cpuSeconds === undefined ? [] : [r.cpuSeconds]))), 1)} | ${ok.map((r) => r.seconds!.toFixed(2)).join(", ")} |`);
    }
  }
  const limits = results.filter((w) => w.limit.seconds.length > 0);
  if (limits.length) {
    out.push("", "Decode limit (decode_limit.py: every chunk's bytes held in memory, decoded on 2 threads into buffers allocated once; " +
      "% = the limit's seconds ÷ the reader's, median of the per-round pairs): " +
      limits.map((w) => `${w.layout.id} ${w.limit.codec}: ${w.limit.seconds.map((x) => x.toFixed(2)).join(", ")} s`).join("; ") + ".");
  }
  const profiled = results.filter((w) => w.profile);
  if (profiled.length) {
    out.push("", "## Profiles of our reader", "",
      "One more run of `ours` per workload under `node --cpu-prof`, outside the rounds above. Per thread (main first, then the " +
      "decode workers): busy seconds (idle left out) and the top functions by self time as shares of that thread's busy time. " +
      "`checksum` is the benchmark's own check of the result, outside the timed part; native decoders (the zstd addon's " +
      "threads, node:zlib) do not appear in V8 profiles, only the JavaScript that waits for them.", "");
    for (const w of profiled) {
      const p = w.profile!;
      if (p.error) {
        out.push(`- ${wlName(w)}: no profile (${p.error})`);
        continue;
      }
      out.push(`- **${wlName(w)}** (${fmt(p.seconds!, 2)} s under the profiler):`);
      p.threads.forEach((t, i) => {
        const top = t.top.map((f) => `${(100 * f.share).toFixed(0)}% \`${f.name}\``).join(", ");
        out.push(`  - ${i === 0 ? "main" : `worker ${i}`}, ${fmt(t.busyMs / 1000, 2)} s busy: ${top}`);
      });
    }
  }
  out.push("", "Layouts: " + results.filter((w, i) => results.findIndex((x) => x.layout.id === w.layout.id) === i)
    .map((w) => `${w.layout.id} = ${w.layout.label}, windows of ${w.layout.windowsLabel}`).join("; ") + ".");
  const bad = results.flatMap((w) => w.mismatch.map((m) => `- ${wlName(w)}: ${m}`));
  out.push("", bad.length ? ["**CHECKSUM MISMATCH / FAILED RUNS**", ...bad].join("\n") : "Checksums: every run of every reader read the same bytes as ours.");
  return out.join("\n") + "\n";
}

const started = new Date().toISOString().replace(/\.\d+Z$/, "Z");
const t0 = performance.now();
const results: WorkloadResult[] = [];
const total = opts.layouts.length * opts.workloads.length;
for (const id of opts.layouts) {
  const layout = LAYOUTS.find((l) => l.id === id)!;
  for (const w of opts.workloads) {
    results.push(runWorkload(layout, w as "whole" | "windows"));
    // Written after every workload, so that a run stopped part way still leaves its figures.
    if (opts.md && results.length < total) {
      writeFileSync(resolve(opts.md), markdown(results, started, (performance.now() - t0) / 1000) + `\n(partial: ${results.length} of ${total} workloads)\n`);
    }
  }
}
const md = markdown(results, started, (performance.now() - t0) / 1000);
process.stdout.write("\n" + md);
if (opts.md) writeFileSync(resolve(opts.md), md);
writeFileSync(join(opts.data, "last-run.json"), JSON.stringify({ started, opts, results: results.map((w) => ({ ...w, readers: w.readers.map((r) => ({ id: r.reader.id, skip: r.skip, runs: r.runs })) })) }, null, 1));
if (results.some((w) => w.mismatch.length)) process.exit(1);
