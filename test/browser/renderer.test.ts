/**
 * The MIME renderer in a real JupyterLab, on outputs of real tslab cells:
 * - a store written by this library: `display()` of a dataset shows its facts and preview values
 *   (our renderer, not the HTML fallback), and of the whole store — which lies under the server
 *   root — a tree read through the server;
 * - an NWB file written here: `display()` of the NWBFile shows its sections with the file's values
 *   (session fields, general, acquisition, the electrodes and units tables with ragged and region
 *   cells), of its Units table the rows with the spike times, of an ElectricalSeries the views read
 *   from its store in place of the payload's plot; "Copy code" of the Units output gives code that
 *   runs in a new cell of the same kernel.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import type { Locator } from "playwright-core";
import { NWBFile, NWBZarrIO, TimeSeries, ElectricalSeries, loadNwbTypes } from "../../src/nwb/index.js";
import { DEMO } from "../../scripts/write-demo-store.js";
import { fact, integers } from "./browser-dom.js";
import { ARTIFACTS, SCREENSHOTS, labPerFile, type LabPage } from "./lab.js";
import { codeCell, notebookOf, openAndRunAll as runNotebook, shootOutput as shoot, visibleCells } from "./notebook-cells.js";
import { CHUNKED, writeChunked } from "./stores.js";

/** Where the README's screenshots of the renderer go (lab.ts). */
const DOCS = SCREENSHOTS;

const cell = (id: string, source: string) => codeCell(id, source);
const notebook = notebookOf;
const NOTEBOOK = notebook([
  cell("open", 'import { ZarrIO, display } from "hdmf-zarr";\nconst io = new ZarrIO("chunked.zarr", "r");\nconst root = await io.readBuilder();\nconsole.log("opened", root.datasets.size);'),
  cell("dataset", 'await display(root.get("signal")!);'),
  cell("store", "await display(root);"),
]);
const CONTAINERS = notebook([
  cell("read", 'import { NWBZarrIO } from "hdmf-zarr";\nconst nwbfile = await NWBZarrIO.readNwb("session.nwb.zarr");\nconsole.log("read", nwbfile.identifier);'),
  cell("nwbfile", "await nwbfile.display();"),
  cell("units", "await nwbfile.units!.display();"),
  cell("series", 'await nwbfile.acquisition.get("ElectricalSeries")!.display();'),
]);

/** The session the container outputs show: electrodes, a 4-channel series, a TimeSeries, units with ragged spike times and electrode regions. */
const SESSION = {
  identifier: "renderer-session-0001",
  description: "a session for the renderer test",
  units: [
    { quality: "good", spikeTimes: [0.012, 0.055, 0.131], electrodes: [0, 1] },
    { quality: "mua", spikeTimes: [0.02, 0.18], electrodes: [2] },
    { quality: "good", spikeTimes: Array.from({ length: 12 }, (_, i) => 0.01 * (i + 1)), electrodes: [1, 3] },
  ],
};

async function writeSession(path: string): Promise<void> {
  await loadNwbTypes();
  const file = new NWBFile({
    identifier: SESSION.identifier, sessionDescription: SESSION.description, sessionStartTime: new Date("2024-03-04T05:06:07Z"),
    experimenter: ["Ada Lovelace"], institution: "Analytical Engine Lab",
  });
  const device = file.createDevice({ name: "probe", description: "a 4-channel silicon probe" });
  const group = file.createElectrodeGroup({ name: "shank0", description: "the probe's shank", location: "hippocampus", device });
  DEMO.locations.forEach((location, i) => file.addElectrode({ location, group, x: 0, y: 25 * i, z: 0 }));
  file.addAcquisition(new ElectricalSeries({
    name: "ElectricalSeries", description: "raw voltages", data: DEMO.voltages, rate: 1000, startingTime: 0,
    electrodes: file.createElectrodeRegion([0, 1, 2, 3]),
  }));
  file.addAcquisition(new TimeSeries({ name: "temperature", description: "room temperature", data: DEMO.temperature, unit: "degrees C", rate: 1, startingTime: 0 }));
  file.addUnitColumn({ name: "quality", description: "sorting quality" });
  for (const u of SESSION.units) file.addUnit(u);
  await new NWBZarrIO(path, "w").write(file);
}

