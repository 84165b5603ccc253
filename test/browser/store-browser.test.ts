/**
 * The store browser in a real JupyterLab: right-click a store in the file browser, "Open in Zarr
 * browser", browse to a dataset and see its facts equal to the Zarr metadata on disk, plot it,
 * show a DynamicTable, and follow a reference to its target — on the v2 fixture written by Python's
 * hdmf-zarr and on its v3 conversion written by this library.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { fact, integers, openFromFileBrowser, selectNode } from "./browser-dom.js";
import { ARTIFACTS, labPerFile } from "./lab.js";
import { writeStores } from "./stores.js";
import { startHttpServer } from "../helpers/http-server.js";


const session = labPerFile((contents) => writeStores(contents));
const skipped = (t: TestContext) => session.skipped(t);

const DATA = "/acquisition/ElectricalSeries/data";
const ELECTRODES = "/general/extracellular_ephys/electrodes";

/** shape, dtype name and chunks of an array as its metadata file says. */
function metadataOf(store: string, path: string): { shape: number[]; chunks: number[]; dtype: string } {
  const dir = join(session.lab.contents, store, ...path.split("/").filter(Boolean));
  try {
    const v3 = JSON.parse(readFileSync(join(dir, "zarr.json"), "utf8"));
    return { shape: v3.shape, chunks: v3.chunk_grid.configuration.chunk_shape, dtype: v3.data_type };
  } catch {
    const v2 = JSON.parse(readFileSync(join(dir, ".zarray"), "utf8"));
    return { shape: v2.shape, chunks: v2.chunks, dtype: v2.dtype === "<f8" ? "float64" : v2.dtype };
  }
}

for (const store of ["ecephys_tutorial.nwb.zarr", "ecephys_v3.nwb.zarr"]) {
  describe(`store browser on ${store}`, () => {
    it("shows a dataset's facts equal to its metadata, and plots it", async (t) => {
      if (skipped(t)) return;
      const { page } = await session.lab.open();
      try {
        const browser = await openFromFileBrowser(page, store);
        await selectNode(browser, DATA);
        const want = metadataOf(store, DATA);
        assert.deepEqual(want.shape, [50, 4]);
        assert.deepEqual(integers(await fact(browser, "Shape")), want.shape);
        assert.deepEqual(integers(await fact(browser, "Chunks")), want.chunks);
        assert.match(await fact(browser, "Data type"), new RegExp(want.dtype));
        assert.match(await fact(browser, "Codecs"), /blosc/);
        const tag = store.includes("v3") ? "v3" : "v2";
        await page.screenshot({ path: join(ARTIFACTS, `browser-inspect-${tag}.png`) });

        await browser.locator('button[data-tab="display"]').click();
        const plot = browser.locator(".jp-HdmfZarr-display svg.jp-HdmfZarr-linePlot, .jp-HdmfZarr-display canvas.jp-HdmfZarr-heatmap").first();
        await plot.waitFor({ timeout: 30_000 });
        const box = await plot.boundingBox();
        assert.ok(box && box.width > 50 && box.height > 50, `the plot has a size: ${JSON.stringify(box)}`);
        await page.screenshot({ path: join(ARTIFACTS, `browser-plot-${tag}.png`) });
      } finally {
        await page.close();
      }
    });

    it("shows the electrodes DynamicTable with its columns, and follows a reference to it", async (t) => {
      if (skipped(t)) return;
      const { page } = await session.lab.open();
      try {
        const browser = await openFromFileBrowser(page, store);
        await selectNode(browser, ELECTRODES);
        await browser.locator('button[data-tab="display"]').click();
        const table = browser.locator(".jp-HdmfZarr-display table.jp-HdmfZarr-table").first();
        await table.waitFor({ timeout: 30_000 });
        const headers = (await table.locator("th").allTextContents()).map((h) => h.trim());
        for (const column of ["location", "group_name", "x", "filtering"]) assert.ok(headers.includes(column), `column ${column} in ${headers.join(", ")}`);
        const firstLocation = await table.locator("tbody tr").first().textContent();
        assert.ok(firstLocation && firstLocation.length > 0);
        await page.screenshot({ path: join(ARTIFACTS, `browser-table-${store.includes("v3") ? "v3" : "v2"}.png`) });

        // The ElectricalSeries' electrodes region references the table: follow the link.
        await selectNode(browser, "/acquisition/ElectricalSeries/electrodes");
        await browser.locator('button[data-tab="inspect"]').click();
        const target = browser.locator(`.jp-HdmfZarr-inspect a.jp-HdmfZarr-target[data-target="${ELECTRODES}"]`).first();
        await target.waitFor({ timeout: 15_000 });
        await target.click();
        await browser.locator('.jp-HdmfZarr-inspect tr[data-key="Path"] td').filter({ hasText: new RegExp(`^${ELECTRODES}$`) }).waitFor({ timeout: 15_000 });
        assert.match((await browser.locator(".jp-HdmfZarr-breadcrumbs").textContent()) ?? "", /electrodes/);
      } finally {
        await page.close();
      }
    });
  });
}

