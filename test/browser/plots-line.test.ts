/**
 * The line plot and the stacked traces in chromium, on stores written here: a 1-d array with a unit
 * (`chunked.zarr` /signal, values i × 0.5) and an NWB file whose ElectricalSeries has 4 channels of
 * known values at 1000 Hz from 2.5 s, on electrodes with known locations. What is asserted is what a
 * user reads: tick labels against the data's range and time axis, the unit, the ranges after a
 * drag-zoom and a Reset, the width after the panel is resized, a PNG download, the lanes' labels;
 * then navigation by the x axis: a log y axis, zooming out past the first window (the samples read
 * follow), the jump slider keeping the zoom, labels of a series whose electrodes is a link, the
 * trials shaded over a series, and the trials view opening at the range the series was zoomed to.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import type { Locator, Page } from "playwright-core";
import { Device, ElectricalSeries, ElectrodeGroup, NWBFile, NWBZarrIO, loadNwbTypes } from "../../src/nwb/index.js";
import { openFromFileBrowser, selectNode } from "./browser-dom.js";
import { ARTIFACTS, SCREENSHOTS, closeDark, labPerFile, openDark } from "./lab.js";
import { CHUNKED, writeChunked } from "./stores.js";
import { labelFillIsLight, waitFor } from "./view-dom.js";

/** The ElectricalSeries: 2000 samples × 4 channels, channel c a square wave of ±(c + 1) mV. */
const SERIES = {
  samples: 2000,
  rate: 1000,
  start: 2.5,
  locations: ["CA1", "CA1", "CA3", "DG"],
  value: (t: number, c: number) => (t % 200 < 100 ? 1 : -1) * (c + 1) * 1e-3,
};

/** Trials of the NWB file (seconds): three inside the series' 2.5–4.499 s, one after it. */
const TRIALS: [number, number][] = [[2.6, 2.8], [3.0, 3.3], [4.0, 4.2], [5.0, 6.0]];

