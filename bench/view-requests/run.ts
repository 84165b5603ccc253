/**
 * Requests per view: what each view of the store browser's Display pane fetches from the store,
 * on one NWB file holding every kind of object a view exists for.
 *
 * Writes the file (Zarr v3, consolidated) with our writer, starts JupyterLab with the built
 * extension (test/browser/lab.ts), and in Debian's chromium opens each object in the store browser,
 * with the Display tab open, and waits until the view is drawn and the network has been quiet for
 * QUIET_MS. It prints, per view: the GET requests to the store (metadata documents and chunks
 * apart), the chunks fetched twice, and the time until the network went quiet. The last row shows
 * a 2-d dataset a second time (heatmap and table above each other): its chunks come from the
 * shared chunk cache, so it should fetch nothing new.
 * Usage: node --import tsx bench/view-requests/run.ts
 */
import { join } from "node:path";
import {
  Device, ElectricalSeries, ElectrodeGroup, ImageSegmentation, ImagingPlane, NWBFile, NWBZarrIO, OpticalChannel, PlaneSegmentation,
  Position, ProcessingModule, SpatialSeries, TwoPhotonSeries, loadNwbTypes,
} from "../../src/nwb/index.js";
import { openFromFileBrowser, selectNode } from "../../test/browser/browser-dom.js";
import { ensureBuilt, setupLab, startLab } from "../../test/browser/lab.js";

const STORE = "views.nwb.zarr";
const QUIET_MS = 1_000;
const SIZES = { samples: 200_000, channels: 32, units: 200, spikesPerUnit: 500, trials: 400, positions: 20_000, rois: 100, plane: 64, frames: 60 };

/** A deterministic pseudo-random sequence (so every run writes the same file). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

async function writeFile(path: string): Promise<void> {
  await loadNwbTypes();
  const rnd = lcg(7);
  const file = new NWBFile({ identifier: "BENCH-VIEWS", sessionDescription: "one object per view", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
  const device = file.addDevice(new Device({ name: "probe", description: "a probe" }));
  const group = file.addElectrodeGroup(new ElectrodeGroup({ name: "shank0", description: "shank", location: "CA1", device }));
  const rows = Array.from({ length: SIZES.channels }, (_, c) => c);
  file.addElectrodes({ location: rows.map((c) => (c % 2 ? "CA1" : "CA3")), group: rows.map(() => group), x: rows, y: rows.map(() => 0), z: rows.map(() => 0) });
  const data = Array.from({ length: SIZES.samples }, (_, t) => Int16Array.from(rows, (c) => Math.round(800 * Math.sin(t / (30 + c)) + 200 * rnd())));
  file.addAcquisition(new ElectricalSeries({ name: "raw", data, rate: 30_000, startingTime: 0, electrodes: file.createElectrodeRegion(rows), description: "int16 traces" }));
  for (let u = 0; u < SIZES.units; u++) {
    const spikeTimes = Array.from({ length: SIZES.spikesPerUnit }, (_, k) => (k + rnd()) * (600 / SIZES.spikesPerUnit));
    file.addUnit({ spikeTimes });
  }
  for (let t = 0; t < SIZES.trials; t++) file.addTrial({ startTime: t * 1.5, stopTime: t * 1.5 + 1, tags: [t % 3 ? "go" : "stop"] });
  const positions = Array.from({ length: SIZES.positions }, (_, i) => [Math.cos(i / 500) * 10, Math.sin(i / 700) * 5]);
  const pos = new SpatialSeries({ name: "pos", data: positions, rate: 50, startingTime: 0, unit: "cm", referenceFrame: "arena corner", description: "position" });
  const behavior = file.addProcessingModule(new ProcessingModule({ name: "behavior", description: "behaviour" }));
  behavior.add(new Position({ spatialSeries: [pos] }));
  const scope = file.addDevice(new Device({ name: "scope", description: "a two-photon scope" }));
  const channel = new OpticalChannel({ name: "green", description: "green channel", emissionLambda: 520 });
  const plane = new ImagingPlane({ name: "planeA", opticalChannel: channel, device: scope, excitationLambda: 920, indicator: "GCaMP6f", location: "V1", description: "plane", imagingRate: 30 });
  file.group("general").group("optophysiology").add(plane);
  const n = SIZES.plane;
  const frames = Array.from({ length: SIZES.frames }, (_, f) => Array.from({ length: n }, (_, y) => Uint16Array.from({ length: n }, (_, x) => (x * 13 + y * 7 + f * 31) % 4096)));
  file.addAcquisition(new TwoPhotonSeries({ name: "frames", data: frames, rate: 30, startingTime: 0, imagingPlane: plane, unit: "a.u.", description: "frames" }));
  const masks = Array.from({ length: SIZES.rois }, (_, k) => {
    const cx = 4 + ((k * 17) % (n - 8));
    const cy = 4 + ((k * 29) % (n - 8));
    return Array.from({ length: n }, (_, x) => Array.from({ length: n }, (_, y) => ((x - cx) ** 2 + (y - cy) ** 2 <= 9 ? 1 : 0)));
  });
  const rois = new PlaneSegmentation({ name: "rois", description: "image masks", imagingPlane: plane, imageMasks: masks });
  const ophys = file.addProcessingModule(new ProcessingModule({ name: "ophys", description: "optical physiology" }));
  ophys.add(new ImageSegmentation({ planeSegmentations: [rois] }));
  await new NWBZarrIO(path, "w").write(file);
}

/** The views measured: a label and the object shown. */
const VIEWS: { label: string; path: string }[] = [
  { label: "ElectricalSeries: stacked traces", path: "/acquisition/raw" },
  { label: "2-d dataset: heatmap + table", path: "/acquisition/raw/data" },
  { label: "Units: raster + table", path: "/units" },
  { label: "TimeIntervals: bars + table", path: "/intervals/trials" },
  { label: "SpatialSeries: trajectory", path: "/processing/behavior/Position/pos" },
  { label: "TwoPhotonSeries: frames", path: "/acquisition/frames" },
  { label: "PlaneSegmentation: ROI masks + table", path: "/processing/ophys/ImageSegmentation/rois" },
  { label: "DynamicTable: electrodes", path: "/general/extracellular_ephys/electrodes" },
  { label: "2-d dataset again (shared chunk cache)", path: "/acquisition/raw/data" },
];

