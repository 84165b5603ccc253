/**
 * A TimeSeries on irregular timestamps and a long trials table in chromium, on the NWB file
 * `writeIrregular` writes (test/browser/stores.ts): 20,000 samples of value i, the first half at
 * 1 kHz from 0 s, the second every 0.5 s from 10 s; 300,000 trials of 10 ms, 60 a second from 10 s.
 * Zoomed to a range of the sparse half, the plot shows the samples whose timestamps fall in it
 * (found by searching the timestamps, not by a line through the first and last): the caption
 * names them, the x ticks lie in the range and the y axis spans their values. Jumped to the end
 * with the trials shaded, the plot shades the bands of the trials overlapping the range shown,
 * read from a table of 300,000 rows without a cap.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import type { Locator, Page } from "playwright-core";
import { labPerFile } from "./lab.js";
import { IRREGULAR, writeIrregular } from "./stores.js";
import { axisLabels, showDisplay, waitFor } from "./view-dom.js";

const STORE = "irregular.nwb.zarr";
const session = labPerFile(async (contents) => {
  await writeIrregular(join(contents, STORE));
});
const skipped = (t: TestContext) => session.skipped(t);

/** The series' Display section and its plot, once its x ticks are drawn. */
async function showSeries(page: Page): Promise<{ display: Locator; plot: Locator }> {
  const display = await showDisplay(page, STORE, "/acquisition/irregular");
  const plot = display.locator(".jp-HdmfZarr-plot").first();
  await plot.locator('text.jp-HdmfZarr-plotLabel[data-axis="x"]').first().waitFor({ timeout: 30_000 });
  return { display, plot };
}

/** Wait until the plot has no read waiting or running. */
async function settled(plot: Locator): Promise<void> {
  await plot.evaluate((node) => (node as HTMLElement & { plotHandle: { settled(): Promise<void> } }).plotHandle.settled());
  await waitFor(async () => (await plot.getAttribute("data-loading")) === null);
}

/** The x range shown, from the plot's `data-x-range`. */
async function xRange(plot: Locator): Promise<[number, number]> {
  const [a, b] = (await plot.getAttribute("data-x-range"))!.split(" ").map(Number);
  return [a, b];
}

describe("irregular timestamps and a long intervals table", () => {
  it("shows exactly the samples whose timestamps fall in a range of the sparse half", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const { plot } = await showSeries(page);
      const caption = plot.locator(".jp-HdmfZarr-plotCaption");
      assert.match((await caption.textContent()) ?? "", /^samples 0–4999 of 20000/, "the first window: 0–4.999 s");

      // 1000–1100 s: samples 11,980 (10 + 1970 × 0.5 s) to 12,180; a line through the first and last timestamp would say ≈ 3992–4392.
      await plot.evaluate((node) => (node as HTMLElement & { plotHandle: { setXRange(a: number, b: number): void } }).plotHandle.setXRange(1000, 1100));
      await waitFor(async () => (await plot.getAttribute("data-x-range")) === "1000 1100");
      await settled(plot);
      const first = 11_980, last = 12_180;
      assert.equal(IRREGULAR.time(first), 1000);
      assert.equal(IRREGULAR.time(last), 1100);
      await waitFor(async () => ((await caption.textContent()) ?? "").startsWith(`samples ${first}–${last} of 20000`));
      const [s0, s1] = (await plot.getAttribute("data-samples"))!.split(" ").map(Number);
      assert.ok(s0 <= first && s1 > last, `the samples read cover ${first}–${last}: ${s0}–${s1}`);

      const x = await axisLabels(plot, "x");
      assert.ok(x.values.length >= 3 && x.values.every((v) => v >= 1000 && v <= 1100), `x ticks in 1000–1100 s: ${x.texts}`);
      assert.deepEqual(x.texts.map(Number), x.values, "x labels are the tick values (seconds)");
      // Value i at sample i: the y axis spans the values of the samples drawn there, 11,980–12,180.
      const y = await axisLabels(plot, "y");
      assert.ok(y.values.length >= 2 && y.values.every((v) => v >= first - 20 && v <= last + 20), `y ticks in ${first}–${last}: ${y.texts}`);
      assert.ok(Math.max(...y.values) - Math.min(...y.values) >= 100, `y ticks across the values: ${y.texts}`);
    } finally {
      await page.close();
    }
  });

  it("shades the trials overlapping the range shown after a jump to the end of the series, out of 300,000", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const { display, plot } = await showSeries(page);
      const select = display.locator('select[data-control="intervals"]');
      assert.deepEqual(await select.locator("option").allTextContents(), ["(none)", "trials"]);
      await select.selectOption("trials");
      // The first window (0–4.999 s) ends before the first trial at 10 s.
      await waitFor(async () => (await plot.getAttribute("data-bands")) === "0");

      await display.locator('input[aria-label="jump to sample"]').fill(String(IRREGULAR.samples - 1));
      const end = IRREGULAR.time(IRREGULAR.samples - 1);
      await waitFor(async () => Math.abs((await xRange(plot))[1] - end) < 1e-6);
      await settled(plot);
      const [a, b] = await xRange(plot);
      let inRange = 0;
      for (let k = 0; k < IRREGULAR.trials; k++) {
        const [s, e] = IRREGULAR.trial(k);
        if (e > a && s < b) inRange++;
      }
      // About 60 a second over the ≈5 s shown, all from the table's last rows.
      assert.ok(inRange > 250 && inRange < 320, `${inRange} trials in ${a}–${b}`);
      await waitFor(async () => (await plot.getAttribute("data-bands")) === String(inRange), 20_000);
      assert.equal((await display.locator(".jp-HdmfZarr-intervalNote").textContent())?.trim(), "", "nothing left out");
    } finally {
      await page.close();
    }
  });
});
