/**
 * The Units spike raster and the TimeIntervals bars in chromium, on an NWB file written here with
 * known spikes, trials and epochs. What is asserted is what a user reads: one lane per unit labelled
 * with its id, as many ticks as spikes, the time axis over the spike times, the legend of the colour
 * column; one bar per trial at its start and stop; the axis range after a zoom and a Reset; the
 * second page of a raster of 120 units (its lanes' ids and its units' spikes). On a file with a
 * series, units and a trajectory: the linked cursor (the pointer over the stacked traces puts a line
 * and a time readout in the raster beside them, at that time on the raster's axis; none unlinked)
 * and the trajectory's SVG (its tick labels those on screen, a path per colour run, the legend's
 * first and last timestamps).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import type { Locator, Page } from "playwright-core";
import { Device, ElectricalSeries, ElectrodeGroup, NWBFile, NWBZarrIO, Position, ProcessingModule, SpatialSeries, loadNwbTypes } from "../../src/nwb/index.js";
import { colorTable } from "../../src/extension/view/model/colormap.js";
import { openFromFileBrowser, selectNode } from "./browser-dom.js";
import { ARTIFACTS, SCREENSHOTS, closeDark, labPerFile, openDark } from "./lab.js";
import { axisLabels as labels, labelFillIsLight, plotMarks as marks, waitFor } from "./view-dom.js";

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

/** `linked.nwb.zarr`: 2 channels at 1000 Hz for 0–3.999 s, 3 units spiking in it, and a trajectory. */
const LINKED = {
  samples: 4000,
  rate: 1000,
  /** Unit u spikes at 0.1 + 0.05 u + 0.25 k s, k < 15 (0.1–3.7 s). */
  spikes: [0, 1, 2].map((u) => Array.from({ length: 15 }, (_, k) => 0.1 + 0.05 * u + 0.25 * k)),
};

/**
 * The trajectory: 60 points on a circle, 0.1 s apart but for points 25–35, 0.1 ms apart (one colour
 * step: a run of several segments); point 30 has no x (a gap inside that run).
 */
const PATH = {
  n: 60,
  x: (i: number) => (i === 30 ? NaN : 5 + 4 * Math.cos(i / 10)),
  y: (i: number) => 10 + 4 * Math.sin(i / 10),
  t: (i: number) => (i <= 25 ? 1 + i * 0.1 : i <= 35 ? 3.5 + (i - 25) * 1e-4 : 3.501 + (i - 35) * 0.1),
};

