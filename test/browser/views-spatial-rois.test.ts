/**
 * The SpatialSeries trajectory and the PlaneSegmentation ROI masks in chromium, on an NWB file
 * written here with known positions and masks. Asserted is what a user reads: the trajectory's
 * tick values over the data's x and y ranges with the unit in the titles, the colour legend's ends
 * at the first and last timestamps; one outline per ROI where its mask is, the ROI's colour on the
 * canvas inside it, and its id on hover — for `image_mask` and for `pixel_mask`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import type { Locator, Page } from "playwright-core";
import { Device, ImageSegmentation, ImagingPlane, NWBFile, NWBZarrIO, OpticalChannel, PlaneSegmentation, Position, ProcessingModule, SpatialSeries, loadNwbTypes } from "../../src/nwb/index.js";
import { roiColour } from "../../src/extension/view/model/roi-masks.js";
import { openFromFileBrowser, selectNode } from "./browser-dom.js";
import { ARTIFACTS, SCREENSHOTS, labPerFile, openDark } from "./lab.js";

/** 200 positions on an ellipse: x in [-3, 7] cm, y in [20, 40] cm, at 2 s + 0.05 s per sample. */
const N = 200;
const XS = Array.from({ length: N }, (_, i) => 2 + 5 * Math.cos((2 * Math.PI * i) / (N - 1)));
const YS = Array.from({ length: N }, (_, i) => 30 + 10 * Math.sin((2 * Math.PI * i) / (N - 1)));
const TIMES = Array.from({ length: N }, (_, i) => 2 + i * 0.05);

/** A 16 (x) × 20 (y) plane; ROI k is the square x in [2 + 4k, 5 + 4k], y in [3 + 5k, 6 + 5k]. */
const PLANE = { x: 16, y: 20 };
const ROIS = [0, 1, 2].map((k) => ({ x0: 2 + 4 * k, x1: 5 + 4 * k, y0: 3 + 5 * k, y1: 6 + 5 * k }));
const inRoi = (r: (typeof ROIS)[number], x: number, y: number) => x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1;
const IMAGE_MASKS = ROIS.map((r) => Array.from({ length: PLANE.x }, (_, x) => Array.from({ length: PLANE.y }, (_, y) => (inRoi(r, x, y) ? 1 : 0))));
const PIXEL_MASKS = ROIS.slice(0, 2).map((r) => {
  const out: { x: number; y: number; weight: number }[] = [];
  for (let x = r.x0; x <= r.x1; x++) for (let y = r.y0; y <= r.y1; y++) out.push({ x, y, weight: 1 });
  return out;
});