const session = labPerFile(async (contents) => {
    await writeChunked(join(contents, "chunked.zarr"));
    writeFileSync(join(contents, "render.ipynb"), JSON.stringify(NOTEBOOK));
    await writeSession(join(contents, "session.nwb.zarr"));
    writeFileSync(join(contents, "containers.ipynb"), JSON.stringify(CONTAINERS));
  });
const skipped = (t: TestContext) => session.skipped(t);

/** Errors and warnings the pages logged (shown when a test fails). */
const consoleLog: string[] = [];

const cells = visibleCells;

/** Open a notebook and run every cell, logging the page's errors into {@link consoleLog}. */
const openAndRunAll = (path: string): Promise<LabPage> => runNotebook(session.lab, path, consoleLog);

/** The container view in the output of cell `n`. */
function containerOutput(page: LabPage["page"], n: number): Locator {
  return cells(page).nth(n).locator(".jp-OutputArea-output .jp-HdmfZarr-container").first();
}

/** Texts of a table's cells, row by row. */
async function tableRows(table: Locator): Promise<string[][]> {
  const rows = table.locator("tbody tr");
  const out: string[][] = [];
  for (let i = 0, n = await rows.count(); i < n; i++) out.push((await rows.nth(i).locator(":scope > *").allTextContents()).map((s) => s.trim()));
  return out;
}

/** An attribute of every element a locator matches. */
async function attributes(items: Locator, name: string): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (let i = 0, n = await items.count(); i < n; i++) out.push(await items.nth(i).getAttribute(name));
  return out;
}

