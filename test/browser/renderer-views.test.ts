/**
 * The renderer's views of a displayed container, read from its store, in a real JupyterLab:
 * - trusted outputs of real tslab cells: a Units table shows the spike raster (a lane per unit
 *   labelled by its id, a tick per spike) and an ElectricalSeries stacked traces labelled by their
 *   electrodes in place of the payload's one-channel plot; once the notebook is saved and a store
 *   deleted, the output reopened keeps its preview plot with a note saying why;
 * - outputs of an untrusted notebook (saved payloads): the payload only, nothing read, until the
 *   button is clicked; then the raster, or for a store deleted since, the preview (its channel
 *   slider and axes) and the note.
 */
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import type { Locator, Page } from "playwright-core";
import { NWBZarrIO } from "../../src/index.js";
import { bundleOf, toPayload } from "../../src/repr/index.js";
import { DEMO, writeDemoStore } from "../../scripts/write-demo-store.js";
import { contrasts } from "./contrast.js";
import { ARTIFACTS, SCREENSHOTS, labPerFile, openDark, putLabSettings } from "./lab.js";
import { codeCell, notebookOf, openAndRunAll, visibleCells } from "./notebook-cells.js";
import { labelFillIsLight } from "./view-dom.js";

const VIEWS = notebookOf([
  codeCell("read", 'import { NWBZarrIO } from "hdmf-zarr";\nconst nwbfile = await NWBZarrIO.readNwb("session.nwb.zarr");\nconst gone = await NWBZarrIO.readNwb("gone.nwb.zarr");\nconsole.log("read", nwbfile.identifier);'),
  codeCell("units", "await nwbfile.units!.display();"),
  codeCell("series", 'await nwbfile.acquisition.get("ElectricalSeries")!.display();'),
  codeCell("gone", 'await gone.acquisition.get("ElectricalSeries")!.display();'),
]);

/** The Units table and the ElectricalSeries of the store that stays, for the pictures in both themes. */
const PICTURED = notebookOf([
  codeCell("read", 'import { NWBZarrIO } from "hdmf-zarr";\nconst nwbfile = await NWBZarrIO.readNwb("session.nwb.zarr");\nconsole.log("read", nwbfile.identifier);'),
  codeCell("units", "await nwbfile.units!.display();"),
  codeCell("series", 'await nwbfile.acquisition.get("ElectricalSeries")!.display();'),
]);

/** The demo file's units (ids 0, 1, 2): their spike times, in unit order. */
const SPIKES = DEMO.spikeTimes.flat();
/** The lanes of the stacked traces: channel, electrode id and location. */
const LANES = DEMO.locations.map((loc, c) => `ch ${c} · e${c} · ${loc}`);

/** A display_data output as a kernel would have saved it. */
const saved = (payload: Parameters<typeof bundleOf>[0]) => ({ output_type: "display_data", metadata: {}, data: bundleOf(payload) });

const session = labPerFile(async (contents) => {
  const store = join(contents, "session.nwb.zarr");
  await writeDemoStore(store);
  await writeDemoStore(join(contents, "gone.nwb.zarr"));
  writeFileSync(join(contents, "views.ipynb"), JSON.stringify(VIEWS));
  writeFileSync(join(contents, "pictured.ipynb"), JSON.stringify(PICTURED));
  // The untrusted notebook: the Units table of a store still there, a series of one deleted since.
  const units = await toPayload((await NWBZarrIO.readNwb(store)).units!);
  const moved = join(contents, "moved.nwb.zarr");
  await writeDemoStore(moved);
  const series = await toPayload((await NWBZarrIO.readNwb(moved)).acquisition.get("ElectricalSeries")!);
  rmSync(moved, { recursive: true });
  writeFileSync(join(contents, "untrusted.ipynb"), JSON.stringify(notebookOf([
    codeCell("units", "await display(units);", [saved(units)]),
    codeCell("moved", "await display(series);", [saved(series)]),
  ])));
});
const skipped = (t: TestContext) => session.skipped(t);

/** Errors and warnings the pages logged (shown when a test fails). */
const consoleLog: string[] = [];

/** The container view in the output of cell `n`. */
function containerOutput(page: Page, n: number): Locator {
  return visibleCells(page).nth(n).locator(".jp-OutputArea-output .jp-HdmfZarr-container").first();
}

