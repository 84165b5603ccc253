/**
 * Our side of the NWB open benchmark: one timed pass over the file, printing one JSON line with the
 * same steps and checksums as read_python.py.
 *
 *   node --import tsx bench/nwb-open/read.ts <path> <series path> [--breakdown]
 *
 * open = NWBZarrIO.readNwb(path) (a usable NWBFile); units = the spike times of every unit (the
 * ragged column in one readColumn call); slice = rows [10, 60) of one TimeSeries. `--breakdown`
 * opens with the steps of read() called one by one instead: type map (bundled schemas + NWB
 * classes), store + consolidated metadata, builder tree, then containers (cached namespaces,
 * object mapping, the NWBFile's small fields).
 */
import { performance } from "node:perf_hooks";

const SLICE_START = 10;
const SLICE_STOP = 60;

type Lib = typeof import("../../src/index.js");

function seriesAt(nwbfile: InstanceType<Lib["NWBFile"]>, path: string): InstanceType<Lib["TimeSeries"]> {
  const parts = path.split("/");
  const found = parts[0] === "acquisition" ? nwbfile.acquisition.get(parts[1]) : nwbfile.processing.get(parts[1])?.children.find((c) => c.name === parts[2]);
  if (found === undefined) throw new Error(`no series at ${path}`);
  return found as InstanceType<Lib["TimeSeries"]>;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const [path, seriesPath] = args.filter((a) => !a.startsWith("--"));
  const breakdown = args.includes("--breakdown");

  let t = performance.now();
  const lib: Lib = await import("../../src/index.js");
  const importMs = performance.now() - t;

  const steps: Record<string, number> = {};
  t = performance.now();
  let nwbfile: InstanceType<Lib["NWBFile"]>;
  if (breakdown) {
    const io = new lib.NWBZarrIO(path, "r");
    let s = performance.now();
    const lap = (name: string) => {
      const now = performance.now();
      steps[name] = (now - s) / 1000;
      s = now;
    };
    await io.typeMap();
    lap("type_map");
    await io.open();
    lap("metadata");
    await io.readBuilder();
    lap("builders");
    nwbfile = await io.read<InstanceType<Lib["NWBFile"]>>();
    lap("containers");
  } else {
    nwbfile = await lib.NWBZarrIO.readNwb(path);
  }
  const t1 = performance.now();

  const units = nwbfile.units;
  if (units === undefined) throw new Error("the file has no units");
  const trains = await units.readColumn("spike_times", 0, units.length);
  let spikeCount = 0;
  let spikeSum = 0;
  for (const train of trains) {
    for (const v of Array.from(train as ArrayLike<number>)) {
      spikeCount++;
      spikeSum += Number(v);
    }
  }
  const t2 = performance.now();

  const series = seriesAt(nwbfile, seriesPath);
  const window = await series.data!.get([lib.slice(SLICE_START, SLICE_STOP)]);
  let sliceSum = 0;
  for (const v of Array.from(window.data as ArrayLike<number>)) sliceSum += Number(v);
  const t3 = performance.now();

  const out = {
    reader: breakdown ? "ours-breakdown" : "ours", import: importMs / 1000, open: (t1 - t) / 1000, units: (t2 - t1) / 1000,
    slice: (t3 - t2) / 1000, n_units: trains.length, spike_count: spikeCount, spike_sum: spikeSum,
    slice_count: window.data.length, slice_sum: sliceSum, ...(breakdown ? { steps } : {}),
  };
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
