/**
 * The TimeIntervals tables of an NWB file (`/intervals/*`: trials, epochs, …) as bands over a time
 * axis: only their `start_time` and `stop_time` columns are read, and of those only the rows whose
 * interval overlaps the range shown.
 */
import { MetadataError, NodeNotFoundError } from "../../../errors.js";
import { childPath, type DataProvider, type Entity } from "../../provider/data-provider.js";
import { SortedColumn, numberReader, type ColumnReader } from "./sorted-column.js";

/** Where intervals tables live in an NWB file. */
export const INTERVALS_GROUP = "/intervals";
/** Most bands held for one range (a range holding more shows the first ones, and says so). */
export const MAX_BANDS = 100_000;
/** Rows read at once when a table is scanned (its start_time not sorted) or looked back over. */
export const SCAN_ROWS = 65_536;

/** One intervals table. */
export interface IntervalTable {
  name: string;
  path: string;
}

/** The bands of the rows overlapping a range: their start and stop, and what is left out. */
export interface IntervalBands {
  x0: Float64Array;
  x1: Float64Array;
  /** Rows of the table. */
  rows: number;
  /** Rows overlapping the range (more than `x0.length` when the bands stop at MAX_BANDS). */
  overlapping: number;
  /** What the bands leave out or how they were found, in words ("" when they are every row overlapping). */
  note: string;
}

/** The groups under `/intervals` holding `start_time` and `stop_time` (none when the file has no such group). */
export async function intervalTables(provider: DataProvider): Promise<IntervalTable[]> {
  let page;
  try {
    page = await provider.getChildren(INTERVALS_GROUP, 0, 200);
  } catch (err) {
    // No intervals group: nothing to list.
    if (err instanceof NodeNotFoundError) return [];
    throw err;
  }
  const out: IntervalTable[] = [];
  for (const e of page.entries) {
    if (e.kind !== "group") continue;
    const cols = Array.isArray(e.attributes.colnames) ? e.attributes.colnames : [];
    if (cols.includes("start_time") && cols.includes("stop_time")) out.push({ name: e.name, path: e.path });
  }
  return out;
}

/**
 * The rows of an intervals table overlapping a range, found without reading the table whole:
 * `start_time` is sorted in NWB files, so the rows starting in the range are a run found by a
 * search ({@link SortedColumn}); those starting before it and still running are a run found in
 * `stop_time` when it is sorted too (intervals that do not overlap), or else are looked for in the
 * SCAN_ROWS rows before. Both orders are checked on every value read: a `start_time` found out of
 * order makes the table scanned chunk by chunk (per chunk only its earliest start and latest stop
 * are kept, so a later range skips the chunks it cannot overlap).
 */
export class IntervalIndex {
  private readonly start: SortedColumn;
  private readonly stop: SortedColumn;
  /** Per chunk of SCAN_ROWS rows, the earliest start and latest stop (the scan's summary). */
  private summaries = new Map<number, [number, number]>();

  private constructor(
    readonly rows: number,
    chunk: number,
    private readonly readStart: ColumnReader,
    private readonly readStop: ColumnReader,
  ) {
    this.start = new SortedColumn(rows, chunk, readStart);
    this.stop = new SortedColumn(rows, chunk, readStop);
  }

  /** The index of `table`: checks that its start and stop columns are 1-d (reads no values). */
  static async open(provider: DataProvider, table: IntervalTable, store = provider.location): Promise<IntervalIndex> {
    const column = async (name: string) => {
      const e = await provider.getEntity(childPath(table.path, name));
      if (e.kind !== "dataset" || (e.shape?.length ?? 0) !== 1) throw new MetadataError(`column '${name}' of the intervals table is not a 1-d dataset`, { store, path: table.path });
      return e;
    };
    const [start, stop] = await Promise.all([column("start_time"), column("stop_time")]);
    const rows = Math.min(start.shape![0], stop.shape![0], start.readable?.[0] ?? Infinity, stop.readable?.[0] ?? Infinity);
    const reader = (e: Entity, name: string) => numberReader(provider, e.path, `values of column '${name}' of the intervals table`, table.path, store);
    return new IntervalIndex(rows, start.array?.chunks[0] ?? 0, reader(start, "start_time"), reader(stop, "stop_time"));
  }

  /** Whether `start_time` was found out of order (the table is then scanned). */
  get unsorted(): boolean {
    return this.start.disorder !== null;
  }

  /** Single reads made so far of the two columns (for the tests' bounds). */
  get reads(): number {
    return this.start.reads + this.stop.reads + this.scanReads;
  }
  private scanReads = 0;

