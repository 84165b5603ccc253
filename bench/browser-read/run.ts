/**
 * Browser read benchmark: Debian's chromium (playwright-core) reads the read-array layouts over a
 * local HTTP server with HttpStore — the whole array and windows of 1000 rows — in four ways, with
 * zarr-python 3 reading the same layout from local files in the same rounds (paired, the order
 * reversed every other round):
 *   - `workers`   cross-origin isolated page (COOP/COEP), the default Web Worker pool: large reads
 *                 decode and copy in the workers, into a SharedArrayBuffer;
 *   - `main`      the same isolated page without workers: the main thread decodes;
 *   - `plain`     a page that is not isolated (workers set, but no SharedArrayBuffer): main thread;
 *   - `pool-back` not isolated, a BrowserDecodePool passed as `decodePool`: the workers decompress
 *                 each chunk and send it back, the main thread copies it into the output;
 *   - `fetch`     (only when asked for, whole workload) isolated page, the stored chunks fetched and not
 *                 decoded: what the transfer alone costs (its bytes are the stored bytes, no checksum).
 * Checksums (bench/read-array/checksum.cjs) must equal zarr-python 3's; a mismatch fails the run.
 * Prints the load, Chromium's version, seconds, MB/s, ratios to zarr-python 3 and CPU seconds (user +
 * system): for chromium, of all its processes during the read (the page's thread and its workers;
 * this script's HTTP server not counted); for zarr-python 3, of its whole process (/usr/bin/time).
 *
 *   node --import tsx bench/browser-read/run.ts [--small] [--rounds N] [--windows N]
 *     [--layouts f32-v3-zstd,f32-v2-blosc,ephys-v3-zstd] [--workloads whole,windows]
 *     [--modes workers,main,plain,pool-back,fetch] [--json file]
 *
 * Data: bench/data/read-array/full (or small with --small), made by `bash bench/run.sh` (`--small`).
 * zarr-python 3: BENCH_PY3, else .venv-interop/v3/bin/python.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium } from "../../test/browser/lab.js";
import { bundlePage } from "./bundle.js";
import type { BenchRequest, BenchResult, DecodeMode } from "./page.js";
import { startServer, type BenchServer } from "./server.js";

const USAGE = "usage: node --import tsx bench/browser-read/run.ts [--small] [--rounds N] [--windows N] [--layouts a,b] [--workloads whole,windows] [--modes workers,main,plain,pool-back,fetch] [--json file]";
const LAYOUTS = ["f32-v3-zstd", "f32-v2-blosc", "ephys-v3-zstd"];
const MODES = ["workers", "main", "plain", "pool-back", "fetch"] as const;
type Mode = (typeof MODES)[number];
const MODE_LABEL: Record<Mode, string> = {
  workers: "isolated, Web Workers → SharedArrayBuffer",
  main: "isolated, main thread",
  plain: "not isolated (main thread)",
  "pool-back": "not isolated, workers send chunks back",
  fetch: "isolated, chunks fetched, not decoded",
};

/** One reader's runs of one layout and workload. */
export interface ReaderRuns {
  reader: Mode | "zarr-python 3";
  runs: { seconds: number; bytes: number; checksum: number; cpuSeconds?: number; browser?: BenchResult }[];
  errors: string[];
}

/** The results of one layout and workload (what --json writes, one per entry). */
export interface WorkloadRuns {
  layout: string;
  workload: "whole" | "windows";
  loadBefore: string;
  loadAfter: string;
  readers: ReaderRuns[];
  /** Readers whose checksum or byte count differs from zarr-python 3's. */
  mismatch: string[];
}

