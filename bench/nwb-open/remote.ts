/**
 * Remote reads over HTTP with first-byte latency and a bandwidth cap, ours against pynwb +
 * hdmf-zarr 0.14 (fsspec's HTTP filesystem): for opening the file (a usable NWBFile) and for a bulk
 * read (rows × channels of an int16 ElectricalSeries), the requests, body bytes, round trips and
 * time of each side. The file is served by the test suite's HTTP server (Range; a fixed delay
 * before each answer; one bandwidth cap shared by all connections; an HTML directory index for
 * stores without consolidated metadata), on a thread of its own (server-worker.ts).
 *
 *   node --import tsx bench/nwb-open/remote.ts [store ...] [--delays 0,20,80] [--mbps 50] [--reps 3]
 *        [--series acquisition/raw] [--rows 30000:330000] [--channels 8] [--no-python]
 *
 * Default store: bench/data/remote-read.nwb.zarr, written by pynwb (Zarr v3, consolidated):
 *   (cd bench/nwb-open && ../../.venv-interop/v3/bin/python make_remote_file.py ../data/remote-read.nwb.zarr)
 * A store without the series is only opened (e.g. the legacy fixtures in test/fixtures/external/zarr-v2).
 * Round trips are counted by the server: a request that arrives after an answer of round k was
 * sent belongs to round k + 1 (test/helpers/http-server.ts). Our side runs in this process (one
 * untimed open first, as Python's imports load its schemas before its clock starts); Python runs
 * once per delay in its own process and asks for a marker URL between its two steps.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { NWBZarrIO, slice } from "../../src/index.js";
import { startPackageWorker } from "../../src/zarr/worker-start.js";
import type { HttpServerOptions, RequestRecord } from "../../test/helpers/http-server.js";

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const switchOn = (name: string): boolean => {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const delays = flag("--delays", "0,20,80").split(",").map(Number);
const mbps = Number(flag("--mbps", "50"));
const reps = Number(flag("--reps", "3"));
const seriesPath = flag("--series", "acquisition/raw");
const [rowStart, rowStop] = flag("--rows", "30000:330000").split(":").map(Number);
const channels = Number(flag("--channels", "8"));
const python = !switchOn("--no-python");
const stores = (args.length ? args : ["bench/data/remote-read.nwb.zarr"]).map((a) => resolve(a));
const PYTHON = resolve(".venv-interop/v3/bin/python");
const MARK = "/__bench_mark__";

type Record = Omit<RequestRecord, "headers">;

/** The server, on its own thread. */
class Server {
  private readonly worker = startPackageWorker(__dirname, "server-worker", true);
  url = "";

  private ask<T>(message: unknown): Promise<T> {
    return new Promise((done, fail) => {
      const onError = (e: Error) => fail(e);
      this.worker.once("error", onError);
      this.worker.once("message", (answer: T) => {
        this.worker.off("error", onError);
        done(answer);
      });
      this.worker.postMessage(message);
    });
  }

  async start(root: string, options: HttpServerOptions): Promise<void> {
    this.url = await this.ask<string>({ start: { root, options } });
  }

  setDelay(ms: number): Promise<void> {
    return this.ask({ delayMs: ms });
  }

  reset(): Promise<void> {
    return this.ask("reset");
  }

  log(): Promise<Record[]> {
    return this.ask("stats");
  }

  async close(): Promise<void> {
    await this.ask("close");
    await this.worker.terminate();
  }
}

/** Requests, bytes and round trips of a part of the server's log. */
function tally(records: readonly Record[]): { requests: number; bytes: number; rounds: number } {
  if (!records.length) return { requests: 0, bytes: 0, rounds: 0 };
  const rounds = records.map((r) => r.round);
  return { requests: records.length, bytes: records.reduce((n, r) => n + r.bytes, 0), rounds: Math.max(...rounds) - Math.min(...rounds) + 1 };
}

interface Row { side: string; delay: number; step: string; requests: number; bytes: number; rounds: number; seconds: number; check: string }

