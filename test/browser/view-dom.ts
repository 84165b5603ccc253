/**
 * What the NWB views of the store browser show, read from the DOM the way the view tests assert it:
 * a node's Display tab, a plot's tick labels (`text.jp-HdmfZarr-plotLabel[data-axis]` with
 * `data-value`) and its marks (the plot's handle exposes its model), and a wait for a condition.
 */
import type { Locator, Page } from "playwright-core";
import { openFromFileBrowser, selectNode } from "./browser-dom.js";

/** Poll `check` until it holds (`ms` at most, 10 s by default). */
export async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !(await check()); ) {
    if (Date.now() > end) throw new Error(`waited ${ms / 1000} s for ${check}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Open `store` from the file browser, select `path` and show its Display tab; the Display section. */
export async function showDisplay(page: Page, store: string, path: string): Promise<Locator> {
  const browser = await openFromFileBrowser(page, store);
  await selectNode(browser, path);
  await browser.locator('button[data-tab="display"]').click();
  return browser.locator(".jp-HdmfZarr-display");
}

/** The tick labels of one axis of a plot: their texts and `data-value`s, in order. */
export async function axisLabels(plot: Locator, axis: "x" | "y"): Promise<{ texts: string[]; values: number[] }> {
  const nodes = plot.locator(`text.jp-HdmfZarr-plotLabel[data-axis="${axis}"]`);
  const texts = (await nodes.allTextContents()).map((s) => s.trim());
  const values: number[] = [];
  for (let i = 0; i < texts.length; i++) values.push(Number(await nodes.nth(i).getAttribute("data-value")));
  return { texts, values };
}

/** The event marks a raster or intervals plot draws: start, stop and lane of each. */
export async function plotMarks(plot: Locator): Promise<{ x0: number[]; x1: number[]; lane: number[] }> {
  return plot.evaluate((node) => {
    const m = (node as HTMLElement & { plotHandle: { marks: { x0: Float64Array; x1: Float64Array; lane: Uint32Array } } }).plotHandle.marks;
    return { x0: [...m.x0], x1: [...m.x1], lane: [...m.lane] };
  });
}

/** Whether the fill of a plot's first tick label is a light colour (mean of R, G, B above half): what the dark theme needs. */
export async function labelFillIsLight(plot: Locator): Promise<{ light: boolean; fill: string }> {
  // A function, not a string: a string is evaluated as an expression and would return the function itself.
  const fill = await plot.locator("text.jp-HdmfZarr-plotLabel").first().evaluate((node) => String((globalThis as unknown as { getComputedStyle(n: unknown): { fill: string } }).getComputedStyle(node).fill));
  const rgb = (fill.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
  if (rgb.length !== 3) throw new Error(`the tick label's fill is not a colour: "${fill}"`);
  return { light: (rgb[0] + rgb[1] + rgb[2]) / 3 > 127, fill };
}
