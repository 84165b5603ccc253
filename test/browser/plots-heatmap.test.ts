/**
 * The heatmap view in a real JupyterLab, on a store this library writes here: index axes,
 * a colorbar whose ends are the data's min and max (with the unit), colormap, symmetric domain,
 * log scale, zoom, keyboard pan reading a new window, Reset, PNG and SVG export; an ImageSeries'
 * frames with their slider and time, gray and RGB (the same axes, zoom and exports, the colours as
 * stored). Saves the README screenshots in the light and the dark theme.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Locator, Page } from "playwright-core";
import { DatasetBuilder, GroupBuilder, ZarrIO } from "../../src/index.js";
import { openFromFileBrowser, selectNode } from "./browser-dom.js";
import { contrasts } from "./contrast.js";
import { ARTIFACTS, SCREENSHOTS, closeDark, labPerFile, openDark } from "./lab.js";

/** `/matrix`: 30 × 50 float64, value (r - 10) * 50 + c, unit mV: min -500 at (0, 0), max 999. */
const M = { rows: 30, cols: 50, value: (r: number, c: number) => (r - 10) * 50 + c };
/** `/tall`: 600 × 8, value = row index (more rows than one window reads). */
const TALL = { rows: 600, cols: 8 };
/** `/movie`: an ImageSeries of 3 frames of 20 × 24, value frame * 1000 + r * 24 + c, 10 Hz. */
const MOVIE = { frames: 3, h: 20, w: 24, value: (f: number, r: number, c: number) => f * 1000 + r * 24 + c };

async function writeStore(path: string): Promise<void> {
  const grid = (rows: number, cols: number, f: (r: number, c: number) => number) => Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => f(r, c)));
  const matrix = new DatasetBuilder("matrix", grid(M.rows, M.cols, M.value), { dtype: "float64", attributes: { unit: "mV" } });
  const tall = new DatasetBuilder("tall", grid(TALL.rows, TALL.cols, (r) => r), { dtype: "float64", chunks: [100, 8] });
  const frames = Array.from({ length: MOVIE.frames }, (_, f) => grid(MOVIE.h, MOVIE.w, (r, c) => MOVIE.value(f, r, c)));
  const movie = new GroupBuilder("movie", {
    datasets: [
      new DatasetBuilder("data", frames, { dtype: "uint16", attributes: { unit: "n.a." } }),
      new DatasetBuilder("starting_time", 0, { dtype: "float64", attributes: { rate: 10, unit: "seconds" } }),
    ],
    attributes: { neurodata_type: "ImageSeries", namespace: "core" },
  });
  // An RGB ImageSeries: 2 frames of 4 × 5 × 3 bytes, (frame * 100 + row * 50, column * 50, 255 - row * 60).
  const rgb = new GroupBuilder("rgb", {
    datasets: [new DatasetBuilder("data", Array.from({ length: 2 }, (_, f) => Array.from({ length: 4 }, (_, r) => Array.from({ length: 5 }, (_, c) => [f * 100 + r * 50, c * 50, 255 - r * 60]))), { dtype: "uint8" })],
    attributes: { neurodata_type: "ImageSeries", namespace: "core" },
  });
  const io = new ZarrIO(path, "w", { zarrFormat: 3 });
  await io.writeBuilder(new GroupBuilder("root", { datasets: [matrix, tall], groups: [movie, rgb] }));
  await io.close();
}

const session = labPerFile(async (contents) => writeStore(join(contents, "heatmap.zarr")));
const STORE = "heatmap.zarr";

