/**
 * The store browser's layout, contrast, links, keyboard and scale, as a user sees them in a real
 * JupyterLab (Debian's chromium): names stay whole beside their badges in a 900 px panel; text
 * meets WCAG AA (4.5:1, from computed styles) in the light and the dark theme; references look
 * like links; the tree follows the WAI-ARIA tree pattern from the keyboard; and a group of 10,000
 * children keeps only the rows in view in the DOM, its last child reached by scrolling.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import type { Locator, Page } from "playwright-core";
import { GroupBuilder, ZarrIO } from "../../src/index.js";
import { cssString, openFromFileBrowser, selectNode, visibleBrowser } from "./browser-dom.js";
import { ARTIFACTS, labPerFile, openDark, putLabSettings } from "./lab.js";
import { writeStores } from "./stores.js";
import { contrasts } from "./contrast.js";

/** Children of `/wide` in wide.zarr. */
const WIDE = 10_000;
const lastWide = `item${String(WIDE - 1).padStart(5, "0")}`;

const session = labPerFile(async (contents) => {
  await writeStores(contents);
  const children = Array.from({ length: WIDE }, (_, i) => new GroupBuilder(`item${String(i).padStart(5, "0")}`, { attributes: { description: `item ${i}` } }));
  const io = new ZarrIO(join(contents, "wide.zarr"), "w", { zarrFormat: 3 });
  await io.writeBuilder(new GroupBuilder("root", { groups: [new GroupBuilder("wide", { groups: children })] }));
  await io.close();
});
const skipped = (t: TestContext) => session.skipped(t);

/** An element or the window, in code that runs in the page (this file is compiled without the DOM library). */
type InPage = any;

const STORE = "ecephys_v3.nwb.zarr";
/**
 * Nodes selected for the layout check (their ancestors open): deep rows whose names sit beside
 * type badges, child counts and shapes, more than a 900 px panel's tree has room for.
 */
const OPENED = ["/acquisition/ElectricalSeries/electrodes", "/general/extracellular_ephys/electrodes/group_name", "/processing/ecephys/LFP/ElectricalSeries/data"];

function item(browser: Locator, path: string): Locator {
  return browser.locator(`.jp-HdmfZarr-treeItem[data-path="${cssString(path)}"]`).first();
}

/** Resize the page so that the store browser's panel is `width` pixels wide. */
async function panelWidth(page: Page, browser: Locator, width: number): Promise<number> {
  for (let i = 0; i < 3; i++) {
    const box = await browser.boundingBox();
    const viewport = page.viewportSize()!;
    if (box && Math.abs(box.width - width) < 1) break;
    await page.setViewportSize({ width: Math.round(viewport.width - ((box?.width ?? width) - width)), height: viewport.height });
    await page.waitForTimeout(300);
  }
  return (await browser.boundingBox())!.width;
}

/** Text a user reads in the browser, by what it is. */
const TEXTS = {
  "tree name": ".jp-HdmfZarr-treeItem:not(.jp-HdmfZarr-selected) .jp-HdmfZarr-treeName",
  "selected tree name": ".jp-HdmfZarr-selected .jp-HdmfZarr-treeName",
  "type badge": ".jp-HdmfZarr-treeItem:not(.jp-HdmfZarr-selected) .jp-HdmfZarr-badge",
  "badge in the selected row": ".jp-HdmfZarr-selected .jp-HdmfZarr-badge",
  "child count": ".jp-HdmfZarr-childCount",
  "shape and dtype": ".jp-HdmfZarr-treeShape",
  "shape in the selected row": ".jp-HdmfZarr-selected .jp-HdmfZarr-treeShape",
  "reference link": "a.jp-HdmfZarr-target",
  breadcrumb: ".jp-HdmfZarr-crumb",
  "fact label": ".jp-HdmfZarr-facts th",
  "fact value": ".jp-HdmfZarr-facts td",
  tab: ".jp-HdmfZarr-tab",
};

/** Open the fixture with a reference and a selected dataset in view; every kind of text of TEXTS shows. */
async function showEveryText(page: Page): Promise<Locator> {
  const browser = await openFromFileBrowser(page, STORE);
  await selectNode(browser, "/acquisition/ElectricalSeries/electrodes");
  await browser.locator(`.jp-HdmfZarr-inspect a.jp-HdmfZarr-target`).first().waitFor({ timeout: 15_000 });
  return browser;
}

/** Text of the Display tab's table of values. */
const TABLE_TEXTS = {
  "table header": ".jp-HdmfZarr-display thead th",
  "row label": ".jp-HdmfZarr-display .jp-HdmfZarr-rowLabel",
  "table cell": ".jp-HdmfZarr-display tbody td",
};

