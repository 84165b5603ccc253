/**
 * Where the store browser's first view of a big store spends its time: opens the store once in
 * chromium with the CPU profiler on (sampling every 200 µs), from the click to the first tree
 * render, and prints the functions with the most self time and the page's marks.
 * Usage: node --import tsx bench/store-browser/profile.ts [NODES] [PER_GROUP]   (defaults 100000, 100)
 */
import { join } from "node:path";
import { writeBigStore } from "../../test/browser/big-store.js";
import { openFromFileBrowser } from "../../test/browser/browser-dom.js";
import { ensureBuilt, setupLab, startLab } from "../../test/browser/lab.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

async function main(): Promise<void> {
  const nodes = Number(process.argv[2] ?? 100_000);
  const perGroup = Number(process.argv[3] ?? 100);
  const skip = setupLab();
  if (skip) {
    console.log(`SKIP: ${skip}`);
    return;
  }
  ensureBuilt();
  const lab = await startLab(async (contents) => {
    await writeBigStore(join(contents, "big.zarr"), nodes, perGroup);
  });
  try {
    const { page } = await lab.open();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
    await openFromFileBrowser(page, "big.zarr");
    await page.waitForFunction(() => performance.getEntriesByName("hdmf-zarr:first-render").length > 0, undefined, { timeout: 60_000 });
    const { profile } = (await cdp.send("Profiler.stop")) as unknown as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map<string, number>();
    profile.samples.forEach((id, i) => {
      const f = byId.get(id)!.callFrame;
      // The column tells functions of a minified bundle apart.
      const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()?.split("?")[0]}:${f.lineNumber}:${f.columnNumber}`;
      self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
    for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${v.toFixed(0).padStart(6)} ms  ${k}`);
    console.log(await page.evaluate(`(() => {
      const doc = performance.getEntriesByType("resource").filter((e) => /big\\.zarr\\/zarr\\.json/.test(e.name)).pop();
      const at = (name) => performance.getEntriesByName(name).pop().startTime;
      return "arrival → provider open " + (at("hdmf-zarr:metadata") - doc.responseEnd).toFixed(0) + " ms, → first render " + (at("hdmf-zarr:first-render") - doc.responseEnd).toFixed(0) + " ms";
    })()`));
  } finally {
    await lab.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
