/**
 * The Units spike raster and the TimeIntervals bars in chromium, on an NWB file written here with
 * known spikes, trials and epochs. What is asserted is what a user reads: one lane per unit labelled
 * with its id, as many ticks as spikes, the time axis over the spike times, the legend of the colour
 * column; one bar per trial at its start and stop; the axis range after a zoom and a Reset; the
 * second page of a raster of 120 units (its lanes' ids and its units' spikes).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import type { Locator, Page } from "playwright-core";
import { NWBFile, NWBZarrIO, loadNwbTypes } from "../../src/nwb/index.js";
import { openFromFileBrowser, selectNode } from "./browser-dom.js";
import { ARTIFACTS, SCREENSHOTS, labPerFile, openDark } from "./lab.js";
import { axisLabels as labels, plotMarks as marks, waitFor } from "./view-dom.js";

/** 5 units (ids 100–104): unit u has 3 + 2u spikes, evenly from u to 10 + u seconds. */
const UNITS = Array.from({ length: 5 }, (_, u) => ({
  id: 100 + u,
  quality: u % 2 ? "mua" : "good",
  spikeTimes: Array.from({ length: 3 + 2 * u }, (_, k) => u + (10 * k) / (2 + 2 * u)),
}));
const TRIALS = [
  { startTime: 0.5, stopTime: 2, tags: ["go"] },
  { startTime: 3, stopTime: 4.5, tags: ["stop"] },
  { startTime: 6, stopTime: 9.25, tags: ["go"] },
];

/** 120 units (ids 1000 + u): unit u has u mod 7 + 1 spikes, at u + 0.1 k seconds. */
const MANY_UNITS = Array.from({ length: 120 }, (_, u) => ({ id: 1000 + u, spikeTimes: Array.from({ length: (u % 7) + 1 }, (_, k) => u + 0.1 * k) }));

