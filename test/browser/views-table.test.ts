/**
 * The DynamicTable view in a real JupyterLab, on an NWB file written here whose electrodes table
 * has 21 columns: it scrolls sideways inside its section with the header row and the id column
 * kept in view; a header click sorts by that column (ascending, descending, off; Enter works
 * too); a filter row `x > 5` leaves the matching rows and says how many; header and cells are
 * readable in the light and the dark theme. Saves the README screenshots (light and dark, the same
 * filter applied).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Locator, Page } from "playwright-core";
import { Device, ElectrodeGroup, NWBFile, NWBZarrIO, loadNwbTypes } from "../../src/nwb/index.js";
import { openFromFileBrowser, selectNode } from "./browser-dom.js";
import { contrasts } from "./contrast.js";
import { SCREENSHOTS, labPerFile, openDark, putLabSettings } from "./lab.js";

const ROWS = 12;
/** `x` of electrode r: a permutation of 0..11, so sorting reorders the rows. */
const X = Array.from({ length: ROWS }, (_, r) => (r * 7) % ROWS);
/** Custom columns c01..c13: value r * 100 + k; then `notes`, a long text (cut, full in the tooltip). */
const CUSTOM = Array.from({ length: 13 }, (_, k) => `c${String(k + 1).padStart(2, "0")}`);
const NOTE = (r: number) => `electrode ${r}: ${"a long free-text note that does not fit in a cell ".repeat(3)}end`;
const TABLE = "/general/extracellular_ephys/electrodes";