async function writeNwb(path: string): Promise<void> {
  await loadNwbTypes();
  const file = new NWBFile({ identifier: "SPATIAL-1", sessionDescription: "trajectory and rois", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
  const data = XS.map((x, i) => [x, YS[i]]);
  const pos = new SpatialSeries({ name: "pos", data, timestamps: TIMES, unit: "cm", referenceFrame: "top left corner", description: "position" });
  const behavior = file.addProcessingModule(new ProcessingModule({ name: "behavior", description: "behaviour" }));
  behavior.add(new Position({ spatialSeries: [pos] }));
  const device = file.addDevice(new Device({ name: "scope", description: "a two-photon scope" }));
  const channel = new OpticalChannel({ name: "green", description: "green channel", emissionLambda: 520 });
  const plane = new ImagingPlane({ name: "planeA", opticalChannel: channel, device, excitationLambda: 920, indicator: "GCaMP6f", location: "V1", description: "plane", imagingRate: 30 });
  file.group("general").group("optophysiology").add(plane);
  const images = new PlaneSegmentation({ name: "images", description: "image masks", imagingPlane: plane, imageMasks: IMAGE_MASKS });
  const pixels = new PlaneSegmentation({ name: "pixels", description: "pixel masks", imagingPlane: plane, pixelMasks: PIXEL_MASKS });
  const ophys = file.addProcessingModule(new ProcessingModule({ name: "ophys", description: "optical physiology" }));
  ophys.add(new ImageSegmentation({ planeSegmentations: [images, pixels] }));
  await new NWBZarrIO(path, "w").write(file);
}

const session = labPerFile(async (contents) => {
  await writeNwb(join(contents, "spatial.nwb.zarr"));
});
const skipped = (t: TestContext) => session.skipped(t);

/** Poll `check` until it holds (10 s at most). */
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (const end = Date.now() + 10_000; !(await check()); ) {
    if (Date.now() > end) throw new Error(`waited 10 s for ${check}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Open the store, select `path` and show its Display tab. */
async function show(page: Page, path: string): Promise<Locator> {
  const browser = await openFromFileBrowser(page, "spatial.nwb.zarr");
  await selectNode(browser, path);
  await browser.locator('button[data-tab="display"]').click();
  return browser.locator(".jp-HdmfZarr-display");
}

async function axisValues(plot: Locator, axis: "x" | "y"): Promise<number[]> {
  const nodes = plot.locator(`text.jp-HdmfZarr-plotLabel[data-axis="${axis}"]`);
  const texts = (await nodes.allTextContents()).map((s) => Number(s.trim()));
  return texts;
}

interface RoiFact {
  id: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The ROIs drawn (columns are y, rows x, as stored) and the RGBA of the canvas at mask pixel (x, y). */
async function roiPlane(display: Locator): Promise<{ plane: Locator; rois: RoiFact[]; scale: number }> {
  const plane = display.locator(".jp-HdmfZarr-roiPlane").first();
  await plane.waitFor({ timeout: 30_000 });
  return { plane, rois: JSON.parse((await plane.getAttribute("data-rois"))!), scale: Number(await plane.getAttribute("data-scale")) };
}

async function pixelAt(plane: Locator, scale: number, x: number, y: number): Promise<number[]> {
  // Columns are y and rows x, as stored (the test's tsconfig has no DOM types: the canvas is typed here).
  type Canvas = { getContext(k: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } };
  return plane.locator("canvas").evaluate((c, [px, py]) => Array.from((c as unknown as Canvas).getContext("2d").getImageData(px, py, 1, 1).data), [y * scale + scale / 2, x * scale + scale / 2]);
}

/** Each ROI drawn once where its mask is, filled in its colour inside, named on hover. */
async function checkRois(page: Page, display: Locator, expected: typeof ROIS): Promise<void> {
  const { plane, rois, scale } = await roiPlane(display);
  assert.equal(rois.length, expected.length, "one outline per ROI");
  // Bounds: columns (x0/x1 of the drawing) are y, rows are x.
  assert.deepEqual(rois.map((r) => [r.id, r.y0, r.y1, r.x0, r.x1]), expected.map((r, k) => [k, r.x0, r.x1, r.y0, r.y1]));
  const blank = await pixelAt(plane, scale, 0, 0);
  for (const [k, r] of expected.entries()) {
    const inside = await pixelAt(plane, scale, r.x0 + 1, r.y0 + 1);
    assert.notDeepEqual(inside, blank, `ROI ${k} is filled`);
    const [cr, cg, cb] = roiColour(k);
    const toward = (i: number, c: number) => Math.abs(inside[i] - c) < Math.abs(blank[i] - c) || inside[i] === c;
    assert.ok(toward(0, cr) && toward(1, cg) && toward(2, cb), `ROI ${k} is tinted its colour: ${inside} vs ${blank}`);
  }
  const canvas = plane.locator("canvas");
  const box = (await canvas.boundingBox())!;
  const w = Number((await plane.getAttribute("data-plane"))!.split(" ")[0]);
  const px = box.width / w;
  const target = expected[1];
  await page.mouse.move(box.x + (target.y0 + 1.5) * px, box.y + (target.x0 + 1.5) * px);
  const tip = plane.locator(".jp-HdmfZarr-roiTooltip");
  await tip.waitFor({ state: "visible", timeout: 5_000 });
  assert.equal((await tip.textContent())?.trim(), "ROI 1");
}

describe("SpatialSeries trajectory and PlaneSegmentation ROI masks", () => {
  it("draws x against y with ticks over the data's ranges and a time legend from the timestamps", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      let plot: Locator | undefined;
      for (const path of ["/processing/behavior/Position/pos", "/processing/behavior/Position"]) {
        const display = await show(page, path);
        plot = display.locator('.jp-HdmfZarr-plot[data-plot="trajectory"]');
        await plot.locator('text.jp-HdmfZarr-plotLabel[data-axis="x"]').first().waitFor({ timeout: 30_000 });
        const x = await axisValues(plot, "x"), y = await axisValues(plot, "y");
        const [xmin, xmax] = [Math.min(...XS), Math.max(...XS)], [ymin, ymax] = [Math.min(...YS), Math.max(...YS)];
        const xStep = x[1] - x[0], yStep = y[1] - y[0];
        assert.ok(x[0] <= xmin + xStep && x.at(-1)! >= xmax - xStep, `x ticks cover ${xmin}–${xmax}: ${x}`);
        assert.ok(x[0] >= xmin - 1 && x.at(-1)! <= xmax + 1, `x ticks stay near the data: ${x}`);
        assert.ok(y[0] <= ymin + yStep && y.at(-1)! >= ymax - yStep, `y ticks cover ${ymin}–${ymax}: ${y}`);
        assert.ok(y[0] >= ymin - 2 && y.at(-1)! <= ymax + 2, `y ticks stay near the data: ${y}`);
        const titles = await plot.locator("text.jp-HdmfZarr-plotTitle").allTextContents();
        assert.deepEqual(titles.map((s) => s.trim()), ["x (cm)", "y (cm)"]);
        const legend = plot.locator(".jp-HdmfZarr-trajectoryLegend");
        assert.equal(Number(await legend.getAttribute("data-min")), TIMES[0]);
        assert.equal(Number(await legend.getAttribute("data-max")), TIMES[N - 1]);
        const ends = (await legend.locator(".jp-HdmfZarr-trajectoryLegendEnd").allTextContents()).map((s) => Number(s.trim()));
        assert.deepEqual(ends, [TIMES[0], Number(TIMES[N - 1].toPrecision(6))], "legend ends at the first and last time");
        assert.match((await display.locator('[data-view="trajectory"] .jp-HdmfZarr-note').textContent()) ?? "", /reference frame: top left corner/);
      }
      // A box drag over the left half zooms both axes; Reset shows the whole window again.
      if (!plot) throw new Error("no trajectory plot");
      const full = [await plot.getAttribute("data-x-range"), await plot.getAttribute("data-y-range")];
      const box = (await plot.locator(".u-over").boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5, { steps: 5 });
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.8, { steps: 5 });
      await page.mouse.up();
      await waitFor(async () => (await plot.getAttribute("data-x-range")) !== full[0]);
      const [x0, x1] = (await plot.getAttribute("data-x-range"))!.split(" ").map(Number);
      const [y0, y1] = (await plot.getAttribute("data-y-range"))!.split(" ").map(Number);
      const [fx0, fx1] = full[0]!.split(" ").map(Number), [fy0, fy1] = full[1]!.split(" ").map(Number);
      assert.ok(x1 - x0 < (fx1 - fx0) * 0.6 && y1 - y0 < (fy1 - fy0) * 0.8, `zoomed in x and y: ${x0}–${x1}, ${y0}–${y1}`);
      const zx = await axisValues(plot, "x");
      assert.ok(zx.every((v) => v >= x0 && v <= x1), `x ticks inside the zoom: ${zx}`);
      await page.waitForTimeout(200);
      await plot.screenshot({ path: join(ARTIFACTS, "view-trajectory-zoomed.png") });
      await plot.locator('button[data-action="plot-reset"]').click();
      await waitFor(async () => (await plot.getAttribute("data-x-range")) === full[0] && (await plot.getAttribute("data-y-range")) === full[1]);
      await plot.screenshot({ path: join(ARTIFACTS, "view-trajectory.png") });
    } finally {
      await page.close();
    }
  });

  it("draws one outline per ROI of image_mask and of pixel_mask, named on hover; screenshots", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const display = await show(page, "/processing/ophys/ImageSegmentation/images");
      await checkRois(page, display, ROIS);
      // The table stays below the masks.
      await display.locator("table").first().waitFor({ timeout: 30_000 });
      await page.mouse.move(0, 0);
      await page.waitForTimeout(300);
      await page.locator(".jp-HdmfZarr-panel:visible .jp-HdmfZarr-display").screenshot({ path: join(SCREENSHOTS, "view-rois-light.png") });

      const pixelsDisplay = await show(page, "/processing/ophys/ImageSegmentation/pixels");
      await checkRois(page, pixelsDisplay, ROIS.slice(0, 2));
    } finally {
      await page.close();
    }
    const dark = await openDark(session.lab);
    try {
      const display = await show(dark.page, "/processing/ophys/ImageSegmentation/images");
      await roiPlane(display);
      await dark.page.waitForTimeout(300);
      await dark.page.locator(".jp-HdmfZarr-panel:visible .jp-HdmfZarr-display").screenshot({ path: join(SCREENSHOTS, "view-rois-dark.png") });
    } finally {
      await dark.page.close();
    }
  });
});