async function writeLinked(path: string): Promise<void> {
  await loadNwbTypes();
  const file = new NWBFile({ identifier: "LINKED-1", sessionDescription: "series, units and a trajectory", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
  const device = file.addDevice(new Device({ name: "probe", description: "a probe" }));
  const group = file.addElectrodeGroup(new ElectrodeGroup({ name: "shank0", description: "shank", location: "CA1", device }));
  file.addElectrodes({ location: ["CA1", "CA3"], group: [group, group], x: [0, 1], y: [0, 0], z: [0, 0] });
  const data = Array.from({ length: LINKED.samples }, (_, t) => [Math.sin(t / 50), Math.cos(t / 80)]);
  file.addAcquisition(new ElectricalSeries({ name: "raw", data, rate: LINKED.rate, startingTime: 0, electrodes: file.createElectrodeRegion([0, 1]), description: "two channels" }));
  LINKED.spikes.forEach((spikeTimes, u) => file.addUnit({ id: u, spikeTimes }));
  const points = Array.from({ length: PATH.n }, (_, i) => [PATH.x(i), PATH.y(i)]);
  const pos = new SpatialSeries({ name: "pos", data: points, timestamps: Array.from({ length: PATH.n }, (_, i) => PATH.t(i)), unit: "cm", referenceFrame: "centre", description: "position" });
  const behavior = file.addProcessingModule(new ProcessingModule({ name: "behavior", description: "behaviour" }));
  behavior.add(new Position({ spatialSeries: [pos] }));
  await new NWBZarrIO(path, "w").write(file);
}

const session = labPerFile(async (contents) => {
  await writeNwb(join(contents, "units.nwb.zarr"));
  await writeManyUnits(join(contents, "units120.nwb.zarr"));
  await writeLinked(join(contents, "linked.nwb.zarr"));
});

/** Open `store` in a store browser of its own (a new tab) and show the Display of `path`. */
async function openDisplay(page: Page, store: string, path: string): Promise<void> {
  const browser = await openFromFileBrowser(page, store);
  await selectNode(browser, path);
  await browser.locator('button[data-tab="display"]').click();
}

/** Drag the main area's current tab to its right edge: its panel then shows beside the others. */
async function splitRight(page: Page): Promise<void> {
  const tab = page.locator("#jp-main-dock-panel .lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current");
  const from = (await tab.boundingBox())!, dock = (await page.locator("#jp-main-dock-panel").boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y + 80, { steps: 5 });
  await page.mouse.move(dock.x + dock.width - 15, dock.y + dock.height / 2, { steps: 10 });
  await page.mouse.up();
  await waitFor(async () => (await page.locator(".jp-HdmfZarr-panel:visible").count()) === 2);
}

/** What the trajectory's SVG file holds, as its parser reads it. */
interface SvgContents {
  x: { text: string; x: number; value: number }[];
  y: { text: string; x: number; value: number }[];
  titles: string[];
  paths: { d: string; stroke: string; colour: number }[];
  ends: { text: string; x: number; value: number }[];
  legendTitle: string | undefined;
  gradient: number;
}

/** Centres (page pixels) and values of a plot's x tick labels. */
async function xTickPlaces(plot: Locator): Promise<{ x: number; value: number }[]> {
  const nodes = plot.locator('text.jp-HdmfZarr-plotLabel[data-axis="x"]');
  const out: { x: number; value: number }[] = [];
  for (let i = 0; i < (await nodes.count()); i++) {
    const b = (await nodes.nth(i).boundingBox())!;
    out.push({ x: b.x + b.width / 2, value: Number(await nodes.nth(i).getAttribute("data-value")) });
  }
  return out;
}


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
        const { light, fill } = await labelFillIsLight(darkPlot);
        assert.ok(light, `labels in a light fill on the dark theme, got ${fill}`);
        await dark.page.waitForTimeout(300);
        await dark.page.locator(".jp-HdmfZarr-panel:visible .jp-HdmfZarr-display").screenshot({ path: join(SCREENSHOTS, "view-units-dark.png") });
      } finally {
        await closeDark(session.lab, dark);
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
  it("puts a cursor and its time in the linked raster where the pointer is over the traces; none once unlinked", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      // A wide page: two store browsers side by side, each plot with a few ticks.
      await page.setViewportSize({ width: 2000, height: 900 });
      await openDisplay(page, "linked.nwb.zarr", "/acquisition/raw");
      const traces = page.locator('.jp-HdmfZarr-plot[data-plot="stacked"]');
      await traces.locator('text.jp-HdmfZarr-plotLabel[data-axis="x"]').first().waitFor({ timeout: 30_000 });
      await openDisplay(page, "linked.nwb.zarr", "/units");
      const raster = page.locator('.jp-HdmfZarr-plot[data-plot="raster"]');
      await raster.locator('text.jp-HdmfZarr-plotLabel[data-axis="x"]').first().waitFor({ timeout: 30_000 });
      await splitRight(page);
      await page.waitForTimeout(300);

      // The pointer on a time both plots have a tick at (their ranges and widths differ): the raster's cursor says that time.
      const traceTicks = await xTickPlaces(traces);
      const rasterTicks = await xTickPlaces(raster);
      const tick = traceTicks.find((k) => rasterTicks.some((r) => r.value === k.value));
      if (!tick) throw new Error(`no time with a tick in both plots: ${traceTicks.map((k) => k.value)} and ${rasterTicks.map((k) => k.value)}`);
      const over = (await traces.locator(".u-over").boundingBox())!;
      await page.mouse.move(tick.x, over.y + over.height / 2);
      const cursor = raster.locator(".jp-HdmfZarr-plotCursor");
      await cursor.waitFor({ timeout: 5_000 });
      const [t0, t1] = (await traces.getAttribute("data-x-range"))!.split(" ").map(Number);
      const perPixel = (t1 - t0) / over.width;
      const readout = ((await cursor.locator(".jp-HdmfZarr-plotCursorTime").textContent()) ?? "").trim();
      assert.match(readout, /^\d+\.\d+ s$/, `a time in seconds: ${readout}`);
      const time = Number(readout.slice(0, -2));
      assert.ok(Math.abs(time - tick.value) <= perPixel, `the readout ${readout} is the traces' tick ${tick.value} (±${perPixel} s a pixel)`);
      // The line stands on the raster's own tick of that time.
      const line = (await cursor.boundingBox())!;
      const expected = rasterTicks.find((r) => r.value === tick.value)!.x;
      assert.ok(Math.abs(line.x + line.width / 2 - expected) <= 1.5, `cursor at x ${line.x} where the raster's tick ${tick.value} s is: ${expected}`);
      assert.notEqual(await raster.getAttribute("data-x-range"), await traces.getAttribute("data-x-range"), "the plots show different ranges (the cursor is placed by time, not by pixel)");
      await page.waitForTimeout(200);
      await page.locator(".jp-HdmfZarr-panel:visible").last().screenshot({ path: join(ARTIFACTS, "view-linked-cursor.png") });

      // The pointer leaves the traces: the cursor goes.
      await page.mouse.move(over.x + over.width / 2, over.y - 60);
      await waitFor(async () => (await cursor.count()) === 0);

      // Unlinked, the raster shows no cursor for the traces' pointer.
      await raster.locator('input[data-action="plot-link"]').uncheck();
      await page.mouse.move(tick.x, over.y + over.height / 2);
      await page.mouse.move(tick.x + 5, over.y + over.height / 2);
      await page.waitForTimeout(500);
      assert.equal(await cursor.count(), 0, "no cursor in an unlinked plot");
      // Linked again, the cursor is back at the pointer's time.
      await raster.locator('input[data-action="plot-link"]').check();
      await page.mouse.move(tick.x, over.y + over.height / 2);
      await cursor.waitFor({ timeout: 5_000 });
      assert.ok(Math.abs(Number(await cursor.getAttribute("data-time")) - tick.value) <= perPixel);
    } finally {
      await page.close();
    }
  });

  it("exports the trajectory as SVG: the ticks on screen, a path per colour run, the legend's first and last timestamps", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      await openDisplay(page, "linked.nwb.zarr", "/processing/behavior/Position/pos");
      const plot = page.locator('.jp-HdmfZarr-panel:visible .jp-HdmfZarr-plot[data-plot="trajectory"]');
      await plot.locator('text.jp-HdmfZarr-plotLabel[data-axis="x"]').first().waitFor({ timeout: 30_000 });
      const screen = { x: await labels(plot, "x"), y: await labels(plot, "y") };
      const [download] = await Promise.all([page.waitForEvent("download"), plot.locator('button[data-action="plot-svg"]').click()]);
      assert.equal(download.suggestedFilename(), "pos.svg");
      const svgFile = join(ARTIFACTS, "view-trajectory-export.svg");
      await download.saveAs(svgFile);
      const svgText = readFileSync(svgFile, "utf8");
      assert.match(svgText, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      // Read with the browser's SVG parser: what another program opening the file finds.
      // (A script of text: the tests' tsconfig has no DOM types, and a compiled function would carry helpers the page lacks.)
      const parsed = (await page.evaluate(`(() => {
        const doc = new DOMParser().parseFromString(${JSON.stringify(svgText)}, "image/svg+xml");
        const texts = (sel) => [...doc.querySelectorAll(sel)].map((n) => ({ text: n.textContent, x: Number(n.getAttribute("x")), value: Number(n.getAttribute("data-value")) }));
        return {
          x: texts('text[data-axis="x"][data-value]'),
          y: texts('text[data-axis="y"][data-value]'),
          titles: [...doc.querySelectorAll("text[data-axis]:not([data-value])")].map((n) => n.textContent),
          paths: [...doc.querySelectorAll("path[data-colour]")].map((p) => ({ d: p.getAttribute("d"), stroke: p.getAttribute("stroke"), colour: Number(p.getAttribute("data-colour")) })),
          ends: texts('text[data-legend="end"]'),
          legendTitle: doc.querySelector('text[data-legend="title"]')?.textContent,
          gradient: doc.querySelectorAll("linearGradient stop").length,
        };
      })()`)) as SvgContents;
      assert.deepEqual(parsed.x.map((n) => n.text), screen.x.texts, "x tick labels as on screen");
      assert.deepEqual(parsed.y.map((n) => n.text), screen.y.texts, "y tick labels as on screen");
      assert.deepEqual(parsed.titles, ["x (cm)", "y (cm)"]);

      // Runs: segment i−1 → i in the colour of time i (0–255 from first to last time); none touching the point without x.
      const t0 = PATH.t(0), t1 = PATH.t(PATH.n - 1);
      const runs: number[] = [];
      for (let i = 1; i < PATH.n; i++) {
        if (Number.isNaN(PATH.x(i - 1)) || Number.isNaN(PATH.x(i))) continue;
        const c = Math.round(((PATH.t(i) - t0) / (t1 - t0)) * 255);
        if (runs.at(-1) !== c) runs.push(c);
      }
      assert.deepEqual(parsed.paths.map((p) => p.colour), runs, "a path per run of one colour, in time order");
      const lut = colorTable("viridis");
      assert.deepEqual(parsed.paths.map((p) => p.stroke), runs.map((c) => `rgb(${lut[c * 3]},${lut[c * 3 + 1]},${lut[c * 3 + 2]})`), "each in its time's colour");
      // The first path starts at the first point, placed by the exported ticks.
      const at = (ticks: { x: number; value: number }[], v: number) => ticks[0].x + ((v - ticks[0].value) * (ticks.at(-1)!.x - ticks[0].x)) / (ticks.at(-1)!.value - ticks[0].value);
      const [mx] = parsed.paths[0].d.slice(1).split(/[L,M]/).map(Number);
      assert.ok(Math.abs(mx - at(parsed.x, PATH.x(0))) < 0.6, `the path starts at x = ${PATH.x(0)} cm: ${mx} vs ${at(parsed.x, PATH.x(0))}`);
      // Segments 24 → 25 … 34 → 35 share a colour: one path, its pen lifted over point 30 (24–29, then 31–35).
      const lifted = parsed.paths.filter((p) => (p.d.match(/M/g) ?? []).length > 1);
      assert.equal(lifted.length, 1, "one path has a gap");
      assert.equal(lifted[0].colour, Math.round(((PATH.t(25) - t0) / (t1 - t0)) * 255));
      assert.deepEqual(lifted[0].d.split("M").slice(1).map((piece) => piece.split("L").length), [6, 5], "points 24–29 and 31–35");
      assert.ok(runs.length < PATH.n - 3, `fewer paths than segments: ${runs.length}`);

      assert.deepEqual(parsed.ends.map((n) => n.value), [t0, Number(t1.toPrecision(6))], "the legend's first and last timestamps");
      assert.deepEqual(parsed.ends.map((n) => n.text), [String(t0), String(Number(t1.toPrecision(6)))]);
      assert.equal(parsed.legendTitle, "time (s)");
      assert.ok(parsed.gradient >= 2, "the colour bar as a gradient");
    } finally {
      await page.close();
    }
  });
});
