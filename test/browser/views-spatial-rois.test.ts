/**
 * The SpatialSeries trajectory and the PlaneSegmentation ROI masks in chromium, on an NWB file
 * written here with known positions and masks. Asserted is what a user reads: the trajectory's
 * tick values over the data's x and y ranges with the unit in the titles, the colour legend's ends
 * at the first and last timestamps; one outline per ROI where its mask is, the ROI's colour on the
 * canvas inside it, and its id and pixel on hover — for `image_mask` and for `pixel_mask`; the ROI
 * plot's pixel axes (ticks over the plane, zoom by a box, the wheel, shift-drag and arrow keys,
 * Reset) and its exports (PNG; SVG with one outline path per ROI over the mask's bounds); the window
 * slider of a long trajectory (legend times and points drawn follow it); masks in 3-d past z = 0
 * (`voxel_mask` and a 4-d `image_mask`: the plane drawn and its z slider); the ROI pages and the
 * id box; the mean image under the masks.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import type { Locator, Page } from "playwright-core";
import { Device, ImageSegmentation, ImageSeries, ImagingPlane, NWBFile, NWBZarrIO, OpticalChannel, PlaneSegmentation, Position, ProcessingModule, SpatialSeries, loadNwbTypes } from "../../src/nwb/index.js";
import { roiColour } from "../../src/extension/view/model/roi-masks.js";
import { openFromFileBrowser, selectNode } from "./browser-dom.js";
import { ARTIFACTS, SCREENSHOTS, closeDark, labPerFile, openDark } from "./lab.js";
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
 * `volume`: the same ROIs as `voxels` as a 4-d `image_mask` ([roi, x, y, z]) on the 6 × 8 plane
 * with 3 z planes.
 */
const VOLUME = { x: 6, y: 8, z: 3 };
const VOLUME_MASKS = VOXELS.map((list) =>
  Array.from({ length: VOLUME.x }, (_, x) => Array.from({ length: VOLUME.y }, (_, y) => Array.from({ length: VOLUME.z }, (_, z) => (list.some((v) => v.x === x && v.y === y && v.z === z) ? 1 : 0)))),
);

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
  const volume = new PlaneSegmentation({ name: "volume", description: "4-d image masks", imagingPlane: plane, imageMasks: VOLUME_MASKS });
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
  ophys.add(new ImageSegmentation({ planeSegmentations: [images, pixels, voxels, volume, many] }));
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

/** The ROIs drawn (columns are y, rows x, as stored; bounds x0/x1 of the drawing are columns). */
async function roiPlane(display: Locator): Promise<{ plane: Locator; rois: RoiFact[] }> {
  const plane = display.locator(".jp-HdmfZarr-roiPlane").first();
  await plane.waitFor({ timeout: 30_000 });
  await plane.locator(".jp-HdmfZarr-heatmapView[data-x-ticks]").waitFor({ timeout: 30_000 });
  return { plane, rois: JSON.parse((await plane.getAttribute("data-rois"))!) };
}

/** The page position of the centre of mask pixel (x, y) (row x, column y) while the whole plane is shown. */
async function pixelPoint(plane: Locator, x: number, y: number): Promise<[number, number]> {
  const over = (await plane.locator(".u-over").boundingBox())!;
  const [w, h] = (await plane.getAttribute("data-plane"))!.split(" ").map(Number);
  return [over.x + ((y + 0.5) / w) * over.width, over.y + ((x + 0.5) / h) * over.height];
}

/** The RGBA of the plot's canvas at the centre of mask pixel (x, y). */
async function pixelAt(plane: Locator, x: number, y: number): Promise<number[]> {
  const at = await pixelPoint(plane, x, y);
  // The test's tsconfig has no DOM types: the canvas is typed here.
  type Canvas = { width: number; getBoundingClientRect(): { left: number; top: number; width: number }; getContext(k: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } };
  return plane.locator("canvas.jp-HdmfZarr-heatmap").evaluate((node, [px, py]) => {
    const c = node as unknown as Canvas, r = c.getBoundingClientRect(), k = c.width / r.width;
    return Array.from(c.getContext("2d").getImageData(Math.floor((px - r.left) * k), Math.floor((py - r.top) * k), 1, 1).data);
  }, at);
}

