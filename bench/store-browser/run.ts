/**
 * Store browser benchmark: how long after a 10,000-node store's metadata arrives does its tree show?
 *
 * Writes a consolidated Zarr v3 store with this library (root + 99 groups × 100 small datasets =
 * 10,000 nodes), starts JupyterLab with the built extension (test/browser/lab.ts), opens the store
 * with "Open in Zarr browser" in Debian's chromium, and reads in the page:
 *   - metadata arrival: responseEnd of the consolidated zarr.json request (Resource Timing),
 *   - metadata parsed: the extension's `hdmf-zarr:metadata` mark (provider open),
 *   - first tree render: the extension's `hdmf-zarr:first-render` mark (browser view ready).
 * Prints one line per run and the medians. Usage: node --import tsx bench/store-browser/run.ts [RUNS]
 */
import { join } from "node:path";
import { DatasetBuilder, GroupBuilder, ZarrIO } from "../../src/index.js";
import { openFromFileBrowser } from "../../test/browser/browser-dom.js";
import { ensureBuilt, setupLab, startLab } from "../../test/browser/lab.js";

const GROUPS = 99;
const PER_GROUP = 100;

async function writeBigStore(path: string): Promise<number> {
  const groups: GroupBuilder[] = [];
  for (let g = 0; g < GROUPS; g++) {
    const datasets = Array.from({ length: PER_GROUP }, (_, d) => new DatasetBuilder(`d${d}`, [g, d, g * d], { dtype: "int32", attributes: { unit: "n" } }));
    groups.push(new GroupBuilder(`g${String(g).padStart(2, "0")}`, { datasets, attributes: { description: `group ${g}` } }));
  }
  const io = new ZarrIO(path, "w", { zarrFormat: 3 });
  await io.writeBuilder(new GroupBuilder("root", { groups }));
  await io.close();
  return 1 + GROUPS + GROUPS * PER_GROUP;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  const skip = setupLab();
  if (skip) {
    console.log(`SKIP: ${skip}`);
    return;
  }
  ensureBuilt();
  let nodes = 0;
  const t0 = Date.now();
  const lab = await startLab(async (contents) => {
    nodes = await writeBigStore(join(contents, "big.zarr"));
  });
  console.log(`wrote big.zarr: ${nodes} nodes in ${((Date.now() - t0) / 1000).toFixed(1)} s (writing + lab start)`);
  const rows: { arrival: number; parsed: number; bytes: number; requests: number }[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const { page, requests } = await lab.open();
      const before = requests.length;
      await page.evaluate(() => performance.clearMarks());
      await openFromFileBrowser(page, "big.zarr");
      await page.waitForFunction(() => performance.getEntriesByName("hdmf-zarr:first-render").length > 0, undefined, { timeout: 60_000 });
      // A string, not a function: the TypeScript loader would add helpers the page does not have.
      const m = (await page.evaluate(`(() => {
        const doc = performance.getEntriesByType("resource").filter((e) => /\\/files\\/big\\.zarr\\/zarr\\.json/.test(e.name)).pop();
        return {
          responseEnd: doc.responseEnd,
          bytes: doc.decodedBodySize,
          metadata: performance.getEntriesByName("hdmf-zarr:metadata").pop().startTime,
          render: performance.getEntriesByName("hdmf-zarr:first-render").pop().startTime,
        };
      })()`)) as { responseEnd: number; bytes: number; metadata: number; render: number };
      const row = {
        arrival: m.render - m.responseEnd,
        parsed: m.render - m.metadata,
        bytes: m.bytes,
        requests: requests.slice(before).filter((r) => r.path.startsWith("/files/big.zarr/")).length,
      };
      rows.push(row);
      console.log(
        `run ${i + 1}: metadata arrival → first tree render ${row.arrival.toFixed(0)} ms ` +
          `(of which provider open → render ${row.parsed.toFixed(0)} ms); zarr.json ${(row.bytes / 1e6).toFixed(2)} MB; ` +
          `${row.requests} request(s) to the store`,
      );
      await page.close();
    }
  } finally {
    await lab.stop();
  }
  console.log(
    `median over ${runs} runs, ${nodes} nodes: metadata arrival → first tree render ${median(rows.map((r) => r.arrival)).toFixed(0)} ms ` +
      `(provider open → render ${median(rows.map((r) => r.parsed)).toFixed(0)} ms)`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
