/**
 * Store browser benchmark: how long after a big store's metadata arrives does its tree show, and
 * how long does its first path filter take to answer?
 *
 * Writes a consolidated Zarr v3 store (root + groups of PER_GROUP small datasets: 99 groups of 100
 * = 10,000 nodes by default), starts JupyterLab with the built extension (test/browser/lab.ts), opens the
 * store with "Open in Zarr browser" in Debian's chromium, and reads in the page:
 *   - metadata arrival: responseEnd of the consolidated zarr.json request (Resource Timing); its
 *     start too, for the whole wait (the download included: the root zarr.json is scanned while it
 *     arrives, so the arrival alone would not show work moved into the download),
 *   - metadata parsed: the extension's `hdmf-zarr:metadata` mark (provider open),
 *   - first tree render: the extension's `hdmf-zarr:first-render` mark (browser view ready),
 *   - first path filter: PAUSE_MS after the first render (default 0: at once; 1000 is about when
 *     a person has reached the filter box), a filter is typed: from its input event to its first
 *     hit on screen (the hits found so far, while the index is still being built), and to the
 *     complete list,
 *   - elements in the tree pane after the first render,
 *   - scrolling: the first group opened, the tree scrolled 3 rows per animation frame for 180
 *     frames (back to the top at the end): frames per second.
 * Prints one line per run and the medians.
 * Usage: node --import tsx bench/store-browser/run.ts [RUNS] [NODES] [PAUSE_MS] [PER_GROUP] [FORMAT]
 * (defaults 5, 10000, 0, 100, 3; e.g. `3 100000 0 10000` for ten groups of 10,000 children,
 * `3 100000 0 100 2` for a Zarr v2 store whose `.zmetadata` holds the same nodes)
 */
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { writeBigStore } from "../../test/browser/big-store.js";
import { openFromFileBrowser } from "../../test/browser/browser-dom.js";
import { ensureBuilt, setupLab, startLab } from "../../test/browser/lab.js";

/** Datasets per group by default. */
const PER_GROUP = 100;
/** Animation frames of the scroll measure, and rows scrolled per frame. */
const SCROLL_FRAMES = 180;
const ROWS_PER_FRAME = 3;
/** The path filter typed after the first render (matches datasets in every group). */
const FILTER = "d42";

