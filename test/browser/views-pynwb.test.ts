/**
 * Every NWB view in chromium on files pynwb writes: python/write_views_nwb.py has pynwb and
 * hdmf-zarr 0.14 write an NWB Zarr file with known values (an ElectricalSeries over 8 electrodes,
 * Units, trials, a SpatialSeries, a TwoPhotonSeries, image and pixel masks over a mean image, RGB
 * frames) and prints them; and hdmf-zarr's own ecephys tutorial fixture. Asserted is what a user
 * reads: lane labels, spike ticks, trial bars, tick labels and titles, ROI outlines, the frame's
 * caption and colorbar ends, the table's row count.
 */
import assert from "node:assert/strict";
import { cpSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import type { Locator, Page } from "playwright-core";
import { ECEPHYS_FIXTURE } from "../helpers/fixture-paths.js";
import { pythonOutput, scriptFailure, venvPython } from "../helpers/python.js";
import { contrasts } from "./contrast.js";
import { closeDark, labPerFile, openDark, SCREENSHOTS } from "./lab.js";
import { datasetTexts } from "./v2-store-check.js";
import { axisLabels, labelFillIsLight, plotMarks, showDisplay, waitFor } from "./view-dom.js";

/** What write_views_nwb.py wrote (its JSON). */
interface Written {
  locations: string[];
  electrodeIds: number[];
  units: { id: number; spikeTimes: number[]; quality: string }[];
  trials: { start: number; stop: number; condition: string }[];
  position: { times: number[]; x: [number, number]; y: [number, number] };
  movie: { frames: number; rate: number; min: number[]; max: number[]; height: number; width: number };
  rois: { r0: number; r1: number; c0: number; c1: number }[];
  rgb: { frames: number; height: number; width: number };
}

const PYNWB = "pynwb.nwb.zarr";
const TUTORIAL = "ecephys_tutorial.nwb.zarr";
const SCRIPT = join(__dirname, "python", "write_views_nwb.py");
const PYTHON = venvPython("v3");
const noVenv = existsSync(PYTHON) ? false : `SKIP pynwb views: ${PYTHON} missing (see test/interop/setup-venvs.sh)`;

let written: Written | undefined;
const session = labPerFile((contents) => {
  cpSync(ECEPHYS_FIXTURE, join(contents, TUTORIAL), { recursive: true });
  if (noVenv) return;
  const args = [SCRIPT, join(contents, PYNWB)];
  written = JSON.parse(pythonOutput(PYTHON, args, { fail: "throw", message: scriptFailure("write_views_nwb.py", args), timeout: 300_000 })) as Written;
});

/** Skip `t` when the lab cannot run, or (`needsPynwb`) when the v3 venv is missing; says why. */
function skipped(t: TestContext, needsPynwb = true): boolean {
  if (session.skipped(t)) return true;
  if (needsPynwb && noVenv) t.skip(noVenv);
  return needsPynwb && noVenv !== false;
}

const W = (): Written => {
  if (!written) throw new Error(`${SCRIPT} wrote nothing`);
  return written;
};

/** The plot of `kind` in a Display section, once its x tick labels are drawn. */
async function plotOf(display: Locator, kind: string): Promise<Locator> {
  const plot = display.locator(`.jp-HdmfZarr-plot[data-plot="${kind}"]`).first();
  await plot.locator('text.jp-HdmfZarr-plotLabel[data-axis="x"]').first().waitFor({ timeout: 30_000 });
  return plot;
}

/** The lane labels of a plot (`data-lanes`, all lanes, whether or not a tick label fits). */
async function lanes(plot: Locator): Promise<string[]> {
  return JSON.parse((await plot.getAttribute("data-lanes")) ?? "[]") as string[];
}

/** How many marks lie in each of `n` lanes. */
const perLane = (lane: number[], n: number): number[] => Array.from({ length: n }, (_, i) => lane.filter((l) => l === i).length);

/** The colorbar ends and frame caption of a heatmap view. */
async function frameShown(display: Locator): Promise<{ caption: string; min: string; max: string }> {
  const text = async (l: Locator) => ((await l.textContent()) ?? "").trim();
  return {
    caption: await text(display.locator(".jp-HdmfZarr-frameCaption")),
    min: await text(display.locator(".jp-HdmfZarr-colorbarMin").first()),
    max: await text(display.locator(".jp-HdmfZarr-colorbarMax").first()),
  };
}

describe("NWB views on a file pynwb writes", () => {
  it("Units: a lane per unit id written (one without spikes too), a tick per spike at its time", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const plot = await plotOf(await showDisplay(page, PYNWB, "/units"), "raster");
      const units = W().units;
      assert.deepEqual(await lanes(plot), units.map((u) => String(u.id)), "one lane per unit, by id");
      assert.deepEqual((await axisLabels(plot, "y")).texts, units.map((u) => String(u.id)), "the lane labels read");
      const spikes = units.flatMap((u) => u.spikeTimes);
      assert.equal(Number(await plot.getAttribute("data-marks")), spikes.length, "a tick per spike");
      const m = await plotMarks(plot);
      assert.deepEqual(m.x0, spikes, "at the spike times written");
      assert.deepEqual(m.lane, units.flatMap((u, i) => u.spikeTimes.map(() => i)), "in their unit's lane");
      const x = await axisLabels(plot, "x");
      assert.ok(x.values.every((v) => v >= Math.min(...spikes) && v <= Math.max(...spikes)), `x ticks inside the spike times: ${x.texts}`);
      const view = page.locator(".jp-HdmfZarr-panel:visible .jp-HdmfZarr-unitsRaster");
      await view.locator('select[data-control="colour"]').selectOption("quality");
      const legend = view.locator('.jp-HdmfZarr-eventLegend[data-kind="categories"]');
      await legend.waitFor({ timeout: 30_000 });
      assert.deepEqual((await legend.locator(".jp-HdmfZarr-eventLegendItem").allTextContents()).map((s) => s.trim()), ["good", "mua"]);
    } finally {
      await page.close();
    }
  });

  it("trials: one bar per trial at its start and stop, lanes by the condition column", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const plot = await plotOf(await showDisplay(page, PYNWB, "/intervals/trials"), "intervals");
      const trials = W().trials;
      assert.equal(Number(await plot.getAttribute("data-marks")), trials.length, "one bar per trial");
      const m = await plotMarks(plot);
      assert.deepEqual([m.x0, m.x1], [trials.map((r) => r.start), trials.map((r) => r.stop)]);
      assert.equal(await plot.getAttribute("data-x-range"), `${trials[0].start} ${trials.at(-1)!.stop}`);
      const view = page.locator(".jp-HdmfZarr-panel:visible .jp-HdmfZarr-intervalsView");
      await view.locator('select[data-control="lanes"]').selectOption("condition");
      const byCondition = view.locator(`.jp-HdmfZarr-plot[data-lanes='${JSON.stringify(["left", "right"])}']`);
      await byCondition.waitFor({ timeout: 30_000 });
      assert.deepEqual((await plotMarks(byCondition)).lane, trials.map((r) => (r.condition === "left" ? 0 : 1)));
    } finally {
      await page.close();
    }
  });

  it("Position: x against y with ticks in the data's range, the unit in the titles, a legend of the timestamps", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const display = await showDisplay(page, PYNWB, "/processing/behavior/Position/pos");
      const plot = await plotOf(display, "trajectory");
      const { times, x: [xmin, xmax], y: [ymin, ymax] } = W().position;
      const x = (await axisLabels(plot, "x")).texts.map(Number), y = (await axisLabels(plot, "y")).texts.map(Number);
      const xStep = x[1] - x[0], yStep = y[1] - y[0];
      assert.ok(x[0] <= xmin + xStep && x.at(-1)! >= xmax - xStep && x[0] >= xmin - xStep && x.at(-1)! <= xmax + xStep, `x ticks over ${xmin}–${xmax}: ${x}`);
      assert.ok(y[0] <= ymin + yStep && y.at(-1)! >= ymax - yStep && y[0] >= ymin - yStep && y.at(-1)! <= ymax + yStep, `y ticks over ${ymin}–${ymax}: ${y}`);
      assert.deepEqual((await plot.locator("text.jp-HdmfZarr-plotTitle").allTextContents()).map((s) => s.trim()), ["x (cm)", "y (cm)"]);
      const legend = plot.locator(".jp-HdmfZarr-trajectoryLegend");
      assert.deepEqual([Number(await legend.getAttribute("data-min")), Number(await legend.getAttribute("data-max"))], [times[0], times.at(-1)]);
      const ends = (await legend.locator(".jp-HdmfZarr-trajectoryLegendEnd").allTextContents()).map((s) => Number(s.trim()));
      assert.deepEqual(ends, [times[0], Number(times.at(-1)!.toPrecision(6))], "the legend's ends read the first and last timestamp");
      assert.match((await display.locator('[data-view="trajectory"] .jp-HdmfZarr-note').textContent()) ?? "", /reference frame: arena corner/);
    } finally {
      await page.close();
    }
  });

  it("PlaneSegmentation: one outline per ROI at its bounds, for image masks over the mean image and for pixel masks", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const rois = W().rois;
      // Bounds drawn: columns (x0/x1) are the mask's second index, rows (y0/y1) its first.
      const bounds = (list: typeof rois) => list.map((r, k) => [k, r.c0, r.c1, r.r0, r.r1]);
      for (const [name, expected, background] of [["images", rois, "reference"], ["pixels", rois.slice(0, 2), undefined]] as const) {
        const display = await showDisplay(page, PYNWB, `/processing/ophys/ImageSegmentation/${name}`);
        const plane = display.locator(".jp-HdmfZarr-roiPlane").first();
        await plane.waitFor({ timeout: 30_000 });
        const drawn = JSON.parse((await plane.getAttribute("data-rois"))!) as { id: number; x0: number; x1: number; y0: number; y1: number }[];
        assert.deepEqual(drawn.map((r) => [r.id, r.x0, r.x1, r.y0, r.y1]), bounds(expected), `${name}: one outline per ROI at its bounds`);
        if (background) assert.equal(await plane.getAttribute("data-background"), background, `${name}: drawn over the mean image`);
      }
    } finally {
      await page.close();
    }
  });

  it("TwoPhotonSeries and RGB ImageSeries: the frame's caption and colorbar ends at its min and max", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const { movie, rgb } = W();
      const display = await showDisplay(page, PYNWB, "/acquisition/movie");
      await display.locator(".jp-HdmfZarr-colorbarMax").first().waitFor({ timeout: 30_000 });
      assert.deepEqual(await frameShown(display), { caption: `frame 0 of ${movie.frames} · t = 0 s`, min: String(movie.min[0]), max: String(movie.max[0]) });
      await display.locator('input[aria-label="frame"]').fill("2");
      await display.locator(".jp-HdmfZarr-colorbarMax").filter({ hasText: new RegExp(`^${movie.max[2]}$`) }).waitFor({ timeout: 30_000 });
      const frame2 = await frameShown(display);
      assert.deepEqual([frame2.min, frame2.max], [String(movie.min[2]), String(movie.max[2])], "colorbar ends at frame 2's min and max");
      const caption = /^frame 2 of (\d+) · t = ([\d.e-]+) s$/.exec(frame2.caption);
      assert.ok(caption && Number(caption[1]) === movie.frames && Math.abs(Number(caption[2]) - 2 / movie.rate) < 1e-9, `frame 2 at 2 / ${movie.rate} s: ${frame2.caption}`);

      const rgbDisplay = await showDisplay(page, PYNWB, "/acquisition/rgb");
      const view = rgbDisplay.locator('.jp-HdmfZarr-heatmapView[data-paint="rgb"]');
      await view.waitFor({ timeout: 30_000 });
      assert.equal((await rgbDisplay.locator(".jp-HdmfZarr-frameCaption").textContent())?.trim(), `frame 0 of ${rgb.frames} · t = 0 s`);
      await waitFor(async () => /RGB$/.test((await view.locator(".jp-HdmfZarr-heatmapNote").textContent()) ?? ""), 30_000);
      assert.equal((await view.locator(".jp-HdmfZarr-heatmapNote").textContent())?.trim(), `rows 0–${rgb.height - 1}, columns 0–${rgb.width - 1} of ${rgb.height} × ${rgb.width} · RGB`);
    } finally {
      await page.close();
    }
  });

  it("ElectricalSeries: stacked traces labelled with the electrodes' ids and locations; the electrodes table's row count", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const { locations, electrodeIds } = W();
      const display = await showDisplay(page, PYNWB, "/acquisition/raw");
      const plot = await plotOf(display, "stacked");
      assert.deepEqual((await axisLabels(plot, "y")).texts, locations.map((loc, c) => `ch ${c} · e${electrodeIds[c]} · ${loc}`));
      assert.match((await display.locator(".jp-HdmfZarr-note").last().textContent()) ?? "", new RegExp(`${locations.length} of ${locations.length} channels`));
      assert.equal(await display.locator(".jp-HdmfZarr-electrodeMismatch").count(), 0, "one electrode per channel: no mismatch note");

      const table = await showDisplay(page, PYNWB, "/general/extracellular_ephys/electrodes");
      await table.locator(".jp-HdmfZarr-scrollTable tbody tr").first().waitFor({ timeout: 30_000 });
      assert.match((await table.textContent()) ?? "", new RegExp(`: ${locations.length} rows × \\d+ columns`));
      const rowLabels = (await table.locator(".jp-HdmfZarr-scrollTable tbody th.jp-HdmfZarr-rowLabel").allTextContents()).map(Number);
      assert.deepEqual(rowLabels, locations.map((_, i) => i), "a row per electrode");
    } finally {
      await page.close();
    }
  });
});