/** The hover line after moving the pointer over mask pixel (x, y). */
async function hoverAt(page: Page, plane: Locator, x: number, y: number): Promise<string> {
  const [px, py] = await pixelPoint(plane, x, y);
  await page.mouse.move(px, py);
  const hover = plane.locator(".jp-HdmfZarr-heatmapHover");
  await waitFor(async () => ((await hover.textContent()) ?? "").startsWith(`x ${x}, y ${y}`));
  return ((await hover.textContent()) ?? "").trim();
}

/** Each ROI drawn once where its mask is, filled in its colour inside, named on hover. */
async function checkRois(page: Page, display: Locator, expected: typeof ROIS): Promise<void> {
  const { plane, rois } = await roiPlane(display);
  assert.equal(rois.length, expected.length, "one outline per ROI");
  // Bounds: columns (x0/x1 of the drawing) are y, rows are x.
  assert.deepEqual(rois.map((r) => [r.id, r.y0, r.y1, r.x0, r.x1]), expected.map((r, k) => [k, r.x0, r.x1, r.y0, r.y1]));
  const blank = await pixelAt(plane, 0, 0);
  if ((await plane.getAttribute("data-background")) === "blank") {
    assert.match((await plane.locator(".jp-HdmfZarr-heatmapNote").textContent()) ?? "", / · no reference image: a blank plane$/, "the note says what is painted");
    assert.equal(await display.locator('input[aria-label="z plane"]').isVisible(), false, "no z slider for a 2-d plane");
  }
  for (const [k, r] of expected.entries()) {
    const inside = await pixelAt(plane, r.x0 + 1, r.y0 + 1);
    assert.notDeepEqual(inside, blank, `ROI ${k} is filled`);
    const [cr, cg, cb] = roiColour(k);
    const toward = (i: number, c: number) => Math.abs(inside[i] - c) < Math.abs(blank[i] - c) || inside[i] === c;
    assert.ok(toward(0, cr) && toward(1, cg) && toward(2, cb), `ROI ${k} is tinted its colour: ${inside} vs ${blank}`);
  }
  const target = expected[1];
  assert.equal(await hoverAt(page, plane, target.x0 + 1, target.y0 + 1), `x ${target.x0 + 1}, y ${target.y0 + 1} · ROI 1`);
  assert.equal(await hoverAt(page, plane, 0, 0), "x 0, y 0", "no ROI at (0, 0)");
}

/** The plot's view: tick labels and the rows (x) and columns (y) shown. */
async function plotView(plane: Locator): Promise<{ xTicks: number[]; yTicks: number[]; cols: string; rows: string }> {
  const view = plane.locator(".jp-HdmfZarr-heatmapView");
  const nums = async (attr: string) => ((await view.getAttribute(attr)) ?? "").split(",").filter(Boolean).map(Number);
  return { xTicks: await nums("data-x-ticks"), yTicks: await nums("data-y-ticks"), cols: (await view.getAttribute("data-x-range"))!, rows: (await view.getAttribute("data-y-range"))! };
}

/** Integer ticks at one step from `first`, covering `[0, last]` (the last within a step of its end). */
function assertTicksSpan(ticks: number[], last: number, what: string): void {
  const step = ticks[1] - ticks[0];
  assert.ok(ticks.length >= 2 && step > 0, `${what}: ticks ${ticks}`);
  assert.equal(ticks[0], 0, `${what} starts at 0: ${ticks}`);
  assert.ok(ticks.every((v, i) => i === 0 || v - ticks[i - 1] === step), `${what}: even steps ${ticks}`);
  assert.ok(ticks.at(-1)! <= last && ticks.at(-1)! + step > last, `${what} reaches ${last}: ${ticks}`);
}

/** Click the export button `action` in `plane`; the downloaded file (its name checked) as a buffer. */
async function download(page: Page, plane: Locator, action: string, name: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent("download"), plane.locator(`button[data-action="${action}"]`).click()]);
  assert.equal(file.suggestedFilename(), name);
  const path = join(ARTIFACTS, `rois-${name}`);
  await file.saveAs(path);
  return readFileSync(path);
}

/** An ROI outline of an exported SVG: its id, colour, title and box in mask pixels (rows x, columns y). */
interface SvgOutline {
  id: number;
  stroke: string;
  title: string;
  x: [number, number];
  y: [number, number];
}