async function expectContrast(page: Page, theme: string, texts: Record<string, string>): Promise<void> {
  for (const [what, selector] of Object.entries(texts)) {
    const found = await contrasts(page, selector);
    assert.ok(found.length > 0, `${theme}: some ${what} on screen (${selector})`);
    for (const c of found) assert.ok(c.ratio >= 4.5, `${theme}: ${what} "${c.text}" has contrast ${c.ratio.toFixed(2)} (${c.color} on ${c.background}), under 4.5`);
  }
}

/** Every kind of text in the tree and the Inspect pane, then in the Display tab's table, at 4.5:1 or more. */
async function assertContrast(page: Page, browser: Locator, theme: string): Promise<void> {
  await expectContrast(page, theme, TEXTS);
  // The row under the mouse has its own background: its shape and count must still read.
  await browser.locator(".jp-HdmfZarr-treeItem:not(.jp-HdmfZarr-selected) .jp-HdmfZarr-treeShape").first().hover();
  await expectContrast(page, theme, {
    "shape in the hovered row": ".jp-HdmfZarr-treeItem:not(.jp-HdmfZarr-selected) > .jp-HdmfZarr-treeRow:hover .jp-HdmfZarr-treeShape",
  });
  await browser.locator('button[data-tab="display"]').click();
  await browser.locator(".jp-HdmfZarr-display table.jp-HdmfZarr-table tbody td").first().waitFor({ timeout: 30_000 });
  await expectContrast(page, theme, TABLE_TEXTS);
}

describe("store browser layout", () => {
  it("shows whole names beside their badges in a 900 px panel; badges and shapes give way, with tooltips", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const browser = await openFromFileBrowser(page, STORE);
      for (const path of OPENED) await selectNode(browser, path);
      assert.ok(Math.abs((await panelWidth(page, browser, 900)) - 900) < 2, "the panel is 900 px wide");
      const rows = await browser.locator(".jp-HdmfZarr-treeItem[data-path]").evaluateAll((items: InPage[]) =>
        items.map((it: InPage) => {
          const name = it.querySelector(".jp-HdmfZarr-treeName");
          const row = it.querySelector(".jp-HdmfZarr-treeRow");
          const badge = it.querySelector(".jp-HdmfZarr-badge");
          const n = name.getBoundingClientRect(), r = row.getBoundingClientRect();
          // Something after the name was cut: shrunk below its text, or pushed past the row's end.
          const facts: InPage[] = [...it.querySelectorAll(".jp-HdmfZarr-badge, .jp-HdmfZarr-childCount, .jp-HdmfZarr-treeShape")];
          const factsCut = facts.some((f: InPage) => f.scrollWidth > f.clientWidth || f.getBoundingClientRect().right > r.right + 0.5);
          return {
            path: it.getAttribute("data-path") as string, text: name.textContent as string, title: name.title as string,
            cut: name.scrollWidth > name.clientWidth, inside: n.left >= r.left && n.right <= r.right + 0.5 && n.width > 0,
            factsCut, badge: badge ? { title: badge.title as string, text: badge.textContent as string } : null,
          };
        }));
      const withBadges = rows.filter((r) => r.badge);
      assert.ok(withBadges.length >= 8, `rows with type badges in view: ${rows.map((r) => r.path).join(", ")}`);
      for (const r of rows) {
        const want = r.path === "/" ? "/" : r.path.slice(r.path.lastIndexOf("/") + 1);
        assert.equal(r.text, want, `the row of ${r.path} names it`);
        assert.ok(!r.cut && r.inside, `the name of ${r.path} is shown whole (${JSON.stringify(r)})`);
        assert.equal(r.title, r.path, `the name's tooltip is its path`);
        if (r.badge) assert.ok(r.badge.title.endsWith(r.badge.text), `the badge of ${r.path} has its full type as a tooltip (${r.badge.title})`);
      }
      // The narrow tree did have to cut: what follows the names of the deepest rows (here the link's
      // target, "→ /acquisition/ElectricalSeries/electrodes"), never the names.
      const cut = rows.filter((r) => r.factsCut).map((r) => r.path);
      assert.ok(cut.includes("/processing/ecephys/LFP/ElectricalSeries/electrodes"), `rows whose badges or shapes were cut: ${cut.join(", ")}`);
      await page.screenshot({ path: join(ARTIFACTS, "browser-layout-900.png") });
    } finally {
      await page.close();
    }
  });

  it("meets WCAG AA contrast (4.5:1) for its text in the light and the dark theme", async (t) => {
    if (skipped(t)) return;
    const light = await session.lab.open();
    try {
      await assertContrast(light.page, await showEveryText(light.page), "light theme");
    } finally {
      await light.page.close();
    }
    const dark = await openDark(session.lab);
    try {
      await assertContrast(dark.page, await showEveryText(dark.page), "dark theme");
      await dark.page.screenshot({ path: join(ARTIFACTS, "browser-dark-selected.png") });
    } finally {
      await dark.page.close();
      await putLabSettings(session.lab, "@jupyterlab/apputils-extension:themes", {});
    }
  });

  it("styles references and link targets as links: the theme's link colour, underlined, a pointer", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const browser = await showEveryText(page);
      // A reference in the Inspect pane, and a link's target in its tree row.
      await expectLinkStyle(browser.locator(".jp-HdmfZarr-inspect a.jp-HdmfZarr-target").first());
      await selectNode(browser, "/processing/ecephys/LFP/ElectricalSeries/data");
      const treeLink = item(browser, "/processing/ecephys/LFP/ElectricalSeries/electrodes").locator("a.jp-HdmfZarr-target");
      assert.equal(await treeLink.textContent(), "/acquisition/ElectricalSeries/electrodes");
      await expectLinkStyle(treeLink);
      // The tree's link goes where it says.
      await treeLink.click();
      await browser.locator('.jp-HdmfZarr-inspect tr[data-key="Path"] td').filter({ hasText: /^\/acquisition\/ElectricalSeries\/electrodes$/ }).waitFor({ timeout: 10_000 });
    } finally {
      await page.close();
    }
  });
});

