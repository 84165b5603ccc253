/**
 * The first view of a big consolidated v3 store in Node, as the store browser asks for it, opened
 * two ways in turn in one process (so both meet the same machine load):
 *   - whole: the hierarchy opened from the root zarr.json's bytes (decode, outline scan, path map);
 *   - streamed: the bytes pushed to `V3RootStreamScan` in pieces of 64 KiB as a download delivers
 *     them (CPU spent while they arrive), then the last piece and the open from the scan (what is
 *     left once the last byte is in);
 * then the root's children listed (child index) with the metadata of the first page of them.
 * Prints medians of RUNS rounds, wall and CPU time (`process.cpuUsage`: on a loaded machine it
 * varies less), and the load average at the start and the end.
 * Usage: node --import tsx bench/store-browser/first-view.ts [RUNS] [NODES]   (defaults 9, 100000)
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { writeBigStore } from "../../test/browser/big-store.js";
import type { ReadableStore } from "../../src/store/types.js";
import { ZarrHierarchy } from "../../src/zarr/hierarchy.js";
import { V3RootStreamScan, type ScannedV3Root } from "../../src/zarr/v3-root-stream.js";

/** Rows the tree shows at once, and so the node documents its first page reads. */
const FIRST_PAGE = 100;
/** The pieces a download delivers the body in (chromium's are of this order). */
const PIECE = 64 << 10;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1000;
};

/** Wall and CPU milliseconds of `f`. */
async function timed<T>(f: () => Promise<T> | T): Promise<{ value: T; wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  return { value, wall: performance.now() - t0, cpu: cpuMs(c0) };
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 9);
  const wanted = Number(process.argv[3] ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), "first-view-bench-"));
  try {
    const nodes = await writeBigStore(join(dir, "big.zarr"), wanted, 100);
    const bytes = new Uint8Array(readFileSync(join(dir, "big.zarr", "zarr.json")));
    // The bytes as the browser's preloaded store serves them: held, not copied per read.
    const store: ReadableStore = { description: "bench", get: async (key) => (key === "zarr.json" ? bytes : undefined) };
    const last = Math.floor((bytes.length - 1) / PIECE) * PIECE;
    const load = loadavg()[0];
    type Row = { open: number[]; openCpu: number[]; during: number[]; page: number[]; pageCpu: number[] };
    const rows: Record<"whole" | "streamed", Row> = {
      whole: { open: [], openCpu: [], during: [], page: [], pageCpu: [] },
      streamed: { open: [], openCpu: [], during: [], page: [], pageCpu: [] },
    };
    const ways = {
      whole: () => timed(() => ZarrHierarchy.open(store)),
      streamed: async () => {
        const scan = new V3RootStreamScan();
        const during = await timed(() => {
          for (let i = 0; i < last; i += PIECE) scan.push(bytes.subarray(i, i + PIECE));
        });
        rows.streamed.during.push(during.cpu);
        return timed(() => {
          scan.push(bytes.subarray(last));
          const scanned: ScannedV3Root = scan.end();
          return ZarrHierarchy.open(store, { scannedRoot: () => scanned });
        });
      },
    };
    for (let r = 0; r < runs; r++) {
      // Old and new in turn, the first one alternating.
      for (const name of (r % 2 ? ["streamed", "whole"] : ["whole", "streamed"]) as ("whole" | "streamed")[]) {
        const open = await ways[name]();
        const h = open.value;
        const page = await timed(async () => {
          for (const child of (await h.listChildren("")).slice(0, FIRST_PAGE)) await h.getNode(child);
        });
        const row = rows[name];
        row.open.push(open.wall);
        row.openCpu.push(open.cpu);
        row.page.push(page.wall);
        row.pageCpu.push(page.cpu);
      }
    }
    const f = (xs: number[]) => median(xs).toFixed(0);
    console.log(`${nodes} nodes, zarr.json ${(bytes.length / 1e6).toFixed(1)} MB, medians of ${runs} (load average ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}):`);
    const w = rows.whole, s = rows.streamed;
    console.log(`  whole: open ${f(w.open)} ms wall, ${f(w.openCpu)} ms CPU`);
    console.log(`  streamed: while the pieces arrive ${f(s.during)} ms CPU; after the last piece: open ${f(s.open)} ms wall, ${f(s.openCpu)} ms CPU`);
    console.log(`  root's children and the first ${FIRST_PAGE} of them: whole ${f(w.page)} ms wall, ${f(w.pageCpu)} ms CPU; streamed ${f(s.page)} ms wall, ${f(s.pageCpu)} ms CPU`);
    console.log(`  per run, open CPU (ms): whole ${w.openCpu.map((x) => x.toFixed(0)).join(", ")}; streamed, after the last piece ${s.openCpu.map((x) => x.toFixed(0)).join(", ")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
