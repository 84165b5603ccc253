/**
 * What the store browser asks the server for, counted on the requests the page makes to /files/:
 * opening a consolidated store reads its metadata in one document (no per-node metadata), and the
 * 1-D plot of a chunked array fetches only the chunks of the samples it shows, and the views
 * of a 2-D array (heatmap and table, shown together) fetch each chunk once between them.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { openFromFileBrowser, selectNode } from "./browser-dom.js";
import { labPerFile } from "./lab.js";
import { CHUNKED, GRID, writeChunked } from "./stores.js";


const session = labPerFile((contents) => writeChunked(join(contents, "chunked.zarr")));
const skipped = (t: TestContext) => session.skipped(t);

const PREFIX = "/files/chunked.zarr/";

/** Chunk indices of the GET requests for /signal's chunks, from request `from` on. */
function chunkGets(requests: { path: string; method: string }[], from: number): number[] {
  return requests
    .slice(from)
    .filter((r) => r.method === "GET" && r.path.startsWith(`${PREFIX}signal/c/`))
    .map((r) => Number(r.path.slice(`${PREFIX}signal/c/`.length)));
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

describe("requests of the store browser", () => {
  it("opens a consolidated store with one metadata document and fetches only the chunks of the window shown", async (t) => {
    if (skipped(t)) return;
    const { page, requests } = await session.lab.open();
    try {
      const start = requests.length;
      const browser = await openFromFileBrowser(page, "chunked.zarr");
      await browser.locator('.jp-HdmfZarr-treeItem[data-path="/signal"]').waitFor();
      const opening = requests.slice(start).filter((r) => r.path.startsWith(PREFIX));
      // zarr.json holds the whole hierarchy; the reader also asks for the v2 document (.zmetadata)
      // in the same round trip, which is missing here. Nothing else: no node metadata.
      assert.equal(opening.filter((r) => r.path === `${PREFIX}zarr.json`).length, 1, "one GET of the consolidated zarr.json");
      assert.deepEqual(
        opening.map((r) => r.path).filter((p) => p !== `${PREFIX}zarr.json` && p !== `${PREFIX}.zmetadata`),
        [],
        "no other key read to show the tree",
      );

      const beforeDisplay = requests.length;
      await selectNode(browser, "/signal");
      await browser.locator('button[data-tab="display"]').click();
      const slider = browser.locator('.jp-HdmfZarr-display input[aria-label="jump to sample"]');
      const plot = browser.locator(".jp-HdmfZarr-display .jp-HdmfZarr-plot[data-samples]").first();
      await browser.locator(".jp-HdmfZarr-display svg.jp-HdmfZarr-linePlot").first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(1000);
      // The samples read for the view: [a, b), shown on the plot.
      const samplesRead = async () => ((await plot.getAttribute("data-samples")) ?? "").split(" ").map(Number);
      const chunksOf = ([a, b]: number[]) => range(Math.floor(a / CHUNKED.chunk), Math.ceil(b / CHUNKED.chunk) - 1);
      const firstRead = await samplesRead();
      assert.ok(firstRead[0] === 0 && firstRead[1] > 0 && firstRead[1] < CHUNKED.length, `a first window smaller than the array (${firstRead.join("–")})`);
      const first = [...new Set(chunkGets(requests, beforeDisplay))].sort((a, b) => a - b);
      assert.deepEqual(first, chunksOf(firstRead), "chunks fetched = the chunks of the first window");
      // "Bytes stored" comes from the folder listing's sizes, not from a request per chunk.
      const heads = requests.slice(beforeDisplay).filter((r) => r.method === "HEAD" && r.path.startsWith(`${PREFIX}signal/`));
      assert.deepEqual(heads.map((r) => r.path), [], "no HEAD request per chunk");

      // Jump to the end: only the chunks of the new range are fetched.
      const beforeSlide = requests.length;
      const max = Number(await slider.getAttribute("max"));
      await slider.fill(String(max));
      await slider.dispatchEvent("change");
      for (let waited = 0; chunkGets(requests, beforeSlide).length === 0 && waited < 15_000; waited += 100) await page.waitForTimeout(100);
      await page.waitForTimeout(1500);
      const lastRead = await samplesRead();
      assert.equal(lastRead[1], CHUNKED.length, `the range read ends at the array's end (${lastRead.join("–")})`);
      const second = [...new Set(chunkGets(requests, beforeSlide))].sort((a, b) => a - b);
      assert.ok(second.length > 0, "the new range fetched chunks");
      const lastWindow = chunksOf(lastRead);
      assert.ok(second.every((c) => lastWindow.includes(c)), `chunks fetched ${second.join(",")} lie in the range read, chunks ${lastWindow[0]}..${lastWindow.at(-1)}`);
    } finally {
      await page.close();
    }
  });

  it("shows a 2-D array's heatmap and table from one fetch of each chunk", async (t) => {
    if (skipped(t)) return;
    const { page, requests } = await session.lab.open();
    try {
      const browser = await openFromFileBrowser(page, "chunked.zarr");
      const before = requests.length;
      await selectNode(browser, "/grid");
      await browser.locator('button[data-tab="display"]').click();
      const display = browser.locator(".jp-HdmfZarr-display");
      await display.locator("canvas.jp-HdmfZarr-heatmap").first().waitFor({ timeout: 30_000 });
      // Row 1, column 2 of the table: the value the store holds there.
      const cell = display.locator("table.jp-HdmfZarr-table tbody tr").nth(1).locator("td").nth(2);
      await cell.waitFor({ timeout: 30_000 });
      assert.equal((await cell.textContent())?.trim(), String(GRID.value(1, 2)));
      await page.waitForTimeout(1000);
      const gets = requests.slice(before).filter((r) => r.method === "GET" && r.path.startsWith(`${PREFIX}grid/c/`)).map((r) => r.path.slice(PREFIX.length));
      // The heatmap shows all 120 × 40 values (4 × 2 chunks); the table's first page lies in them.
      const all = Array.from({ length: 4 }, (_, i) => [`grid/c/${i}/0`, `grid/c/${i}/1`]).flat().sort();
      assert.deepEqual([...gets].sort(), all, "each chunk fetched once");
    } finally {
      await page.close();
    }
  });
});
