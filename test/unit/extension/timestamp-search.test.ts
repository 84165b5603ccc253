/**
 * The samples of a time range found in irregular timestamps by a search that reads only what it
 * needs (`model/sorted-column.ts`), and the clock a TimeSeries plot gets from its time axis
 * (`model/time-axis.ts`): regular timestamps keep the line through the first and last, irregular
 * ones are searched, timestamps out of order are placed in index order and said so. Over columns
 * computed value by value (10^7 samples, never held) and over NWB files written here.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ZarrDataIO } from "../../../src/index.js";
import { NWBFile, NWBZarrIO, TimeSeries, loadNwbTypes } from "../../../src/nwb/index.js";
import { LocalStore } from "../../../src/store/local.js";
import { ZarrStoreProvider } from "../../../src/extension/provider/zarr-provider.js";
import { SortedColumn } from "../../../src/extension/view/model/sorted-column.js";
import { sampleClock, timeAxisOf, timestampClock } from "../../../src/extension/view/model/time-axis.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const temps = tempFolders("timestamp-search");
after(() => temps.cleanup());

/**
 * 10^7 timestamps: the first half 1 kHz from 0 s, the second half one sample every 0.25 s with a
 * gap of 100 s after every 1000 samples.
 */
const N = 10_000_000, HALF = N / 2;
function time(i: number): number {
  if (i < HALF) return i / 1000;
  const k = i - HALF;
  return HALF / 1000 + k * 0.25 + Math.floor(k / 1000) * 100;
}

/** The column over `time`, read value by value as a store would answer, with its reads counted. */
function computed(chunk: number, values: (i: number) => number = time, length = N): SortedColumn {
  return new SortedColumn(length, chunk, async (a, b) => Float64Array.from({ length: b - a }, (_, k) => values(a + k)));
}

