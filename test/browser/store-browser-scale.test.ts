/**
 * The store browser at 100,000 nodes, as a user sees it in a real JupyterLab (Debian's chromium):
 * the store opens and shows its root's children (the consolidated document scanned, each node
 * parsed when it is shown), the path filter finds a deep node, a filter of 10,000 hits keeps fewer
 * than 200 rows in the DOM and reaches its last hit by scrolling, and type-ahead in the tree moves
 * to the row whose name starts with the letters typed; a Zarr v2 store of as many nodes (its
 * `.zmetadata` scanned the same way) opens and filters alike. No timings are asserted (see bench/store-browser).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import type { Locator } from "playwright-core";
import { writeBigStore } from "./big-store.js";
import { cssString, openFromFileBrowser, visibleBrowser } from "./browser-dom.js";
import { labPerFile } from "./lab.js";

/** Ten groups g0…g9 of 10,000 datasets d0…d9999: 100,011 nodes. */
const PER_GROUP = 10_000;
let nodes = 0;
let nodesV2 = 0;
const session = labPerFile(async (contents) => {
  nodes = await writeBigStore(join(contents, "big.zarr"), 100_000, PER_GROUP);
  nodesV2 = await writeBigStore(join(contents, "big-v2.zarr"), 100_000, PER_GROUP, 2);
});
const skipped = (t: TestContext) => session.skipped(t);

/** An element, in code that runs in the page (this file is compiled without the DOM library). */
type InPage = any;

function item(browser: Locator, path: string): Locator {
  return browser.locator(`.jp-HdmfZarr-treeItem[data-path="${cssString(path)}"]`).first();
}

