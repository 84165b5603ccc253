/**
 * The store browser on HDF5 NWB files through LINDI reference files, in a real JupyterLab: pynwb
 * writes the NWB file, lindi its `.nwb.lindi.json` and `.lindi.tar` (test/browser/lindi-files.ts).
 * Opened from the file browser (double-click, context menu) the reference file and the HDF5 file
 * beside it are read through the Jupyter server's /files/ with Range requests; absolute http
 * references, and a reference file opened by URL, are fetched by the page itself from the test
 * HTTP server (Range, CORS). The tree shows the NWB groups, the Inspect pane and
 * the Display table the values h5py reads from the HDF5 file, the tab names the file; a reference
 * to a local file outside the server's root shows why it cannot be read.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { after, describe, it, type TestContext } from "node:test";
import type { Locator, Page } from "playwright-core";
import { cssString, fact, integers, selectNode, visibleBrowser } from "./browser-dom.js";
import { ARTIFACTS, SCREENSHOTS, contextMenu, labPerFile, openByPalette, type LabPage } from "./lab.js";
import { LINDI_FILES, setupLindiVenv, writeLindiFiles, type H5Dump } from "./lindi-files.js";
import { startHttpServer, type TestHttpServer } from "../helpers/http-server.js";
import { removeFolder, tempFolder } from "../helpers/temp-folders.js";

const venvSkip = setupLindiVenv();
let server: TestHttpServer | undefined;
let elsewhere: string | undefined;
let dump: H5Dump = {};

const session = labPerFile(async (contents) => {
  if (venvSkip) return;
  // The lab's root, served over HTTP too: the remote reference file's URLs point here.
  server = await startHttpServer(contents, { cors: true });
  elsewhere = tempFolder("hdmf-zarr-lindi-outside");
  dump = writeLindiFiles(contents, server.url, elsewhere);
  writeFileSync(join(contents, BROKEN), '{"version": 1, "refs": ');
});
after(async () => {
  await server?.close();
  removeFolder(elsewhere);
});

function skipped(t: TestContext): boolean {
  if (venvSkip) t.skip(venvSkip);
  return venvSkip !== false || session.skipped(t);
}

/** A reference file cut short, beside the one whose references lead outside the root. */
const BROKEN = "other/broken.nwb.lindi.json";
const COMPRESSED = "/acquisition/compressed/data";
const LINKED = "/acquisition/linked/data";

/** A new lab page with the file browser at the root (the workspace keeps the folder a test entered). */
async function openAtRoot(): Promise<LabPage> {
  const lab = await session.lab.open();
  await lab.page.locator(".jp-BreadCrumbs-home").first().click();
  return lab;
}

/** The label of the current main-area tab. */
async function currentTabLabel(page: Page): Promise<string> {
  return ((await page.locator(".lm-DockPanel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel").first().textContent()) ?? "").trim();
}

/** Double-click a file of the file browser (entering its folder first); resolves once the store browser's tree shows. */
async function doubleClick(page: Page, path: string): Promise<Locator> {
  await doubleClickFile(page, path);
  return treeShown(page);
}

async function doubleClickFile(page: Page, path: string): Promise<void> {
  for (const name of path.split("/")) await page.locator(`.jp-DirListing-item[title^="Name: ${name}"]`).first().dblclick();
}

async function treeShown(page: Page): Promise<Locator> {
  const browser = visibleBrowser(page);
  await browser.locator('.jp-HdmfZarr-treeItem[data-path="/"]').waitFor({ timeout: 30_000 });
  return browser;
}

/** The top-level groups of the NWB file, as h5py lists them. */
function topGroups(): string[] {
  const groups = Object.entries(dump).filter(([path, e]) => e.kind === "group" && /^\/[^/]+$/.test(path)).map(([path]) => path);
  assert.ok(groups.includes("/acquisition") && groups.includes("/general") && groups.includes("/units"), `NWB groups: ${groups.join(", ")}`);
  return groups;
}

/** The tree lists every top-level group of the NWB file. */
async function expectNwbGroups(browser: Locator): Promise<void> {
  for (const path of topGroups()) {
    await browser.locator(`.jp-HdmfZarr-treeItem[data-path="${cssString(path)}"]`).first().waitFor({ timeout: 30_000 });
  }
}

/** The rows of h5py's values of a dataset (1-d: one value a row). */
function expectedRows(path: string): number[][] {
  const values = dump[path]?.values as (number | number[])[] | undefined;
  assert.ok(Array.isArray(values) && values.length > 0, `h5py read ${path}`);
  return values.map((v) => (Array.isArray(v) ? v : [v]));
}

