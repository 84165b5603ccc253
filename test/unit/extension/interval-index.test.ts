/**
 * The bands of an intervals table over a range (`IntervalIndex` of `model/interval-bands.ts`): the
 * rows overlapping the range, found by searches of `start_time` (and `stop_time`) in a table of
 * 10^6 rows computed value by value, with the values read counted; the look-back when `stop_time`
 * is not sorted, the scan when `start_time` is not, and the cap of MAX_BANDS, each said in the note.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DataProvider, Entity, ValueBlock } from "../../../src/extension/provider/data-provider.js";
import { IntervalIndex, MAX_BANDS, SCAN_ROWS } from "../../../src/extension/view/model/interval-bands.js";
import { MetadataError } from "../../../src/errors.js";

const TABLE = { name: "trials", path: "/intervals/trials" };

/** A provider of one intervals table whose columns are computed, counting the values it gives. */
function tableOf(rows: number, start: (i: number) => number, stop: (i: number) => number, chunk = 10_000) {
  const counts = { values: 0, requests: 0 };
  const columns: Record<string, (i: number) => number> = { start_time: start, stop_time: stop };
  const entity = (path: string): Entity => ({
    kind: "dataset", name: path.split("/").pop()!, path, type: null, description: null, attributes: {}, references: [], childCount: null,
    shape: [rows], array: { chunks: [chunk] } as Entity["array"],
  });
  const provider = {
    location: "table.nwb.zarr",
    getEntity: async (path: string) => entity(path),
    getValues: async (path: string, sel: readonly (readonly [number, number])[]): Promise<ValueBlock> => {
      const [a, b] = sel[0];
      counts.values += b - a;
      counts.requests++;
      const f = columns[path.split("/").pop()!];
      const numbers = Float64Array.from({ length: b - a }, (_, k) => f(a + k));
      return { shape: [b - a], values: [], numbers };
    },
  } as unknown as DataProvider;
  return { provider, counts };
}

/** The rows of a table overlapping `[min, max)`, by reading every row. */
function overlapping(rows: number, start: (i: number) => number, stop: (i: number) => number, min: number, max: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows; i++) if (stop(i) > min && start(i) < max) out.push(i);
  return out;
}

const ROWS = 1_000_000;
/** Trials of 0.5 s every second, from 0 s. */
const trialStart = (i: number) => i, trialStop = (i: number) => i + 0.5;

describe("the bands of an intervals table over a range", () => {
  it("are the rows overlapping it, found in a table of 10^6 rows by reading a few hundred values", async () => {
    const { provider, counts } = tableOf(ROWS, trialStart, trialStop);
    const index = await IntervalIndex.open(provider, TABLE);
    assert.equal(counts.values, 0, "opening reads no values");
    const bands = await index.bandsIn(500_000.2, 500_010.7);
    const rows = overlapping(ROWS, trialStart, trialStop, 500_000.2, 500_010.7);
    assert.deepEqual([...bands.x0], rows.map(trialStart));
    assert.deepEqual([...bands.x1], rows.map(trialStop));
    assert.equal(bands.overlapping, 11);
    assert.equal(bands.note, "");
    // Per search a bisection over 100 chunk edges and one chunk of 10,000 values: far from the 2 × 10^6.
    assert.ok(counts.values < 4 * 10_000 + 100, `${counts.values} values read`);
    assert.ok(counts.requests < 40, `${counts.requests} requests`);
  });

  it("counts a band that started before the range and is still running, when stop_time is sorted", async () => {
    // Intervals of 10 s every second: each range overlaps the ten that began before it.
    const { provider } = tableOf(ROWS, trialStart, (i) => i + 10);
    const bands = await (await IntervalIndex.open(provider, TABLE)).bandsIn(700_000.5, 700_001.5);
    const rows = overlapping(ROWS, trialStart, (i) => i + 10, 700_000.5, 700_001.5);
    assert.equal(rows.length, 11, "699,991 to 700,001");
    assert.deepEqual([...bands.x0], rows);
    assert.equal(bands.note, "");
  });

  it("looks back SCAN_ROWS rows when stop_time is not sorted, and says what it did not look at", async () => {
    // Row 0 is an epoch over the whole table; the others are trials.
    const stop = (i: number) => (i === 0 ? 2e6 : i + 0.5);
    const { provider } = tableOf(ROWS, trialStart, stop);
    const index = await IntervalIndex.open(provider, TABLE);
    const near = await index.bandsIn(10.2, 12.7);
    assert.deepEqual([...near.x0], [0, 10, 11, 12], "the epoch is found within the look-back");
    assert.equal(near.note, "");
    const far = await index.bandsIn(900_000.2, 900_001.7);
    assert.deepEqual([...far.x0], [900_000, 900_001], "the epoch is not looked for that far back");
    assert.equal(far.note, `stop_time is not sorted: intervals starting more than ${SCAN_ROWS} rows before the range are not looked at`);
  });

  it("scans the table chunk by chunk when start_time is not sorted, and skips the chunks it knows not to overlap next time", async () => {
    // Blocks of SCAN_ROWS rows in reverse order of time.
    const blocks = Math.ceil(ROWS / SCAN_ROWS);
    const start = (i: number) => (blocks - 1 - Math.floor(i / SCAN_ROWS)) * SCAN_ROWS + (i % SCAN_ROWS);
    const stop = (i: number) => start(i) + 0.5;
    const { provider, counts } = tableOf(ROWS, start, stop);
    const index = await IntervalIndex.open(provider, TABLE);
    const bands = await index.bandsIn(300_000.2, 300_003.7);
    const rows = overlapping(ROWS, start, stop, 300_000.2, 300_003.7);
    assert.deepEqual([...bands.x0].sort((a, b) => a - b), rows.map(start).sort((a, b) => a - b));
    assert.ok(index.unsorted);
    assert.match(bands.note, /^start_time is not sorted \(row \d+: [\d.]+ after [\d.]+\): intervals found by a scan of the table$/);
    const before = counts.values;
    const again = await index.bandsIn(300_010.2, 300_011.7);
    assert.deepEqual([...again.x0], [300_010, 300_011]);
    assert.ok(counts.values - before <= 2 * SCAN_ROWS, `the second range reads one chunk of each column: ${counts.values - before} values`);
  });

  it("holds at most MAX_BANDS bands and says how many the range has", async () => {
    const { provider, counts } = tableOf(ROWS, trialStart, trialStop);
    const bands = await (await IntervalIndex.open(provider, TABLE)).bandsIn(-1, 2e6);
    assert.equal(bands.x0.length, MAX_BANDS);
    assert.equal(bands.overlapping, ROWS);
    assert.equal(bands.note, `the first ${MAX_BANDS} of ${ROWS} intervals in the range`);
    assert.ok(counts.values < 2 * (MAX_BANDS + 2 * SCAN_ROWS), `${counts.values} values read`);
  });

  it("names the file and the table when a column is not numbers", async () => {
    const { provider } = tableOf(10, trialStart, trialStop);
    const texts = { ...provider, getValues: async () => ({ shape: [1], values: ["a"], numbers: null }) } as DataProvider;
    await assert.rejects(
      (await IntervalIndex.open(texts, TABLE)).bandsIn(0, 1),
      (e: unknown) => e instanceof MetadataError && e.message === "'/intervals/trials' in 'table.nwb.zarr': values of column 'start_time' of the intervals table are not numbers",
    );
  });
});
