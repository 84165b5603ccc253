/**
 * Settings and themes in a real JupyterLab: a value stored through JupyterLab's settings API for
 * our schema (schema/settings.json) is used by the store browser opened afterwards, and the
 * browser follows the dark theme. Saves the screenshots the README uses (lab.ts SCREENSHOTS).
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { openFromFileBrowser, selectNode } from "./browser-dom.js";
import { ARTIFACTS, SCREENSHOTS, labPerFile, openDark, putLabSettings } from "./lab.js";
import { writeStores } from "./stores.js";


const session = labPerFile((contents) => writeStores(contents));
const skipped = (t: TestContext) => session.skipped(t);

/** Rows of the first page of the table view of a 1-D dataset. */
async function firstPageRows(page: import("playwright-core").Page): Promise<number> {
  const browser = await openFromFileBrowser(page, "chunked.zarr");
  await selectNode(browser, "/signal");
  await browser.locator('button[data-tab="display"]').click();
  const table = browser.locator(".jp-HdmfZarr-display table.jp-HdmfZarr-table").first();
  await table.waitFor({ timeout: 30_000 });
  return table.locator("tbody tr").count();
}

describe("settings and theme", () => {
  it("uses the stored preview rows in browsers opened afterwards", async (t) => {
    if (skipped(t)) return;
    const before = await session.lab.open();
    try {
      assert.equal(await firstPageRows(before.page), 50, "the default preview rows");
    } finally {
      await before.page.close();
    }
    await putLabSettings(session.lab, "hdmf-zarr:settings", { previewRows: 7 });
    const after = await session.lab.open();
    try {
      assert.equal(await firstPageRows(after.page), 7, "the stored preview rows");
    } finally {
      await after.page.close();
    }
    await putLabSettings(session.lab, "hdmf-zarr:settings", {});
  });

  it("reads a legacy store's pickled column only with allowPickle on", async (t) => {
    if (skipped(t)) return;
    /** The cells of the electrodes table's `group` column (pickled references in the v2 fixture). */
    const groupCells = async (page: import("playwright-core").Page): Promise<string[]> => {
      const browser = await openFromFileBrowser(page, "ecephys_tutorial.nwb.zarr");
      await selectNode(browser, "/general/extracellular_ephys/electrodes");
      await browser.locator('button[data-tab="display"]').click();
      const table = browser.locator(".jp-HdmfZarr-display table.jp-HdmfZarr-table").first();
      await table.waitFor({ timeout: 30_000 });
      const headers = (await table.locator("thead th").allTextContents()).map((h) => h.trim());
      const column = headers.indexOf("group");
      assert.ok(column >= 0, `a group column in ${headers.join(", ")}`);
      const rows = table.locator("tbody tr");
      const cells: string[] = [];
      for (let i = 0; i < Math.min(await rows.count(), 4); i++) cells.push(((await rows.nth(i).locator("th, td").nth(column).textContent()) ?? "").trim());
      return cells;
    };
    const off = await session.lab.open();
    try {
      const cells = await groupCells(off.page);
      assert.ok(cells.length > 0 && cells.every((c) => c.startsWith("⚠") && /Read legacy pickled columns/.test(c)), `refused without the setting: ${cells.join(" | ")}`);
    } finally {
      await off.page.close();
    }
    await putLabSettings(session.lab, "hdmf-zarr:settings", { allowPickle: true });
    const on = await session.lab.open();
    try {
      const cells = await groupCells(on.page);
      assert.ok(cells.every((c) => !c.startsWith("⚠") && /shank[0-3]/.test(c)), `the electrode groups with the setting: ${cells.join(" | ")}`);
    } finally {
      await on.page.close();
      await putLabSettings(session.lab, "hdmf-zarr:settings", {});
    }
  });

  it("follows the dark theme (screenshots for the README)", async (t) => {
    if (skipped(t)) return;
    const shots = SCREENSHOTS;
    mkdirSync(shots, { recursive: true });
    const light = await session.lab.open();
    try {
      const browser = await openFromFileBrowser(light.page, "ecephys_v3.nwb.zarr");
      await selectNode(browser, "/acquisition/ElectricalSeries/data");
      await light.page.screenshot({ path: join(ARTIFACTS, "readme-inspect.png") });
      await browser.locator('button[data-tab="display"]').click();
      await browser.locator(".jp-HdmfZarr-display svg.jp-HdmfZarr-linePlot, .jp-HdmfZarr-display canvas.jp-HdmfZarr-heatmap").first().waitFor({ timeout: 30_000 });
      await light.page.waitForTimeout(500);
      await light.page.screenshot({ path: join(ARTIFACTS, "readme-plot.png") });
    } finally {
      await light.page.close();
    }

    const dark = await openDark(session.lab);
    try {
      const browser = await openFromFileBrowser(dark.page, "ecephys_v3.nwb.zarr");
      await selectNode(browser, "/general/extracellular_ephys/electrodes");
      await browser.locator('button[data-tab="display"]').click();
      await browser.locator(".jp-HdmfZarr-display table.jp-HdmfZarr-table").first().waitFor({ timeout: 30_000 });
      // The browser takes its colours from the theme: its text is light on the dark background.
      const color = String(await dark.page.evaluate('getComputedStyle(document.querySelector(".jp-HdmfZarr-panel:not(.lm-mod-hidden) .jp-HdmfZarr-browser") ?? document.body).color'));
      const [r, g, b] = (color.match(/\d+/g) ?? []).map(Number);
      assert.ok(r + g + b > 3 * 128, `light text in the dark theme, got ${color}`);
      await dark.page.screenshot({ path: join(ARTIFACTS, "readme-dark-table.png") });
    } finally {
      await dark.page.close();
      await putLabSettings(session.lab, "@jupyterlab/apputils-extension:themes", {});
    }
    for (const [from, to] of [["readme-inspect.png", "store-browser-inspect.png"], ["readme-plot.png", "store-browser-plot.png"], ["readme-dark-table.png", "store-browser-dark.png"], ["renderer-dataset.png", "renderer.png"]]) {
      try {
        copyFileSync(join(ARTIFACTS, from), join(shots, to));
      } catch {
        // renderer.png comes from renderer.test.ts; copied when that ran first.
      }
    }
  });
});