const seriesName = seriesPath.split("/").pop()!;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function ours(server: Server, delay: number): Promise<Row[]> {
  const open: number[] = [];
  const bulk: number[] = [];
  let openTally = tally([]);
  let bulkTally = tally([]);
  let check = "";
  for (let r = 0; r < reps; r++) {
    await server.reset();
    let t = performance.now();
    const file = await NWBZarrIO.readNwb(server.url + "/");
    open.push((performance.now() - t) / 1000);
    const opening = await server.log();
    openTally = tally(opening);
    check = file.identifier ?? "(no identifier)";
    const series = file.acquisition.has(seriesName)
      ? (file.acquisition.get(seriesName) as unknown as { data: { get(sel: unknown[]): Promise<{ data: ArrayLike<number>; shape: number[] }> } })
      : undefined;
    if (!series) continue;
    t = performance.now();
    const block = await series.data.get([slice(rowStart, rowStop), slice(0, channels)]);
    bulk.push((performance.now() - t) / 1000);
    bulkTally = tally((await server.log()).slice(opening.length));
    let sum = 0;
    for (let i = 0; i < block.data.length; i++) sum += block.data[i];
    check += `; [${block.shape}] sum ${sum}`;
  }
  const rows: Row[] = [{ side: "ours", delay, step: "open", ...openTally, seconds: median(open), check: check.split(";")[0] }];
  if (bulk.length) rows.push({ side: "ours", delay, step: "bulk", ...bulkTally, seconds: median(bulk), check: check.split("; ")[1] });
  return rows;
}

/** Run Python in its own process; asynchronously, since the server answering it runs in this one. */
function runPython(argv: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const env = { ...process.env };
    // The OpenBLAS tuning variables of this machine only confuse numpy's OpenBLAS (bench/python-reference.sh).
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
    const child = spawn(PYTHON, argv, { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}

async function pynwb(server: Server, delay: number): Promise<Row[]> {
  await server.reset();
  const run = await runPython([
    resolve("bench/nwb-open/read_remote_python.py"), server.url + "/", seriesPath, String(rowStart), String(rowStop), String(channels), server.url + MARK,
  ]);
  if (run.status !== 0) {
    const why = run.stderr.trim().split("\n").pop() ?? "";
    return [{ side: "pynwb", delay, step: "open", ...tally(await server.log()), seconds: NaN, check: `failed (exit ${run.status}): ${why.slice(0, 200)}` }];
  }
  const out = JSON.parse(run.stdout.trim().split("\n").pop()!) as { open: number; bulk?: number; identifier: string; shape?: number[]; sum?: number };
  const log = await server.log();
  const mark = log.findIndex((r) => r.path === MARK);
  if (mark < 0) throw new Error("pynwb did not ask for the marker URL");
  const rows: Row[] = [{ side: "pynwb", delay, step: "open", ...tally(log.slice(0, mark)), seconds: out.open, check: out.identifier }];
  if (out.bulk !== undefined) rows.push({ side: "pynwb", delay, step: "bulk", ...tally(log.slice(mark + 1)), seconds: out.bulk, check: `[${out.shape}] sum ${out.sum}` });
  return rows;
}

/** One line of the table. */
function print(r: Row): void {
  // The least any reader can take: its bytes through the cap, plus one latency per round it needs.
  const floor = r.bytes / (mbps * 1e6) + (r.step === "bulk" ? 1 : r.rounds) * (r.delay / 1000);
  console.log(`| ${r.side} | ${r.delay} ms | ${r.step} | ${r.requests} | ${r.bytes} | ${r.rounds} | ${r.seconds.toFixed(3)} | ${floor.toFixed(3)} | ${r.check} |`);
}

async function main(): Promise<void> {
  const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
  console.log(`bandwidth cap ${mbps} MB/s; bulk rows ${rowStart}:${rowStop} × channels 0:${channels} of ${seriesPath}`);
  console.log(`load average before: ${load()}`);
  for (const store of stores) {
    if (!existsSync(store)) throw new Error(`${store} is missing; write it with make_remote_file.py (see the header of this file)`);
    const server = new Server();
    await server.start(store, { directoryListing: "html", bytesPerSecond: mbps * 1e6 });
    console.log(`\nstore: ${store}\n`);
    console.log("| side | delay | step | requests | bytes | rounds | s (ours: median) | floor s | check |");
    console.log("|---|---:|---|---:|---:|---:|---:|---:|---|");
    try {
      await server.setDelay(0);
      await NWBZarrIO.readNwb(server.url + "/"); // loads our bundled schemas once, untimed
      for (const delay of delays) {
        await server.setDelay(delay);
        for (const row of await ours(server, delay)) print(row);
        if (python && existsSync(PYTHON)) for (const row of await pynwb(server, delay)) print(row);
      }
    } finally {
      await server.close();
    }
  }
  if (python && !existsSync(PYTHON)) console.log(`(no ${PYTHON}: pynwb not run; bash test/interop/setup-venvs.sh makes it)`);
  console.log(`\nload average after: ${load()}`);
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
