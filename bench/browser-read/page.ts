/**
 * The page side of the browser read benchmark (bundled by bundle.ts): reads a layout served over
 * HTTP with HttpStore, as an app would, and reports seconds, bytes, the checksum of
 * bench/read-array/checksum.cjs and what the decode workers did. run.ts calls `benchRead`.
 */
import { HttpStore } from "../../src/store/http.js";
import { BrowserDecodePool, useBrowserDecodeWorkers } from "../../src/zarr/browser-decode-pool.js";
import { defaultDecoder } from "../../src/zarr/default-decoder.js";
import { ZarrHierarchy } from "../../src/zarr/hierarchy.js";
import type { Selection } from "../../src/zarr/indexing.js";
import { checksum } from "../read-array/checksum.cjs";

/**
 * How the page decodes: `workers` the default pool (large reads decode into a SharedArrayBuffer in
 * Web Workers), `main` no pool (the main thread decodes), `pool-back` a pool passed as `decodePool`
 * (workers decompress each chunk and send it back; works without isolation), `fetch` only the
 * stored chunks of the whole array fetched, none decoded (what the transfer alone costs).
 */
export type DecodeMode = "workers" | "main" | "pool-back" | "fetch";

/** One read of the benchmark. */
export interface BenchRequest {
  layout: string;
  workload: "whole" | "windows";
  mode: DecodeMode;
  /** Windows of `rows` rows starting at `starts[i][0]` (all columns when `cols` is the array's). */
  windows: { rows: number; cols: number; starts: [number, number][] };
}

/** What a read measured. */
export interface BenchResult {
  seconds: number;
  bytes: number;
  checksum: number;
  crossOriginIsolated: boolean;
  /** Chunks decoded in workers into the shared output, and decompressed in workers and sent back. */
  chunksInto: number;
  chunksBack: number;
  workersStarted: number;
  cores: number;
}

/** The page's globals used here (this file compiles without the DOM's types). */
const page = globalThis as unknown as { location: { href: string }; navigator: { hardwareConcurrency: number }; crossOriginIsolated?: boolean };

/** The bundled worker sits next to this bundle (bundle.ts), which the page loads from `bundle/`. */
const WORKER_URL = new URL("bundle/browser-decode-worker.js", page.location.href);

async function benchRead(req: BenchRequest): Promise<BenchResult> {
  useBrowserDecodeWorkers(req.mode === "workers" ? WORKER_URL : undefined);
  const explicit = req.mode === "pool-back" ? new BrowserDecodePool({ worker: WORKER_URL }) : undefined;
  const t0 = performance.now();
  const h = await ZarrHierarchy.open(new HttpStore(new URL(`data/${req.layout}`, page.location.href)), { decodePool: explicit });
  const arr = await h.openArray("");
  let ms = performance.now() - t0;
  let bytes = 0;
  let sum = 0;
  if (req.mode === "fetch") {
    const t = performance.now();
    bytes = await fetchChunks(arr.chunkGrid, (c) => arr.getStoredChunk(c));
    ms += performance.now() - t;
  } else if (req.workload === "whole") {
    const t = performance.now();
    const d = (await arr.get()).data as Float32Array;
    ms += performance.now() - t;
    bytes = d.byteLength;
    sum = checksum(d);
  } else {
    const all = arr.shape[1] === req.windows.cols;
    for (const [r, c] of req.windows.starts) {
      const sel: Selection = [{ start: r, stop: r + req.windows.rows }, all ? null : { start: c, stop: c + req.windows.cols }];
      const t = performance.now();
      const d = (await arr.get(sel)).data as Float32Array;
      ms += performance.now() - t;
      bytes += d.byteLength;
      sum = (sum + checksum(d)) >>> 0;
    }
  }
  const pool = explicit ?? ((await defaultDecoder()) as BrowserDecodePool | undefined);
  const stats = pool?.stats ?? { chunksInto: 0, chunksBack: 0, workersStarted: 0 };
  explicit?.close();
  return { seconds: ms / 1000, bytes, checksum: sum, crossOriginIsolated: page.crossOriginIsolated === true, ...stats, cores: page.navigator.hardwareConcurrency };
}

/** Fetch every chunk of a 2-d grid, 8 at a time (the array's default concurrency); the bytes fetched. */
async function fetchChunks(grid: number[], get: (coords: number[]) => Promise<Uint8Array | undefined>): Promise<number> {
  const all = Array.from({ length: grid[0] * grid[1] }, (_, i) => [Math.floor(i / grid[1]), i % grid[1]]);
  let total = 0;
  const next = async (): Promise<void> => {
    for (let c = all.shift(); c; c = all.shift()) {
      const bytes = await get(c);
      total += bytes?.byteLength ?? 0;
    }
  };
  await Promise.all(Array.from({ length: 8 }, next));
  return total;
}

(globalThis as { benchRead?: typeof benchRead }).benchRead = benchRead;