/** What the view shows, read from its DOM: axis tick labels, ranges, colorbar text. */
async function shown(view: Locator): Promise<{ xTicks: number[]; yTicks: number[]; xRange: number[]; yRange: number[]; max: string; min: string; ticks: string[]; unit: string; note: string }> {
  const attr = async (name: string) => ((await view.getAttribute(name)) ?? "").split(",").filter(Boolean).map(Number);
  return {
    xTicks: await attr("data-x-ticks"),
    yTicks: await attr("data-y-ticks"),
    xRange: await attr("data-x-range"),
    yRange: await attr("data-y-range"),
    max: ((await view.locator(".jp-HdmfZarr-colorbarMax").textContent()) ?? "").trim(),
    min: ((await view.locator(".jp-HdmfZarr-colorbarMin").textContent()) ?? "").trim(),
    ticks: (await view.locator(".jp-HdmfZarr-colorbarTick").allTextContents()).map((s) => s.trim()),
    unit: ((await view.locator(".jp-HdmfZarr-colorbarUnit").textContent()) ?? "").trim(),
    note: ((await view.locator(".jp-HdmfZarr-heatmapNote").textContent()) ?? "").trim(),
  };
}

/** Wait until the view's colorbar shows `max` at its top (the view repainted). */
async function waitForMax(view: Locator, max: string): Promise<void> {
  await view.locator(".jp-HdmfZarr-colorbarMax").filter({ hasText: new RegExp(`^${max.replace(/[.+-]/g, "\\$&")}$`) }).waitFor({ timeout: 30_000 });
}

/** Open the store, select `path`, show the Display tab; the first heatmap view once painted. */
async function openView(page: Page, path: string): Promise<{ browser: Locator; view: Locator }> {
  const browser = await openFromFileBrowser(page, STORE);
  await selectNode(browser, path);
  await browser.locator('button[data-tab="display"]').click();
  const view = browser.locator(".jp-HdmfZarr-display .jp-HdmfZarr-heatmapView").first();
  await view.locator(".jp-HdmfZarr-colorbarMax").waitFor({ timeout: 60_000 });
  await page.waitForFunction((el: InPage) => el?.hasAttribute("data-x-ticks") && el.hasAttribute("data-x-range"), await view.elementHandle());
  return { browser, view };
}

/** Wait until an attribute of the view differs from `old`. */
async function changed(view: Locator, name: string, old: string): Promise<void> {
  await view.page().waitForFunction(([el, n, o]: InPage) => el.getAttribute(n) !== o, [await view.elementHandle(), name, old] as const);
}

/** RGBA of the heatmap canvas at a point of the plotting area (fractions of its box). */
async function pixelAt(view: Locator, fx: number, fy: number): Promise<number[]> {
  return view.locator(".u-over").evaluate(
    (over: InPage, [fx, fy]: readonly [number, number]) => {
      const canvas = over.closest(".uplot").querySelector("canvas");
      const o = over.getBoundingClientRect(), c = canvas.getBoundingClientRect();
      const k = canvas.width / c.width;
      const x = Math.round((o.left - c.left + o.width * fx) * k), y = Math.round((o.top - c.top + o.height * fy) * k);
      return [...canvas.getContext("2d").getImageData(x, y, 1, 1).data] as number[];
    },
    [fx, fy] as const,
  );
}

/** Drag a rectangle over the plotting area between two points (fractions of its box). */
async function dragZoom(page: Page, view: Locator, from: [number, number], to: [number, number]): Promise<void> {
  const box = (await view.locator(".u-over").boundingBox())!;
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * (from[0] + to[0]) / 2, box.y + box.height * (from[1] + to[1]) / 2, { steps: 4 });
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 4 });
  await page.mouse.up();
}

/** Click the export button `action` of `view`; the downloaded file's text (its name checked, a copy kept as `keep`). */
async function downloadText(page: Page, view: Locator, action: string, name: string, keep: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), view.locator(`button[data-action="${action}"]`).click()]);
  assert.equal(download.suggestedFilename(), name);
  const file = join(ARTIFACTS, keep);
  await download.saveAs(file);
  return readFileSync(file, "utf8");
}

/** The texts of the SVG's `<text>` elements that carry `marker` among their attributes, in order. */
function svgTexts(svgText: string, marker: string): string[] {
  return [...svgText.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].filter((m) => m[1].includes(marker)).map((m) => m[2]);
}

/** An element inside the page (these tests compile without the DOM library). */
type InPage = any;

