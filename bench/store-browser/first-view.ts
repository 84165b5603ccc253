/**
 * The first view of a big consolidated v3 store in Node, as the store browser asks for it: the
 * hierarchy opened from the root zarr.json's bytes (decode, outline scan, path map) and then the
 * root's children listed (child index) with the metadata of the first page of them. Prints medians
 * of RUNS rounds, wall and CPU time (`process.cpuUsage`: on a loaded machine it varies less).
 * Usage: node --import tsx bench/store-browser/first-view.ts [RUNS] [NODES]   (defaults 9, 100000)
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { writeBigStore } from "../../test/browser/big-store.js";
import { MemoryStore } from "../../src/store/memory.js";
import { ZarrHierarchy } from "../../src/zarr/hierarchy.js";

/** Rows the tree shows at once, and so the node documents its first page reads. */
const FIRST_PAGE = 100;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1000;
};

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 9);
  const wanted = Number(process.argv[3] ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), "first-view-bench-"));
  try {
    const nodes = await writeBigStore(join(dir, "big.zarr"), wanted, 100);
    const store = new MemoryStore(undefined, "bench");
    await store.set("zarr.json", new Uint8Array(readFileSync(join(dir, "big.zarr", "zarr.json"))));
    const load = loadavg()[0];
    const t = { open: [] as number[], openCpu: [] as number[], page: [] as number[], pageCpu: [] as number[] };
    for (let r = 0; r < runs; r++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const h = await ZarrHierarchy.open(store);
      const t1 = performance.now();
      const c1 = process.cpuUsage();
      for (const name of (await h.listChildren("")).slice(0, FIRST_PAGE)) await h.getNode(name);
      t.page.push(performance.now() - t1);
      t.pageCpu.push(cpuMs(c1));
      t.open.push(t1 - t0);
      t.openCpu.push(cpuMs(c0) - t.pageCpu[r]);
    }
    const f = (xs: number[]) => median(xs).toFixed(0);
    console.log(`${nodes} nodes, medians of ${runs} (load average ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}):`);
    console.log(`  open: ${f(t.open)} ms wall, ${f(t.openCpu)} ms CPU`);
    console.log(`  root's children and the first ${FIRST_PAGE} of them: ${f(t.page)} ms wall, ${f(t.pageCpu)} ms CPU`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