function parseArgs(argv: string[]) {
  const o = { small: false, rounds: 3, windows: 200, layouts: LAYOUTS.slice(0, 2), workloads: ["whole", "windows"], modes: MODES.filter((m) => m !== "fetch") as Mode[], json: "" };
  for (let i = 0; i < argv.length; i++) {
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${argv[i - 1]} needs a value\n${USAGE}`);
      return x;
    };
    switch (argv[i]) {
      case "--small": o.small = true; break;
      case "--rounds": o.rounds = Number(v()); break;
      case "--windows": o.windows = Number(v()); break;
      case "--layouts": o.layouts = v().split(","); break;
      case "--workloads": o.workloads = v().split(","); break;
      case "--modes": o.modes = v().split(",") as Mode[]; break;
      case "--json": o.json = v(); break;
      case "-h": case "--help": console.log(USAGE); process.exit(0); break;
      default: throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
    }
  }
  for (const l of o.layouts) if (!LAYOUTS.includes(l)) throw new Error(`unknown layout ${l} (one of ${LAYOUTS.join(", ")})\n${USAGE}`);
  for (const w of o.workloads) if (w !== "whole" && w !== "windows") throw new Error(`unknown workload ${w}\n${USAGE}`);
  for (const m of o.modes) if (!MODES.includes(m)) throw new Error(`unknown mode ${m} (one of ${MODES.join(", ")})\n${USAGE}`);
  if (o.modes.includes("fetch") && o.workloads.includes("windows")) throw new Error(`the fetch mode measures whole reads only: add --workloads whole\n${USAGE}`);
  if (!(o.rounds >= 1) || !(o.windows >= 1)) throw new Error(`--rounds and --windows must be >= 1\n${USAGE}`);
  return o;
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Clock ticks per second of /proc's CPU times. */
const TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

/** CPU seconds (user + system) used so far by each process below this one (chromium's), from /proc. */
function childrenCpu(): Map<number, number> {
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      // Fields after the command's closing parenthesis: state, ppid, … utime (14th), stime (15th).
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ppid = Number(f[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
      cpu.set(Number(d), (Number(f[11]) + Number(f[12])) / TICKS);
    } catch {
      // the process ended while listed
    }
  }
  const below = new Map<number, number>();
  const stack = [...(children.get(process.pid) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    below.set(pid, cpu.get(pid) ?? 0);
    stack.push(...(children.get(pid) ?? []));
  }
  return below;
}

/**
 * CPU seconds the processes below this one used between two `childrenCpu()` samples: a process
 * started in between counts whole; one that ended in between (a page closed before) is left out.
 */
function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, s] of after) total += s - (before.get(pid) ?? 0);
  return total;
}

/** zarr-python 3 reading the layout from local files (bench/read-array/read_peer.py). */
function runPython(py: string, store: string, workload: string, windowsPath: string, count: number): ReaderRuns["runs"][number] {
  const env = { ...process.env };
  // The OpenBLAS tuning variables of this machine only confuse numpy's OpenBLAS (as in read-array/run.ts).
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const argv = [py, "bench/read-array/read_peer.py", "zarr", store, workload, windowsPath, String(count)];
  const timeFile = join(tmpdir(), `browser-read-python-${process.pid}.time`);
  const timed = existsSync("/usr/bin/time");
  const p = timed
    ? spawnSync("/usr/bin/time", ["-f", "%U %S", "-o", timeFile, ...argv], { encoding: "utf8", env, maxBuffer: 16 << 20 })
    : spawnSync(argv[0], argv.slice(1), { encoding: "utf8", env, maxBuffer: 16 << 20 });
  if (p.status !== 0) throw new Error(`zarr-python 3 failed (${p.error?.message ?? `exit ${p.status}`}): ${(p.stderr ?? "").trim().split("\n").at(-1)}`);
  const r = JSON.parse(p.stdout.trim().split("\n").at(-1) ?? "") as { seconds: number; bytes: number; checksum: number };
  let cpuSeconds: number | undefined;
  if (timed) {
    const [user, sys] = readFileSync(timeFile, "utf8").trim().split(/\s+/).map(Number);
    cpuSeconds = user + sys;
    rmSync(timeFile, { force: true });
  }
  return { seconds: r.seconds, bytes: r.bytes, checksum: r.checksum, cpuSeconds };
}

/** One read in a fresh page (its own context, so no memory or pool carries over). */
async function runBrowser(browser: Browser, server: BenchServer, mode: Mode, req: Omit<BenchRequest, "mode">): Promise<ReaderRuns["runs"][number]> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.url}/${mode === "plain" || mode === "pool-back" ? "plain" : "iso"}/`);
    await page.waitForFunction("typeof globalThis.benchRead === 'function'", undefined, { timeout: 30_000 }).catch(() => {
      throw new Error(`the page did not load: ${errors.join("; ") || "no benchRead"}`);
    });
    const pageMode: DecodeMode = mode === "plain" ? "workers" : mode;
    const cpu0 = childrenCpu();
    const r = (await page.evaluate((q) => (globalThis as unknown as { benchRead(q: BenchRequest): Promise<BenchResult> }).benchRead(q), { ...req, mode: pageMode })) as BenchResult;
    // Measured before the page's context closes: its renderer process (and its CPU time) goes with it.
    const cpuSeconds = cpuBetween(cpu0, childrenCpu());
    return { seconds: r.seconds, bytes: r.bytes, checksum: r.checksum, cpuSeconds, browser: r };
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const dataDir = resolve(`bench/data/read-array/${o.small ? "small" : "full"}`);
  for (const l of o.layouts) {
    if (!existsSync(join(dataDir, l))) throw new Error(`no data at ${join(dataDir, l)}: make it with \`bash bench/run.sh${o.small ? " --small" : ""}\``);
  }
  const py = process.env.BENCH_PY3 ?? resolve(".venv-interop/v3/bin/python");
  if (!existsSync(py)) throw new Error(`zarr-python 3 not found at ${py} (set BENCH_PY3 or run test/interop/setup-venvs.sh)`);
  const bundleDir = mkdtempSync(join(tmpdir(), "browser-read-"));
  await bundlePage(bundleDir);
  const server = await startServer(bundleDir, dataDir);
  const browser = await launchChromium();
  const results: WorkloadRuns[] = [];
  try {
    console.log(`Chromium ${browser.version()}; load average (1, 5, 15 min) at the start: ${load()}; data: ${dataDir}`);
    for (const layout of o.layouts) {
      const windowsPath = join(dataDir, layout.startsWith("ephys") ? "windows-ephys.json" : "windows-f32.json");
      const win = JSON.parse(readFileSync(windowsPath, "utf8")) as BenchRequest["windows"];
      const windows = { ...win, starts: win.starts.slice(0, o.windows) };
      for (const workload of o.workloads as ("whole" | "windows")[]) {
        const readers: ReaderRuns[] = [...o.modes.map((m) => ({ reader: m, runs: [], errors: [] }) as ReaderRuns), { reader: "zarr-python 3", runs: [], errors: [] }];
        const loadBefore = load();
        for (let round = 0; round < o.rounds; round++) {
          for (const rr of round % 2 === 0 ? readers : [...readers].reverse()) {
            process.stderr.write(`${layout} ${workload} round ${round + 1}/${o.rounds}: ${rr.reader} ... `);
            try {
              const r = rr.reader === "zarr-python 3"
                ? runPython(py, join(dataDir, layout), workload, windowsPath, windows.starts.length)
                : await runBrowser(browser, server, rr.reader, { layout, workload, windows });
              rr.runs.push(r);
              const w = r.browser ? ` (workers: ${r.browser.chunksInto} chunks into, ${r.browser.chunksBack} back)` : "";
              process.stderr.write(`${r.seconds.toFixed(2)} s, ${r.cpuSeconds?.toFixed(2) ?? "–"} CPU s${w}\n`);
            } catch (err) {
              rr.errors.push((err as Error).message);
              process.stderr.write(`FAILED ${(err as Error).message}\n`);
            }
          }
        }
        const ref = readers.at(-1)!.runs[0];
        const mismatch: string[] = [];
        for (const rr of readers) {
          for (const e of rr.errors) mismatch.push(`${rr.reader} failed: ${e}`);
          for (const r of rr.runs) {
            if (rr.reader === "fetch") continue; // nothing decoded: no checksum
            if (ref && (r.checksum !== ref.checksum || r.bytes !== ref.bytes)) mismatch.push(`${rr.reader}: checksum ${r.checksum} / ${r.bytes} bytes, zarr-python 3 ${ref.checksum} / ${ref.bytes} bytes`);
          }
        }
        if (!ref) mismatch.push("zarr-python 3 gave no result to compare with");
        results.push({ layout, workload, loadBefore, loadAfter: load(), readers, mismatch });
      }
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(bundleDir, { recursive: true, force: true });
  }
  console.log(report(results, o.rounds));
  if (o.json) writeFileSync(o.json, JSON.stringify(results, null, 2));
  if (results.some((r) => r.mismatch.length > 0)) {
    console.error("FAILED: " + results.flatMap((r) => r.mismatch.map((m) => `${r.layout} ${r.workload}: ${m}`)).join("\n"));
    process.exit(1);
  }
}

/** The markdown table: median seconds over the rounds, MB/s of output, and ours ÷ zarr-python 3 per round (median; < 1 = faster). */
function report(results: WorkloadRuns[], rounds: number): string {
  const lines = [
    `| layout | workload | load (before → after) | reader | seconds (median of ${rounds}) | MB/s | ÷ zarr-python 3 (paired, median) | CPU s (median) | chunks decoded in workers |`,
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const w of results) {
    const py = w.readers.at(-1)!;
    for (const rr of w.readers) {
      if (rr.runs.length === 0) {
        lines.push(`| ${w.layout} | ${w.workload} | ${w.loadBefore} → ${w.loadAfter} | ${label(rr.reader)} | failed | – | – | – | – |`);
        continue;
      }
      const s = median(rr.runs.map((r) => r.seconds));
      const mbps = rr.runs[0].bytes / 1e6 / s;
      const ratios = rr.runs.map((r, i) => (py.runs[i] ? r.seconds / py.runs[i].seconds : NaN)).filter((x) => !Number.isNaN(x));
      const b = rr.runs[0].browser;
      const chunks = b ? `${b.chunksInto} into, ${b.chunksBack} back` : "–";
      const cpus = rr.runs.flatMap((r) => (r.cpuSeconds === undefined ? [] : [r.cpuSeconds]));
      const cpu = cpus.length > 0 ? median(cpus).toFixed(2) : "–";
      lines.push(`| ${w.layout} | ${w.workload} | ${w.loadBefore} → ${w.loadAfter} | ${label(rr.reader)} | ${s.toFixed(2)} | ${mbps.toFixed(0)} | ${rr.reader === "zarr-python 3" ? "1" : median(ratios).toFixed(2)} | ${cpu} | ${chunks} |`);
    }
  }
  return lines.join("\n");
}

function label(reader: ReaderRuns["reader"]): string {
  return reader === "zarr-python 3" ? "zarr-python 3 (local files)" : `${reader}: ${MODE_LABEL[reader]}`;
}

main().catch((err) => {
  console.error((err as Error).message);
  process.exit(1);
});