/** Text of the heatmap view a user reads, by what it is. */
const TEXTS = {
  "colorbar tick": ".jp-HdmfZarr-colorbarTick",
  "colorbar unit": ".jp-HdmfZarr-colorbarUnit",
  "toolbar label": ".jp-HdmfZarr-heatmapControlLabel",
  "note under the plot": ".jp-HdmfZarr-heatmapNote",
};

/** Every kind of text of TEXTS is on screen at WCAG AA contrast (4.5:1). */
async function expectContrast(page: Page, theme: string): Promise<void> {
  for (const [what, selector] of Object.entries(TEXTS)) {
    const found = await contrasts(page, selector);
    assert.ok(found.length > 0, `${theme}: some ${what} on screen`);
    for (const c of found) assert.ok(c.ratio >= 4.5, `${theme}: ${what} "${c.text}" has contrast ${c.ratio.toFixed(2)} (${c.color} on ${c.background})`);
  }
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe("heatmap view", () => {
  it("shows index axes, a colorbar with the data's ends, and its controls work", async (t) => {
    if (session.skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const { view } = await openView(page, "/matrix");
      let s = await shown(view);
      // Axes: integer index ticks inside the array, from 0; the whole array in view.
      assert.deepEqual([s.xRange, s.yRange], [[0, M.cols - 1], [0, M.rows - 1]]);
      assert.equal(s.xTicks[0], 0);
      assert.equal(s.yTicks[0], 0);
      assert.ok(s.xTicks.every((v) => Number.isInteger(v) && v >= 0 && v < M.cols) && s.xTicks.length >= 3, `x ticks ${s.xTicks}`);
      assert.ok(s.yTicks.every((v) => Number.isInteger(v) && v >= 0 && v < M.rows) && s.yTicks.length >= 2, `y ticks ${s.yTicks}`);
      // Colorbar: the ends are the data's min and max, with the unit.
      const all = range(0, M.rows - 1).flatMap((r) => range(0, M.cols - 1).map((c) => M.value(r, c)));
      assert.deepEqual([s.min, s.max], [String(Math.min(...all)), String(Math.max(...all))]);
      assert.equal(s.unit, "mV");
      const linearTicks = s.ticks;

      // Colormap: the same cell changes colour; gray gives r = g = b.
      const before = await pixelAt(view, 0.5, 0.5);
      assert.equal(before[3], 255, "the cell is painted");
      await view.locator('select[data-control="colormap"]').selectOption("gray");
      await page.waitForFunction((el: InPage) => el.getAttribute("data-colormap") === "gray", await view.elementHandle());
      const gray = await pixelAt(view, 0.5, 0.5);
      assert.notDeepEqual(gray, before, "the colormap changed the pixels");
      assert.ok(gray[0] === gray[1] && gray[1] === gray[2], `gray pixel ${gray}`);

      // Symmetric domain: -m..m with m the largest magnitude.
      await view.locator('select[data-control="domain"]').selectOption("symmetric");
      await waitForMax(view, "999");
      await view.locator(".jp-HdmfZarr-colorbarMin").filter({ hasText: /^-999$/ }).waitFor();

      // Typed-in domain.
      await view.locator('input[data-control="min"]').fill("-100");
      await view.locator('input[data-control="min"]').press("Enter");
      await view.locator(".jp-HdmfZarr-colorbarMin").filter({ hasText: /^-100$/ }).waitFor();
      assert.equal(await view.locator('select[data-control="domain"]').inputValue(), "custom");

      // Log scale: non-positive values are refused (a note says so), ticks become decades.
      await view.locator('select[data-control="domain"]').selectOption("auto");
      await view.locator('select[data-control="scale"]').selectOption("log");
      await view.locator(".jp-HdmfZarr-colorbarMin").filter({ hasText: /^1$/ }).waitFor();
      s = await shown(view);
      assert.deepEqual(s.ticks, ["999", "100", "10", "1"]);
      assert.notDeepEqual(s.ticks, linearTicks);
      const nonPositive = all.filter((v) => v <= 0).length;
      assert.match(s.note, new RegExp(`${nonPositive} values ≤ 0 not shown`));
      await page.screenshot({ path: join(ARTIFACTS, "heatmap-log.png") });

      // Zoom: drag a rectangle over the middle; the axes show a smaller range inside the old one.
      await dragZoom(page, view, [0.25, 0.25], [0.6, 0.6]);
      await changed(view, "data-x-range", "0,49");
      s = await shown(view);
      assert.ok(s.xRange[0] >= 10 && s.xRange[1] <= 32 && s.xRange[1] > s.xRange[0], `zoomed x range ${s.xRange}`);
      assert.ok(s.yRange[0] >= 5 && s.yRange[1] <= 20 && s.yRange[1] > s.yRange[0], `zoomed y range ${s.yRange}`);
      assert.ok(s.xTicks.every((v) => v >= s.xRange[0] && v <= s.xRange[1]), `ticks ${s.xTicks} in ${s.xRange}`);
      // Keyboard pan: right arrow moves the columns in view to the right, same width.
      const zoomed = s.xRange;
      await view.locator(".jp-HdmfZarr-heatmapPlot").focus();
      await page.keyboard.press("ArrowRight");
      await changed(view, "data-x-range", zoomed.join(","));
      s = await shown(view);
      assert.ok(s.xRange[0] > zoomed[0], `panned ${zoomed} → ${s.xRange}`);

      // Reset: whole array, linear, the default colormap, the data's ends.
      await view.locator('button[data-action="reset"]').click();
      await view.locator(".jp-HdmfZarr-colorbarMin").filter({ hasText: /^-500$/ }).waitFor();
      s = await shown(view);
      assert.deepEqual([s.xRange, s.yRange, s.max], [[0, 49], [0, 29], "999"]);
      assert.equal(await view.getAttribute("data-colormap"), "viridis");
      assert.equal(await view.locator('select[data-control="scale"]').inputValue(), "linear");
      assert.deepEqual(await pixelAt(view, 0.5, 0.5), before);

      // Hover: the cell under the pointer, with its value from the data.
      const over = (await view.locator(".u-over").boundingBox())!;
      await page.mouse.move(over.x + over.width * 0.3, over.y + over.height * 0.7);
      const hover = view.locator(".jp-HdmfZarr-heatmapHover");
      await hover.filter({ hasText: /^row \d+, column \d+: / }).waitFor();
      const [, hr, hc, hv] = /^row (\d+), column (\d+): (\S+) mV$/.exec(((await hover.textContent()) ?? "").trim()) ?? [];
      assert.equal(Number(hv), M.value(Number(hr), Number(hc)), `hover row ${hr} column ${hc}`);
      assert.ok(Math.abs(Number(hc) - 0.3 * M.cols) <= 1 && Math.abs(Number(hr) - 0.7 * M.rows) <= 1, `hovered cell ${hr}, ${hc}`);

      // PNG export: a download of a PNG image named after the dataset.
      const [download] = await Promise.all([page.waitForEvent("download"), view.locator('button[data-action="export-png"]').click()]);
      assert.equal(download.suggestedFilename(), "matrix.png");
      const file = join(ARTIFACTS, "heatmap-export.png");
      await download.saveAs(file);
      assert.deepEqual([...readFileSync(file).subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);

      // SVG export: the axes' tick labels and the colorbar's as text, the cells one embedded image.
      s = await shown(view);
      const svgText = await downloadText(page, view, "export-svg", "matrix.svg", "heatmap-export.svg");
      assert.deepEqual(svgTexts(svgText, 'data-axis="x"'), s.xTicks.map(String), "x tick labels");
      assert.deepEqual(svgTexts(svgText, 'data-axis="y"'), s.yTicks.map(String), "y tick labels");
      assert.deepEqual(svgTexts(svgText, "data-value="), s.ticks, "colorbar labels, top first");
      assert.deepEqual(svgTexts(svgText, "data-unit="), ["mV"]);
      assert.equal((svgText.match(/<image [^>]*data-cells="50x30"/g) ?? []).length, 1, "one image of 50 × 30 cells");
      assert.match(svgText, /<linearGradient id="heatmap-colorbar"/);
    } finally {
      await page.close();
    }
  });

  it("reads a new window when panned past the rows it read", async (t) => {
    if (session.skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const { view } = await openView(page, "/tall");
      let s = await shown(view);
      assert.deepEqual([s.yRange, s.min, s.max], [[0, 255], "0", "255"]);
      await view.locator(".jp-HdmfZarr-heatmapPlot").focus();
      for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
      // 3 × a quarter of 256 rows down: rows 192..447, read as a new window (value = row).
      await waitForMax(view, "447");
      s = await shown(view);
      assert.deepEqual([s.yRange, s.min], [[192, 447], "192"]);
      assert.ok(s.yTicks.every((v) => v >= 192 && v <= 447), `y ticks ${s.yTicks}`);

      // The plot follows the panel's width; its cells are never smoothed.
      const canvas = view.locator("canvas.jp-HdmfZarr-heatmap");
      const wide = (await canvas.boundingBox())!.width;
      assert.equal(await canvas.evaluate((c: InPage) => (globalThis as InPage).getComputedStyle(c).imageRendering as string), "pixelated");
      await page.setViewportSize({ width: 1100, height: 900 });
      await page.waitForFunction(([c, w]: InPage) => c.getBoundingClientRect().width < w - 100, [await canvas.elementHandle(), wide] as const);
      const narrow = (await canvas.boundingBox())!;
      const panel = (await view.boundingBox())!;
      assert.ok(narrow.x + narrow.width <= panel.x + panel.width, `the plot (${narrow.width} px) fits its panel after the resize`);
    } finally {
      await page.close();
    }
  });

  it("shows an ImageSeries' frames with a frame slider and time, and saves screenshots", async (t) => {
    if (session.skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const { browser, view } = await openView(page, "/movie");
      let s = await shown(view);
      assert.deepEqual([s.xRange, s.yRange, s.min, s.max], [[0, MOVIE.w - 1], [0, MOVIE.h - 1], "0", String(MOVIE.value(0, MOVIE.h - 1, MOVIE.w - 1))]);
      assert.equal(await view.getAttribute("data-colormap"), "gray");
      const caption = browser.locator(".jp-HdmfZarr-frameCaption");
      assert.equal((await caption.textContent())?.trim(), "frame 0 of 3 · t = 0 s");
      const slider = browser.locator('.jp-HdmfZarr-display input[aria-label="frame"]');
      await slider.fill("2");
      await waitForMax(view, String(MOVIE.value(2, MOVIE.h - 1, MOVIE.w - 1)));
      s = await shown(view);
      assert.equal(s.min, String(MOVIE.value(2, 0, 0)));
      await caption.filter({ hasText: "frame 2 of 3 · t = 0.2 s" }).waitFor();
      await page.screenshot({ path: join(ARTIFACTS, "heatmap-frames.png") });

      // RGB frames: the same index axes, zoom and exports; the cells in their stored colours, no colorbar.
      await selectNode(browser, "/rgb");
      const rgb = browser.locator('.jp-HdmfZarr-display .jp-HdmfZarr-heatmapView[data-paint="rgb"]');
      await rgb.waitFor({ timeout: 30_000 });
      await page.waitForFunction((el: InPage) => el?.hasAttribute("data-x-ticks") && el.hasAttribute("data-x-range"), await rgb.elementHandle());
      assert.equal((await browser.locator(".jp-HdmfZarr-frameCaption").textContent())?.trim(), "frame 0 of 2");
      const rgbAttr = async (name: string) => ((await rgb.getAttribute(name)) ?? "").split(",").map(Number);
      assert.deepEqual([await rgbAttr("data-x-range"), await rgbAttr("data-y-range")], [[0, 4], [0, 3]]);
      assert.deepEqual(await rgbAttr("data-x-ticks"), [0, 1, 2, 3, 4]);
      assert.deepEqual(await rgbAttr("data-y-ticks"), [0, 1, 2, 3]);
      assert.equal(await rgb.locator(".jp-HdmfZarr-colorbar").count(), 0, "no colorbar");
      assert.equal(await rgb.locator('select[data-control="colormap"]').count(), 0, "no colormap control");
      const cell = (r: number, c: number) => pixelAt(rgb, (c + 0.5) / 5, (r + 0.5) / 4);
      assert.deepEqual(await cell(1, 2), [50, 100, 195, 255]);
      assert.deepEqual(await cell(3, 4), [150, 200, 75, 255]);
      assert.match((await rgb.locator(".jp-HdmfZarr-heatmapNote").textContent()) ?? "", /^rows 0–3, columns 0–4 of 4 × 5 · RGB$/);
      const rgbOver = (await rgb.locator(".u-over").boundingBox())!;
      await page.mouse.move(rgbOver.x + rgbOver.width * 0.5, rgbOver.y + rgbOver.height * 0.375);
      await rgb.locator(".jp-HdmfZarr-heatmapHover").filter({ hasText: "row 1, column 2: (50, 100, 195)" }).waitFor();
      await browser.locator(".jp-HdmfZarr-display").screenshot({ path: join(SCREENSHOTS, "plot-frames-rgb.png") });
      // Zoom to the right columns; Reset shows the whole frame again.
      await dragZoom(page, rgb, [0.55, 0.05], [0.98, 0.95]);
      await changed(rgb, "data-x-range", "0,4");
      const zoomedX = await rgbAttr("data-x-range");
      assert.ok(zoomedX[0] >= 2 && zoomedX[1] === 4, `zoomed x range ${zoomedX}`);
      assert.ok((await rgbAttr("data-x-ticks")).every((v) => v >= zoomedX[0] && v <= 4));
      await rgb.locator('button[data-action="reset"]').click();
      await page.waitForFunction((el: InPage) => el.getAttribute("data-x-range") === "0,4", await rgb.elementHandle());
      // Frame 1: red is 100 more.
      await browser.locator('.jp-HdmfZarr-display input[aria-label="frame"]').fill("1");
      await browser.locator(".jp-HdmfZarr-frameCaption").filter({ hasText: "frame 1 of 2" }).waitFor();
      for (let i = 0; i < 50 && (await cell(1, 2))[0] !== 150; i++) await page.waitForTimeout(100);
      assert.deepEqual(await cell(1, 2), [150, 100, 195, 255]);
      const rgbSvg = await downloadText(page, rgb, "export-svg", "rgb-frame-1.svg", "rgb-export.svg");
      assert.deepEqual(svgTexts(rgbSvg, 'data-axis="x"'), ["0", "1", "2", "3", "4"]);
      assert.equal((rgbSvg.match(/<image [^>]*data-cells="5x4"/g) ?? []).length, 1);
      assert.doesNotMatch(rgbSvg, /heatmap-colorbar/, "no colorbar in the SVG of an RGB frame");

      // Screenshots of the matrix for the README, light then dark.
      await selectNode(browser, "/matrix");
      await waitForMax(browser.locator(".jp-HdmfZarr-display .jp-HdmfZarr-heatmapView").first(), "999");
      await expectContrast(page, "light");
      await browser.locator(".jp-HdmfZarr-display .jp-HdmfZarr-view").first().screenshot({ path: join(SCREENSHOTS, "plot-heatmap-light.png") });
    } finally {
      await page.close();
    }
    const dark = await openDark(session.lab);
    try {
      const { browser, view } = await openView(dark.page, "/matrix");
      await waitForMax(view, "999");
      await expectContrast(dark.page, "dark");
      await browser.locator(".jp-HdmfZarr-display .jp-HdmfZarr-view").first().screenshot({ path: join(SCREENSHOTS, "plot-heatmap-dark.png") });
    } finally {
      await closeDark(session.lab, dark);
    }
  });
});
