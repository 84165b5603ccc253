/**
 * Our side of the LINDI open benchmark: one timed open, printing one JSON line with the same fields
 * as read_python.py.
 *
 *   node --import tsx bench/lindi-open/read.ts <url of the .lindi.json> <series path>
 *
 * open = NWBZarrIO.readNwb(url) (a usable NWBFile). The touch fields (counts of TimeSeries, units,
 * electrodes; rows [10, 60) of the series) are read after the clock stops.
 */
import { performance } from "node:perf_hooks";

const SLICE_START = 10;
const SLICE_STOP = 60;

type Lib = typeof import("../../src/index.js");

async function touch(lib: Lib, nwbfile: InstanceType<Lib["NWBFile"]>, seriesPath: string) {
  const series = [...nwbfile.acquisition.ofType(lib.TimeSeries)];
  for (const module of nwbfile.processing.values()) series.push(...module.dataInterfaces.ofType(lib.TimeSeries));
  const parts = seriesPath.split("/");
  const one = parts[0] === "acquisition" ? nwbfile.acquisition.get(parts[1], lib.TimeSeries) : nwbfile.processing.get(parts[1])?.dataInterfaces.get(parts[2], lib.TimeSeries);
  if (one?.data === undefined) throw new Error(`no series data at ${seriesPath}`);
  const window = await one.data.get([lib.slice(SLICE_START, SLICE_STOP)]);
  let sum = 0;
  for (const v of Array.from(window.data as ArrayLike<number>)) sum += Number(v);
  return {
    identifier: nwbfile.identifier, series: series.length, units: nwbfile.units?.length, electrodes: nwbfile.electrodes?.length,
    slice_count: window.data.length, slice_sum: sum,
  };
}

async function main(): Promise<void> {
  const [url, seriesPath] = process.argv.slice(2);
  let t = performance.now();
  const lib: Lib = await import("../../src/index.js");
  const importS = (performance.now() - t) / 1000;
  t = performance.now();
  const nwbfile = await lib.NWBZarrIO.readNwb(url);
  const open = (performance.now() - t) / 1000;
  const out = { reader: "ours", import: importS, open, touch: await touch(lib, nwbfile, seriesPath) };
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