/** The machine's load averages over 1, 5 and 15 minutes. */
function loadText(): string {
  return loadavg().map((l) => l.toFixed(1)).join(" ");
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  const wanted = Number(process.argv[3] ?? 10_000);
  const pause = Number(process.argv[4] ?? 0);
  const perGroup = Number(process.argv[5] ?? PER_GROUP);
  const format = Number(process.argv[6] ?? 3) === 2 ? 2 : 3;
  // The consolidated document the page reads: its Resource Timing entry marks the metadata's arrival.
  const docPattern = format === 2 ? "\\/files\\/big\\.zarr\\/\\.zmetadata" : "\\/files\\/big\\.zarr\\/zarr\\.json";
  const skip = setupLab();
  if (skip) {
    console.log(`SKIP: ${skip}`);
    return;
  }
  ensureBuilt();
  let nodes = 0;
  const t0 = Date.now();
  const lab = await startLab(async (contents) => {
    nodes = await writeBigStore(join(contents, "big.zarr"), wanted, perGroup, format);
  });
  console.log(`load average (1, 5, 15 min) at the start: ${loadText()}`);
  console.log(`wrote big.zarr (Zarr v${format}): ${nodes} nodes in ${((Date.now() - t0) / 1000).toFixed(1)} s (writing + lab start)`);
  const rows: { arrival: number; request: number; download: number; parsed: number; bytes: number; requests: number; filter: number; complete: number; elements: number; fps: number }[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const { page, requests } = await lab.open();
      const before = requests.length;
      await page.evaluate(() => performance.clearMarks());
      await openFromFileBrowser(page, "big.zarr");
      await page.waitForFunction(() => performance.getEntriesByName("hdmf-zarr:first-render").length > 0, undefined, { timeout: 60_000 });
      // A string, not a function: the TypeScript loader would add helpers the page does not have.
      const m = (await page.evaluate(`(() => {
        const doc = performance.getEntriesByType("resource").filter((e) => /${docPattern}$/.test(e.name.split("?")[0])).pop();
        return {
          responseEnd: doc.responseEnd,
          requestStart: doc.startTime,
          bytes: doc.decodedBodySize,
          metadata: performance.getEntriesByName("hdmf-zarr:metadata").pop().startTime,
          render: performance.getEntriesByName("hdmf-zarr:first-render").pop().startTime,
        };
      })()`)) as { responseEnd: number; requestStart: number; bytes: number; metadata: number; render: number };
      const elements = Number(await page.evaluate(`document.querySelector(".jp-HdmfZarr-panel:not(.lm-mod-hidden) .jp-HdmfZarr-treePane").querySelectorAll("*").length`));
      // The first filter, typed `pause` ms after the first render: from its input event to its first
      // hit on screen (an observer in the page, so no round trip to this script is counted).
      await page.evaluate(`(() => {
        const pane = document.querySelector(".jp-HdmfZarr-panel:not(.lm-mod-hidden) .jp-HdmfZarr-browser");
        const input = pane.querySelector("input.jp-HdmfZarr-search");
        window.__filter = {};
        input.addEventListener("input", () => { window.__filter.input = performance.now(); }, { capture: true, once: true });
        const results = pane.querySelector(".jp-HdmfZarr-searchResults");
        new MutationObserver((_, obs) => {
          if (results.hidden || !results.querySelector(".jp-HdmfZarr-searchHit")) return;
          window.__filter.shown ??= performance.now();
          // the hits found so far show first; the complete list's note has no "so far"
          if (!/so far/.test(results.querySelector(".jp-HdmfZarr-note")?.textContent ?? "")) { window.__filter.complete = performance.now(); obs.disconnect(); }
        }).observe(results, { childList: true, subtree: true, attributes: true });
      })()`);
      if (pause > 0) await page.waitForTimeout(pause);
      await page.locator(".jp-HdmfZarr-panel:not(.lm-mod-hidden) input.jp-HdmfZarr-search").fill(FILTER);
      await page.waitForFunction("window.__filter.complete !== undefined", undefined, { timeout: 60_000 });
      const f = (await page.evaluate("window.__filter")) as { input: number; shown: number; complete: number };
      // Scrolling: back to the tree, the first group opened, then scrolled frame by frame.
      await page.locator(".jp-HdmfZarr-panel:not(.lm-mod-hidden) input.jp-HdmfZarr-search").fill("");
      const first = page.locator('.jp-HdmfZarr-panel:not(.lm-mod-hidden) .jp-HdmfZarr-treeItem[aria-level="2"]').first();
      await first.locator(".jp-HdmfZarr-treeToggle").click();
      await page.locator('.jp-HdmfZarr-panel:not(.lm-mod-hidden) .jp-HdmfZarr-treeItem[aria-level="3"][data-path]').first().waitFor({ timeout: 30_000 });
      const fps = Number(await page.evaluate(`new Promise((resolve) => {
        const tree = document.querySelector(".jp-HdmfZarr-panel:not(.lm-mod-hidden) .jp-HdmfZarr-tree");
        const step = ${ROWS_PER_FRAME} * 22; // rows of 22 px (TREE_ROW_HEIGHT)
        let frames = 0, start = 0;
        const frame = (t) => {
          if (frames === 0) start = t;
          if (frames === ${SCROLL_FRAMES}) return resolve(${SCROLL_FRAMES} / ((t - start) / 1000));
          frames++;
          tree.scrollTop = tree.scrollTop + step >= tree.scrollHeight - tree.clientHeight ? 0 : tree.scrollTop + step;
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      })`));
      const row = {
        filter: f.shown - f.input,
        complete: f.complete - f.input,
        elements,
        fps,
        arrival: m.render - m.responseEnd,
        request: m.render - m.requestStart,
        download: m.responseEnd - m.requestStart,
        parsed: m.render - m.metadata,
        bytes: m.bytes,
        requests: requests.slice(before).filter((r) => r.path.startsWith("/files/big.zarr/")).length,
      };
      rows.push(row);
      console.log(
        `run ${i + 1}: metadata arrival → first tree render ${row.arrival.toFixed(0)} ms ` +
          `(of which provider open → render ${row.parsed.toFixed(0)} ms); request start → first tree render ${row.request.toFixed(0)} ms (download ${row.download.toFixed(0)} ms); ${format === 2 ? ".zmetadata" : "zarr.json"} ${(row.bytes / 1e6).toFixed(2)} MB; ` +
          `${row.requests} request(s) to the store; first filter "${FILTER}" (typed ${pause} ms after the first render) answered in ${row.filter.toFixed(0)} ms (complete list ${row.complete.toFixed(0)} ms); ` +
          `${row.elements} elements in the tree pane; scrolling ${row.fps.toFixed(0)} frames/s`,
      );
      await page.close();
    }
  } finally {
    await lab.stop();
  }
  console.log(`load average (1, 5, 15 min) at the end: ${loadText()}; cores: ${availableParallelism()}`);
  console.log(
    `median over ${runs} runs, ${nodes} nodes: metadata arrival → first tree render ${median(rows.map((r) => r.arrival)).toFixed(0)} ms ` +
      `(provider open → render ${median(rows.map((r) => r.parsed)).toFixed(0)} ms); request start → first tree render ${median(rows.map((r) => r.request)).toFixed(0)} ms ` +
      `(download ${median(rows.map((r) => r.download)).toFixed(0)} ms); first path filter (typed ${pause} ms after) ${median(rows.map((r) => r.filter)).toFixed(0)} ms, complete ${median(rows.map((r) => r.complete)).toFixed(0)} ms; ` +
      `scrolling ${median(rows.map((r) => r.fps)).toFixed(0)} frames/s`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
