/**
 * Line plot / stacked traces benchmark: frame times while panning the stacked traces of a
 * 10^6 × 64 int16 ElectricalSeries, and the requests each view makes.
 *
 * Writes an NWB file (Zarr v3) whose ElectricalSeries holds SAMPLES × CHANNELS int16 values
 * (chunks of 10,000 samples × 64 channels) at 30 kHz, starts JupyterLab with the built extension
 * (test/browser/lab.ts), opens the series in the store browser in Debian's chromium and measures:
 *   - requests to the series' data for the first view (16 channels) and for all 64 channels,
 *   - frame times while panning: the view zoomed to a quarter of the window read, then moved by
 *     1% of its span every animation frame for FRAMES frames (back and forth), each move
 *     drawing the samples read as min/max per pixel column of 64 traces,
 *   - a jump of the slider (the zoom kept): requests, and the time until the new range is drawn,
 *   - zooming out to the whole series: requests, values read and the time until it is drawn.
 * Usage: node --import tsx bench/browser-plots/run.ts [SAMPLES] [CHANNELS] [FRAMES]
 * (defaults 1000000, 64, 240)
 */
import { loadavg } from "node:os";
import { join } from "node:path";
import { DataChunkIterator, ZarrDataIO } from "../../src/index.js";
import { Device, ElectricalSeries, ElectrodeGroup, NWBFile, NWBZarrIO, loadNwbTypes } from "../../src/nwb/index.js";
import { openFromFileBrowser, selectNode } from "../../test/browser/browser-dom.js";
import { ensureBuilt, setupLab, startLab } from "../../test/browser/lab.js";

const CHUNK = 10_000;