describe("the hdmf-zarr MIME renderer", () => {
  it("shows what a tslab cell displays: a dataset's facts and values, and a store browsable through the server", async (t) => {
    if (skipped(t)) return;
    const { page, requests } = await openAndRunAll("/tree/render.ipynb");
    try {
      const outputs = cells(page).locator(".jp-OutputArea-output");
      const dataset = cells(page).nth(1).locator(".jp-OutputArea-output .jp-HdmfZarr-browser").first();
      await dataset.waitFor({ timeout: 90_000 });
      assert.match((await cells(page).first().locator(".jp-OutputArea-output").textContent()) ?? "", /opened 2/);
      // Our renderer, not the text/html fallback, holds the output.
      assert.equal(await cells(page).nth(1).locator(".jp-RenderedHTMLCommon").count(), 0, "the HTML fallback is not shown");

      assert.deepEqual(integers(await fact(dataset, "Shape")), [CHUNKED.length]);
      assert.match(await fact(dataset, "Data type"), /float64/);
      assert.deepEqual(integers(await fact(dataset, "Chunks")), [CHUNKED.chunk]);
      // A preview number: the payload carries the first values (i * 0.5).
      await dataset.locator('button[data-tab="display"]').click();
      const values = dataset.locator(".jp-HdmfZarr-display table.jp-HdmfZarr-table td");
      await values.first().waitFor({ timeout: 30_000 });
      const texts = (await values.allTextContents()).map((s) => s.trim());
      for (const v of ["0.5", "1", "1.5", "2"]) assert.ok(texts.includes(v), `preview shows ${v}: ${texts.slice(0, 12).join(" ")}`);
      assert.ok(!texts.includes(String(CHUNKED.value(49))), "the payload's preview stops at 20 values");
      await dataset.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, "renderer-dataset.png") });
      // Asked for, the output shows the store itself: a page of 50 rows read from its chunks.
      const datasetOutput = cells(page).nth(1).locator(".jp-OutputArea-output").first();
      await datasetOutput.locator('button[data-action="read-store"]', { hasText: "Browse the store" }).click();
      const live = datasetOutput.locator(".jp-HdmfZarr-browser");
      await live.locator('.jp-HdmfZarr-treeItem[data-path="/signal"].jp-HdmfZarr-selected').waitFor({ timeout: 30_000 });
      await live.locator('button[data-tab="display"]').click();
      await live.locator(".jp-HdmfZarr-display td", { hasText: new RegExp(`^${CHUNKED.value(49)}$`) }).first().waitFor({ timeout: 30_000 });
      assert.ok(requests.some((r) => r.path.endsWith("/files/chunked.zarr/signal/c/0")), "the first chunk was read through the server");

      // The whole store, under the server root: the renderer reads it through /files/.
      const store: Locator = cells(page).nth(2).locator(".jp-OutputArea-output .jp-HdmfZarr-browser").first();
      await store.waitFor({ timeout: 120_000 });
      await store.locator('.jp-HdmfZarr-treeItem[data-path="/signal"]').waitFor({ timeout: 30_000 });
      assert.ok(requests.some((r) => r.path.endsWith("/files/chunked.zarr/zarr.json")), "the store's metadata was read through the server");
      assert.ok((await outputs.count()) >= 3);
      await store.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, "renderer-store.png") });
    } catch (err) {
      await page.screenshot({ path: join(ARTIFACTS, "renderer-failure.png") });
      throw new Error(`${(err as Error).message}\npage console:\n${consoleLog.join("\n").slice(-3000)}\nlab log:\n${session.lab.log().slice(-3000)}`);
    } finally {
      await page.close();
    }
  });

  it("shows containers by their sections: an NWBFile, its Units with ragged and region cells, a series plot; Copy code runs in the kernel", async (t) => {
    if (skipped(t)) return;
    const { page } = await openAndRunAll("/tree/containers.ipynb");
    // A window tall enough for the NWBFile output, whose picture goes in the README.
    await page.setViewportSize({ width: 1400, height: 2000 });
    const field = async (root: Locator, name: string) => ((await root.locator(`tr[data-field="${name}"] td`).first().textContent()) ?? "").trim();
    try {
      const file = containerOutput(page, 1);
      await file.waitFor({ timeout: 120_000 });
      // The README's picture of the NWBFile, once every output is in (nothing moves the layout later).
      await containerOutput(page, 3).waitFor({ timeout: 120_000 });
      await shoot(page, file, join(DOCS, "renderer-nwbfile.png"));
      assert.match((await cells(page).first().locator(".jp-OutputArea-output").textContent()) ?? "", new RegExp(`read ${SESSION.identifier}`));
      assert.equal(await cells(page).nth(1).locator(".jp-RenderedHTMLCommon").count(), 0, "the HTML fallback is not shown");

      // The NWBFile: its sections as pynwb groups them, with the file's values.
      const sections = await attributes(file.locator("details[data-section]"), "data-section");
      assert.deepEqual(sections, ["session", "general", "acquisition", "electrodes", "units"]);
      const sessionPart = file.locator('details[data-section="session"]');
      assert.equal(await field(sessionPart, "identifier"), SESSION.identifier);
      assert.equal(await field(sessionPart, "session_description"), SESSION.description);
      assert.match(await field(sessionPart, "session_start_time"), /^2024-03-04T05:06:07/);
      const general = file.locator('details[data-section="general"]');
      assert.equal(await field(general, "institution"), "Analytical Engine Lab");
      assert.equal(await field(general, "experimenter"), "['Ada Lovelace']");
      assert.match((await general.locator('[data-kind="container"][data-path="/general/devices/probe"]').textContent()) ?? "", /probe\s*Device\s*a 4-channel silicon probe/);
      const acquisition = file.locator('details[data-section="acquisition"] [data-kind="container"]');
      assert.deepEqual(await attributes(acquisition, "data-path"), ["/acquisition/ElectricalSeries", "/acquisition/temperature"]);
      assert.match((await acquisition.first().textContent()) ?? "", /data \(200, 4\) float64 · rate 1000 Hz · volts/);
      const electrodes = file.locator('[data-kind="table"][data-path="/general/extracellular_ephys/electrodes"]');
      const electrodeRows = await tableRows(electrodes.locator("table"));
      assert.deepEqual(electrodeRows.map((r) => r[1]), DEMO.locations);
      // A region cell of the units table links to the electrodes table shown above it.
      const unitsInFile = file.locator('[data-kind="table"][data-path="/units"]');
      await unitsInFile.locator('tbody tr[data-row="2"] a[data-row="3"]').click();
      await electrodes.and(page.locator(".jp-HdmfZarr-flash")).waitFor({ timeout: 5_000 });

      // The Units table on its own: rows with quality, spike times and electrode rows.
      const units = containerOutput(page, 2);
      await units.waitFor({ timeout: 60_000 });
      const table = units.locator('[data-kind="table"][data-path="/units"]');
      assert.match((await table.locator(".jp-HdmfZarr-itemTitle").textContent()) ?? "", /3 rows × 3 columns/);
      const header = (await attributes(table.locator("thead th"), "data-column")).map(String);
      const at = (name: string) => header.indexOf(name);
      assert.deepEqual([...header].sort(), ["electrodes", "id", "quality", "spike_times"]);
      const rows = await tableRows(table.locator("table"));
      assert.deepEqual(rows.map((r) => r[at("id")]), ["0", "1", "2"]);
      assert.deepEqual(rows.map((r) => r[at("quality")]), SESSION.units.map((u) => u.quality));
      assert.deepEqual(rows.map((r) => r[at("spike_times")]), [
        "[0.012, 0.055, 0.131]", "[0.02, 0.18]", "[0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, … 12 items]",
      ]);
      assert.deepEqual(rows.map((r) => r[at("electrodes")]), ["rows 0, 1", "row 2", "rows 1, 3"]);
      // The picture once the views read from the store are in (they change the output's height).
      await units.locator('.jp-HdmfZarr-storeViews .jp-HdmfZarr-plot[data-plot="raster"]').waitFor({ timeout: 60_000 });
      await shoot(page, units, join(DOCS, "renderer-units.png"));

      // The ElectricalSeries: its store is on this server, so the views read from it take the place
      // of the payload's plot (their values and the kept preview: renderer-views.test.ts).
      const series = containerOutput(page, 3);
      await series.locator('.jp-HdmfZarr-storeViews .jp-HdmfZarr-plot[data-plot="stacked"] text.jp-HdmfZarr-plotLabel[data-axis="y"]').first().waitFor({ timeout: 60_000 });
      assert.equal(await series.locator(".jp-HdmfZarr-series").count(), 0, "the payload's plot gave way");
      await series.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, "renderer-series.png") });


      // Copy code of the Units output, pasted into a new cell of the same notebook and run there.
      // What the button puts on the clipboard, seen where JupyterLab's copy handler sets it.
      await page.evaluate(`(() => {
        const setData = DataTransfer.prototype.setData;
        DataTransfer.prototype.setData = function (type, data) { window.copied = data; return setData.call(this, type, data); };
      })()`);
      await units.locator('button[data-action="copy-snippet"]').click();
      const code = String(await page.evaluate("window.copied ?? ''"));
      assert.equal(code, 'import { NWBZarrIO } from "hdmf-zarr";\n\nconst nwbfile = await NWBZarrIO.readNwb("session.nwb.zarr");\nconst units = nwbfile.get<any>("units");\nawait units.display();');
      await cells(page).nth(3).locator(".jp-InputPrompt").click();
      await page.keyboard.press("Escape");
      await page.keyboard.press("b");
      await cells(page).nth(4).waitFor();
      await page.keyboard.press("Enter");
      await page.keyboard.insertText(code);
      await page.keyboard.press("Shift+Enter");
      const again = containerOutput(page, 4);
      await again.waitFor({ timeout: 120_000 });
      const rerun = await tableRows(again.locator('[data-kind="table"][data-path="/units"] table'));
      assert.deepEqual(rerun, rows, "the copied code shows the same Units table");
    } catch (err) {
      await page.screenshot({ path: join(ARTIFACTS, "renderer-containers-failure.png") });
      throw new Error(`${(err as Error).message}\npage console:\n${consoleLog.join("\n").slice(-3000)}\nlab log:\n${session.lab.log().slice(-3000)}`);
    } finally {
      await page.close();
    }
  });
});
