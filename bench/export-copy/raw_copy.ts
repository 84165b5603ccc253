/**
 * Whether worker threads help a copy of stored chunk bytes (same format, codecs and chunks, where
 * an export copies each chunk file as it is): every chunk of `<array>` in `<store>` copied into a
 * fresh folder, as LocalStore writes (a temporary file, then a rename), 8 files in flight, either
 * all from the main thread or split between `jobs` worker threads (each with 8 / jobs in flight).
 *
 *   node --import tsx bench/export-copy/raw_copy.ts <store> <array path> <jobs>   (prints {"jobs", "seconds", "mbps", "loadavg"})
 */
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { forEachConcurrent } from "../../src/zarr/concurrency.js";

const IN_FLIGHT = 8;

/** Every file under `dir`, relative. */
async function files(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = join(prefix, e.name);
    if (e.isDirectory()) out.push(...(await files(dir, rel)));
    else if (e.name !== "zarr.json") out.push(rel);
  }
  return out;
}

/** Copy `keys` from `src` to `dst` with `inFlight` at once; the bytes copied. */
async function copy(src: string, dst: string, keys: string[], inFlight: number): Promise<number> {
  let bytes = 0;
  await forEachConcurrent(keys, inFlight, async (key) => {
    const data = await readFile(join(src, key));
    const target = join(dst, key);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(`${target}.tmp`, data);
    await rename(`${target}.tmp`, target);
    bytes += data.byteLength;
  });
  return bytes;
}

async function main(): Promise<void> {
  const [store, array, jobsArg] = process.argv.slice(2);
  const jobs = Number(jobsArg);
  const src = join(store, array);
  const dst = join(dirname(store), `raw-copy-${jobs}`);
  await rm(dst, { recursive: true, force: true });
  const keys = await files(src);
  const start = performance.now();
  let bytes = 0;
  if (jobs <= 1) {
    bytes = await copy(src, dst, keys, IN_FLIGHT);
  } else {
    const parts = Array.from({ length: jobs }, (_, j) => keys.filter((_, i) => i % jobs === j));
    const code = `require(${JSON.stringify(require.resolve("tsx/cjs"))}); require(${JSON.stringify(__filename)});`;
    const sizes = await Promise.all(parts.map((part) => new Promise<number>((resolve, reject) => {
      const w = new Worker(code, { eval: true, execArgv: ["--import", "tsx"], workerData: { src, dst, keys: part, inFlight: IN_FLIGHT / jobs } });
      w.once("message", (n: number) => void w.terminate().then(() => resolve(n)));
      w.once("error", reject);
    })));
    bytes = sizes.reduce((a, b) => a + b, 0);
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(JSON.stringify({ jobs, files: keys.length, seconds, mbps: bytes / 1e6 / seconds, loadavg: loadavg() }));
  await rm(dst, { recursive: true, force: true });
}

if (isMainThread) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  const { src, dst, keys, inFlight } = workerData as { src: string; dst: string; keys: string[]; inFlight: number };
  void copy(src, dst, keys, inFlight).then((n) => parentPort!.postMessage(n));
}