/** A plot of the Views block (`raster`, `stacked`), once its x axis is drawn. */
async function viewPlot(output: Locator, kind: string): Promise<Locator> {
  const plot = output.locator(`.jp-HdmfZarr-storeViews .jp-HdmfZarr-plot[data-plot="${kind}"]`).first();
  await plot.locator('text.jp-HdmfZarr-plotLabel[data-axis="x"]').first().waitFor({ timeout: 60_000 });
  return plot;
}

/** The texts of a plot's y labels (lanes). */
async function laneLabels(plot: Locator): Promise<string[]> {
  return (await plot.locator('text.jp-HdmfZarr-plotLabel[data-axis="y"]').allTextContents()).map((s) => s.trim());
}

/** The raster of the demo Units table: a lane per unit labelled by its id, a tick per spike over the spike times. */
async function checkRaster(output: Locator): Promise<void> {
  const raster = await viewPlot(output, "raster");
  assert.deepEqual(await laneLabels(raster), ["0", "1", "2"], "one lane per unit, labelled by its id");
  assert.equal(Number(await raster.getAttribute("data-marks")), SPIKES.length, "a tick per spike");
  assert.equal(await raster.getAttribute("data-x-range"), `${Math.min(...SPIKES)} ${Math.max(...SPIKES)}`);
}

/** The caption of the payload's series plot (the plot may hold notes of its own). */
const CAPTION = ".jp-HdmfZarr-viewBody > .jp-HdmfZarr-note";

/** The payload's preview of a series stays, with the note that its store cannot be read. */
async function checkPreviewKept(output: Locator, store: string): Promise<void> {
  const note = output.locator('.jp-HdmfZarr-storeViewsNote[data-store-views="unreadable"]');
  await note.waitFor({ timeout: 60_000 });
  assert.match(((await note.textContent()) ?? "").trim(), new RegExp(`${store.replace(/\./g, "\\.")} cannot be read \\(.+\\): this output shows the preview it holds\\.$`));
  const preview = output.locator(".jp-HdmfZarr-series");
  // The notebook lays out cells off screen lazily: the plot is made once it has a width.
  await preview.scrollIntoViewIfNeeded();
  await preview.locator('text.jp-HdmfZarr-plotLabel[data-axis="x"]').first().waitFor({ timeout: 30_000 });
  assert.match(((await preview.locator(CAPTION).textContent()) ?? "").trim(), /^samples 0–199 of 200 · channel 0 of 4/);
  assert.equal(await output.locator(".jp-HdmfZarr-storeViews").count(), 0, "no Views block");
}

/** Poll until the plot's ticks lie on the series' times (0–0.199 s) and on the range of `values` (the plot draws after its caption). */
async function waitForTicks(plot: Locator, values: number[]): Promise<void> {
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const margin = 0.05 * (hi - lo);
  const tickValues = async (axis: "x" | "y") =>
    Promise.all((await plot.locator(`text.jp-HdmfZarr-plotLabel[data-axis="${axis}"]`).all()).map(async (t) => Number(await t.getAttribute("data-value"))));
  const wrong = async (): Promise<string | undefined> => {
    const xs = await tickValues("x");
    if (!(xs.length >= 3 && xs.every((v) => v >= 0 && v <= 0.199 + 1e-9))) return `x ticks within the samples' times: ${xs}`;
    const ys = await tickValues("y");
    if (!(ys.length >= 2 && ys.every((v) => v >= lo - margin && v <= hi + margin))) return `y ticks within ${lo}…${hi}: ${ys}`;
    return undefined;
  };
  let why = await wrong();
  for (const end = Date.now() + 15_000; why && Date.now() < end; why = await wrong()) await new Promise((r) => setTimeout(r, 100));
  assert.equal(why, undefined);
}

