/**
 * Zstandard in Node, side by side in one process: the native addon (@toondepauw/node-zstd),
 * Node's own zlib (where this Node has it) and numcodecs' WebAssembly, encoding and decoding the
 * same electrophysiology-like chunks. Each rep runs every contender once, in a new random order,
 * one call at a time; the tables give the median MB/s (uncompressed bytes / wall time) over reps,
 * the range, and the median of each rep's ratio to the addon (paired, so a load change during the
 * run moves both sides); then the same over the process's CPU time, which other work on a shared
 * machine disturbs less. Load average is printed before, during and after.
 *
 *   node --import tsx bench/zstd/run.ts [--reps N] [--sizes 1,4,8] [--levels 0,1] [--frame-kib 128] [--inflight 4]
 *
 * `--frame-kib` adds small frames (the size of Blosc's zstd streams) to show the cost per call;
 * `--inflight` adds a decode table with that many calls awaited together (as a read of many
 * chunks decodes them), where thread-pool decoders can use every core and a synchronous one cannot.
 */
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { numcodecsClass } from "../../src/zarr/codecs/numcodecs-wasm.js";
import { builtinZstd, zlibZstd } from "../../src/zarr/codecs/native/zstd-builtin.js";
import { nativeZstd } from "../../src/zarr/codecs/native/zstd-addon.js";
import { withContentSize } from "../../src/zarr/codecs/zstd-frame.js";
import { ephysInt16, randomWalkFloat32, type Chunk } from "./chunks.js";
import { load, median, shuffle } from "./stats.js";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const numbers = (s: string) => s.split(",").map(Number);
const REPS = Number(option("reps", "7"));
const SIZES_MIB = numbers(option("sizes", "1,4,8"));
const LEVELS = numbers(option("levels", "0,1"));
const FRAME_KIB = Number(option("frame-kib", "128"));
const INFLIGHT = Number(option("inflight", "4"));

type Op = (bytes: Uint8Array) => Promise<Uint8Array> | Uint8Array;
interface Contender {
  name: string;
  run: Op;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

interface Rates {
  /** MB/s over wall time, one per rep. */
  wall: number[];
  /** MB/s over the process's CPU time (all threads, so the thread pool's work counts), one per rep. */
  cpu: number[];
}

/** MB/s of each contender over REPS interleaved reps on `input` (`uncompressed` bytes count as the work done). */
async function race(contenders: Contender[], input: Uint8Array, units: number, uncompressed: number, inflight = 1): Promise<Map<string, Rates>> {
  const rates = new Map<string, Rates>(contenders.map((c) => [c.name, { wall: [], cpu: [] }]));
  const together = (c: Contender) => Promise.all(Array.from({ length: inflight }, () => c.run(input)));
  for (const c of contenders) await together(c); // warm-up: WebAssembly compile, thread pool start
  for (let rep = 0; rep < REPS; rep++) {
    for (const c of shuffle(contenders)) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (let u = 0; u < units; u++) await together(c);
      const wall = (performance.now() - t0) / 1000;
      const used = process.cpuUsage(cpu0);
      const mb = (uncompressed * units * inflight) / 1e6;
      rates.get(c.name)!.wall.push(mb / wall);
      rates.get(c.name)!.cpu.push(mb / ((used.user + used.system) / 1e6));
    }
  }
  return rates;
}

/** Paired ratios to the addon of each contender, `[wall, CPU]`, for the closing summary. */
type Ratios = Map<string, [number, number]>;

function table(title: string, rates: Map<string, Rates>, extra: (name: string) => string = () => ""): Ratios {
  const base = rates.get("addon");
  const vs = (r: number[], b: number[] | undefined) => (b ? median(r.map((x, i) => x / b[i])) : NaN);
  const ratio = extra("") ? " ratio |" : "";
  const out: Ratios = new Map();
  console.log(`\n${title}\n`);
  console.log(`| contender | wall MB/s (median) | range | vs addon | CPU MB/s (median) | vs addon |${ratio}`);
  console.log(`|---|---:|---:|---:|---:|---:|${ratio ? "---:|" : ""}`);
  for (const [name, r] of rates) {
    const e = extra(name);
    const range = `${Math.min(...r.wall).toFixed(0)}–${Math.max(...r.wall).toFixed(0)}`;
    const [w, c] = [vs(r.wall, base?.wall), vs(r.cpu, base?.cpu)];
    out.set(name, [w, c]);
    console.log(`| ${name} | ${median(r.wall).toFixed(0)} | ${range} | ${w.toFixed(2)} | ${median(r.cpu).toFixed(0)} | ${c.toFixed(2)} |${e ? ` ${e} |` : ""}`);
  }
  return out;
}