/** A link that looks like one: the theme's link colour (unlike the text around it), underlined, a pointer. */
async function expectLinkStyle(link: Locator): Promise<void> {
      const style = await link.evaluate((a: InPage) => {
        const page: InPage = globalThis;
        const probe = page.document.createElement("span");
        probe.style.color = "var(--jp-content-link-color)";
        page.document.body.append(probe);
        const linkColor = page.getComputedStyle(probe).color;
        probe.remove();
        const s = page.getComputedStyle(a);
        // The text beside it: the attribute's name in the Inspect pane, the node's name in the tree.
        const beside = a.closest("td")?.previousElementSibling ?? a.closest(".jp-HdmfZarr-treeRow").querySelector(".jp-HdmfZarr-treeName");
        return { color: s.color as string, linkColor: linkColor as string, decoration: s.textDecorationLine as string, cursor: s.cursor as string, textColor: page.getComputedStyle(beside).color as string };
      });
      assert.equal(style.color, style.linkColor, "the theme's link colour");
      assert.notEqual(style.color, style.textColor, "unlike the text beside it");
      assert.match(style.decoration, /underline/);
      assert.equal(style.cursor, "pointer");
}

describe("store browser keyboard (WAI-ARIA tree)", () => {
  it("moves the selection with the arrow keys, expands and collapses with right and left, opens with Enter", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const browser = await openFromFileBrowser(page, STORE);
      const tree = browser.locator('[role="tree"]');
      assert.equal(await tree.count(), 1);
      const focused = () => page.evaluate(`document.activeElement?.getAttribute("data-path") ?? null`) as Promise<string | null>;
      const inspected = async (path: string) =>
        browser.locator('.jp-HdmfZarr-inspect tr[data-key="Path"] td').filter({ hasText: new RegExp(`^${path.replace(/[/]/g, "\\/")}$`) }).waitFor({ timeout: 10_000 });
      const tabStops = () => browser.locator('[role="treeitem"][tabindex="0"]').count();

      await item(browser, "/").locator(":scope > .jp-HdmfZarr-treeRow .jp-HdmfZarr-treeName").click();
      assert.equal(await focused(), "/");
      const children = (await browser.locator('[role="treeitem"][aria-level="2"]').evaluateAll((els: InPage[]) => els.map((e: InPage) => e.getAttribute("data-path")))) as string[];
      assert.ok(children.length >= 4, `the root's children: ${children.join(", ")}`);

      await page.keyboard.press("ArrowDown");
      assert.equal(await focused(), children[0]);
      assert.equal(await item(browser, children[0]).getAttribute("aria-selected"), "true");
      assert.equal(await item(browser, "/").getAttribute("aria-selected"), "false");
      await inspected(children[0]);
      assert.equal(await tabStops(), 1, "one tab stop (roving tabindex)");

      await page.keyboard.press("ArrowDown");
      assert.equal(await focused(), children[1]);
      await page.keyboard.press("ArrowUp");
      assert.equal(await focused(), children[0]);

      // Right opens a closed group, then moves into it; Left goes back up, then closes it.
      const group = children[0];
      assert.equal(await item(browser, group).getAttribute("aria-expanded"), "false");
      await page.keyboard.press("ArrowRight");
      await browser.locator(`[role="treeitem"][aria-level="3"]`).first().waitFor({ timeout: 10_000 });
      assert.equal(await item(browser, group).getAttribute("aria-expanded"), "true");
      assert.equal(await focused(), group, "expanding keeps the focus");
      await page.keyboard.press("ArrowRight");
      const firstChild = await focused();
      assert.ok(firstChild?.startsWith(`${group}/`), `into the group: ${firstChild}`);
      assert.equal(await page.evaluate(`document.activeElement.getAttribute("aria-level")`), "3");
      await page.keyboard.press("ArrowLeft");
      assert.equal(await focused(), group, "left goes to the parent");
      await page.keyboard.press("ArrowLeft");
      assert.equal(await item(browser, group).getAttribute("aria-expanded"), "false");
      assert.equal(await browser.locator(`[role="treeitem"][aria-level="3"]`).count(), 0, "its children are gone");

      // Enter opens a group and shows it; End and Home reach the last and first rows.
      await page.keyboard.press("ArrowDown");
      const second = children[1];
      await page.keyboard.press("Enter");
      assert.equal(await item(browser, second).getAttribute("aria-expanded"), "true");
      await inspected(second);
      await page.keyboard.press("End");
      const last = await focused();
      const lastRow = await browser.locator('[role="treeitem"][data-path]').last().getAttribute("data-path");
      assert.equal(last, lastRow);
      await page.keyboard.press("Home");
      assert.equal(await focused(), "/");
      await inspected("/");
      assert.equal(await tabStops(), 1);
    } finally {
      await page.close();
    }
  });
});

