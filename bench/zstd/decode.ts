/**
 * Zstandard decoding speed of every backend this Node has, next to Python's numcodecs decoding the
 * same bytes in the same run. The frames are written by numcodecs in Python (as zarr-python
 * writes chunks: one-shot, content size stated) at levels 0 and 3, from float32 random walks of
 * 8 MiB and 1 MiB; plus an 8 MiB frame that does not state its size (the streaming path). One call
 * at a time (single-threaded); each rep runs every backend once in a new random order; tables give
 * the median MB/s of decoded output over wall time and over the process's CPU time. The load
 * average (/proc/loadavg) is printed at the start, in every table title and at the end.
 *
 *   node --import tsx bench/zstd/decode.ts [--reps 5] [--sizes 8,1] [--levels 0,3] [--python PATH]
 *
 * Without Python (or numcodecs in it) the frames come from Node's encoders and the Python rows say so.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { CODECS_ENV, setCodecBackend } from "../../src/zarr/codecs/native/backend.js";
import { nativeZstd } from "../../src/zarr/codecs/native/zstd-addon.js";
import { builtinZstd, zlibZstd } from "../../src/zarr/codecs/native/zstd-builtin.js";
import { numcodecsClass } from "../../src/zarr/codecs/numcodecs-wasm.js";
import { ZstdCodec } from "../../src/zarr/codecs/zstd.js";
import { frameContentSize } from "../../src/zarr/codecs/zstd-frame.js";
import { DecodePool } from "../../src/zarr/decode-pool.js";
import { randomWalkFloat32 } from "./chunks.js";
import { load, median, shuffle } from "./stats.js";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const numbers = (s: string) => s.split(",").filter(Boolean).map(Number);
const mibBytes = (mib: number) => Math.round(mib * 2 ** 20);
const ROOT = join(__dirname, "..", "..");
const REPS = Number(option("reps", "5"));
const SIZES_MIB = numbers(option("sizes", "8,1"));
const LEVELS = numbers(option("levels", "0,3"));
const PYTHON = option("python", join(ROOT, ".venv-interop", "v3", "bin", "python"));
const UNSIZED = option("unsized", "yes") !== "no";

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

/** One decoder: `input` (untimed) makes the bytes handed to `run` (timed). */
interface Backend {
  name: string;
  input?: (frame: Uint8Array) => Uint8Array;
  run(frame: Uint8Array, size: number): Promise<Uint8Array> | Uint8Array;
}

interface Case {
  label: string;
  raw: Uint8Array;
  frame: Uint8Array;
}