/** The views of the pynwb file the README shows, each with the plot it waits for. */
const SHOWN = [
  { name: "traces", path: "/acquisition/raw", plot: "stacked" },
  { name: "trials", path: "/intervals/trials", plot: "intervals" },
  { name: "position", path: "/processing/behavior/Position/pos", plot: "trajectory" },
  { name: "frames", path: "/acquisition/movie", plot: "" },
] as const;

/** HTML text of a view a user reads: section titles, notes, legends, captions, colorbar ticks. */
const VIEW_TEXT = ".jp-HdmfZarr-sectionTitle, .jp-HdmfZarr-note, .jp-HdmfZarr-trajectoryLegendEnd, .jp-HdmfZarr-frameCaption, .jp-HdmfZarr-colorbarTick";

/**
 * Open each view of SHOWN on `page`, check what it shows is readable in `theme` (HTML text at WCAG AA
 * contrast; tick labels filled in a colour far from the background) and save its screenshot.
 */
async function shootViews(page: Page, theme: "light" | "dark"): Promise<void> {
  for (const v of SHOWN) {
    const display = await showDisplay(page, PYNWB, v.path);
    if (v.plot) await plotOf(display, v.plot);
    else await display.locator(".jp-HdmfZarr-colorbarMax").first().waitFor({ timeout: 30_000 });
    // Marked, so that the contrast check reads this view and not another panel's.
    await display.evaluate((node, name) => (node as unknown as { dataset: Record<string, string> }).dataset.pictured = name, `${theme}-${v.name}`);
    const texts = await contrasts(page, VIEW_TEXT, `[data-pictured="${theme}-${v.name}"]`);
    assert.ok(texts.length > 0, `${theme} ${v.name}: text on screen`);
    for (const c of texts) assert.ok(c.ratio >= 4.5, `${theme} ${v.name}: "${c.text}" has contrast ${c.ratio.toFixed(2)} (${c.color} on ${c.background})`);
    if (v.plot) {
      const { light, fill } = await labelFillIsLight(display);
      assert.equal(light, theme === "dark", `${theme} ${v.name}: tick labels in a ${theme === "dark" ? "light" : "dark"} fill, got ${fill}`);
    }
    await page.waitForTimeout(300);
    await display.screenshot({ path: join(SCREENSHOTS, `view-pynwb-${v.name}-${theme}.png`) });
  }
}