/** The cells of the Display pane's table, once it shows. */
async function tableCells(browser: Locator): Promise<string[][]> {
  const table = browser.locator(".jp-HdmfZarr-display table.jp-HdmfZarr-table").first();
  await table.locator("tbody td").first().waitFor({ timeout: 30_000 });
  const cells: string[][] = [];
  for (const row of await table.locator("tbody tr").all()) cells.push((await row.locator("td").allTextContents()).map((text) => text.trim()));
  return cells;
}

/**
 * Select `path`: the Inspect pane shows h5py's shape, and the Display table the values h5py reads
 * (to the 6 significant digits the table shows).
 */
async function expectDataset(browser: Locator, path: string, want: number[][] = expectedRows(path)): Promise<void> {
  await selectNode(browser, path);
  const shape = dump[path]?.shape ?? [want.length];
  assert.deepEqual(integers(await fact(browser, "Shape")), shape, `shape of ${path}`);
  await browser.locator('button[data-tab="display"]').click();
  const cells = await tableCells(browser);
  assert.ok(cells.length >= 5, `rows shown: ${cells.length}`);
  cells.forEach((row, r) => {
    assert.equal(row.length, want[r].length, `columns of row ${r}`);
    row.forEach((text, c) => {
      const shown = Number(text);
      const close = Math.abs(shown - want[r][c]) <= 1e-5 * Math.abs(want[r][c]) + 1e-9;
      assert.ok(close, `${path}[${r}, ${c}]: shown ${text}, h5py reads ${want[r][c]}`);
    });
  });
}

/** Every request the page made for `file` through the Jupyter server's /files/. */
function filesRequests(requests: { path: string; range: string | undefined; method: string }[], file: string) {
  return requests.filter((r) => r.path.endsWith(`/files/${file}`));
}