  /** The bands of the rows whose `[start, stop)` overlaps `[min, max)`, at most MAX_BANDS of them. */
  async bandsIn(min: number, max: number): Promise<IntervalBands> {
    if (this.rows === 0) return { x0: new Float64Array(0), x1: new Float64Array(0), rows: 0, overlapping: 0, note: "" };
    if (!this.unsorted) {
      const found = await this.searched(min, max);
      if (found && !this.unsorted) return found;
    }
    return this.scanned(min, max);
  }

  /** The bands found by searches (undefined when start_time turned out to be out of order). */
  private async searched(min: number, max: number): Promise<IntervalBands | undefined> {
    const [k0, k1] = await this.start.rangeOf(min, max);
    if (this.unsorted) return undefined;
    // Rows starting before the range that still run at its start: a run ending at k0 when stop_time is sorted.
    let from = k0, note = "";
    if (k0 > 0) {
      const j = await this.stop.lowerBound(min);
      if (!this.stop.disorder) from = Math.min(k0, j);
      else {
        from = Math.max(0, k0 - SCAN_ROWS);
        if (from > 0) note = `stop_time is not sorted: intervals starting more than ${SCAN_ROWS} rows before the range are not looked at`;
      }
    }
    const bands = await this.readRows(from, k0, k1, min, max);
    if (bands.overlapping > bands.x0.length) note = [note, `the first ${bands.x0.length} of ${bands.overlapping} intervals in the range`].filter(Boolean).join(" · ");
    return { ...bands, note };
  }

  /**
   * Rows `[a, b)` read in SCAN_ROWS pieces, the ones overlapping `[min, max)` kept (MAX_BANDS at
   * most); rows from `inside` on start in the range.
   */
  private async readRows(a: number, inside: number, b: number, min: number, max: number): Promise<IntervalBands> {
    const x0: number[] = [], x1: number[] = [];
    let overlapping = 0;
    for (let s = a; s < b; s += SCAN_ROWS) {
      const e = Math.min(b, s + SCAN_ROWS);
      // Past MAX_BANDS only the count goes on: every row from `inside` on starts in the range (and so overlaps it).
      if (x0.length >= MAX_BANDS && s >= inside) {
        overlapping += b - s;
        break;
      }
      const [starts, stops] = await Promise.all([this.readStart(s, e), this.readStop(s, e)]);
      this.scanReads += 2;
      this.start.learn(s, starts);
      this.stop.learn(s, stops);
      if (this.unsorted) break;
      for (let i = 0; i < starts.length; i++) {
        if (!(stops[i] > min && starts[i] < max)) continue;
        overlapping++;
        if (x0.length < MAX_BANDS) x0.push(starts[i]), x1.push(stops[i]);
      }
    }
    return { x0: Float64Array.from(x0), x1: Float64Array.from(x1), rows: this.rows, overlapping, note: "" };
  }

  /** The bands found by a scan of the table, chunk by chunk, skipping the chunks known not to overlap. */
  private async scanned(min: number, max: number): Promise<IntervalBands> {
    const x0: number[] = [], x1: number[] = [];
    let overlapping = 0;
    for (let s = 0; s < this.rows; s += SCAN_ROWS) {
      const known = this.summaries.get(s);
      if (known && !(known[1] > min && known[0] < max)) continue;
      const e = Math.min(this.rows, s + SCAN_ROWS);
      const [starts, stops] = await Promise.all([this.readStart(s, e), this.readStop(s, e)]);
      this.scanReads += 2;
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < starts.length; i++) {
        if (starts[i] < lo) lo = starts[i];
        if (stops[i] > hi) hi = stops[i];
        if (!(stops[i] > min && starts[i] < max)) continue;
        overlapping++;
        if (x0.length < MAX_BANDS) x0.push(starts[i]), x1.push(stops[i]);
      }
      this.summaries.set(s, [lo, hi]);
    }
    const d = this.start.disorder!;
    const parts = [`start_time is not sorted (row ${d.index}: ${d.after} after ${d.before}): intervals found by a scan of the table`];
    if (overlapping > x0.length) parts.push(`the first ${x0.length} of ${overlapping} intervals in the range`);
    return { x0: Float64Array.from(x0), x1: Float64Array.from(x1), rows: this.rows, overlapping, note: parts.join(" · ") };
  }
}

/** The bands of the rows of `table` overlapping `[min, max)` (every row by default, at most MAX_BANDS). */
export async function readIntervalBands(provider: DataProvider, table: IntervalTable, store = provider.location, min = -Infinity, max = Infinity): Promise<IntervalBands> {
  return (await IntervalIndex.open(provider, table, store)).bandsIn(min, max);
}

/** Rows whose `[start, stop)` overlaps `[min, max]`. */
export function bandsInRange(bands: { x0: ArrayLike<number>; x1: ArrayLike<number> }, min: number, max: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < bands.x0.length; i++) if (bands.x1[i] > min && bands.x0[i] < max) out.push(i);
  return out;
}