describe("store browser scale (virtualized tree)", () => {
  it("keeps the DOM bounded for a group of 10,000 children and shows the last child when scrolled to the end", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    try {
      const browser = await openFromFileBrowser(page, "wide.zarr");
      await item(browser, "/wide").locator(":scope > .jp-HdmfZarr-treeRow .jp-HdmfZarr-treeToggle").click();
      await item(browser, "/wide/item00000").waitFor({ timeout: 30_000 });
      const items = browser.locator(".jp-HdmfZarr-treeItem");
      const first = await items.count();
      assert.ok(first > 10 && first < 120, `rows in the DOM after expanding: ${first}`);
      assert.equal(await item(browser, "/wide/item00000").getAttribute("aria-setsize"), String(WIDE));
      const elements = Number(await browser.locator(".jp-HdmfZarr-tree").evaluate((tree: InPage) => tree.querySelectorAll("*").length));
      assert.ok(elements < 1_500, `elements in the tree: ${elements}`);
      // The scroll range holds every child.
      const tree = browser.locator(".jp-HdmfZarr-tree");
      const range = await tree.evaluate((el: InPage) => el.scrollHeight as number);
      assert.ok(range > WIDE * 15, `scroll height ${range} for ${WIDE} rows`);

      // Scroll through the middle and to the end: rows of pages not loaded before appear.
      await tree.evaluate((el: InPage) => (el.scrollTop = el.scrollHeight / 2));
      await browser.locator('.jp-HdmfZarr-treeItem[data-path^="/wide/item04"], .jp-HdmfZarr-treeItem[data-path^="/wide/item05"]').first().waitFor({ timeout: 30_000 });
      await tree.evaluate((el: InPage) => (el.scrollTop = el.scrollHeight));
      const lastItem = item(browser, `/wide/${lastWide}`);
      await lastItem.waitFor({ timeout: 30_000 });
      const name = lastItem.locator(".jp-HdmfZarr-treeName");
      assert.equal(await name.textContent(), lastWide);
      assert.ok(await name.isVisible(), "the last child's name is on screen");
      const nameBox = (await name.boundingBox())!, treeBox = (await tree.boundingBox())!;
      assert.ok(nameBox.y >= treeBox.y && nameBox.y + nameBox.height <= treeBox.y + treeBox.height + 1, "inside the tree's viewport");
      const after = await items.count();
      assert.ok(after < 120, `rows in the DOM at the end: ${after}`);
      assert.equal(await item(browser, "/wide/item00000").count(), 0, "the first rows left the DOM");
      await page.screenshot({ path: join(ARTIFACTS, "browser-wide-end.png") });

      // The last child is selectable, and the filter finds it.
      await name.click();
      await browser.locator('.jp-HdmfZarr-inspect tr[data-key="Path"] td').filter({ hasText: `/wide/${lastWide}` }).waitFor({ timeout: 10_000 });
      await visibleBrowser(page).locator("input.jp-HdmfZarr-search").fill(lastWide);
      await browser.locator(`.jp-HdmfZarr-searchHit[data-path="/wide/${lastWide}"]`).waitFor({ timeout: 10_000 });
    } finally {
      await page.close();
    }
  });
});