/** The ROI outlines of an exported SVG, their boxes read back into pixels through the positions of the axes' tick labels. */
function svgOutlines(text: string): SvgOutline[] {
  const attr = (attrs: string, name: string) => new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs)?.[1] ?? "";
  const ticks = (axis: "x" | "y") =>
    [...text.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)]
      .filter((m) => m[1].includes(`data-axis="${axis}"`))
      // A y label's baseline sits 4 px below its tick.
      .map((m) => ({ v: Number(m[2]), p: Number(attr(m[1], axis)) - (axis === "y" ? 4 : 0) }));
  /** Pixel position along an axis → the cell whose near edge lies there (a cell c spans c - 0.5 to c + 0.5 on the axis). */
  const cellAt = (axis: "x" | "y") => {
    const t = ticks(axis);
    const a = (t.at(-1)!.p - t[0].p) / (t.at(-1)!.v - t[0].v);
    return (px: number) => Number((t[0].v + (px - t[0].p) / a + 0.5).toFixed(1)) + 0; // + 0: no -0
  };
  const col = cellAt("x"), row = cellAt("y");
  return [...text.matchAll(/<path ([^>]*)>(.*?)<\/path>/g)].map((m) => {
    const points = [...attr(m[1], "d").matchAll(/(-?[\d.]+) (-?[\d.]+)/g)].map((p) => [Number(p[1]), Number(p[2])]);
    const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
    return {
      id: Number(attr(m[1], "data-roi-id")),
      stroke: attr(m[1], "stroke"),
      title: /<title>([^<]*)<\/title>/.exec(m[2])?.[1] ?? "",
      x: [row(Math.min(...ys)), row(Math.max(...ys)) - 1],
      y: [col(Math.min(...xs)), col(Math.max(...xs)) - 1],
    };
  });
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
      await closeDark(session.lab, dark);
    }
  });

  it("draws the ROI plane on pixel axes: zoom by a box, the wheel, shift-drag and arrow keys, Reset; PNG and SVG export", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const display = await show(page, "/processing/ophys/ImageSegmentation/images");
      const { plane } = await roiPlane(display);
      const view = plane.locator(".jp-HdmfZarr-heatmapView");
      // The plane is 16 x (rows) × 20 y (columns): ticks over 0–19 across, 0–15 down.
      const home = await plotView(plane);
      assert.deepEqual([home.cols, home.rows], [`0,${PLANE.y - 1}`, `0,${PLANE.x - 1}`]);
      assertTicksSpan(home.xTicks, PLANE.y - 1, "y (columns) ticks");
      assertTicksSpan(home.yTicks, PLANE.x - 1, "x (rows) ticks");
      const over = (await plane.locator(".u-over").boundingBox())!;
      // A box over the top-left quarter.
      await page.mouse.move(over.x + over.width * 0.05, over.y + over.height * 0.05);
      await page.mouse.down();
      await page.mouse.move(over.x + over.width * 0.3, over.y + over.height * 0.3, { steps: 4 });
      await page.mouse.move(over.x + over.width * 0.5, over.y + over.height * 0.5, { steps: 4 });
      await page.mouse.up();
      await waitFor(async () => (await view.getAttribute("data-x-range")) !== home.cols);
      const zoomed = await plotView(plane);
      const [c0, c1] = zoomed.cols.split(",").map(Number), [r0, r1] = zoomed.rows.split(",").map(Number);
      assert.ok(c0 <= 1 && c1 >= 8 && c1 <= 10 && r0 <= 1 && r1 >= 6 && r1 <= 8, `the top-left quarter: columns ${zoomed.cols}, rows ${zoomed.rows}`);
      assert.ok(zoomed.xTicks.every((v) => v >= c0 && v <= c1) && zoomed.xTicks.at(-1)! < PLANE.y - 5, `y ticks inside the zoom: ${zoomed.xTicks}`);
      assert.ok(zoomed.yTicks.every((v) => v >= r0 && v <= r1), `x ticks inside the zoom: ${zoomed.yTicks}`);
      // Arrow keys pan by a quarter of the view, the size kept.
      await plane.locator(".jp-HdmfZarr-heatmapPlot").focus();
      await page.keyboard.press("ArrowRight");
      await waitFor(async () => (await view.getAttribute("data-x-range")) !== zoomed.cols);
      const [p0, p1] = (await view.getAttribute("data-x-range"))!.split(",").map(Number);
      assert.ok(p0 > c0 && Math.abs(p1 - p0 - (c1 - c0)) <= 1, `panned right: ${p0}–${p1} from ${c0}–${c1}`);
      await plane.screenshot({ path: join(ARTIFACTS, "view-rois-zoomed.png") });
      await plane.locator('button[data-action="reset"]').click();
      await waitFor(async () => (await view.getAttribute("data-x-range")) === home.cols && (await view.getAttribute("data-y-range")) === home.rows);
      assert.deepEqual(await plotView(plane), home, "Reset shows the whole plane with its ticks again");
      // The wheel zooms in about the pointer; shift-drag then pans right to left.
      await page.mouse.move(over.x + over.width * 0.5, over.y + over.height * 0.5);
      for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -100);
      await waitFor(async () => (await view.getAttribute("data-x-range")) !== home.cols);
      const wheeled = await plotView(plane);
      const [w0, w1] = wheeled.cols.split(",").map(Number);
      assert.ok(w0 > 0 && w1 < PLANE.y - 1 && w1 - w0 < PLANE.y / 1.5, `zoomed about the middle: columns ${wheeled.cols}`);
      await page.keyboard.down("Shift");
      await page.mouse.down();
      await page.mouse.move(over.x + over.width * 0.3, over.y + over.height * 0.5, { steps: 4 });
      await page.mouse.up();
      await page.keyboard.up("Shift");
      await waitFor(async () => (await view.getAttribute("data-x-range")) !== wheeled.cols);
      const [s0, s1] = (await view.getAttribute("data-x-range"))!.split(",").map(Number);
      assert.ok(s0 > w0 && Math.abs(s1 - s0 - (w1 - w0)) <= 1 && (await view.getAttribute("data-y-range")) === wheeled.rows, `dragged left, the view moves right: ${s0}–${s1} from ${wheeled.cols}`);
      await plane.locator('button[data-action="reset"]').click();
      await waitFor(async () => (await view.getAttribute("data-x-range")) === home.cols);

      // PNG: the plot as shown; SVG: vector axes, one outline path per ROI over its mask's bounds, the image embedded.
      const png = await download(page, plane, "export-png", "images-rois.png");
      assert.equal(png.subarray(1, 4).toString("latin1"), "PNG");
      const svgText = (await download(page, plane, "export-svg", "images-rois.svg")).toString("utf8");
      const labels = (axis: string) => [...svgText.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].filter((m) => m[1].includes(`data-axis="${axis}"`)).map((m) => Number(m[2]));
      assert.deepEqual([labels("x"), labels("y")], [home.xTicks, home.yTicks], "the ticks shown");
      assert.deepEqual([...svgText.matchAll(/data-title="[xy]"[^>]*>([^<]*)</g)].map((m) => m[1]), ["y (pixels)", "x (pixels)"]);
      assert.equal((svgText.match(/<image [^>]*data-cells="20x16"/g) ?? []).length, 1, "the plane as one image of 20 × 16 pixels");
      assert.deepEqual(
        svgOutlines(svgText),
        ROIS.map((r, k) => ({ id: k, stroke: `rgb(${roiColour(k).join(",")})`, title: `ROI ${k}`, x: [r.x0, r.x1], y: [r.y0, r.y1] })),
      );
    } finally {
      await page.close();
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

  it("draws masks in 3-d one z plane at a time, from the first plane holding voxels, with a z slider: voxel_mask and 4-d image_mask", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const expected = (z: number) =>
        VOXELS.flatMap((list, id) => {
          const on = list.filter((v) => v.z === z);
          if (!on.length) return [];
          const xs = on.map((v) => v.x), ys = on.map((v) => v.y);
          return [[id, Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]];
        });
      assert.deepEqual([expected(1).map((r) => r[0]), expected(2).map((r) => r[0])], [[0, 2], [1, 2]]);
      for (const name of ["voxels", "volume"]) {
        const display = await show(page, `/processing/ophys/ImageSegmentation/${name}`);
        const view = display.locator('[data-view="roi-masks"]');
        const atZ = async (z: number) => {
          await view.locator(`.jp-HdmfZarr-roiPlane[data-z="${z}"]`).waitFor({ timeout: 30_000 });
          const { rois } = await roiPlane(view);
          // Bounds of the ROIs with voxels on this plane: [id, x0, x1, y0, y1] in mask coordinates (rows x, columns y).
          return rois.filter((r) => r.x0 !== undefined).map((r) => [r.id, r.y0, r.y1, r.x0, r.x1]);
        };
        /** The outlines of the SVG export, as [id, x0, x1, y0, y1]. */
        const exported = async (file: string) =>
          svgOutlines((await download(page, view, "export-svg", file)).toString("utf8")).map((o) => [o.id, ...o.x, ...o.y]);
        // No voxel lies at z = 0: the view opens on z = 1, and says so.
        assert.deepEqual(await atZ(1), expected(1), name);
        assert.equal((await view.locator(".jp-HdmfZarr-roiNote").textContent())?.trim(), "3 of 3 ROIs shown · plane 6 x × 8 y (rows x, columns y) · z plane 1 of 0–2 (2 of the ROIs shown have voxels in it)");
        assert.deepEqual(await exported(`${name}-rois.svg`), expected(1), `${name}: the outlines exported at z = 1`);
        const z = view.locator('input[aria-label="z plane"]');
        assert.deepEqual([await z.inputValue(), await z.getAttribute("max")], ["1", "2"]);
        await z.fill("2");
        assert.deepEqual(await atZ(2), expected(2), name);
        assert.deepEqual(await exported(`${name}-rois.svg`), expected(2), `${name}: the outlines exported at z = 2`);
        const [, x0, , y0] = expected(2)[0];
        assert.equal(await hoverAt(page, (await roiPlane(view)).plane, x0, y0), `x ${x0}, y ${y0} · ROI 1`);
        await z.fill("0");
        assert.deepEqual(await atZ(0), [], `${name}: nothing at z = 0`);
        assert.match((await view.locator(".jp-HdmfZarr-roiNote").textContent()) ?? "", /z plane 0 of 0–2 \(0 of the ROIs shown have voxels in it\)/);
      }
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
      let { plane, rois } = await roiPlane(view);
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
        assert.deepEqual((await pixelAt(plane, p.x, p.y)).slice(0, 3), gray(p), `mean image at x ${p.x}, y ${p.y}`);
      }
      const pager = view.locator(".jp-HdmfZarr-pager");
      assert.equal((await pager.locator(".jp-HdmfZarr-pagerInfo").textContent())?.trim(), "ROIs 0–49 of 60");
      await pager.locator('button[data-action="next-page"]').click();
      await pager.locator(".jp-HdmfZarr-pagerInfo").filter({ hasText: "ROIs 50–59 of 60" }).waitFor({ timeout: 30_000 });
      ({ plane, rois } = await roiPlane(view));
      assert.deepEqual(ids(rois), range(150, 160), "the second page: ROIs 150–159");
      assert.deepEqual(rois.map((r) => [r.y0, r.x0]), range(50, 60).map((k) => [manyPixel(k).x, manyPixel(k).y]));

      const input = view.locator("input.jp-HdmfZarr-roiInput");
      await input.fill("103, 107, 999");
      await input.press("Enter");
      await waitFor(async () => JSON.parse((await view.locator(".jp-HdmfZarr-roiPlane").getAttribute("data-rois")) ?? "[]").length === 2);
      ({ plane, rois } = await roiPlane(view));
      assert.deepEqual(rois.map((r) => [r.id, r.y0, r.x0]), [3, 7].map((k) => [100 + k, manyPixel(k).x, manyPixel(k).y]), "exactly the ROIs typed");
      assert.equal((await view.locator(".jp-HdmfZarr-roiUnknown").textContent())?.trim(), "no ROI with id 999");
      assert.equal(await view.locator(".jp-HdmfZarr-pager").count(), 0, "no pages while ids are typed");
      // The mean image shows again where page 2 had drawn ROI 150; ROI 103's pixel is tinted.
      assert.deepEqual((await pixelAt(plane, manyPixel(50).x, manyPixel(50).y)).slice(0, 3), gray(manyPixel(50)));
      assert.notDeepEqual((await pixelAt(plane, manyPixel(3).x, manyPixel(3).y)).slice(0, 3), gray(manyPixel(3)), "ROI 103 is tinted");
      await input.fill("");
      await input.press("Enter");
      await view.locator(".jp-HdmfZarr-pager").waitFor({ timeout: 30_000 });
    } finally {
      await page.close();
    }
  });
});
