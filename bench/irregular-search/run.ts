/**
 * What a trace plot reads to place a time range on irregular timestamps, and what the intervals
 * overlay reads for the bands of a range, on stores written here: a TimeSeries' `timestamps` of
 * SAMPLES values (dense first half at 1 kHz, then one every 0.25 s with a 100 s gap after every
 * 1000) in chunks of 10,000, and an intervals table of ROWS trials in chunks of 10,000. Prints, per
 * range, the requests and values read and the time taken (reads through ZarrStoreProvider over a
 * LocalStore), with the machine's load.
 * Usage: node --import tsx bench/irregular-search/run.ts [SAMPLES] [ROWS]   (defaults 10000000, 1000000)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { DatasetBuilder, GroupBuilder, ZarrIO } from "../../src/index.js";
import { LocalStore } from "../../src/store/local.js";
import { ZarrStoreProvider } from "../../src/extension/provider/zarr-provider.js";
import type { DataProvider } from "../../src/extension/provider/data-provider.js";
import { sampleClock } from "../../src/extension/view/model/time-axis.js";
import { IntervalIndex } from "../../src/extension/view/model/interval-bands.js";

const samples = Number(process.argv[2] ?? 10_000_000);
const rows = Number(process.argv[3] ?? 1_000_000);
const half = Math.floor(samples / 2);
const time = (i: number) => (i < half ? i / 1000 : half / 1000 + (i - half) * 0.25 + Math.floor((i - half) / 1000) * 100);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "irregular-search-"));
  const path = join(dir, "bench.zarr");
  try {
    const ts = new DatasetBuilder("timestamps", Float64Array.from({ length: samples }, (_, i) => time(i)), { dtype: "float64", chunks: [10_000] });
    const start = new DatasetBuilder("start_time", Float64Array.from({ length: rows }, (_, k) => k), { dtype: "float64", chunks: [10_000] });
    const stop = new DatasetBuilder("stop_time", Float64Array.from({ length: rows }, (_, k) => k + 0.5), { dtype: "float64", chunks: [10_000] });
    const io = new ZarrIO(path, "w");
    await io.writeBuilder(new GroupBuilder("root", { groups: [new GroupBuilder("trials", { datasets: [start, stop] })], datasets: [ts] }));
    await io.close();

    const opened = await ZarrStoreProvider.open(new LocalStore(path), { location: path });
    const counts = { requests: 0, values: 0 };
    const provider = new Proxy(opened, {
      get(target, key) {
        if (key === "getValues") {
          return async (...args: Parameters<DataProvider["getValues"]>) => {
            const block = await target.getValues(...args);
            counts.requests++;
            counts.values += block.numbers?.length ?? 0;
            return block;
          };
        }
        const v = Reflect.get(target, key);
        return typeof v === "function" ? v.bind(target) : v;
      },
    }) as DataProvider;
    const measure = async (what: string, f: () => Promise<string>) => {
      const [r, v, t0] = [counts.requests, counts.values, performance.now()];
      const result = await f();
      console.log(`${what.padEnd(44)} ${String(counts.requests - r).padStart(4)} requests ${String(counts.values - v).padStart(8)} values ${(performance.now() - t0).toFixed(1).padStart(7)} ms  ${result}`);
    };

    console.log(`load ${loadavg().map((l) => l.toFixed(1)).join(" ")} · ${samples.toLocaleString("en-US")} timestamps, ${rows.toLocaleString("en-US")} intervals, chunks of 10,000`);
    let clock: Awaited<ReturnType<typeof sampleClock>>;
    await measure("open the series' clock", async () => {
      clock = await sampleClock(provider, { kind: "timestamps", path: "/timestamps" }, samples);
      return clock.kind;
    });
    for (const [a, b] of [[1234.5, 1240], [time(half + 123_456) + 0.1, time(half + 123_999)], [time(samples - 500), time(samples - 1)]]) {
      await measure(`locate ${a.toFixed(2)}–${b.toFixed(2)} s`, async () => {
        await clock.locate!(a, b);
        return `samples ${Math.ceil(clock.indexAt(a))}–${Math.floor(clock.indexAt(b))}`;
      });
    }
    const index = await IntervalIndex.open(provider, { name: "trials", path: "/trials" });
    for (const [a, b] of [[10.2, 15.7], [rows / 2 + 0.2, rows / 2 + 60], [rows - 30, rows]]) {
      await measure(`bands of ${a}–${b} s`, async () => `${(await index.bandsIn(a, b)).x0.length} bands`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
