/**
 * The store browser in a real JupyterLab: right-click a store in the file browser, "Open in Zarr
 * browser", browse to a dataset and see its facts equal to the Zarr metadata on disk, plot it,
 * show a DynamicTable, and follow a reference to its target — on the v2 fixture written by Python's
 * hdmf-zarr and on its v3 conversion written by this library. Stores open by server path (relative
 * or absolute) or URL; a store that does not open closes its tab and a dialog says why: not found,
 * not a store, or — on a second server that refuses dot files — Zarr v2 metadata refused, and how
 * to fix that.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { fact, integers, openFromFileBrowser, selectNode, visibleBrowser } from "./browser-dom.js";
import { ARTIFACTS, contextMenu, failureDialog, labPerFile, openByPalette } from "./lab.js";
import { writeStores } from "./stores.js";
import { expectV2StoreShown } from "./v2-store-check.js";
import { startHttpServer } from "../helpers/http-server.js";


const session = labPerFile(async (contents) => {
  await writeStores(contents);
  mkdirSync(join(contents, "plain-folder", "inner"), { recursive: true });
});
const skipped = (t: TestContext) => session.skipped(t);

const DATA = "/acquisition/ElectricalSeries/data";
const ELECTRODES = "/general/extracellular_ephys/electrodes";

/** The label of the current main-area tab. */
async function currentTabLabel(page: Page): Promise<string | null> {
  return page.locator(".lm-DockPanel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel").first().textContent();
}

/** No store browser tab (nor panel) is open. */
async function assertNoStoreTab(page: Page): Promise<void> {
  await page.locator(".jp-HdmfZarr-panel").waitFor({ state: "detached", timeout: 10_000 });
  assert.equal(await page.locator(".jp-HdmfZarr-mainArea").count(), 0);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

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

describe("store browser on a Zarr v2 store, served by the configuration install-lab wrote", () => {
  it("shows the root's child nodes and a dataset's values (this fixture has no .zmetadata)", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const browser = await openFromFileBrowser(page, "ecephys_tutorial.nwb.zarr");
      await expectV2StoreShown(browser, join(session.lab.contents, "ecephys_tutorial.nwb.zarr"), "/general/extracellular_ephys/electrodes/location");
    } finally {
      await page.close();
    }
  });
});

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
      await openByPalette(page, "chunked.zarr");
      await visibleBrowser(page).locator('.jp-HdmfZarr-treeItem[data-path="/signal"]').waitFor({ timeout: 30_000 });
      assert.equal(await currentTabLabel(page), "chunked.zarr");
    } finally {
      await page.close();
    }
  });

  it("opens a store by its URL, read straight from the browser (not through the Jupyter server)", async (t) => {
    if (skipped(t)) return;
    const server = await startHttpServer(session.lab.contents, { cors: true });
    const { page } = await session.lab.open();
    try {
      await openByPalette(page, `${server.url}/chunked.zarr`);
      const browser = visibleBrowser(page);
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

  it("opens a store by its absolute path inside the server's root", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      await openByPalette(page, join(session.lab.contents, "chunked.zarr"));
      await visibleBrowser(page).locator('.jp-HdmfZarr-treeItem[data-path="/signal"]').waitFor({ timeout: 30_000 });
      assert.equal(await currentTabLabel(page), "chunked.zarr");
    } finally {
      await page.close();
    }
  });

  it("says a missing path is not found, naming its URL once, and leaves no tab behind", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      await openByPalette(page, "no-such-store.zarr");
      const text = await failureDialog(page, "no-such-store.zarr");
      assert.match(text, /^Cannot open no-such-store\.zarr as a Zarr store: .*not found/);
      assert.match(text, new RegExp(`server's root ${escapeRegExp(session.lab.contents)}`), "names the server's root");
      assert.doesNotMatch(text, /dot files|allow_hidden/, "not the dot-file explanation");
      assert.equal(text.split("/files/no-such-store.zarr").length - 1, 1, `the URL once: ${text}`);
      await page.screenshot({ path: join(ARTIFACTS, "browser-not-found.png") });
      await assertNoStoreTab(page);
    } finally {
      await page.close();
    }
  });

  it("says a folder that is not a Zarr store has no Zarr metadata (dot files are served here)", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      await openByPalette(page, "plain-folder");
      const text = await failureDialog(page, "plain-folder");
      assert.match(text, /no Zarr metadata \(zarr\.json, \.zgroup or \.zarray\) at the store root/);
      assert.doesNotMatch(text, /dot files|allow_hidden/);
      await assertNoStoreTab(page);
    } finally {
      await page.close();
    }
  });
});

describe("on a Jupyter server that refuses dot files", () => {
  const refusing = labPerFile((contents) => writeStores(contents), { refuseDotFiles: true });

  it("a Zarr v2 store does not open: the dialog says the server refuses dot files and how to fix it; no tab is left", async (t) => {
    if (refusing.skipped(t)) return;
    const { page } = await refusing.lab.open();
    try {
      await contextMenu(page, "ecephys_tutorial.nwb.zarr", "Open in Zarr browser");
      const text = await failureDialog(page, "ecephys_tutorial.nwb.zarr");
      assert.match(text, /refuses to serve dot files, where Zarr v2 keeps its metadata \(\.zgroup, \.zarray, \.zattrs, \.zmetadata\)/);
      assert.match(text, /pip install \.\/python/);
      assert.match(text, /npx hdmf-zarr install-lab --allow-hidden/);
      assert.match(text, /--ContentsManager\.allow_hidden=True/);
      assert.equal(text.split("/files/ecephys_tutorial.nwb.zarr").length - 1, 1, `the URL once: ${text}`);
      await page.screenshot({ path: join(ARTIFACTS, "browser-dot-files-refused.png") });
      await assertNoStoreTab(page);
    } finally {
      await page.close();
    }
  });

  it("a missing path there is still \"not found\"", async (t) => {
    if (refusing.skipped(t)) return;
    const { page } = await refusing.lab.open();
    try {
      await openByPalette(page, "no-such-store.zarr");
      const text = await failureDialog(page, "no-such-store.zarr");
      assert.match(text, /not found/);
      assert.doesNotMatch(text, /dot files/);
    } finally {
      await page.close();
    }
  });

  it("a Zarr v3 store opens there as anywhere", async (t) => {
    if (refusing.skipped(t)) return;
    const { page } = await refusing.lab.open();
    try {
      const browser = await openFromFileBrowser(page, "chunked.zarr");
      await browser.locator('.jp-HdmfZarr-treeItem[data-path="/signal"]').waitFor({ timeout: 30_000 });
    } finally {
      await page.close();
    }
  });
});
