/**
 * Opening a big consolidated v3 store in Node, the old way against the new, in one process (so
 * both meet the same machine load): the whole root zarr.json parsed (JSON.parse, then each node
 * parsed on first use) against its outline scanned (`readV3Root`, each node's text parsed on first
 * use). Prints medians of RUNS rounds of: open (decode + parse or scan), and every node then asked
 * for once (what building the search index costs).
 * Usage: node --import tsx bench/store-browser/open.ts [RUNS] [NODES]   (defaults 5, 100000)
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { writeBigStore } from "../../test/browser/big-store.js";
import { parseV3Consolidated, readV3Root, type ConsolidatedDocuments } from "../../src/zarr/consolidated.js";
import { parseJsonExact } from "../../src/zarr/json-exact.js";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  const wanted = Number(process.argv[3] ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), "open-bench-"));
  try {
    const nodes = await writeBigStore(join(dir, "big.zarr"), wanted, 100);
    const bytes = new Uint8Array(readFileSync(join(dir, "big.zarr", "zarr.json")));
    const ways: Record<string, () => ConsolidatedDocuments> = {
      "whole parse": () => parseV3Consolidated(parseJsonExact(new TextDecoder().decode(bytes)), "bench")!,
      "outline scan": () => readV3Root(new TextDecoder().decode(bytes), "bench", true, (t) => parseJsonExact(t)).index!,
    };
    const times: Record<string, { open: number[]; all: number[] }> = {};
    for (let r = 0; r < runs; r++) {
      for (const [name, open] of Object.entries(ways)) {
        const t0 = performance.now();
        const index = open();
        const t1 = performance.now();
        for (const key of index.keys()) index.get(key);
        const t2 = performance.now();
        (times[name] ??= { open: [], all: [] }).open.push(t1 - t0);
        times[name].all.push(t2 - t1);
      }
    }
    console.log(`${nodes} nodes, zarr.json ${(bytes.length / 1e6).toFixed(1)} MB, medians of ${runs} (load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}):`);
    for (const [name, t] of Object.entries(times)) {
      console.log(`  ${name}: open ${median(t.open).toFixed(0)} ms; then every node parsed ${median(t.all).toFixed(0)} ms`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