async function writeSeries(path: string, samples: number, channels: number): Promise<void> {
  await loadNwbTypes();
  const file = new NWBFile({ identifier: "BENCH-PLOTS", sessionDescription: "plot benchmark", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
  const device = file.addDevice(new Device({ name: "probe", description: "a probe" }));
  const group = file.addElectrodeGroup(new ElectrodeGroup({ name: "shank0", description: "shank", location: "CA1", device }));
  const rows = Array.from({ length: channels }, (_, c) => c);
  file.addElectrodes({ location: rows.map((c) => (c < channels / 2 ? "CA1" : "CA3")), group: rows.map(() => group), x: rows, y: rows.map(() => 0), z: rows.map(() => 0) });
  function* data() {
    for (let t = 0; t < samples; t++) yield Int16Array.from({ length: channels }, (_, c) => Math.round(1000 * Math.sin(t / (40 + c)) + ((t * 7919 + c * 104729) % 200) - 100));
  }
  const io = new ZarrDataIO(new DataChunkIterator({ data: data(), bufferSize: CHUNK }), { chunks: [CHUNK, channels] });
  file.addAcquisition(new ElectricalSeries({ name: "raw", data: io, rate: 30_000, startingTime: 0, electrodes: file.createElectrodeRegion(rows), description: "int16 traces" }));
  await new NWBZarrIO(path, "w").write(file);
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

async function main(): Promise<void> {
  const samples = Number(process.argv[2] ?? 1_000_000);
  const channels = Number(process.argv[3] ?? 64);
  const frames = Number(process.argv[4] ?? 240);
  const skip = setupLab();
  if (skip) {
    console.log(`SKIP: ${skip}`);
    return;
  }
  ensureBuilt();
  const t0 = Date.now();
  const lab = await startLab((contents) => writeSeries(join(contents, "bench.nwb.zarr"), samples, channels));
  console.log(`wrote bench.nwb.zarr: ${samples} × ${channels} int16 in ${((Date.now() - t0) / 1000).toFixed(1)} s (writing + lab start)`);
  const DATA = "/files/bench.nwb.zarr/acquisition/raw/data/";
  try {
    const { page, requests } = await lab.open();
    const dataGets = (from: number) => requests.slice(from).filter((r) => r.method === "GET" && r.path.startsWith(DATA));
    const panel = ".jp-HdmfZarr-panel:not(.lm-mod-hidden)";
    const browser = await openFromFileBrowser(page, "bench.nwb.zarr");
    await selectNode(browser, "/acquisition/raw");
    const before = requests.length;
    const opened = Date.now();
    await browser.locator('button[data-tab="display"]').click();
    await browser.locator('.jp-HdmfZarr-plot text.jp-HdmfZarr-plotLabel[data-axis="y"]').first().waitFor({ timeout: 60_000 });
    const firstMs = Date.now() - opened;
    const first = dataGets(before);
    const lanes = async () => Number(await page.evaluate(`document.querySelectorAll('${panel} text.jp-HdmfZarr-plotLabel[data-axis="y"]').length`));
    console.log(`first view (${await lanes()} channels): ${first.length} data request(s) (${first.map((r) => r.path.slice(DATA.length)).join(", ")}), ${requests.length - before} request(s) in all, drawn in ${firstMs} ms`);

    const beforeAll = requests.length;
    const input = browser.locator("input.jp-HdmfZarr-channelInput");
    await input.fill(`0-${channels - 1}`);
    await input.press("Enter");
    for (let i = 0; (await lanes()) !== channels && i < 300; i++) await page.waitForTimeout(100);
    await page.waitForTimeout(500);
    console.log(`all ${channels} channels: ${dataGets(beforeAll).length} data request(s), ${requests.length - beforeAll} request(s) in all`);

    // Pan: zoomed to a quarter of the window, moved 1% of the span per frame, reversing at the ends.
    const pan = (await page.evaluate(`new Promise((resolve) => {
      const plot = document.querySelector('${panel} .jp-HdmfZarr-plot');
      const h = plot.plotHandle;
      const [a, b] = h.xRange();
      const span = (b - a) / 4;
      h.setXRange(a, a + span);
      let dir = 1, n = 0, last = 0;
      const out = [], script = [];
      const frame = (t) => {
        if (last) out.push(t - last);
        last = t;
        if (n++ === ${frames}) return resolve({ out, script });
        const [lo] = h.xRange();
        if (lo + span * 1.01 > b) dir = -1;
        if (lo - span * 0.01 < a) dir = 1;
        const s0 = performance.now();
        h.setXRange(lo + dir * span * 0.01, lo + dir * span * 0.01 + span);
        script.push(performance.now() - s0);
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    })`)) as { out: number[]; script: number[] };
    const { out: times, script } = pan;
    console.log(`load average while panning: ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
    const mean = times.reduce((s, x) => s + x, 0) / times.length;
    console.log(
      `panning ${channels} traces (${frames} frames): frame time median ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms, ` +
        `max ${Math.max(...times).toFixed(1)} ms; ${(1000 / mean).toFixed(0)} frames/s; ` +
        `script per pan step (reduce + uPlot draw + labels) median ${quantile(script, 0.5).toFixed(1)} ms, p95 ${quantile(script, 0.95).toFixed(1)} ms`,
    );

    // The jump slider: the range shown moves there, its width kept, and is read and drawn.
    const slider = browser.locator('.jp-HdmfZarr-display input[aria-label="jump to sample"]');
    const beforeSlide = requests.length;
    const moved = Date.now();
    const max = Number(await slider.getAttribute("max"));
    await slider.fill(String(Math.floor(max / 2)));
    for (let i = 0; dataGets(beforeSlide).length === 0 && i < 300; i++) await page.waitForTimeout(20);
    await page.waitForFunction(`document.querySelector('${panel} .jp-HdmfZarr-note:last-child')?.textContent.includes('samples ${Math.floor(max / 2)}')`, undefined, { timeout: 60_000 });
    console.log(`jump slider moved to sample ${Math.floor(max / 2)}: ${dataGets(beforeSlide).length} data request(s), drawn in ${Date.now() - moved} ms`);

    // Zoom out to the whole series: sampled runs, read and drawn.
    const beforeAllRange = requests.length;
    const zoomed = Date.now();
    const whole = (await page.evaluate(`new Promise((resolve) => {
      const plot = document.querySelector('${panel} .jp-HdmfZarr-plot');
      plot.plotHandle.setXRange(-1e9, 1e9);
      setTimeout(() => plot.plotHandle.settled().then(() => resolve({ samples: plot.getAttribute('data-samples'), decimation: plot.getAttribute('data-decimation'), caption: plot.querySelector('.jp-HdmfZarr-plotCaption').textContent })), 50);
    })`)) as { samples: string; decimation: string; caption: string };
    console.log(`zoomed out to the whole series: ${dataGets(beforeAllRange).length} data request(s), drawn in ${Date.now() - zoomed} ms; samples read ${whole.samples}, decimation ${whole.decimation}; "${whole.caption}"`);
    await page.close();
  } finally {
    await lab.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