async function writeNwb(path: string): Promise<void> {
  await loadNwbTypes();
  const file = new NWBFile({ identifier: "TABLE-1", sessionDescription: "a wide electrodes table", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
  const device = file.addDevice(new Device({ name: "probe", description: "a probe" }));
  const group = file.addElectrodeGroup(new ElectrodeGroup({ name: "shank0", description: "shank", location: "CA1", device }));
  const extra: Record<string, { description: string; data: unknown[] }> = {};
  CUSTOM.forEach((name, k) => (extra[name] = { description: `custom ${name}`, data: Array.from({ length: ROWS }, (_, r) => r * 100 + k + 1) }));
  extra.notes = { description: "notes", data: Array.from({ length: ROWS }, (_, r) => NOTE(r)) };
  file.addElectrodes({
    location: Array.from({ length: ROWS }, (_, r) => (r % 3 ? "CA1" : "CA3")),
    group: Array.from({ length: ROWS }, () => group),
    x: X, y: X.map(() => 0), z: X.map(() => 0),
    extra: extra as never,
  });
  await new NWBZarrIO(path, "w").write(file);
}

const session = labPerFile(async (contents) => writeNwb(join(contents, "table.nwb.zarr")));

/** An element inside the page (these tests compile without the DOM library). */
type InPage = any;

/** Open the store, select the electrodes table, show the Display tab; the table's section. */
async function openTable(page: Page): Promise<{ browser: Locator; view: Locator }> {
  const browser = await openFromFileBrowser(page, "table.nwb.zarr");
  await selectNode(browser, TABLE);
  await browser.locator('button[data-tab="display"]').click();
  const view = browser.locator(".jp-HdmfZarr-display .jp-HdmfZarr-view").filter({ has: page.locator(".jp-HdmfZarr-scrollTable") }).first();
  await view.locator(".jp-HdmfZarr-scrollTable tbody tr").first().waitFor({ timeout: 60_000 });
  return { browser, view };
}

/** The text of column `name`'s cells, top to bottom. */
async function columnValues(view: Locator, name: string): Promise<string[]> {
  return view.evaluate((v: InPage, n: string) => {
    const heads = [...v.querySelectorAll(".jp-HdmfZarr-scrollTable thead th")];
    const i = heads.findIndex((th: InPage) => th.dataset.column === n);
    return [...v.querySelectorAll(".jp-HdmfZarr-scrollTable tbody tr")].map((tr: InPage) => tr.children[i].textContent.trim());
  }, name);
}

/** Row labels (the stored row numbers) top to bottom. */
async function rowLabels(view: Locator): Promise<number[]> {
  return (await view.locator(".jp-HdmfZarr-scrollTable tbody th.jp-HdmfZarr-rowLabel").allTextContents()).map(Number);
}

/** Whether `inner`'s box lies horizontally inside the scroll box. */
async function inView(view: Locator, inner: Locator): Promise<boolean> {
  const box = (await view.locator(".jp-HdmfZarr-tableScroll").boundingBox())!;
  const b = (await inner.boundingBox())!;
  return b.x >= box.x - 1 && b.x + b.width <= box.x + box.width + 1;
}

/** Wait until the table's rows show `labels`. */
async function waitForRows(view: Locator, labels: number[]): Promise<void> {
  const end = Date.now() + 30_000;
  while (JSON.stringify(await rowLabels(view)) !== JSON.stringify(labels)) {
    if (Date.now() > end) throw new Error(`rows ${await rowLabels(view)}, expected ${labels}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function expectContrast(page: Page, theme: string): Promise<void> {
  for (const [what, selector] of [["header", ".jp-HdmfZarr-scrollTable thead th"], ["cell", ".jp-HdmfZarr-scrollTable tbody td"], ["row number", ".jp-HdmfZarr-scrollTable tbody th"]] as const) {
    const found = await contrasts(page, selector);
    assert.ok(found.length > 0, `${what}s shown (${theme})`);
    for (const c of found) assert.ok(c.ratio >= 4.5, `${theme}: ${what} “${c.text}” contrast ${c.ratio.toFixed(2)} (${c.color} on ${c.background})`);
  }
}

/** Add the filter row `x > 5`; resolves once the table shows the rows that match. */
async function filterXAbove5(view: Locator): Promise<number[]> {
  const box = view.locator(".jp-HdmfZarr-tableFilter");
  await box.locator('button[data-action="add-filter"]').click();
  await box.locator("select.jp-HdmfZarr-filterColumn").selectOption("x");
  await box.locator("select.jp-HdmfZarr-filterOp").selectOption(">");
  await box.locator("input.jp-HdmfZarr-filterValue").fill("5");
  await box.locator("input.jp-HdmfZarr-filterValue").press("Enter");
  const matching = [...X.keys()].filter((r) => X[r] > 5);
  await waitForRows(view, matching);
  return matching;
}

const sorted = [...X.keys()].sort((a, b) => X[a] - X[b]);
const ascending = Array.from({ length: ROWS }, (_, i) => String(i));

describe("DynamicTable view", () => {
  it("scrolls sideways with the header and id kept in view, sorts by a header and filters", async (t) => {
    if (session.skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const { view } = await openTable(page);
      const heads = (await view.locator(".jp-HdmfZarr-scrollTable thead th[data-column]").evaluateAll((ths: InPage[]) => ths.map((th) => th.dataset.column))) as string[];
      assert.ok(heads.length >= 20, `${heads.length} columns`);
      assert.equal(heads[0], "id");
      assert.equal(heads[heads.length - 1], "notes");

      // Sideways: the last header is out of view, then in view after scrolling; id stays in view.
      const scroll = view.locator(".jp-HdmfZarr-tableScroll");
      const last = view.locator('.jp-HdmfZarr-scrollTable thead th[data-column="notes"]');
      const id = view.locator('.jp-HdmfZarr-scrollTable thead th[data-column="id"]');
      const firstId = view.locator(".jp-HdmfZarr-scrollTable tbody td.jp-HdmfZarr-stickyCol").first();
      assert.equal(await inView(view, last), false, "the last column starts out of view");
      assert.ok((await scroll.evaluate((s: InPage) => s.scrollWidth - s.clientWidth)) > 0, "the table is wider than its box");
      const section = (await view.boundingBox())!;
      assert.ok((await scroll.boundingBox())!.width <= section.width + 1, "the scroll box fits its section");
      await scroll.evaluate((s: InPage) => (s.scrollLeft = s.scrollWidth));
      assert.equal(await inView(view, last), true, "the last column is in view after scrolling");
      assert.equal((await last.textContent())?.trim(), "notes");
      assert.equal(await inView(view, id), true, "the id header stays in view");
      assert.equal(await inView(view, firstId), true, "the id cells stay in view");
      assert.equal((await firstId.textContent())?.trim(), "0");
      // A long note is cut in its cell, the full text in its tooltip.
      const note = view.locator(".jp-HdmfZarr-scrollTable tbody tr").first().locator("td").last();
      assert.equal(await note.getAttribute("title"), NOTE(0));
      assert.ok(await note.evaluate((td: InPage) => td.scrollWidth > td.clientWidth), "the note is cut");
      await scroll.evaluate((s: InPage) => (s.scrollLeft = 0));

      // Sort by x: ascending (arrow ▲), descending (▼), off; the page's rows follow.
      const xHead = view.locator('.jp-HdmfZarr-scrollTable thead th[data-column="x"] button');
      await xHead.click();
      await waitForRows(view, sorted);
      assert.deepEqual(await columnValues(view, "x"), ascending);
      assert.equal((await view.locator('th[data-column="x"] button').textContent())?.trim(), "x ▲");
      assert.deepEqual(await columnValues(view, "c01"), sorted.map((r) => String(r * 100 + 1)), "other columns follow the order");
      // Enter on the focused header: descending.
      assert.equal(await view.locator('th[data-column="x"] button').evaluate((b: InPage) => b === b.ownerDocument.activeElement), true, "the header keeps the focus");
      await page.keyboard.press("Enter");
      await waitForRows(view, [...sorted].reverse());
      assert.deepEqual(await columnValues(view, "x"), [...ascending].reverse());
      assert.equal((await view.locator('th[data-column="x"] button').textContent())?.trim(), "x ▼");
      await page.keyboard.press("Enter");
      await waitForRows(view, [...X.keys()]);
      assert.equal((await view.locator('th[data-column="x"] button').textContent())?.trim(), "x");

      // Filter x > 5: the six rows with x 6..11, in stored order, and their count.
      const matching = await filterXAbove5(view);
      assert.equal((await view.locator(".jp-HdmfZarr-filterCount").textContent())?.trim(), `${matching.length} of ${ROWS} rows match`);
      assert.deepEqual(await columnValues(view, "x"), matching.map((r) => String(X[r])));
      // Sorted within the filter.
      await view.locator('th[data-column="x"] button').click();
      await waitForRows(view, [...matching].sort((a, b) => X[a] - X[b]));
      await view.locator('th[data-column="x"] button').click();
      await view.locator('th[data-column="x"] button').click();
      await waitForRows(view, matching);

      await expectContrast(page, "light");
      await view.screenshot({ path: join(SCREENSHOTS, "view-table-light.png") });
    } finally {
      await page.close();
    }
    const dark = await openDark(session.lab);
    try {
      const { view } = await openTable(dark.page);
      await expectContrast(dark.page, "dark");
      await filterXAbove5(view);
      await expectContrast(dark.page, "dark");
      await view.screenshot({ path: join(SCREENSHOTS, "view-table-dark.png") });
    } finally {
      await dark.page.close();
      await putLabSettings(session.lab, "@jupyterlab/apputils-extension:themes", {});
    }
  });
});
