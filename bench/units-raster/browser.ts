/**
 * Spike raster in the page: a Units table whose one unit has SPIKES spikes (and OTHERS units of 10
 * spikes each), opened in the store browser of a real JupyterLab in Debian's chromium
 * (test/browser/lab.ts). Reports the time from the Display tab's click to the raster drawn with
 * its ticks (reads, marks, uPlot, the labels), the requests it made, and the script time of a
 * redraw while panning: zoomed to a tenth of the spike times, moved by 1% of the span per
 * animation frame for FRAMES frames (each frame paints the ticks in the range shown); the script
 * time runs from the move to the end of uPlot's redraw (the ticks and labels painted).
 * Usage: node --import tsx bench/units-raster/browser.ts [SPIKES] [OTHERS] [FRAMES]   (defaults 100000, 9, 120)
 */
import { join } from "node:path";
import { NWBFile, NWBZarrIO, loadNwbTypes } from "../../src/nwb/index.js";
import { openFromFileBrowser, selectNode } from "../../test/browser/browser-dom.js";
import { ensureBuilt, setupLab, startLab } from "../../test/browser/lab.js";
import { load, median } from "../zstd/stats.js";

async function writeUnits(path: string, spikes: number, others: number): Promise<void> {
  await loadNwbTypes();
  const file = new NWBFile({ identifier: "BENCH-RASTER", sessionDescription: "raster benchmark", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
  // Unit 0: `spikes` spike times over 600 s; the others 10 each.
  file.addUnit({ id: 0, spikeTimes: Array.from({ length: spikes }, (_, k) => (k * 600) / spikes) });
  for (let u = 1; u <= others; u++) file.addUnit({ id: u, spikeTimes: Array.from({ length: 10 }, (_, k) => u + k * 60) });
  await new NWBZarrIO(path, "w").write(file);
}

async function main(): Promise<void> {
  const spikes = Number(process.argv[2] ?? 100_000);
  const others = Number(process.argv[3] ?? 9);
  const frames = Number(process.argv[4] ?? 120);
  const skip = setupLab();
  if (skip) {
    console.log(`SKIP: ${skip}`);
    return;
  }
  ensureBuilt();
  const lab = await startLab((contents) => writeUnits(join(contents, "raster.nwb.zarr"), spikes, others));
  try {
    const { page, requests } = await lab.open();
    const browser = await openFromFileBrowser(page, "raster.nwb.zarr");
    await selectNode(browser, "/units");
    const before = requests.length;
    const clicked = Date.now();
    await browser.locator('button[data-tab="display"]').click();
    const plot = browser.locator('.jp-HdmfZarr-display .jp-HdmfZarr-plot[data-plot="raster"]');
    await plot.locator('text.jp-HdmfZarr-plotLabel[data-axis="x"]').first().waitFor({ timeout: 120_000 });
    const drawnMs = Date.now() - clicked;
    const marks = Number(await plot.getAttribute("data-marks"));
    const spikeReads = requests.slice(before).filter((r) => r.path.includes("/units/spike_times/"));
    console.log(`load average ${load()}`);
    console.log(`raster of ${others + 1} units, ${marks} ticks (unit 0: ${spikes} spikes): drawn ${drawnMs} ms after the Display click; ${requests.length - before} request(s), ${spikeReads.length} of them spike_times chunks`);

    // Pan: a tenth of the time range in view, moved by 1% of it per frame, reversing at the ends.
    // A string, not a function: tsx would add helpers to a function that the page does not have.
    const pan = (await page.evaluate(`new Promise((resolve) => {
      const h = document.querySelector('.jp-HdmfZarr-panel:not(.lm-mod-hidden) .jp-HdmfZarr-plot[data-plot="raster"]').plotHandle;
      const [a, b] = h.xRange();
      const span = (b - a) / 10;
      h.setXRange(a, a + span);
      let dir = 1, count = 0, last = 0;
      const frame = [], script = [];
      const step = (t) => {
        if (last) frame.push(t - last);
        last = t;
        if (count++ === ${frames}) return resolve({ frame, script });
        const [lo] = h.xRange();
        if (lo + span * 1.01 > b) dir = -1;
        if (lo - span * 0.01 < a) dir = 1;
        const s0 = performance.now();
        h.setXRange(lo + dir * span * 0.01, lo + dir * span * 0.01 + span);
        // uPlot redraws in a microtask queued by the move: this one runs after it.
        queueMicrotask(() => script.push(performance.now() - s0));
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    })`)) as { frame: number[]; script: number[] };
    console.log(
      `panning (${frames} frames, a tenth of the range in view): frame time median ${median(pan.frame).toFixed(1)} ms, max ${Math.max(...pan.frame).toFixed(1)} ms; ` +
        `script per pan step (ticks painted, labels) median ${median(pan.script).toFixed(1)} ms, max ${Math.max(...pan.script).toFixed(1)} ms`,
    );
    await page.close();
  } finally {
    await lab.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