async function main(): Promise<void> {
  const skip = setupLab();
  if (skip) {
    console.log(`SKIP: ${skip}`);
    return;
  }
  ensureBuilt();
  const lab = await startLab((contents) => writeFile(join(contents, STORE)));
  const prefix = `/files/${STORE}/`;
  try {
    const { page, requests } = await lab.open();
    const gets = (from: number) => requests.slice(from).filter((r) => r.method === "GET" && r.path.startsWith(prefix));
    const browser = await openFromFileBrowser(page, STORE);
    const seen = new Map<string, number>();
    for (const r of gets(0)) seen.set(`${r.path} ${r.range ?? ""}`, (seen.get(`${r.path} ${r.range ?? ""}`) ?? 0) + 1);
    console.log(`opening the store: ${gets(0).length} request(s)`);
    console.log("\n| view | requests | metadata | chunks | fetched before | quiet after ms |\n|---|---:|---:|---:|---:|---:|");
    await browser.locator('button[data-tab="display"]').click();
    for (const v of VIEWS) {
      // Counted from the click: with the Display tab open, selecting a node draws its view.
      const before = requests.length;
      const t0 = Date.now();
      await selectNode(browser, v.path);
      await browser.locator(".jp-HdmfZarr-display .jp-HdmfZarr-viewBody > *").first().waitFor({ timeout: 60_000 });
      // Quiet: no new request for QUIET_MS.
      let count = requests.length;
      let lastChange = Date.now();
      while (Date.now() - lastChange < QUIET_MS) {
        await page.waitForTimeout(100);
        if (requests.length !== count) (count = requests.length), (lastChange = Date.now());
      }
      const mine = gets(before);
      const isMeta = (p: string) => /(zarr\.json|\.zarray|\.zgroup|\.zattrs|\.zmetadata)$/.test(p);
      const again = mine.filter((r) => seen.has(`${r.path} ${r.range ?? ""}`)).length;
      for (const r of mine) seen.set(`${r.path} ${r.range ?? ""}`, (seen.get(`${r.path} ${r.range ?? ""}`) ?? 0) + 1);
      const meta = mine.filter((r) => isMeta(r.path)).length;
      console.log(`| ${v.label} | ${mine.length} | ${meta} | ${mine.length - meta} | ${again} | ${lastChange - t0} |`);
    }
    await page.close();
  } finally {
    await lab.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