describe("NWB views on a file pynwb writes, light and dark", () => {
  it("traces, trials, trajectory and frames read in both themes (text contrast); the README's screenshots", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      await shootViews(page, "light");
    } finally {
      await page.close();
    }
    const dark = await openDark(session.lab);
    try {
      await shootViews(dark.page, "dark");
    } finally {
      await closeDark(session.lab, dark);
    }
  });
});

describe("NWB views on hdmf-zarr's ecephys tutorial file", () => {
  it("Units: the fixture's unit ids as lanes, each with its spike count", async (t) => {
    if (skipped(t, false)) return;
    const store = join(session.lab.contents, TUTORIAL);
    const ids = await datasetTexts(store, "/units/id");
    const ends = (await datasetTexts(store, "/units/spike_times_index")).map(Number);
    const counts = ends.map((e, i) => e - (i ? ends[i - 1] : 0));
    const spikes = (await datasetTexts(store, "/units/spike_times")).map(Number);
    const { page } = await session.lab.open();
    try {
      const plot = await plotOf(await showDisplay(page, TUTORIAL, "/units"), "raster");
      assert.deepEqual(await lanes(plot), ids, "a lane per unit id");
      assert.equal(Number(await plot.getAttribute("data-marks")), spikes.length, "a tick per spike");
      const m = await plotMarks(plot);
      assert.deepEqual(perLane(m.lane, ids.length), counts, "each unit's spike count in its lane");
      assert.deepEqual(m.x0, spikes, "the spike times");
    } finally {
      await page.close();
    }
  });

  it("ElectricalSeries: stacked traces labelled with the electrodes' ids and locations", async (t) => {
    if (skipped(t, false)) return;
    const store = join(session.lab.contents, TUTORIAL);
    const table = "/general/extracellular_ephys/electrodes";
    const ids = await datasetTexts(store, `${table}/id`);
    const locations = await datasetTexts(store, `${table}/location`);
    const region = (await datasetTexts(store, "/acquisition/ElectricalSeries/electrodes")).map(Number);
    const { page } = await session.lab.open();
    try {
      const display = await showDisplay(page, TUTORIAL, "/acquisition/ElectricalSeries");
      const plot = await plotOf(display, "stacked");
      const labels = (await axisLabels(plot, "y")).texts;
      const [, channels] = (JSON.parse(readFileSync(join(store, "acquisition/ElectricalSeries/data/.zarray"), "utf8")) as { shape: number[] }).shape;
      assert.equal(labels.length, channels, `a lane per channel of the data: ${labels}`);
      assert.deepEqual(labels, labels.map((_, c) => `ch ${c} · e${ids[region[c]]} · ${locations[region[c]]}`));
      // The fixture's region lists more electrodes than the data has channels: the view says so.
      if (region.length !== channels) {
        assert.equal(
          ((await display.locator(".jp-HdmfZarr-electrodeMismatch").textContent()) ?? "").trim(),
          `⚠ the electrodes region lists ${region.length} electrodes for ${channels} channels: channel c is labelled by its entry c`,
        );
      }
    } finally {
      await page.close();
    }
  });
});
