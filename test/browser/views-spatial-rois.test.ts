/**
 * The SpatialSeries trajectory and the PlaneSegmentation ROI masks in chromium, on an NWB file
 * written here with known positions and masks. Asserted is what a user reads: the trajectory's
 * tick values over the data's x and y ranges with the unit in the titles, the colour legend's ends
 * at the first and last timestamps; one outline per ROI where its mask is, the ROI's colour on the
 * canvas inside it, and its id on hover — for `image_mask` and for `pixel_mask`; the window slider
 * of a long trajectory (legend times and points drawn follow it); voxel masks past z = 0 (the
 * plane drawn and its z slider); the ROI pages and the id box; the mean image under the masks.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import type { Locator, Page } from "playwright-core";
import { Device, ImageSegmentation, ImageSeries, ImagingPlane, NWBFile, NWBZarrIO, OpticalChannel, PlaneSegmentation, Position, ProcessingModule, SpatialSeries, loadNwbTypes } from "../../src/nwb/index.js";
import { roiColour } from "../../src/extension/view/model/roi-masks.js";
import { openFromFileBrowser, selectNode } from "./browser-dom.js";
import { ARTIFACTS, SCREENSHOTS, labPerFile, openDark } from "./lab.js";
import { waitFor } from "./view-dom.js";

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

/** `/acquisition/long`: 6000 samples (more than the 5000 a window reads), x = i, at 10 s + i / 100 Hz. */
const LONG = { n: 6000, window: 5000, start: 10, rate: 100 };
const longTime = (i: number) => LONG.start + i / LONG.rate;

/**
 * `voxels`: voxel masks past z = 0 on a 6 × 8 plane; ROI 0 at z = 1 (x 1–2, y 1–2), ROI 1 at
 * z = 2 (x 3–4, y 4–6), ROI 2 one voxel at z = 1 (x 5, y 7) and one at z = 2 (x 0, y 0).
 */
const VOXELS = [
  [1, 2].flatMap((x) => [1, 2].map((y) => ({ x, y, z: 1, weight: 1 }))),
  [3, 4].flatMap((x) => [4, 5, 6].map((y) => ({ x, y, z: 2, weight: 1 }))),
  [{ x: 5, y: 7, z: 1, weight: 1 }, { x: 0, y: 0, z: 2, weight: 1 }],
];

/**
 * `many`: 60 ROIs (ids 100 + k) of one pixel each, ROI k at x = k mod 16, y = 2 ⌊k / 16⌋, over a
 * mean image (`/acquisition/mean`, one frame) whose value at (x, y) is 3x + y.
 */
const MANY = 60;
const manyPixel = (k: number) => ({ x: k % PLANE.x, y: 2 * Math.floor(k / PLANE.x) });
const meanValue = (x: number, y: number) => 3 * x + y;

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
  file.addAcquisition(new SpatialSeries({ name: "long", data: Array.from({ length: LONG.n }, (_, i) => [i, Math.sin(i / 100)]), rate: LONG.rate, startingTime: LONG.start, unit: "cm", referenceFrame: "origin", description: "a long path" }));
  const voxels = new PlaneSegmentation({ name: "voxels", description: "voxel masks", imagingPlane: plane });
  voxels.addColumn({ name: "voxel_mask", description: "voxel masks", data: VOXELS, index: true } as never);
  const mean = new ImageSeries({ name: "mean", data: [Array.from({ length: PLANE.x }, (_, x) => Array.from({ length: PLANE.y }, (_, y) => meanValue(x, y)))], unit: "a.u.", rate: 1, description: "mean image" });
  file.addAcquisition(mean);
  const many = new PlaneSegmentation({
    name: "many",
    description: "one-pixel ROIs over the mean image",
    imagingPlane: plane,
    referenceImages: [mean],
    id: Array.from({ length: MANY }, (_, k) => 100 + k),
    pixelMasks: Array.from({ length: MANY }, (_, k) => [{ ...manyPixel(k), weight: 1 }]),
  });
  const ophys = file.addProcessingModule(new ProcessingModule({ name: "ophys", description: "optical physiology" }));
  ophys.add(new ImageSegmentation({ planeSegmentations: [images, pixels, voxels, many] }));
  await new NWBZarrIO(path, "w").write(file);
}