describe("the renderer's views of a displayed container", () => {
  it("shows the store browser's views of a trusted Units table and ElectricalSeries; a deleted store leaves the preview and a note", async (t) => {
    if (skipped(t)) return;
    const { page, requests } = await openAndRunAll(session.lab, "/tree/views.ipynb", consoleLog);
    let again: Awaited<ReturnType<typeof session.lab.open>> | undefined;
    try {
      const units = containerOutput(page, 1);
      await units.waitFor({ timeout: 180_000 });
      await checkRaster(units);
      // The payload's sections stay under the views.
      assert.ok((await units.locator("details[data-section]").count()) > 0, "the sections are kept");

      // The ElectricalSeries: stacked traces labelled by the electrodes, and no longer the preview's one-channel plot.
      const series = containerOutput(page, 2);
      const stacked = await viewPlot(series, "stacked");
      assert.deepEqual(await laneLabels(stacked), LANES);
      assert.match((await series.locator(".jp-HdmfZarr-storeViews .jp-HdmfZarr-note").last().textContent()) ?? "", /^samples 0–199 of 200 · 1000 Hz from 0 s · 4 of 4 channels/);
      assert.equal(await series.locator(".jp-HdmfZarr-series").count(), 0, "the preview gave way to the views");
      assert.ok(requests.some((r) => /\/files\/session\.nwb\.zarr\/acquisition\/ElectricalSeries\/data\//.test(r.path)), "the samples were read from the store");
      const gone = containerOutput(page, 3);
      await viewPlot(gone, "stacked");
      await series.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, "renderer-views.png") });

      // Saved (so signed as trusted), then a store deleted: reopened, its output keeps the preview and says why.
      const file = join(session.lab.contents, "views.ipynb");
      await visibleCells(page).first().locator(".jp-InputPrompt").click();
      await page.keyboard.press("Control+s");
      for (const end = Date.now() + 30_000; !readFileSync(file, "utf8").includes("application/vnd.hdmf-zarr+json"); ) {
        if (Date.now() > end) throw new Error("the notebook was not saved with its outputs");
        await page.waitForTimeout(200);
      }
      rmSync(join(session.lab.contents, "gone.nwb.zarr"), { recursive: true });
      await page.close();
      again = await session.lab.open("/tree/views.ipynb");
      again.page.on("pageerror", (e) => consoleLog.push(`pageerror: ${e.message}`));
      const reopened = containerOutput(again.page, 3);
      await reopened.waitFor({ timeout: 60_000 });
      await checkPreviewKept(reopened, "gone.nwb.zarr");
      assert.equal(await again.page.locator('.jp-Notebook:visible .jp-HdmfZarr-outputBar[data-trusted="false"]').count(), 0, "the saved outputs are trusted");
      // The store still there is read again.
      await checkRaster(containerOutput(again.page, 1));
      await reopened.scrollIntoViewIfNeeded();
      await again.page.screenshot({ path: join(ARTIFACTS, "renderer-views-deleted.png") });
    } catch (err) {
      const shown = again?.page ?? page;
      if (!shown.isClosed()) await shown.screenshot({ path: join(ARTIFACTS, "renderer-views-failure.png") });
      throw new Error(`${(err as Error).message}\npage console:\n${consoleLog.join("\n").slice(-3000)}\nlab log:\n${session.lab.log().slice(-3000)}`);
    } finally {
      if (!page.isClosed()) await page.close();
      await again?.page.close();
    }
  });

  it("shows an untrusted output's payload only until the button is clicked, then the raster; a deleted store keeps the preview", async (t) => {
    if (skipped(t)) return;
    // A workspace of its own: the notebook of the other test, restored beside it, would read its stores.
    const { page, requests } = await session.lab.open("/workspaces/untrusted/tree/untrusted.ipynb");
    page.on("pageerror", (e) => consoleLog.push(`pageerror: ${e.message}`));
    const filesRequests = () => requests.filter((r) => r.path.includes("/files/"));
    try {
      const units = containerOutput(page, 0);
      await units.waitFor({ timeout: 60_000 });
      const bar = visibleCells(page).nth(0).locator('.jp-HdmfZarr-outputBar[data-trusted="false"]');
      await bar.waitFor({ timeout: 30_000 });
      // The payload's Units table is on screen; nothing is read on its own.
      assert.deepEqual(await units.locator('[data-kind="table"][data-path="/units"] tbody tr').count(), DEMO.spikeTimes.length);
      await page.waitForTimeout(3_000);
      assert.deepEqual(filesRequests(), [], "nothing read from /files/ before a click");
      assert.equal(await units.locator(".jp-HdmfZarr-storeViews").count(), 0, "no views before a click");
      assert.equal(await units.locator('button[data-action="browse-store"]').count(), 1, "the whole store can still be browsed");

      await bar.locator('button[data-action="read-store"]').click();
      await checkRaster(units);
      await bar.waitFor({ state: "hidden", timeout: 10_000 });
      assert.ok(filesRequests().some((r) => r.path.endsWith("/files/session.nwb.zarr/zarr.json")), "the store was read after the click");
      t.diagnostic(`the Units views after the click: ${filesRequests().length} requests to /files/`);
      assert.equal(await units.locator('[data-kind="table"][data-path="/units"]').count(), 1, "the views came in place, the payload's sections stay");

      // A store deleted since the output was made: the click leaves the preview, with the note, and the button for another try.
      const moved = containerOutput(page, 1);
      const read = visibleCells(page).nth(1).locator('.jp-HdmfZarr-outputBar button[data-action="read-store"]');
      await read.click();
      await checkPreviewKept(moved, "moved.nwb.zarr");
      assert.equal(await read.isEnabled(), true, "the button can try again");
      // The preview kept is the payload's plot, one channel at a time over the series' times.
      const preview = moved.locator(".jp-HdmfZarr-series");
      await preview.locator("input.jp-HdmfZarr-slider").fill("2");
      await preview.locator(CAPTION, { hasText: "channel 2 of 4" }).waitFor({ timeout: 5_000 });
      assert.equal(((await preview.locator(CAPTION).textContent()) ?? "").trim(), "samples 0–199 of 200 · channel 2 of 4 · volts · 1000 Hz from 0 s");
      await waitForTicks(preview, DEMO.voltages.map((row) => row[2]));
      assert.match((await preview.locator('text.jp-HdmfZarr-plotTitle[data-axis="y"]').textContent()) ?? "", /\(volts\)$/);
      await page.screenshot({ path: join(ARTIFACTS, "renderer-views-untrusted.png") });
    } catch (err) {
      await page.screenshot({ path: join(ARTIFACTS, "renderer-views-untrusted-failure.png") });
      throw new Error(`${(err as Error).message}\npage errors:\n${consoleLog.join("\n").slice(-3000)}\nrequests:\n${requests.map((r) => r.path).join("\n").slice(-3000)}\nlab log:\n${session.lab.log().slice(-3000)}`);
    } finally {
      await page.close();
    }
  });
  it("shows the Views block readable in the light and the dark theme (text contrast, tick labels); the README's pictures", async (t) => {
    if (skipped(t)) return;
    for (const theme of ["light", "dark"] as const) {
      if (theme === "dark") await openDark(session.lab).then((p) => p.page.close());
      // A workspace of its own, so that the other tests' notebooks are not restored beside it.
      const { page } = await openAndRunAll(session.lab, `/workspaces/pictured-${theme}/tree/pictured.ipynb`, consoleLog);
      try {
        if (theme === "dark") await page.waitForFunction('document.body.dataset.jpThemeLight === "false"', undefined, { timeout: 30_000 });
        const units = containerOutput(page, 1);
        await units.waitFor({ timeout: 180_000 });
        await checkRaster(units);
        const series = containerOutput(page, 2);
        assert.deepEqual(await laneLabels(await viewPlot(series, "stacked")), LANES);
        for (const [name, output] of [["units", units], ["series", series]] as const) {
          const texts = await contrasts(page, ".jp-HdmfZarr-storeViews .jp-HdmfZarr-note, .jp-HdmfZarr-storeViews .jp-HdmfZarr-sectionTitle, .jp-HdmfZarr-storeViewsTitle", ".jp-Notebook:not(.lm-mod-hidden)");
          assert.ok(texts.length > 0, `${theme} ${name}: text of the Views block on screen`);
          for (const c of texts) assert.ok(c.ratio >= 4.5, `${theme} ${name}: "${c.text}" has contrast ${c.ratio.toFixed(2)} (${c.color} on ${c.background})`);
          const { light, fill } = await labelFillIsLight(output.locator(".jp-HdmfZarr-storeViews"));
          assert.equal(light, theme === "dark", `${theme} ${name}: tick labels in a ${theme === "dark" ? "light" : "dark"} fill, got ${fill}`);
          // The Views block alone: the output around it is taller than the page.
          await output.locator(".jp-HdmfZarr-storeViews").scrollIntoViewIfNeeded();
          await page.waitForTimeout(500);
          await output.locator(".jp-HdmfZarr-storeViews").screenshot({ path: join(SCREENSHOTS, `renderer-views-${name}-${theme}.png`) });
        }
      } catch (err) {
        if (!page.isClosed()) await page.screenshot({ path: join(ARTIFACTS, `renderer-views-${theme}-failure.png`) });
        throw new Error(`${(err as Error).message}\npage console:\n${consoleLog.join("\n").slice(-3000)}`);
      } finally {
        await page.close();
        if (theme === "dark") await putLabSettings(session.lab, "@jupyterlab/apputils-extension:themes", {});
      }
    }
  });
});
