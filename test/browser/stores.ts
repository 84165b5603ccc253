/**
 * The stores the browser tests open, written with this library (plus copies of the read-only
 * fixtures): a v3 copy of the ecephys tutorial file, a chunked 1-D array for request counting, and
 * a store full of hostile names, attributes and strings.
 */
import { cpSync } from "node:fs";
import { join } from "node:path";
import { DatasetBuilder, GroupBuilder, LinkBuilder, ZarrDataIO, ZarrIO } from "../../src/index.js";
import { NWBFile, NWBZarrIO, TimeIntervals, TimeSeries, loadNwbTypes } from "../../src/nwb/index.js";
import { convert } from "../../src/io/convert.js";
import { ECEPHYS_FIXTURE } from "../helpers/fixture-paths.js";

export const FIXTURE_V2 = ECEPHYS_FIXTURE;

/** Hostile strings: markup, script, event handlers, javascript: URLs. */
export const XSS = {
  img: `<img src=x onerror="window.__xss=1">`,
  script: `<script>window.__xss=2</script>`,
  // Names cannot hold "/", so the script tag in names stays unclosed.
  nameScript: `<script>window.__xss=3`,
  url: "javascript:window.__xss=4",
  quoted: `"'><img src=x onerror=window.__xss=5>`,
  svg: `<svg onload="window.__xss=6">`,
} as const;

/** Values of the chunked array: i * 0.5. */
export const CHUNKED = { length: 10_000, chunk: 100, value: (i: number) => i * 0.5 } as const;

async function write(path: string, root: GroupBuilder, zarrFormat: 2 | 3 = 3): Promise<void> {
  const io = new ZarrIO(path, "w", { zarrFormat });
  await io.writeBuilder(root);
  await io.close();
}

/** The 2-D array of the chunked store: value row * 1000 + column, in chunks of 30 × 20. */
export const GRID = { rows: 120, cols: 40, chunk: [30, 20], value: (r: number, c: number) => r * 1000 + c } as const;

/**
 * A v3 store with one chunked 1-D float64 array `/signal` (100 chunks of 100) and a 2-D int32
 * array `/grid` (GRID: 4 × 2 chunks), which the heatmap and the table show at once.
 */
export async function writeChunked(path: string): Promise<void> {
  const values = Float64Array.from({ length: CHUNKED.length }, (_, i) => CHUNKED.value(i));
  const signal = new DatasetBuilder("signal", values, { dtype: "float64", chunks: [CHUNKED.chunk], attributes: { unit: "volts" } });
  const cells = Array.from({ length: GRID.rows }, (_, r) => Array.from({ length: GRID.cols }, (_, c) => GRID.value(r, c)));
  const grid = new DatasetBuilder("grid", cells, { dtype: "int32", chunks: [...GRID.chunk] });
  await write(path, new GroupBuilder("root", { datasets: [signal, grid], attributes: { description: "a chunked signal" } }));
}

/** A v3 store whose names, attributes and strings carry the XSS payloads. */
export async function writeHostile(path: string): Promise<void> {
  const text = new DatasetBuilder(XSS.nameScript, [XSS.script, XSS.img, XSS.url, XSS.quoted, XSS.svg], {
    dtype: "text",
    attributes: { [XSS.script]: XSS.img, [XSS.img]: [XSS.script, XSS.quoted], href: XSS.url, neurodata_type: XSS.svg, namespace: XSS.img },
  });
  const inner = new GroupBuilder(XSS.img, {
    datasets: [text],
    attributes: { [XSS.quoted]: XSS.quoted, description: XSS.script, url: XSS.url },
  });
  const root = new GroupBuilder("root", { groups: [inner], attributes: { [XSS.img]: XSS.script, source: XSS.url } });
  inner.setLink(new LinkBuilder(text, XSS.quoted));
  await write(path, root);
}

/** Fill a lab root: the v2 fixture, its v3 conversion, the chunked and the hostile stores. */
export async function writeStores(root: string): Promise<void> {
  cpSync(FIXTURE_V2, join(root, "ecephys_tutorial.nwb.zarr"), { recursive: true });
  await convert(FIXTURE_V2, join(root, "ecephys_v3.nwb.zarr"), { zarrFormat: 3, allowPickle: true });
  await writeChunked(join(root, "chunked.zarr"));
  await writeHostile(join(root, "hostile.zarr"));
}

/**
 * An NWB file with a TimeSeries on irregular timestamps and a long trials table: `/acquisition/irregular`
 * holds value i at sample i, the first half at 1 kHz from 0 s, the second half every 0.5 s from
 * 10 s (data and timestamps in chunks of 1000); `/intervals/trials` has 300,000 trials of 10 ms,
 * one every 1/60 s from 10 s (start and stop in chunks of 10,000).
 */
export const IRREGULAR = {
  samples: 20_000,
  time: (i: number) => (i < 10_000 ? i / 1000 : 10 + (i - 10_000) * 0.5),
  trials: 300_000,
  trial: (k: number): [number, number] => [10 + k / 60, 10 + k / 60 + 0.01],
} as const;

export async function writeIrregular(path: string): Promise<void> {
  await loadNwbTypes();
  const file = new NWBFile({ identifier: "IRREGULAR-1", sessionDescription: "irregular timestamps", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
  const n = IRREGULAR.samples;
  file.addAcquisition(
    new TimeSeries({
      name: "irregular",
      data: new ZarrDataIO(Float64Array.from({ length: n }, (_, i) => i), { chunks: [1000] }),
      unit: "m",
      timestamps: new ZarrDataIO(Float64Array.from({ length: n }, (_, i) => IRREGULAR.time(i)), { chunks: [1000] }),
      description: "dense, then sparse",
    }),
  );
  // Whole columns at once (a row at a time is slow for 300,000 rows).
  const trials = file.addTimeIntervals(new TimeIntervals({ name: "trials", description: "trials", id: Array.from({ length: IRREGULAR.trials }, (_, k) => k) }));
  ([["start_time", 0], ["stop_time", 1]] as const).forEach(([name, side]) => {
    const values = Float64Array.from({ length: IRREGULAR.trials }, (_, k) => IRREGULAR.trial(k)[side]);
    trials.addColumn({ name, description: `${name} of the trial`, data: new ZarrDataIO(values, { chunks: [10_000] }) });
  });
  await new NWBZarrIO(path, "w").write(file);
}
