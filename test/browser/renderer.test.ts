/**
 * The MIME renderer in a real JupyterLab: a notebook on the tslab kernel opens a store written by
 * this library and `display()`s a dataset and the whole store; our renderer (not the HTML
 * fallback) shows them, with the dataset's shape, dtype and preview values in the DOM, and the
 * store — which lies under the server root — browsable through the server.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import type { Locator } from "playwright-core";
import { fact, integers } from "./browser-dom.js";
import { ARTIFACTS, labPerFile } from "./lab.js";
import { CHUNKED, writeChunked } from "./stores.js";


const cell = (id: string, source: string) => ({ cell_type: "code", id, metadata: {}, execution_count: null, outputs: [], source });
const NOTEBOOK = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" }, language_info: { name: "typescript" } },
  cells: [
    cell("open", 'import { ZarrIO, display } from "hdmf-zarr";\nconst io = new ZarrIO("chunked.zarr", "r");\nconst root = await io.readBuilder();\nconsole.log("opened", root.datasets.size);'),
    cell("dataset", 'await display(root.get("signal")!);'),
    cell("store", "await display(root);"),
  ],
};

const session = labPerFile(async (contents) => {
    await writeChunked(join(contents, "chunked.zarr"));
    writeFileSync(join(contents, "render.ipynb"), JSON.stringify(NOTEBOOK));
  });
const skipped = (t: TestContext) => session.skipped(t);

describe("the hdmf-zarr MIME renderer", () => {
  it("shows what a tslab cell displays: a dataset's facts and values, and a store browsable through the server", async (t) => {
    if (skipped(t)) return;
    const { page, requests } = await session.lab.open("/tree/render.ipynb");
    try {
      await page.locator(".jp-Notebook .jp-Cell").first().waitFor({ timeout: 30_000 });
      // Wait for the tslab kernel (pick it if JupyterLab asks), then run every cell.
      const ask = page.locator(".jp-Dialog");
      await ask.waitFor({ timeout: 5_000 }).catch(() => undefined);
      if (await ask.isVisible()) {
        const select = ask.locator("select");
        if (await select.count()) await select.selectOption({ label: "TypeScript" }).catch(() => undefined);
        await ask.locator("button", { hasText: "Select" }).click();
      }
      await page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first().waitFor({ timeout: 60_000 }).catch(() => undefined);
      await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
      await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();

      const outputs = page.locator(".jp-Notebook .jp-Cell .jp-OutputArea-output");
      const dataset = page.locator(".jp-Cell").nth(1).locator(".jp-OutputArea-output .jp-HdmfZarr-browser").first();
      await dataset.waitFor({ timeout: 90_000 });
      assert.match((await page.locator(".jp-Cell").first().locator(".jp-OutputArea-output").textContent()) ?? "", /opened 1/);
      // Our renderer, not the text/html fallback, holds the output.
      assert.equal(await page.locator(".jp-Cell").nth(1).locator(".jp-RenderedHTMLCommon").count(), 0, "the HTML fallback is not shown");

      assert.deepEqual(integers(await fact(dataset, "Shape")), [CHUNKED.length]);
      assert.match(await fact(dataset, "Data type"), /float64/);
      assert.deepEqual(integers(await fact(dataset, "Chunks")), [CHUNKED.chunk]);
      // A preview number: the payload carries the first values (i * 0.5).
      await dataset.locator('button[data-tab="display"]').click();
      const values = dataset.locator(".jp-HdmfZarr-display table.jp-HdmfZarr-table td");
      await values.first().waitFor({ timeout: 30_000 });
      const texts = (await values.allTextContents()).map((s) => s.trim());
      for (const v of ["0.5", "1", "1.5", "2"]) assert.ok(texts.includes(v), `preview shows ${v}: ${texts.slice(0, 12).join(" ")}`);
      await dataset.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, "renderer-dataset.png") });

      // The whole store, under the server root: the renderer reads it through /files/.
      const store: Locator = page.locator(".jp-Cell").nth(2).locator(".jp-OutputArea-output .jp-HdmfZarr-browser").first();
      await store.waitFor({ timeout: 120_000 });
      await store.locator('.jp-HdmfZarr-treeItem[data-path="/signal"]').waitFor({ timeout: 30_000 });
      assert.ok(requests.some((r) => r.path.endsWith("/files/chunked.zarr/zarr.json")), "the store's metadata was read through the server");
      assert.ok((await outputs.count()) >= 3);
      await store.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, "renderer-store.png") });
    } catch (err) {
      await page.screenshot({ path: join(ARTIFACTS, "renderer-failure.png") });
      throw new Error(`${(err as Error).message}\nlab log:\n${session.lab.log().slice(-3000)}`);
    } finally {
      await page.close();
    }
  });
});