/** The samples with `t0 ≤ t < t1`, found by a search of `time` itself (no reads). */
function expected(t0: number, t1: number): [number, number] {
  const lower = (x: number) => {
    let lo = 0, hi = N;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (time(mid) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return [lower(t0), lower(t1)];
}

describe("the samples of a time range in irregular timestamps", () => {
  it("are exactly those with t0 ≤ t < t1, in the dense part, in the sparse part, across a gap and at the ends", async () => {
    const ranges: [number, number][] = [
      [12.3456, 12.4],
      [HALF / 1000 + 1000.1, HALF / 1000 + 1010],
      // Across a gap: the 1000 samples before it end at 249.75 s after the half, the next start 100 s later.
      [HALF / 1000 + 249.6, HALF / 1000 + 351],
      [-5, 0.0025],
      [time(N - 3), time(N - 1) + 1],
      [time(777_777), time(777_777)],
    ];
    for (const [t0, t1] of ranges) {
      const column = computed(10_000);
      const [a, b] = await column.rangeOf(t0, t1);
      assert.deepEqual([a, b], expected(t0, t1), `[${t0}, ${t1})`);
      if (a < b) assert.ok(time(a) >= t0 && time(b - 1) < t1, "the first and last are inside");
      if (a > 0) assert.ok(time(a - 1) < t0, "the one before is outside");
      if (b < N) assert.ok(time(b) >= t1, "the one after is outside");
    }
  });

  it("are found in O(log n) small reads: chunk edges by bisection, then one chunk", async () => {
    const chunk = 10_000, chunks = N / chunk;
    const column = computed(chunk);
    const [a, b] = await column.rangeOf(HALF / 1000 + 1000.1, HALF / 1000 + 1010);
    assert.deepEqual([a, b], expected(HALF / 1000 + 1000.1, HALF / 1000 + 1010));
    // Two ends, then per edge of the range: a bisection over 1000 chunk edges and one chunk read.
    const bound = 2 + 2 * (Math.ceil(Math.log2(chunks)) + 1);
    assert.ok(column.reads <= bound, `${column.reads} reads (at most ${bound})`);
    assert.ok(column.valuesRead <= 2 * chunk + 2 * Math.ceil(Math.log2(chunks)) + 2, `${column.valuesRead} values read`);
    // A second range next to the first starts from what was read: fewer reads.
    const before = column.reads;
    await column.rangeOf(HALF / 1000 + 1000.2, HALF / 1000 + 1010.5);
    assert.ok(column.reads - before <= 2, `${column.reads - before} reads for a neighbouring range`);
  });

  it("narrows one huge chunk by single values before it reads a window", async () => {
    // One chunk of 10^7: single values by bisection, then at most 65,536 values.
    const column = computed(N);
    const range = await column.rangeOf(4000.5, 4001);
    assert.deepEqual(range, expected(4000.5, 4001));
    assert.ok(column.valuesRead <= 2 * 65_536 + 64, `${column.valuesRead} values read`);
    assert.ok(column.reads <= 2 + 2 * (Math.ceil(Math.log2(N / 65_536)) + 2), `${column.reads} reads`);
  });

  it("gives the exact fractional index between the two samples around a time once searched", async () => {
    const column = computed(10_000);
    const x = HALF / 1000 + 1000.1;
    const before = column.indexAt(x);
    await column.lowerBound(x);
    const i = expected(x, x)[0];
    // 1000.1 s after the half: 0.1 s past sample i − 1 of a 0.25 s step.
    assert.ok(Math.abs(column.indexAt(x) - (i - 1 + (x - time(i - 1)) / (time(i) - time(i - 1)))) < 1e-9, `${column.indexAt(x)} at ${x}`);
    assert.ok(Math.abs(before - column.indexAt(x)) > 1000, `the estimate before the search was far off: ${before}`);
    assert.equal(column.valueAt(i), time(i), "a sample read has its own time");
  });

  it("notes the first decrease it reads, and the clock then places samples in index order", async () => {
    const values = (i: number) => (i === 5_000 ? 1 : i / 100);
    const column = computed(1_000, values, 10_000);
    await column.readWindow(0, 4096);
    await column.ensureEnds();
    const clock = timestampClock(column);
    assert.equal(clock.kind, "regular", "nothing out of order read yet: every value read is on the line");
    clock.learn(4_990, Float64Array.from({ length: 20 }, (_, k) => values(4_990 + k)));
    assert.equal(clock.kind, "unordered");
    assert.equal(clock.note(), "timestamps out of order at sample 5000 (1 after 49.99): samples placed in index order");
    assert.equal(clock.indexAt(50), 50 / (99.99 / 9_999), "the line through the first and last timestamp");
    assert.deepEqual(column.disorder, { index: 5_000, before: 49.99, after: 1 });
  });

  it("counts a NaN as out of order", async () => {
    const column = computed(100, (i) => (i === 7 ? NaN : i), 1_000);
    await column.readWindow(0, 100);
    assert.equal(column.disorder?.index, 7);
  });
});

describe("the clock of a TimeSeries over its timestamps", () => {
  let provider: ZarrStoreProvider;
  let reads = 0;
  const sparse = (i: number) => (i < 2_000 ? i / 1000 : 2 + (i - 2_000) * 0.5);

  before(async () => {
    await loadNwbTypes();
    const file = new NWBFile({ identifier: "TS-1", sessionDescription: "timestamps", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
    const n = 4_000;
    const series = (name: string, t: (i: number) => number) =>
      new TimeSeries({
        name,
        data: Float64Array.from({ length: n }, (_, i) => i),
        unit: "m",
        timestamps: new ZarrDataIO(Float64Array.from({ length: n }, (_, i) => t(i)), { chunks: [250] }),
      });
    file.addAcquisition(series("irregular", sparse));
    file.addAcquisition(series("regular", (i) => 1 + i / 200));
    file.addAcquisition(series("shuffled", (i) => (i === 100 ? 0 : i / 200)));
    const path = join(temps.make(), "ts.nwb.zarr");
    await new NWBZarrIO(path, "w").write(file);
    const p = await ZarrStoreProvider.open(new LocalStore(path), { location: path });
    provider = new Proxy(p, {
      get: (target, key) => {
        const v = Reflect.get(target, key);
        if (key !== "getValues") return typeof v === "function" ? v.bind(target) : v;
        return (...args: Parameters<ZarrStoreProvider["getValues"]>) => (reads++, target.getValues(...args));
      },
    });
  });

  it("searches irregular timestamps: indexAt is exact at the edges of a range once located", async () => {
    const axis = await timeAxisOf(provider, "/acquisition/irregular");
    const clock = await sampleClock(provider, axis, 4_000);
    assert.equal(clock.kind, "irregular");
    // 600.25–700.5 s: samples 3198.5 … 3399 (every 0.5 s from 2 s at sample 2000).
    reads = 0;
    await clock.locate!(601.25, 700.5);
    assert.ok(reads <= 2 * (Math.ceil(Math.log2(16)) + 1), `${reads} reads to locate a range`);
    assert.equal(clock.indexAt(601.25), 3198.5);
    assert.equal(clock.indexAt(700.5), 3397);
    assert.equal(clock.xOf(3397), 700.5, "a sample's x is its own timestamp");
    assert.equal(clock.note(), "");
  });

  it("keeps the line for evenly spaced timestamps (no search, no reads when navigating)", async () => {
    const axis = await timeAxisOf(provider, "/acquisition/regular");
    const clock = await sampleClock(provider, axis, 4_000);
    assert.equal(clock.kind, "regular");
    reads = 0;
    await clock.locate?.(5, 6);
    assert.equal(reads, 0);
    assert.equal(clock.indexAt(6), 1000);
    // A block read off the line turns the clock to searching.
    clock.learn(3_001, [16.2, 16.21]);
    assert.equal(clock.kind, "irregular");
  });

  it("places timestamps out of order in index order and says where they go back", async () => {
    const axis = await timeAxisOf(provider, "/acquisition/shuffled");
    const clock = await sampleClock(provider, axis, 4_000);
    assert.equal(clock.kind, "unordered");
    assert.equal(clock.note(), "timestamps out of order at sample 100 (0 after 0.495): samples placed in index order");
  });
});