/** Python's numcodecs: `job` on stdin, its JSON answer, or undefined when it cannot run. */
function python(job: unknown): Record<string, unknown> | undefined {
  if (!existsSync(PYTHON)) return undefined;
  const r = spawnSync(PYTHON, [join(__dirname, "numcodecs_zstd.py")], { input: JSON.stringify(job), encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.status !== 0) {
    console.log(`python failed: ${r.stderr.trim().split("\n").pop()}`);
    return undefined;
  }
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** Wall and CPU MB/s of each backend over REPS interleaved reps on one frame. */
async function race(backends: Backend[], c: Case): Promise<Map<string, { wall: number[]; cpu: number[] }>> {
  const n = c.raw.length;
  const rates = new Map(backends.map((b) => [b.name, { wall: [] as number[], cpu: [] as number[] }]));
  for (const b of backends) {
    // Checked once (and warmed up: WebAssembly compile, thread pool and worker start).
    const out = await b.run(b.input ? b.input(c.frame) : c.frame, n);
    if (!sameBytes(out, c.raw)) throw new Error(`${b.name} decodes ${c.label} wrongly`);
  }
  for (let rep = 0; rep < REPS; rep++) {
    for (const b of shuffle(backends)) {
      const input = b.input ? b.input(c.frame) : c.frame;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await b.run(input, n);
      const wall = (performance.now() - t0) / 1000;
      const used = process.cpuUsage(cpu0);
      rates.get(b.name)!.wall.push(n / 1e6 / wall);
      rates.get(b.name)!.cpu.push(n / 1e6 / ((used.user + used.system) / 1e6));
    }
  }
  return rates;
}

async function main(): Promise<void> {
  const addon = nativeZstd();
  const builtin = builtinZstd();
  const z = zlibZstd();
  const Wasm = await numcodecsClass("zstd");
  const wasm = Wasm.fromConfig({ id: "zstd" });
  console.log(`# Zstandard decoding in Node ${process.version} next to Python's numcodecs, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"})`);
  console.log(`addon: ${addon ? "@toondepauw/node-zstd" : "not installed"}; node:zlib zstd: ${z ? `yes (zstd ${process.versions.zstd ?? "?"})` : "absent"}; ` +
    `reps ${REPS} (median), one call at a time; load average at start: ${load()}`);

  // The chunks, encoded by numcodecs in Python when it is there.
  const dir = mkdtempSync(join(tmpdir(), "zstd-decode-bench-"));
  const pool = new DecodePool({ size: 1 });
  const wasmPool = new DecodePool({ size: 1 });
  try {
    const cases: Case[] = [];
    const jobs: { raw: string; level: number; out: string }[] = [];
    const raws: Uint8Array[] = [];
    for (const mib of SIZES_MIB) {
      const raw = randomWalkFloat32(mibBytes(mib)).bytes;
      raws.push(raw);
      writeFileSync(join(dir, `${mib}.raw`), raw);
      for (const level of LEVELS) jobs.push({ raw: join(dir, `${mib}.raw`), level, out: join(dir, `${mib}-${level}.zst`) });
    }
    const encoded = python({ mode: "encode", items: jobs });
    console.log(`frames by: ${encoded ? `numcodecs ${String(encoded.numcodecs)} in Python (${PYTHON})` : "Node (no Python numcodecs: Python rows absent)"}`);
    let i = 0;
    for (const [k, mib] of SIZES_MIB.entries()) {
      for (const level of LEVELS) {
        const raw = raws[k];
        const frame = encoded
          ? new Uint8Array(readFileSync(jobs[i].out))
          : z ? z.zstdCompressSync(raw, { params: { [z.constants.ZSTD_c_compressionLevel]: level } }) : await Wasm.fromConfig({ id: "zstd", level }).encode(raw);
        i++;
        cases.push({ label: `float32 random walk, ${mib} MiB, level ${level}`, raw, frame });
      }
    }
    if (UNSIZED && SIZES_MIB.length > 0) {
      // A streaming encoder does not know the size: the header leaves it out.
      const raw = raws[0];
      const frame = addon
        ? await addon.encode(raw, 3)
        : z ? await new Promise<Uint8Array>((res, rej) => z.zstdCompress(raw, { chunkSize: 1 << 16 }, (e, b) => (e ? rej(e) : res(b)))) : undefined;
      if (frame) {
        if (frameContentSize(frame) !== undefined) throw new Error("the streaming frame states its size");
        cases.push({ label: `float32 random walk, ${SIZES_MIB[0]} MiB, level 3, no size stated`, raw, frame });
      }
    }

    const codecJson = [{ name: "zstd", configuration: { level: 0, checksum: false } }];
    const codec = new ZstdCodec(0, {});
    const backends: Backend[] = [
      // What a chunk read gets: the codec under the chunk's decoded-size cap, backend chosen as shipped.
      { name: "codec (auto)", run: (f, n) => codec.decode(f, { bytes: n }) },
      {
        name: "codec (HDMF_ZARR_CODECS=wasm)",
        run: async (f, n) => {
          setCodecBackend("wasm");
          try {
            return await codec.decode(f, { bytes: n });
          } finally {
            setCodecBackend(undefined);
          }
        },
      },
      // The input is copied untimed: the pool moves it to the worker.
      { name: "decode pool, 1 worker (codec auto)", input: (f) => f.slice(), run: (f, n) => pool.decodeBytes(codecJson, f, [{ bytes: n }]) },
      { name: "decode pool, 1 worker (HDMF_ZARR_CODECS=wasm)", input: (f) => f.slice(), run: (f, n) => wasmPool.decodeBytes(codecJson, f, [{ bytes: n }]) },
    ];
    // A worker takes the environment it starts with: start this pool's under the variable.
    const before = process.env[CODECS_ENV];
    process.env[CODECS_ENV] = "wasm";
    try {
      await wasmPool.decodeBytes(codecJson, cases[0].frame.slice(), [{ bytes: cases[0].raw.length }]);
    } finally {
      if (before === undefined) delete process.env[CODECS_ENV];
      else process.env[CODECS_ENV] = before;
    }
    if (addon) {
      const Addon = require("@toondepauw/node-zstd") as { Decoder: new () => { decodeSync(b: Uint8Array): Uint8Array } };
      const decoder = new Addon.Decoder();
      backends.push({ name: "addon async (streaming)", run: (f) => addon.decode(f) });
      backends.push({ name: "addon sync (streaming)", run: (f) => decoder.decodeSync(f) });
    }
    if (builtin && z) {
      // The raw calls: output buffers of the stated size plus one byte, or of exactly the size.
      backends.push({ name: "node:zlib async, buffer of size+1", run: (f) => builtin.decode(f) });
      backends.push({ name: "node:zlib sync, buffer of size+1", run: (f, n) => z.zstdDecompressSync(f, { chunkSize: n + 1, maxOutputLength: n }) });
      backends.push({ name: "node:zlib sync, buffer of size", run: (f, n) => z.zstdDecompressSync(f, { chunkSize: Math.max(64, n), maxOutputLength: n }) });
      // The codec's one-shot decoder on libuv's pool instead of the calling thread.
      const pooled = builtinZstd(z, "async")!;
      backends.push({ name: "node:zlib one-shot, async option", run: (f, n) => pooled.decodeSized!(f, n) });
    }
    backends.push({ name: "numcodecs WebAssembly", run: (f) => wasm.decode(f) });

    const summary: [string, Map<string, number>][] = [];
    for (const c of cases) {
      const stated = frameContentSize(c.frame) !== undefined ? "size stated" : "no size stated";
      const title = `### decode ${c.label} (frame ${((c.frame.length / c.raw.length) * 100).toFixed(1)}% of the input, ${stated})`;
      const rates = await race(backends, c);
      let py: number[] | undefined;
      if (encoded) {
        writeFileSync(join(dir, "case.zst"), c.frame);
        const answer = python({ mode: "decode", reps: REPS, items: [{ frame: join(dir, "case.zst"), nbytes: c.raw.length }] });
        py = (answer?.mbps as number[][] | undefined)?.[0];
      }
      console.log(`\n${title} (load ${load()})\n`);
      console.log("| backend | MB/s (median) | range | CPU MB/s (median) | vs Python |");
      console.log("|---|---:|---:|---:|---:|");
      const row = new Map<string, number>();
      const pyMedian = py ? median(py) : NaN;
      for (const [name, r] of rates) {
        const m = median(r.wall);
        row.set(name, m);
        const range = `${Math.min(...r.wall).toFixed(0)}–${Math.max(...r.wall).toFixed(0)}`;
        console.log(`| ${name} | ${m.toFixed(0)} | ${range} | ${median(r.cpu).toFixed(0)} | ${(m / pyMedian).toFixed(2)} |`);
      }
      if (py) {
        row.set("Python numcodecs", pyMedian);
        console.log(`| Python numcodecs ${String(encoded?.numcodecs)} | ${pyMedian.toFixed(0)} | ${Math.min(...py).toFixed(0)}–${Math.max(...py).toFixed(0)} | - | 1.00 |`);
      }
      summary.push([c.label, row]);
    }

    const columns = [...backends.map((b) => b.name), ...(encoded ? ["Python numcodecs"] : [])];
    console.log(`\n### summary: median MB/s of decoded output, one call at a time (load ${load()})\n`);
    console.log(`| chunk | ${columns.join(" | ")} |`);
    console.log(`|---|${columns.map(() => "---:|").join("")}`);
    for (const [label, row] of summary) console.log(`| ${label} | ${columns.map((c) => row.get(c)?.toFixed(0) ?? "-").join(" | ")} |`);
    console.log(`\nload average at end: ${load()}`);
  } finally {
    await pool.close();
    await wasmPool.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