async function writeNwb(path: string): Promise<void> {
  await loadNwbTypes();
  const file = new NWBFile({ identifier: "PLOTS-1", sessionDescription: "plots", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
  const device = file.addDevice(new Device({ name: "probe", description: "a probe" }));
  const group = file.addElectrodeGroup(new ElectrodeGroup({ name: "shank0", description: "shank", location: "hippocampus", device }));
  file.addElectrodes({ location: SERIES.locations, group: SERIES.locations.map(() => group), x: [0, 1, 2, 3], y: [0, 0, 0, 0], z: [0, 0, 0, 0] });
  const data = Array.from({ length: SERIES.samples }, (_, t) => Array.from({ length: 4 }, (_, c) => SERIES.value(t, c)));
  const region = file.createElectrodeRegion([0, 1, 2, 3]);
  file.addAcquisition(new ElectricalSeries({ name: "raw", data, rate: SERIES.rate, startingTime: SERIES.start, electrodes: region, description: "square waves" }));
  // The same region object in a second series: written once, a link in this one.
  file.addAcquisition(new ElectricalSeries({ name: "linked", data, rate: SERIES.rate, startingTime: SERIES.start, electrodes: region, description: "electrodes through a link" }));
  for (const [startTime, stopTime] of TRIALS) file.addTrial({ startTime, stopTime });
  await new NWBZarrIO(path, "w").write(file);
}

const session = labPerFile(async (contents) => {
  await writeChunked(join(contents, "chunked.zarr"));
  await writeNwb(join(contents, "plots.nwb.zarr"));
});
const skipped = (t: TestContext) => session.skipped(t);

/** Texts and values of one axis's tick labels. */
async function ticks(plot: Locator, axis: "x" | "y"): Promise<{ texts: string[]; values: number[]; ys: number[] }> {
  const labels = plot.locator(`text.jp-HdmfZarr-plotLabel[data-axis="${axis}"]`);
  await labels.first().waitFor({ timeout: 30_000 });
  const texts = (await labels.allTextContents()).map((s) => s.trim());
  const values: number[] = [], ys: number[] = [];
  for (let i = 0; i < texts.length; i++) {
    values.push(Number(await labels.nth(i).getAttribute("data-value")));
    ys.push(Number(await labels.nth(i).getAttribute("y")));
  }
  return { texts, values, ys };
}

/** Open a store, select a node and show its Display tab; resolves to the first plot. */
async function showPlot(page: Page, store: string, path: string): Promise<Locator> {
  const browser = await openFromFileBrowser(page, store);
  await selectNode(browser, path);
  await browser.locator('button[data-tab="display"]').click();
  const plot = browser.locator(".jp-HdmfZarr-display .jp-HdmfZarr-plot").first();
  await plot.locator("text.jp-HdmfZarr-plotLabel").first().waitFor({ timeout: 30_000 });
  return plot;
}

/** The labels' text as numbers (the labels a user reads). */
const numbers = (texts: string[]) => texts.map(Number);

describe("line plot and stacked traces", () => {
  it("draws a 1-d array with axes of its range and unit, zooms by a drag, resets, resizes and exports a PNG", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const plot = await showPlot(page, "chunked.zarr", "/signal");
      assert.equal(await plot.getAttribute("data-plot"), "line");
      // The window read: samples 0–4999 of the 10,000, values i × 0.5.
      const last = 4999, top = CHUNKED.value(last);
      const x0 = await ticks(plot, "x"), y0 = await ticks(plot, "y");
      assert.ok(x0.texts.length >= 3, `x ticks: ${x0.texts}`);
      assert.deepEqual(numbers(x0.texts), x0.values, "x labels are the tick values");
      assert.equal(x0.texts[0], "0");
      assert.ok(numbers(x0.texts).every((v) => v >= 0 && v <= last), `x ticks inside 0–${last}: ${x0.texts}`);
      assert.ok(numbers(x0.texts).at(-1)! >= last / 2, `x ticks reach across the window: ${x0.texts}`);
      assert.ok(numbers(y0.texts).every((v) => v >= -top * 0.1 && v <= top * 1.1), `y ticks inside the values' range: ${y0.texts}`);
      assert.ok(Math.max(...numbers(y0.texts)) >= top / 2, `y ticks reach across the range: ${y0.texts}`);
      assert.equal((await plot.locator('text.jp-HdmfZarr-plotTitle[data-axis="y"]').textContent())?.trim(), "signal (volts)");
      assert.equal((await plot.locator('text.jp-HdmfZarr-plotTitle[data-axis="x"]').textContent())?.trim(), "index");

      // Drag over the second quarter of the plot area: the x axis then spans about 1250–2500.
      const over = plot.locator(".u-over");
      const box = (await over.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 5 });
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
      await waitFor(async () => (await plot.getAttribute("data-x-range")) !== "0 4999");
      const x1 = await ticks(plot, "x");
      assert.notDeepEqual(x1.texts, x0.texts, "the x labels changed");
      const zoomed = numbers(x1.texts);
      assert.ok(zoomed[0] >= 1100 && zoomed.at(-1)! <= 2600, `x ticks after the zoom lie in ≈1250–2500: ${x1.texts}`);
      const y1 = await ticks(plot, "y");
      assert.ok(numbers(y1.texts).every((v) => v >= 500 && v <= 1350), `y follows the values shown (≈625–1250): ${y1.texts}`);

      await plot.locator('button[data-action="plot-reset"]').click();
      await waitFor(async () => (await plot.getAttribute("data-x-range")) === "0 4999");
      assert.deepEqual((await ticks(plot, "x")).texts, x0.texts, "Reset shows the whole window again");

      // Narrow the page: the panel, and the plot with it, get narrower.
      const wide = (await over.boundingBox())!.width;
      await page.setViewportSize({ width: 1000, height: 900 });
      await waitFor(async () => (await over.boundingBox())!.width < wide - 100);
      const narrow = (await over.boundingBox())!.width;
      assert.ok(narrow < wide - 100, `the plot follows the panel: ${wide} → ${narrow}`);
      const panel = (await plot.boundingBox())!;
      assert.ok(panel.x + panel.width <= 1000, "the plot fits the narrower page");

      const [download] = await Promise.all([page.waitForEvent("download"), plot.locator('button[data-action="plot-png"]').click()]);
      assert.equal(download.suggestedFilename(), "signal.png");
      const file = join(ARTIFACTS, "plot-line-export.png");
      await download.saveAs(file);
      const png = readFileSync(file);
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "a PNG");
      assert.ok(png.length > 2000, `a PNG with a picture in it (${png.length} bytes)`);

      const [svgDownload] = await Promise.all([page.waitForEvent("download"), plot.locator('button[data-action="plot-svg"]').click()]);
      const svgFile = join(ARTIFACTS, "plot-line-export.svg");
      await svgDownload.saveAs(svgFile);
      const svgText = readFileSync(svgFile, "utf8");
      assert.match(svgText, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      assert.match(svgText, /<path d="M[\d.]+,[\d.]+L/, "the line as a path");
      assert.ok(svgText.includes(`>${x0.texts[1]}</text>`), "the tick labels as text");
    } finally {
      await page.close();
    }
  });

  it("stacks the channels of an ElectricalSeries with their electrodes as labels, over its time axis", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const plot = await showPlot(page, "plots.nwb.zarr", "/acquisition/raw");
      assert.equal(await plot.getAttribute("data-plot"), "stacked");
      const lanes = await ticks(plot, "y");
      assert.deepEqual(lanes.texts, SERIES.locations.map((loc, c) => `ch ${c} · e${c} · ${loc}`));
      assert.ok(lanes.ys.every((y, i) => i === 0 || y > lanes.ys[i - 1]), `channel 0 on top: ${lanes.ys}`);
      // Time: 2.5 s + i / 1000 for i < 2000.
      const x = await ticks(plot, "x");
      const times = numbers(x.texts);
      assert.ok(times.length >= 3 && times.every((v) => v >= 2.5 && v <= 4.5), `x ticks in seconds 2.5–4.499: ${x.texts}`);
      assert.ok(x.texts.every((s) => /^\d+\.\d+$/.test(s)), `seconds with decimals: ${x.texts}`);
      assert.equal((await plot.locator('text.jp-HdmfZarr-plotTitle[data-axis="x"]').textContent())?.trim(), "time (s)");
      const display = page.locator(".jp-HdmfZarr-panel:visible .jp-HdmfZarr-display");
      assert.match((await display.locator(".jp-HdmfZarr-note").last().textContent()) ?? "", /4 of 4 channels · lanes 0\.008 volts apart/);

      // Fewer channels typed: only those lanes.
      const input = display.locator("input.jp-HdmfZarr-channelInput");
      await input.fill("1, 3");
      await input.press("Enter");
      await waitFor(async () => (await display.locator('text.jp-HdmfZarr-plotLabel[data-axis="y"]').count()) === 2);
      const two = await ticks(display.locator(".jp-HdmfZarr-plot").first(), "y");
      assert.deepEqual(two.texts, ["ch 1 · e1 · CA1", "ch 3 · e3 · DG"]);
      await input.fill("0-3");
      await input.press("Enter");
      await waitFor(async () => (await display.locator('text.jp-HdmfZarr-plotLabel[data-axis="y"]').count()) === 4);
      await page.waitForTimeout(300);
      await display.screenshot({ path: join(SCREENSHOTS, "plot-line-light.png") });

      const dark = await openDark(session.lab);
      try {
        const darkPlot = await showPlot(dark.page, "plots.nwb.zarr", "/acquisition/raw");
        await darkPlot.locator('text.jp-HdmfZarr-plotLabel[data-axis="y"]').nth(3).waitFor();
        // Labels in the dark theme's text colour, readable on its background.
        const { light, fill } = await labelFillIsLight(darkPlot);
        assert.ok(light, `labels in a light fill on the dark theme, got ${fill}`);
        await dark.page.waitForTimeout(300);
        await dark.page.locator(".jp-HdmfZarr-panel:visible .jp-HdmfZarr-display").screenshot({ path: join(SCREENSHOTS, "plot-line-dark.png") });
      } finally {
        await closeDark(session.lab, dark);
      }
    } finally {
      await page.close();
    }
  });

  it("switches the y axis to log (powers of ten, values ≤ 0 counted), zooms out past the first window and keeps the zoom when the slider jumps", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const plot = await showPlot(page, "chunked.zarr", "/signal");
      const caption = plot.locator(".jp-HdmfZarr-plotCaption");
      assert.equal(await plot.getAttribute("data-samples"), "0 5000");
      assert.equal((await caption.textContent())?.trim(), "samples 0–4999 of 10000");

      // Values 0, 0.5, … 2499.5: a log axis of powers of ten, the one 0 left out and said so.
      await plot.locator('button[data-action="plot-log"]').click();
      await waitFor(async () => (await plot.getAttribute("data-y-scale")) === "log");
      const logTicks = await ticks(plot, "y");
      assert.deepEqual(logTicks.texts, ["1", "10", "100", "1000"]);
      assert.match((await caption.textContent()) ?? "", /log scale: 1 of 5000 values read ≤ 0 not shown/);
      await plot.locator('button[data-action="plot-log"]').click();
      await waitFor(async () => (await plot.getAttribute("data-y-scale")) === "linear");
      assert.ok((await ticks(plot, "y")).texts.includes("0"), "a linear axis again, through 0");

      // Zoom out (the "-" key, three times): the x axis reaches past sample 5000 and those samples are read.
      await plot.focus();
      for (let i = 0; i < 3; i++) await page.keyboard.press("-");
      await waitFor(async () => Number((await plot.getAttribute("data-samples"))!.split(" ")[1]) > 5000);
      const [r0, r1] = (await plot.getAttribute("data-x-range"))!.split(" ").map(Number);
      assert.ok(r1 > 7000, `the range shown reaches past the first window: ${r0}–${r1}`);
      const out = numbers((await ticks(plot, "x")).texts);
      assert.ok(out.at(-1)! >= 6000, `x ticks past 5000: ${out}`);
      // The samples there are read: the y axis reaches their values (i × 0.5 > 3000).
      const yOut = numbers((await ticks(plot, "y")).texts);
      assert.ok(Math.max(...yOut) >= 3000, `y ticks reach values of samples past 6000: ${yOut}`);
      assert.match((await caption.textContent()) ?? "", new RegExp(`^samples ${Math.floor(r0 + 1e-6)}–${Math.ceil(r1 - 1e-6)} of 10000`));

      // Zoomed in to a narrow range, the slider jumps to sample 8000 with the same width.
      await plot.locator('button[data-action="plot-reset"]').click();
      await waitFor(async () => (await plot.getAttribute("data-x-range")) === "0 4999");
      await plot.focus();
      for (let i = 0; i < 5; i++) await page.keyboard.press("+");
      const [z0, z1] = (await plot.getAttribute("data-x-range"))!.split(" ").map(Number);
      const width = z1 - z0;
      assert.ok(width < 2000, `zoomed in: ${z0}–${z1}`);
      const display = page.locator(".jp-HdmfZarr-panel:visible .jp-HdmfZarr-display");
      await display.locator('input[aria-label="jump to sample"]').fill("8000");
      await waitFor(async () => (await plot.getAttribute("data-x-range"))!.startsWith("8000 "));
      const [j0, j1] = (await plot.getAttribute("data-x-range"))!.split(" ").map(Number);
      assert.ok(Math.abs(j1 - j0 - width) < 1e-6, `the width is kept: ${width} → ${j1 - j0}`);
      await waitFor(async () => Number((await plot.getAttribute("data-samples"))!.split(" ")[1]) >= j1);
      const jumped = numbers((await ticks(plot, "x")).texts);
      assert.ok(jumped[0] >= 8000 && jumped.at(-1)! <= j1, `x ticks of the new range: ${jumped}`);
    } finally {
      await page.close();
    }
  });

  it("labels the channels of a series whose electrodes is a link, shades the trials in range and opens the trials at the series' zoom", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const plot = await showPlot(page, "plots.nwb.zarr", "/acquisition/linked");
      assert.deepEqual((await ticks(plot, "y")).texts, SERIES.locations.map((loc, c) => `ch ${c} · e${c} · ${loc}`));

      const display = page.locator(".jp-HdmfZarr-panel:visible .jp-HdmfZarr-display");
      const select = display.locator('select[data-control="intervals"]');
      assert.deepEqual(await select.locator("option").allTextContents(), ["(none)", "trials"]);
      await select.selectOption("trials");
      await waitFor(async () => (await plot.getAttribute("data-bands")) === "3");
      const inRange = (a: number, b: number) => TRIALS.filter(([s, e]) => e > a && s < b).length;

      // Zoom in by keys: only the trials overlapping the new range are shaded.
      await plot.focus();
      for (let i = 0; i < 4; i++) await page.keyboard.press("+");
      const range = (await plot.getAttribute("data-x-range"))!;
      const [a, b] = range.split(" ").map(Number);
      assert.ok(b - a < 1, `zoomed in: ${range}`);
      await waitFor(async () => (await plot.getAttribute("data-bands")) === String(inRange(a, b)));
      assert.ok(inRange(a, b) < 3, `fewer trials in ${range}`);

      // The user opens the trials: their view starts at the range the series shows.
      const browser = page.locator(".jp-HdmfZarr-panel:visible");
      await selectNode(browser, "/intervals/trials");
      const bars = display.locator('.jp-HdmfZarr-plot[data-plot="intervals"]');
      await bars.locator("text.jp-HdmfZarr-plotLabel").first().waitFor({ timeout: 30_000 });
      assert.equal(await bars.getAttribute("data-x-range"), range);
      const x = numbers((await ticks(bars, "x")).texts);
      assert.ok(x[0] >= a && x.at(-1)! <= b, `the trials' time axis is the series' ${range}: ${x}`);
      // Unlinked, Reset shows all the trials again and the link no longer follows.
      await bars.locator('input[data-action="plot-link"]').uncheck();
      await bars.locator('button[data-action="plot-reset"]').click();
      await waitFor(async () => (await bars.getAttribute("data-x-range")) === "2.6 6");
    } finally {
      await page.close();
    }
  });
});
