/**
 * The store-browser check of a Zarr v2 store on any running JupyterLab (the test lab, the demo,
 * a wheel install), as a user sees it: the tree lists the root's child nodes as the store holds
 * them on disk, and a dataset's Display tab shows the values this library reads from disk.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Locator } from "playwright-core";
import { DatasetBuilder, ZarrIO, type ZarrDataset } from "../../src/index.js";
import { cssString, selectNode } from "./browser-dom.js";

/**
 * The root's child nodes of a v2 store on disk, as a Zarr reader sees them: the consolidated
 * `.zmetadata` when there is one (it may leave folders out), else the folders holding `.zgroup`
 * or `.zarray`.
 */
export function v2Children(store: string): string[] {
  const consolidated = join(store, ".zmetadata");
  if (existsSync(consolidated)) {
    const keys = Object.keys((JSON.parse(readFileSync(consolidated, "utf8")) as { metadata: Record<string, unknown> }).metadata);
    return [...new Set(keys.filter((k) => /^[^/]+\/\.z(group|array)$/.test(k)).map((k) => k.split("/")[0]))].sort();
  }
  return readdirSync(store, { withFileTypes: true })
    .filter((e) => e.isDirectory() && (existsSync(join(store, e.name, ".zgroup")) || existsSync(join(store, e.name, ".zarray"))))
    .map((e) => e.name)
    .sort();
}

/** The values of a dataset as this library reads them from disk, as text. */
export async function datasetTexts(store: string, path: string): Promise<string[]> {
  const io = new ZarrIO(store, "r", { allowPickle: true });
  try {
    const builder = (await io.readBuilder()).get(path);
    assert.ok(builder instanceof DatasetBuilder, `${path} is a dataset of ${store}`);
    // Array.from, not .map: a typed array (int64 ids) would map the texts back into numbers.
    return Array.from((await (builder.data as ZarrDataset).get()).data as ArrayLike<unknown>, String);
  } finally {
    await io.close();
  }
}

/**
 * Assert that `browser` (an open store browser) shows the v2 store at `storeOnDisk`: every child
 * node of the root in the tree, and the values of `dataset` (text values: one cell each) in
 * its Display table.
 */
export async function expectV2StoreShown(browser: Locator, storeOnDisk: string, dataset: string): Promise<void> {
  const children = v2Children(storeOnDisk);
  assert.ok(children.length > 2, `the fixture has child nodes: ${children.join(", ")}`);
  for (const name of children) {
    await browser.locator(`.jp-HdmfZarr-treeItem[data-path="/${cssString(name)}"]`).first().waitFor({ timeout: 30_000 });
  }
  await selectNode(browser, dataset);
  await browser.locator('button[data-tab="display"]').click();
  const table = browser.locator(".jp-HdmfZarr-display table.jp-HdmfZarr-table").first();
  await table.locator("tbody td").first().waitFor({ timeout: 30_000 });
  const shown = (await table.locator("tbody td").allTextContents()).map((t) => t.trim());
  assert.deepEqual(shown, await datasetTexts(storeOnDisk, dataset), `the values of ${dataset}`);
}