const session = labPerFile(async (contents) => {
  await writeNwb(join(contents, "spatial.nwb.zarr"));
});
const skipped = (t: TestContext) => session.skipped(t);

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

  it("moves the trajectory's window with its slider: the legend's times and the points drawn follow", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const display = await show(page, "/acquisition/long");
      const view = display.locator('[data-view="trajectory"]');
      const plot = view.locator('.jp-HdmfZarr-plot[data-plot="trajectory"]');
      const legend = plot.locator(".jp-HdmfZarr-trajectoryLegend");
      const drawn = async () => {
        const samples = await plot.evaluate((node) => {
          const s = (node as unknown as { trajectoryHandle: { samples(): { xs: Float64Array; times: Float64Array } } }).trajectoryHandle.samples();
          return { xs: [...s.xs], times: [...s.times] };
        });
        return { ...samples, min: Number(await legend.getAttribute("data-min")), max: Number(await legend.getAttribute("data-max")), count: Number(await plot.getAttribute("data-samples")) };
      };
      await legend.waitFor({ timeout: 30_000 });
      let d = await drawn();
      assert.equal(d.count, LONG.window, "one window of samples is drawn");
      assert.deepEqual([d.xs[0], d.xs.at(-1)], [0, LONG.window - 1], "the points of samples 0–4999 (x = sample)");
      assert.deepEqual([d.min, d.max], [longTime(0), longTime(LONG.window - 1)]);
      const slider = view.locator('input[aria-label="window start"]');
      assert.equal(Number(await slider.getAttribute("max")), LONG.n - LONG.window);
      await slider.fill("1000");
      await waitFor(async () => Number(await plot.getAttribute("data-samples")) > 0 && Number(await legend.getAttribute("data-min")) !== longTime(0));
      d = await drawn();
      assert.equal(d.count, LONG.window);
      assert.deepEqual([d.xs[0], d.xs.at(-1)], [1000, 1000 + LONG.window - 1], "the points of samples 1000–5999");
      assert.deepEqual([d.min, d.max], [longTime(1000), longTime(1000 + LONG.window - 1)], "the legend spans the new window's times");
      assert.deepEqual([d.times[0], d.times.at(-1)], [longTime(1000), longTime(LONG.n - 1)]);
      const ends = (await legend.locator(".jp-HdmfZarr-trajectoryLegendEnd").allTextContents()).map((s) => Number(s.trim()));
      assert.deepEqual(ends, [20, 69.99]);
      assert.match((await view.locator(".jp-HdmfZarr-note").textContent()) ?? "", /samples 1000–5999 of 6000/);
    } finally {
      await page.close();
    }
  });

  it("draws voxel masks one z plane at a time, from the first plane holding voxels, with a z slider", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const display = await show(page, "/processing/ophys/ImageSegmentation/voxels");
      const view = display.locator('[data-view="roi-masks"]');
      const atZ = async (z: number) => {
        await view.locator(`.jp-HdmfZarr-roiPlane[data-z="${z}"]`).waitFor({ timeout: 30_000 });
        const { rois } = await roiPlane(view);
        // Bounds of the ROIs with voxels on this plane: [id, x0, x1, y0, y1] in mask coordinates (rows x, columns y).
        return rois.filter((r) => r.x0 !== undefined).map((r) => [r.id, r.y0, r.y1, r.x0, r.x1]);
      };
      const expected = (z: number) =>
        VOXELS.flatMap((list, id) => {
          const on = list.filter((v) => v.z === z);
          if (!on.length) return [];
          const xs = on.map((v) => v.x), ys = on.map((v) => v.y);
          return [[id, Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]];
        });
      // No voxel lies at z = 0: the view opens on z = 1, and says so.
      assert.deepEqual(await atZ(1), expected(1));
      assert.deepEqual(expected(1).map((r) => r[0]), [0, 2]);
      assert.equal((await view.locator(".jp-HdmfZarr-roiNote").textContent())?.trim(), "3 of 3 ROIs shown · plane 6 x × 8 y (rows x, columns y) · z plane 1 of 0–2 (2 of the ROIs shown have voxels in it)");
      const z = view.locator('input[aria-label="z plane"]');
      assert.deepEqual([await z.inputValue(), await z.getAttribute("max")], ["1", "2"]);
      await z.fill("2");
      assert.deepEqual(await atZ(2), expected(2));
      assert.deepEqual(expected(2).map((r) => r[0]), [1, 2]);
      await z.fill("0");
      assert.deepEqual(await atZ(0), [], "nothing at z = 0");
      assert.match((await view.locator(".jp-HdmfZarr-roiNote").textContent()) ?? "", /z plane 0 of 0–2 \(0 of the ROIs shown have voxels in it\)/);
    } finally {
      await page.close();
    }
  });

  it("pages through ROIs, shows the ids typed, and draws the mean image under the masks", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const display = await show(page, "/processing/ophys/ImageSegmentation/many");
      const view = display.locator('[data-view="roi-masks"]');
      let { plane, rois, scale } = await roiPlane(view);
      assert.equal(await plane.getAttribute("data-background"), "reference");
      const ids = (list: RoiFact[]) => list.map((r) => r.id);
      const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
      assert.deepEqual(ids(rois), range(100, 150), "the first page: ROIs 100–149");
      assert.deepEqual(rois.map((r) => [r.y0, r.x0]), range(0, 50).map((k) => [manyPixel(k).x, manyPixel(k).y]), "each at its pixel");
      // The background is the mean image in gray, scaled to its min–max: check a pixel no ROI covers.
      const values = Array.from({ length: PLANE.x }, (_, x) => Array.from({ length: PLANE.y }, (_, y) => meanValue(x, y))).flat();
      const [lo, hi] = [Math.min(...values), Math.max(...values)];
      const gray = (p: { x: number; y: number }) => Array(3).fill(Math.round(((meanValue(p.x, p.y) - lo) / (hi - lo)) * 255));
      for (const p of [{ x: 10, y: 19 }, { x: 15, y: 1 }, { x: 0, y: 11 }]) {
        assert.deepEqual((await pixelAt(plane, scale, p.x, p.y)).slice(0, 3), gray(p), `mean image at x ${p.x}, y ${p.y}`);
      }
      const pager = view.locator(".jp-HdmfZarr-pager");
      assert.equal((await pager.locator(".jp-HdmfZarr-pagerInfo").textContent())?.trim(), "ROIs 0–49 of 60");
      await pager.locator('button[data-action="next-page"]').click();
      await pager.locator(".jp-HdmfZarr-pagerInfo").filter({ hasText: "ROIs 50–59 of 60" }).waitFor({ timeout: 30_000 });
      ({ plane, rois, scale } = await roiPlane(view));
      assert.deepEqual(ids(rois), range(150, 160), "the second page: ROIs 150–159");
      assert.deepEqual(rois.map((r) => [r.y0, r.x0]), range(50, 60).map((k) => [manyPixel(k).x, manyPixel(k).y]));

      const input = view.locator("input.jp-HdmfZarr-roiInput");
      await input.fill("103, 107, 999");
      await input.press("Enter");
      await waitFor(async () => JSON.parse((await view.locator(".jp-HdmfZarr-roiPlane").getAttribute("data-rois")) ?? "[]").length === 2);
      ({ plane, rois, scale } = await roiPlane(view));
      assert.deepEqual(rois.map((r) => [r.id, r.y0, r.x0]), [3, 7].map((k) => [100 + k, manyPixel(k).x, manyPixel(k).y]), "exactly the ROIs typed");
      assert.equal((await view.locator(".jp-HdmfZarr-roiUnknown").textContent())?.trim(), "no ROI with id 999");
      assert.equal(await view.locator(".jp-HdmfZarr-pager").count(), 0, "no pages while ids are typed");
      // The mean image shows again where page 2 had drawn ROI 150; ROI 103's pixel is tinted.
      assert.deepEqual((await pixelAt(plane, scale, manyPixel(50).x, manyPixel(50).y)).slice(0, 3), gray(manyPixel(50)));
      assert.notDeepEqual((await pixelAt(plane, scale, manyPixel(3).x, manyPixel(3).y)).slice(0, 3), gray(manyPixel(3)), "ROI 103 is tinted");
      await input.fill("");
      await input.press("Enter");
      await view.locator(".jp-HdmfZarr-pager").waitFor({ timeout: 30_000 });
    } finally {
      await page.close();
    }
  });
});