describe("Open Zarr store… (command palette)", () => {
  it("opens a store by its server path", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      await page.keyboard.press("Control+Shift+C");
      const search = page.locator(".lm-CommandPalette-input");
      await search.waitFor();
      await search.fill("Open Zarr store");
      await page.locator(".lm-CommandPalette-item", { hasText: "Open Zarr store…" }).first().click();
      const dialog = page.locator(".jp-Dialog");
      await dialog.locator("input").fill("chunked.zarr");
      await dialog.locator("button.jp-mod-accept").click();
      const browser = page.locator(".jp-HdmfZarr-panel:visible .jp-HdmfZarr-browser");
      await browser.locator('.jp-HdmfZarr-treeItem[data-path="/signal"]').waitFor({ timeout: 30_000 });
      assert.equal(await page.locator(".lm-DockPanel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel").first().textContent(), "chunked.zarr");
    } finally {
      await page.close();
    }
  });

  it("opens a store by its URL, read straight from the browser (not through the Jupyter server)", async (t) => {
    if (skipped(t)) return;
    const server = await startHttpServer(session.lab.contents, { cors: true });
    const { page } = await session.lab.open();
    try {
      await page.keyboard.press("Control+Shift+C");
      await page.locator(".lm-CommandPalette-input").fill("Open Zarr store");
      await page.locator(".lm-CommandPalette-item", { hasText: "Open Zarr store…" }).first().click();
      await page.locator(".jp-Dialog input").fill(`${server.url}/chunked.zarr`);
      await page.locator(".jp-Dialog button.jp-mod-accept").click();
      const browser = page.locator(".jp-HdmfZarr-panel:visible .jp-HdmfZarr-browser");
      await browser.locator('.jp-HdmfZarr-treeItem[data-path="/signal"]').click({ timeout: 30_000 });
      await browser.locator('.jp-HdmfZarr-inspect tr[data-key="Shape"]').waitFor({ timeout: 30_000 });
      const meta = JSON.parse(readFileSync(join(session.lab.contents, "chunked.zarr", "signal", "zarr.json"), "utf8")) as { shape: number[] };
      assert.match((await browser.locator('.jp-HdmfZarr-inspect tr[data-key="Shape"]').textContent()) ?? "", new RegExp(`\\b${meta.shape[0]}\\b`));
      // The page fetched the metadata from our server itself.
      assert.ok(server.stats.log.some((r) => r.method === "GET" && r.path === "/chunked.zarr/zarr.json" && r.status === 200), "zarr.json read from the URL");
    } finally {
      await page.close();
      await server.close();
    }
  });

  it("explains a path that is not a Zarr store", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      await page.keyboard.press("Control+Shift+C");
      await page.locator(".lm-CommandPalette-input").fill("Open Zarr store");
      await page.locator(".lm-CommandPalette-item", { hasText: "Open Zarr store…" }).first().click();
      await page.locator(".jp-Dialog input").fill("no-such-store.zarr");
      await page.locator(".jp-Dialog button.jp-mod-accept").click();
      const error = page.locator(".jp-HdmfZarr-panel:visible .jp-HdmfZarr-error").first();
      await error.waitFor({ timeout: 30_000 });
      const text = (await error.textContent()) ?? "";
      assert.match(text, /Cannot open no-such-store\.zarr as a Zarr store/);
      assert.match(text, /allow_hidden/);
    } finally {
      await page.close();
    }
  });
});