describe("store browser on LINDI files in the Jupyter workspace", () => {
  it("marks .lindi.json and .lindi.tar files with their own file type in the file browser", async (t) => {
    if (skipped(t)) return;
    const { page } = await openAtRoot();
    try {
      for (const name of [LINDI_FILES.relative, LINDI_FILES.tar, LINDI_FILES.remote]) {
        const item = page.locator(`.jp-DirListing-item[title^="Name: ${name}"]`).first();
        assert.equal(await item.getAttribute("data-file-type"), "lindi-reference", name);
      }
    } finally {
      await page.close();
    }
  });

  it("double-click opens a .nwb.lindi.json: NWB groups, h5py's values read by Range through /files/, the tab names the file", async (t) => {
    if (skipped(t)) return;
    const { page, requests } = await openAtRoot();
    try {
      const browser = await doubleClick(page, LINDI_FILES.relative);
      assert.equal(await currentTabLabel(page), LINDI_FILES.relative);
      await expectNwbGroups(browser);
      await expectDataset(browser, COMPRESSED);
      assert.match(await fact(browser, "Codecs"), /zlib/);
      await expectDataset(browser, LINKED);
      // The HDF5 file was read by byte ranges only, never whole.
      const reads = filesRequests(requests, LINDI_FILES.nwb);
      assert.ok(reads.length > 0, "session.nwb read through /files/");
      assert.ok(reads.every((r) => r.range !== undefined && /^bytes=\d+-\d+$/.test(r.range)), `Range on every read: ${JSON.stringify(reads)}`);
    } finally {
      await page.close();
    }
  });

  it("\"Open in store browser\" on a .lindi.tar: a blob inside the archive and chunks in the HDF5 file beside it", async (t) => {
    if (skipped(t)) return;
    const { page, requests } = await openAtRoot();
    try {
      await contextMenu(page, LINDI_FILES.tar, "Open in store browser");
      const browser = await treeShown(page);
      assert.equal(await currentTabLabel(page), LINDI_FILES.tar);
      await expectNwbGroups(browser);
      await expectDataset(browser, "/extra", Array.from({ length: 3000 }, (_, i) => [i]));
      await expectDataset(browser, COMPRESSED);
      const archive = filesRequests(requests, LINDI_FILES.tar);
      assert.ok(archive.length > 0 && archive.every((r) => r.range !== undefined), `the archive read by Range: ${JSON.stringify(archive)}`);
    } finally {
      await page.close();
    }
  });

  it("\"Open in store browser\" on a workspace file with http references: the page fetches them by Range from that server", async (t) => {
    if (skipped(t)) return;
    const { page } = await openAtRoot();
    server!.stats.reset();
    try {
      await contextMenu(page, LINDI_FILES.remote, "Open in store browser");
      const browser = await treeShown(page);
      assert.equal(await currentTabLabel(page), LINDI_FILES.remote);
      await expectDataset(browser, LINKED);
      const reads = server!.stats.log.filter((r) => r.method === "GET" && r.path === `/${LINDI_FILES.nwb}`);
      assert.ok(reads.length > 0 && reads.every((r) => r.status === 206), `the HDF5 file read by Range over http: ${JSON.stringify(reads.map((r) => [r.range, r.status]))}`);
    } finally {
      await page.close();
    }
  });

  it("a reference to a local file outside the server's root: the tree opens, the dataset's pane says why it cannot be read", async (t) => {
    if (skipped(t)) return;
    const { page, requests } = await openAtRoot();
    try {
      const browser = await doubleClick(page, LINDI_FILES.outside);
      await selectNode(browser, LINKED);
      await browser.locator('button[data-tab="display"]').click();
      const error = browser.locator(".jp-HdmfZarr-display .jp-HdmfZarr-error").first();
      await error.waitFor({ timeout: 30_000 });
      const text = (await error.textContent()) ?? "";
      assert.match(text, /'acquisition\/linked\/data\/0'/, `names the key: ${text}`);
      assert.ok(text.includes(join(elsewhere!, LINDI_FILES.nwb)), `names the file: ${text}`);
      assert.match(text, /outside the Jupyter server's root/, text);
      assert.equal(requests.filter((r) => r.path.includes(elsewhere!)).length, 0, "no request for the file outside the root");
    } finally {
      await page.close();
    }
  });
});

describe("a LINDI file that does not open", () => {
  it("keeps its tab, and the panel shows the typed error naming the file", async (t) => {
    if (skipped(t)) return;
    const { page } = await openAtRoot();
    try {
      await doubleClickFile(page, BROKEN);
      const error = page.locator(".jp-HdmfZarr-panel:visible .jp-HdmfZarr-error");
      await error.waitFor({ timeout: 30_000 });
      const text = (await error.textContent()) ?? "";
      assert.ok(text.startsWith(`Cannot open ${BROKEN} as a reference file: `), text);
      assert.ok(text.includes(`in '${join(session.lab.contents, BROKEN)}'`), `names the file: ${text}`);
      assert.match(text, /not a reference file: the text is not a JSON object/, text);
      assert.equal(await currentTabLabel(page), basename(BROKEN));
    } finally {
      await page.close();
    }
  });
});

describe("store browser on a LINDI file by URL", () => {
  it("Open Zarr store… with an http URL: read from the page with Range, the references' absolute URLs too", async (t) => {
    if (skipped(t)) return;
    const { page } = await session.lab.open();
    server!.stats.reset();
    try {
      await openByPalette(page, `${server!.url}/${LINDI_FILES.remote}`);
      const browser = await treeShown(page);
      assert.equal(await currentTabLabel(page), LINDI_FILES.remote);
      await expectNwbGroups(browser);
      await expectDataset(browser, COMPRESSED);
      await expectDataset(browser, LINKED);
      const log = server!.stats.log;
      assert.ok(log.some((r) => r.method === "GET" && r.path === `/${LINDI_FILES.remote}` && r.status === 200), "the reference file read from the URL");
      const reads = log.filter((r) => r.method === "GET" && r.path === `/${LINDI_FILES.nwb}`);
      assert.ok(reads.length > 0 && reads.every((r) => r.status === 206 && r.range !== undefined), `the HDF5 file read by Range: ${JSON.stringify(reads.map((r) => [r.range, r.status]))}`);
    } finally {
      await page.close();
    }
  });
});

describe("screenshot of a LINDI file for the README", () => {
  it("shows a TimeSeries of the HDF5 file plotted in the light theme", async (t) => {
    if (skipped(t)) return;
    const { page } = await openAtRoot();
    try {
      const browser = await doubleClick(page, LINDI_FILES.relative);
      await selectNode(browser, "/acquisition/compressed");
      await browser.locator('button[data-tab="display"]').click();
      await browser.locator(".jp-HdmfZarr-display svg.jp-HdmfZarr-linePlot").first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(ARTIFACTS, "readme-lindi.png") });
      mkdirSync(SCREENSHOTS, { recursive: true });
      copyFileSync(join(ARTIFACTS, "readme-lindi.png"), join(SCREENSHOTS, "store-browser-lindi.png"));
    } finally {
      await page.close();
    }
  });
});