describe("store browser at 100,000 nodes", () => {
  for (const [store, format] of [["big.zarr", 3], ["big-v2.zarr", 2]] as const) {
    it(`opens and shows the root's children with their counts; the filter finds a deep node (Zarr v${format})`, async (t) => {
      if (skipped(t)) return;
      assert.ok((format === 2 ? nodesV2 : nodes) >= 100_000, `nodes written: ${format === 2 ? nodesV2 : nodes}`);
      const { page, requests } = await session.lab.open();
      try {
        const start = requests.length;
        const browser = await openFromFileBrowser(page, store);
        await item(browser, "/g9").waitFor({ timeout: 60_000 });
        const names = await browser.locator('[role="treeitem"][aria-level="2"] .jp-HdmfZarr-treeName').allTextContents();
        assert.deepEqual(names, ["g0", "g1", "g2", "g3", "g4", "g5", "g6", "g7", "g8", "g9"]);
        assert.equal(await item(browser, "/g7").locator(".jp-HdmfZarr-childCount").textContent(), String(PER_GROUP));

        await visibleBrowser(page).locator("input.jp-HdmfZarr-search").fill("g7/d4242");
        const hit = browser.locator('.jp-HdmfZarr-searchHit[data-path="/g7/d4242"]');
        await hit.waitFor({ timeout: 30_000 });
        // The complete list follows the hits found while the index was still being built.
        await browser.locator(".jp-HdmfZarr-searchResults > .jp-HdmfZarr-note").filter({ hasText: /^1 matches$/ }).waitFor({ timeout: 60_000 });
        await hit.click();
        await browser.locator('.jp-HdmfZarr-inspect tr[data-key="Path"] td').filter({ hasText: /^\/g7\/d4242$/ }).waitFor({ timeout: 30_000 });
        // Everything shown came from the one consolidated document.
        const doc = format === 2 ? ".zmetadata" : "zarr.json";
        const read = requests.slice(start).map((r) => r.path).filter((p) => p.startsWith(`/files/${store}/`));
        assert.equal(read.filter((p) => p === `/files/${store}/${doc}`).length, 1, `one GET of ${doc}`);
        const root = [`/files/${store}/zarr.json`, `/files/${store}/.zmetadata`];
        assert.deepEqual(read.filter((p) => /(zarr\.json|\.zarray|\.zattrs|\.zgroup)$/.test(p) && !root.includes(p)), [], "no node's own metadata read");
      } finally {
        await page.close();
      }
    });
  }

  it("lists 10,000 hits with fewer than 200 rows in the DOM, and scrolls to the last one", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const browser = await openFromFileBrowser(page, "big.zarr");
      await item(browser, "/g3").waitFor({ timeout: 60_000 });
      await visibleBrowser(page).locator("input.jp-HdmfZarr-search").fill("g3/");
      const results = browser.locator(".jp-HdmfZarr-searchResults");
      await results.locator('.jp-HdmfZarr-searchHit[data-path="/g3/d0"]').waitFor({ timeout: 30_000 });
      await results.locator(":scope > .jp-HdmfZarr-note").filter({ hasText: new RegExp(`^${PER_GROUP} matches$`) }).waitFor({ timeout: 60_000 });
      const hits = results.locator(".jp-HdmfZarr-searchHit");
      const first = await hits.count();
      assert.ok(first > 5 && first < 200, `hit rows in the DOM: ${first}`);
      const range = await results.evaluate((el: InPage) => el.scrollHeight as number);
      assert.ok(range > PER_GROUP * 20, `scroll height ${range} for ${PER_GROUP} hits`);

      // In path order the last hit is /g3/d9999.
      await results.evaluate((el: InPage) => (el.scrollTop = el.scrollHeight));
      const last = results.locator('.jp-HdmfZarr-searchHit[data-path="/g3/d9999"]');
      await last.waitFor({ timeout: 30_000 });
      assert.equal(await last.locator(".jp-HdmfZarr-treeName").textContent(), "/g3/d9999");
      const box = (await last.boundingBox())!, view = (await results.boundingBox())!;
      assert.ok(box.y >= view.y && box.y + box.height <= view.y + view.height + 1, "the last hit is inside the list's viewport");
      const after = await hits.count();
      assert.ok(after < 200, `hit rows in the DOM at the end: ${after}`);
      // The first hit holds the list's tab stop and stays; the ones after it left the DOM.
      assert.equal(await results.locator('.jp-HdmfZarr-searchHit[data-path="/g3/d1"]').count(), 0, "the first hits left the DOM");

      // The keyboard walks the hits too: Home goes back to the first, Enter opens it.
      await last.click();
      await browser.locator('.jp-HdmfZarr-inspect tr[data-key="Path"] td').filter({ hasText: /^\/g3\/d9999$/ }).waitFor({ timeout: 30_000 });
      await last.focus();
      await page.keyboard.press("Home");
      await results.locator('.jp-HdmfZarr-searchHit[data-path="/g3/d0"]').waitFor({ timeout: 10_000 });
      assert.equal(await page.evaluate(`document.activeElement?.getAttribute("data-path") ?? null`), "/g3/d0");
      await page.keyboard.press("ArrowDown");
      assert.equal(await page.evaluate(`document.activeElement?.getAttribute("data-path") ?? null`), "/g3/d1");
      await page.keyboard.press("Enter");
      await browser.locator('.jp-HdmfZarr-inspect tr[data-key="Path"] td').filter({ hasText: /^\/g3\/d1$/ }).waitFor({ timeout: 30_000 });
    } finally {
      await page.close();
    }
  });

  it("type-ahead: letters typed in the tree move to the next row whose name starts with them", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const browser = await openFromFileBrowser(page, "big.zarr");
      await item(browser, "/g9").waitFor({ timeout: 60_000 });
      const focused = () => page.evaluate(`document.activeElement?.getAttribute("data-path") ?? null`) as Promise<string | null>;
      await item(browser, "/").locator(":scope > .jp-HdmfZarr-treeRow .jp-HdmfZarr-treeName").click();
      assert.equal(await focused(), "/");
      await page.keyboard.type("g5");
      assert.equal(await focused(), "/g5");
      assert.equal(await item(browser, "/g5").getAttribute("aria-selected"), "true");
      await browser.locator('.jp-HdmfZarr-inspect tr[data-key="Path"] td').filter({ hasText: /^\/g5$/ }).waitFor({ timeout: 30_000 });
      // After a pause a new prefix starts; the same letter again moves on to the next match.
      await page.waitForTimeout(700);
      await page.keyboard.press("g");
      assert.equal(await focused(), "/g6");
      // Into an open group: its children are rows too.
      await page.keyboard.press("ArrowRight");
      await item(browser, "/g6/d0").waitFor({ timeout: 30_000 });
      await page.waitForTimeout(700);
      await page.keyboard.press("d");
      assert.equal(await focused(), "/g6/d0");
      assert.equal(await item(browser, "/g6/d0").getAttribute("aria-selected"), "true");
    } finally {
      await page.close();
    }
  });
});