async function main(): Promise<void> {
  // numcodecs does not export its package.json: read it from the folder.
  const version = (name: string) => (JSON.parse(readFileSync(join(__dirname, "../../node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  const addon = nativeZstd();
  const builtin = builtinZstd();
  const z = zlibZstd();
  const Wasm = await numcodecsClass("zstd");
  console.log(`# Zstandard in Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"})`);
  console.log(`addon: ${addon ? `@toondepauw/node-zstd ${version("@toondepauw/node-zstd")}` : "not installed"}; ` +
    `node:zlib zstd: ${z ? `yes (zstd ${process.versions.zstd ?? "?"})` : "absent"}; numcodecs ${version("numcodecs")} (WebAssembly)`);
  console.log(`reps ${REPS}, sizes ${SIZES_MIB.join(",")} MiB, levels ${LEVELS.join(",")}; load average at start: ${load()}`);

  const inputs: Chunk[] = [];
  for (const mib of SIZES_MIB) inputs.push(ephysInt16(mib << 20), randomWalkFloat32(mib << 20));
  if (FRAME_KIB > 0) inputs.push({ ...ephysInt16(FRAME_KIB << 10), label: `int16 384 ch, small frames` });

  const summary: [string, Ratios][] = [];
  for (const chunk of inputs) {
    const n = chunk.bytes.length;
    // Small frames: repeat them so one timing covers about 4 MiB.
    const units = n < 1 << 19 ? Math.ceil((4 << 20) / n) : 1;
    const size = n >= 1 << 19 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${(n / 1024).toFixed(0)} KiB ×${units}`;
    for (const level of LEVELS) {
      const encoders: Contender[] = [];
      if (addon) encoders.push({ name: "addon", run: (b) => addon.encode(b, level) });
      if (builtin && z) {
        encoders.push({ name: "node:zlib (codec: async, one buffer)", run: (b) => builtin.encode(b, level) });
        const params = { [z.constants.ZSTD_c_compressionLevel]: level };
        encoders.push({ name: "node:zlib sync", run: (b) => z.zstdCompressSync(b, { params, pledgedSrcSize: b.length }) });
      }
      const wasm = Wasm.fromConfig({ id: "zstd", level });
      encoders.push({ name: "numcodecs WebAssembly", run: (b) => wasm.encode(b) });

      // Every encoder's frame must decode (by numcodecs) to the input.
      const sizes = new Map<string, number>();
      for (const e of encoders) {
        const frame = await e.run(chunk.bytes);
        if (!sameBytes(await Wasm.fromConfig({ id: "zstd" }).decode(frame), chunk.bytes)) throw new Error(`${e.name} frame does not round-trip`);
        sizes.set(e.name, frame.length);
      }
      const rates = await race(encoders, chunk.bytes, units, n);
      const ratios = table(`### encode ${chunk.label}, ${size}, level ${level} (load ${load()})`, rates, (name) => (name ? (n / sizes.get(name)!).toFixed(2) : "x"));
      summary.push([`encode ${chunk.label}, ${size}, level ${level}`, ratios]);
    }

    // Decoding barely depends on the level: one frame as numcodecs in Python writes it at its
    // default level (0, zstd's 3): one-shot, content size stated. node:zlib's one-shot encoder
    // makes the same; the addon's streaming frame gets the size added.
    const frame = z
      ? z.zstdCompressSync(chunk.bytes, { params: { [z.constants.ZSTD_c_compressionLevel]: 3 } })
      : addon
        ? withContentSize(await addon.encode(chunk.bytes, 3), n)
        : await Wasm.fromConfig({ id: "zstd", level: 3 }).encode(chunk.bytes);
    const decoders: Contender[] = [];
    if (addon) decoders.push({ name: "addon", run: (b) => addon.decode(b) });
    if (builtin && z) {
      decoders.push({ name: "node:zlib (codec: async, one buffer)", run: (b) => builtin.decode(b) });
      decoders.push({ name: "node:zlib async, default 16 KiB buffers", run: (b) => new Promise((res, rej) => z.zstdDecompress(b, {}, (e, o) => (e ? rej(e) : res(o)))) });
      decoders.push({ name: "node:zlib sync", run: (b) => z.zstdDecompressSync(b, { chunkSize: n + 1, maxOutputLength: n }) });
    }
    const wasm = Wasm.fromConfig({ id: "zstd" });
    decoders.push({ name: "numcodecs WebAssembly", run: (b) => wasm.decode(b) });
    for (const d of decoders) if (!sameBytes(await d.run(frame), chunk.bytes)) throw new Error(`${d.name} decodes wrongly`);
    const title = `### decode ${chunk.label}, ${size} (frame ${((frame.length / n) * 100).toFixed(0)}% of the input)`;
    summary.push([`decode ${chunk.label}, ${size}`, table(`${title} (load ${load()})`, await race(decoders, frame, units, n))]);
    if (INFLIGHT > 1) {
      const ratios = table(`${title}, ${INFLIGHT} calls at a time (load ${load()})`, await race(decoders, frame, units, n, INFLIGHT));
      summary.push([`decode ${chunk.label}, ${size}, ${INFLIGHT} at a time`, ratios]);
    }
  }
  // The contenders the codec can use, against the addon: median of paired per-rep ratios.
  const columns = ["node:zlib (codec: async, one buffer)", "numcodecs WebAssembly"];
  console.log(`\n### summary: speed relative to the addon (wall / CPU; above 1 = faster than the addon)\n`);
  console.log(`| case | ${columns.join(" | ")} |`);
  console.log(`|---|${columns.map(() => "---:|").join("")}`);
  for (const [label, ratios] of summary) {
    const cells = columns.map((c) => ratios.get(c)?.map((x) => x.toFixed(2)).join(" / ") ?? "-");
    console.log(`| ${label} | ${cells.join(" | ")} |`);
  }
  console.log(`\nload average at end: ${load()}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