async function writeManyUnits(path: string): Promise<void> {
  await loadNwbTypes();
  const file = new NWBFile({ identifier: "UNITS-120", sessionDescription: "a page and more of units", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
  for (const u of MANY_UNITS) file.addUnit({ id: u.id, spikeTimes: u.spikeTimes });
  await new NWBZarrIO(path, "w").write(file);
}

async function writeNwb(path: string): Promise<void> {
  await loadNwbTypes();
  const file = new NWBFile({ identifier: "UNITS-1", sessionDescription: "units and intervals", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
  file.addUnitColumn({ name: "quality", description: "sorting quality" });
  for (const u of UNITS) file.addUnit({ id: u.id, spikeTimes: u.spikeTimes, quality: u.quality });
  for (const t of TRIALS) file.addTrial(t);
  file.addEpoch({ startTime: 0, stopTime: 5, tags: ["baseline"] });
  file.addEpoch({ startTime: 5, stopTime: 11, tags: ["task"] });
  await new NWBZarrIO(path, "w").write(file);
}

const session = labPerFile(async (contents) => {
  await writeNwb(join(contents, "units.nwb.zarr"));
  await writeManyUnits(join(contents, "units120.nwb.zarr"));
});
const skipped = (t: TestContext) => session.skipped(t);

/** Open the store, select `path` and show its Display tab; resolves to the event plot of `kind`. */
async function showEvents(page: Page, path: string, kind: string, store = "units.nwb.zarr"): Promise<Locator> {
  const browser = await openFromFileBrowser(page, store);
  await selectNode(browser, path);
  await browser.locator('button[data-tab="display"]').click();
  const plot = browser.locator(`.jp-HdmfZarr-display .jp-HdmfZarr-plot[data-plot="${kind}"]`).first();
  await plot.locator('text.jp-HdmfZarr-plotLabel[data-axis="x"]').first().waitFor({ timeout: 30_000 });
  return plot;
}

describe("Units raster and TimeIntervals bars", () => {
  it("draws one lane per unit with its id, a tick per spike over a time axis, coloured by a column", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const plot = await showEvents(page, "/units", "raster");
      const y = await labels(plot, "y");
      assert.deepEqual(y.texts, UNITS.map((u) => String(u.id)), "one lane per unit, labelled by its id");
      const spikes = UNITS.flatMap((u) => u.spikeTimes);
      assert.equal(Number(await plot.getAttribute("data-marks")), spikes.length, "a tick per spike");
      const m = await marks(plot);
      assert.deepEqual(m.x0, spikes, "the spike times");
      assert.deepEqual(m.lane, UNITS.flatMap((u, i) => u.spikeTimes.map(() => i)), "each in its unit's lane");
      const x = await labels(plot, "x");
      const lo = Math.min(...spikes), hi = Math.max(...spikes);
      assert.deepEqual(x.texts.map(Number), x.values, "x labels are the tick values");
      const step = x.values[1] - x.values[0];
      assert.ok(x.values.length >= 3 && x.values[0] < lo + step && x.values.at(-1)! > hi - step, `x ticks cover ${lo}–${hi}: ${x.texts}`);
      assert.ok(x.values.every((v) => v >= lo && v <= hi), `x ticks inside the spike times: ${x.texts}`);
      assert.equal(await plot.getAttribute("data-x-range"), `${lo} ${hi}`);

      const view = page.locator(".jp-HdmfZarr-unitsRaster");
      assert.equal(await view.locator(".jp-HdmfZarr-eventLegend").getAttribute("data-kind"), "none");
      await view.locator('select[data-control="colour"]').selectOption("quality");
      const legend = view.locator('.jp-HdmfZarr-eventLegend[data-kind="categories"]');
      await legend.waitFor({ timeout: 10_000 });
      assert.deepEqual((await legend.locator(".jp-HdmfZarr-eventLegendItem").allTextContents()).map((s) => s.trim()), ["good", "mua"]);
      const swatch = legend.locator(".jp-HdmfZarr-eventSwatch");
      const swatches: string[] = [];
      for (let i = 0; i < (await swatch.count()); i++) swatches.push((await swatch.nth(i).getAttribute("style")) ?? "");
      assert.equal(new Set(swatches).size, 2, `two colours: ${swatches}`);

      const display = page.locator(".jp-HdmfZarr-panel:visible .jp-HdmfZarr-display");
      await page.waitForTimeout(300);
      await display.screenshot({ path: join(SCREENSHOTS, "view-units-light.png") });
      const dark = await openDark(session.lab);
      try {
        const darkPlot = await showEvents(dark.page, "/units", "raster");
        const darkView = dark.page.locator(".jp-HdmfZarr-panel:visible .jp-HdmfZarr-unitsRaster");
        await darkView.locator('select[data-control="colour"]').selectOption("quality");
        await darkView.locator('.jp-HdmfZarr-eventLegend[data-kind="categories"]').waitFor({ timeout: 10_000 });
        const fill = await darkPlot.locator("text.jp-HdmfZarr-plotLabel").first().evaluate("(el) => getComputedStyle(el).fill");
        assert.notEqual(fill, "rgb(0, 0, 0)", "labels are not black on the dark theme");
        await dark.page.waitForTimeout(300);
        await dark.page.locator(".jp-HdmfZarr-panel:visible .jp-HdmfZarr-display").screenshot({ path: join(SCREENSHOTS, "view-units-dark.png") });
      } finally {
        await dark.page.close();
      }
    } finally {
      await page.close();
    }
  });

  it("draws one bar per trial at its start and stop, lanes by tags, and zooms the time axis", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const plot = await showEvents(page, "/intervals/trials", "intervals");
      assert.equal(Number(await plot.getAttribute("data-marks")), TRIALS.length, "one bar per trial");
      const m = await marks(plot);
      assert.deepEqual(m.x0, TRIALS.map((r) => r.startTime));
      assert.deepEqual(m.x1, TRIALS.map((r) => r.stopTime));
      assert.deepEqual((await labels(plot, "y")).texts, ["0", "1", "2"], "one lane per trial, labelled by its id");
      assert.equal(await plot.getAttribute("data-x-range"), "0.5 9.25");

      const over = plot.locator(".u-over");
      const box = (await over.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 5 });
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
      await waitFor(async () => (await plot.getAttribute("data-x-range")) !== "0.5 9.25");
      const [a, b] = (await plot.getAttribute("data-x-range"))!.split(" ").map(Number);
      assert.ok(a > 2 && a < 3.2 && b > 4.4 && b < 5.4, `zoomed to ≈2.7–4.9: ${a} ${b}`);
      const x = await labels(plot, "x");
      assert.ok(x.values.every((v) => v >= a && v <= b), `x ticks inside the zoom: ${x.texts}`);
      await plot.locator('button[data-action="plot-reset"]').click();
      await waitFor(async () => (await plot.getAttribute("data-x-range")) === "0.5 9.25");
      const [download] = await Promise.all([page.waitForEvent("download"), plot.locator('button[data-action="plot-svg"]').click()]);
      const svgFile = join(ARTIFACTS, "view-intervals-export.svg");
      await download.saveAs(svgFile);
      const svgText = readFileSync(svgFile, "utf8");
      assert.equal((svgText.match(/<rect data-mark="\d+"/g) ?? []).length, TRIALS.length, "a bar per trial in the SVG");

      const view = page.locator(".jp-HdmfZarr-intervalsView");
      await view.locator('select[data-control="lanes"]').selectOption("tags");
      const byTags = view.locator(`.jp-HdmfZarr-plot[data-lanes='${JSON.stringify(["go", "stop"])}']`);
      await byTags.waitFor({ timeout: 10_000 });
      assert.deepEqual((await marks(byTags)).lane, [0, 1, 0], "trials in the lanes of their tags");
      await byTags.locator('text.jp-HdmfZarr-plotLabel[data-axis="y"]').first().waitFor();
      assert.deepEqual((await labels(byTags, "y")).texts, ["go", "stop"]);
    } finally {
      await page.close();
    }
  });

  it("shows the second page of 120 units: lanes of units 50–99 by id, their spikes and nothing else", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      let plot = await showEvents(page, "/units", "raster", "units120.nwb.zarr");
      const view = page.locator(".jp-HdmfZarr-panel:visible .jp-HdmfZarr-unitsRaster");
      const lanes = async (p: Locator) => JSON.parse((await p.getAttribute("data-lanes")) ?? "[]") as string[];
      const ids = (a: number, b: number) => MANY_UNITS.slice(a, b).map((u) => String(u.id));
      assert.deepEqual(await lanes(plot), ids(0, 50), "the first page: units 0–49");
      const pager = view.locator(".jp-HdmfZarr-pager");
      assert.equal((await pager.locator(".jp-HdmfZarr-pagerInfo").textContent())?.trim(), "units 0–49 of 120");
      await pager.locator('button[data-action="next-page"]').click();
      await pager.locator(".jp-HdmfZarr-pagerInfo").filter({ hasText: "units 50–99 of 120" }).waitFor({ timeout: 30_000 });
      plot = view.locator('.jp-HdmfZarr-plot[data-plot="raster"]');
      await plot.locator('text.jp-HdmfZarr-plotLabel[data-axis="x"]').first().waitFor({ timeout: 30_000 });
      assert.deepEqual(await lanes(plot), ids(50, 100), "lanes of units 50–99, labelled by id");
      const y = await labels(plot, "y");
      assert.ok(y.texts.length > 0 && y.texts.every((s) => ids(50, 100).includes(s)), `y labels are ids of the page: ${y.texts}`);
      const page2 = MANY_UNITS.slice(50, 100);
      const spikes = page2.flatMap((u) => u.spikeTimes);
      assert.equal(Number(await plot.getAttribute("data-marks")), spikes.length, "a tick per spike of units 50–99");
      const m = await marks(plot);
      assert.deepEqual(m.x0, spikes, "their spike times");
      assert.deepEqual(m.lane, page2.flatMap((u, i) => u.spikeTimes.map(() => i)), "each in its unit's lane");
      assert.equal(await plot.getAttribute("data-x-range"), `${spikes[0]} ${Math.max(...spikes)}`);
    } finally {
      await page.close();
    }
  });
});
