/**
 * The time axis of a TimeSeries, from its `timestamps` dataset, or from `starting_time` (a scalar
 * with a `rate` attribute) as `t0 + i / rate` — the two ways NWB stores sample times. Only the
 * window shown is read; irregular timestamps are searched for the samples of a range.
 */
import type { DataProvider, Entity } from "../../provider/data-provider.js";
import { childPath } from "../../provider/data-provider.js";
import { SortedColumn, numberReader } from "./sorted-column.js";

/** How the sample times of a series are known. */
export type TimeAxis =
  | { kind: "timestamps"; path: string }
  | { kind: "rate"; start: number; rate: number }
  | { kind: "index" };

async function entityOrUndefined(provider: DataProvider, path: string): Promise<Entity | undefined> {
  try {
    return await provider.getEntity(path);
  } catch {
    return undefined;
  }
}

/** The time axis of the series at `seriesPath` (`index` when it has neither timestamps nor a rate). */
export async function timeAxisOf(provider: DataProvider, seriesPath: string): Promise<TimeAxis> {
  const ts = await entityOrUndefined(provider, childPath(seriesPath, "timestamps"));
  if (ts && (ts.kind === "dataset" || ts.kind === "link")) return { kind: "timestamps", path: ts.kind === "link" ? ts.target!.path : ts.path };
  const st = await entityOrUndefined(provider, childPath(seriesPath, "starting_time"));
  const rate = Number(st?.attributes.rate);
  if (st && Number.isFinite(rate) && rate > 0) {
    const block = await provider.getValues(st.path, []).catch(() => undefined);
    const t0 = block?.numbers?.[0];
    return { kind: "rate", start: t0 !== undefined && Number.isFinite(t0) ? t0 : 0, rate };
  }
  return { kind: "index" };
}

/** Times of samples `[start, stop)` on an axis (reads only that window of `timestamps`). */
export async function timesFor(provider: DataProvider, axis: TimeAxis, start: number, stop: number): Promise<Float64Array> {
  const n = Math.max(0, stop - start);
  if (axis.kind === "timestamps") {
    const block = await provider.getValues(axis.path, [[start, stop]]);
    return block.numbers ?? new Float64Array(n).fill(NaN);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = axis.kind === "rate" ? axis.start + (start + i) / axis.rate : start + i;
  return out;
}

/** Between x (seconds, or sample index) and sample index, for navigation by the x axis. */
export interface SampleClock {
  /** x of sample `i`. */
  xOf(i: number): number;
  /** The (fractional) sample index at `x`. */
  indexAt(x: number): number;
  /**
   * Find (read) the samples at `x0` and `x1`, so that {@link indexAt} is exact there: what a plot
   * awaits before it plans the reads of a range. Absent when the clock is exact everywhere.
   */
  locate?(x0: number, x1: number): Promise<void>;
}

/** The clock of a series' samples, told what the plot reads. */
export interface SeriesClock extends SampleClock {
  /**
   * How samples are placed: by a rate, by index, by the line through the first and last timestamps
   * (`regular`, or `unordered` timestamps in index order), or by a search of the timestamps.
   */
  readonly kind: "rate" | "index" | "regular" | "irregular" | "unordered";
  /** Times of samples `[start, start + xs.length)` read with a block: kept, and checked. */
  learn(start: number, xs: ArrayLike<number>): void;
  /** What a caption should say about the time axis ("" when nothing). */
  note(): string;
}

/** Timestamps this far (in sample periods) from the line through the first and last are still regular. */
export const REGULAR_TOLERANCE = 0.01;
/** Chunk edges probed when a series is opened, to tell regular timestamps from irregular ones. */
const OPENING_PROBES = 6;
/** Most values of the first timestamps read when a series is opened. */
const OPENING_WINDOW = 4096;

const lineClock = (kind: SeriesClock["kind"], x0: number, per: number): SeriesClock => ({
  kind,
  xOf: (i) => x0 + i * per,
  indexAt: (x) => (x - x0) / per,
  learn: () => undefined,
  note: () => "",
});

/**
 * The clock of `axis` over `total` samples: exact for a rate or plain indices. For timestamps, the
 * first values, the last one and a few chunk edges are read: evenly spaced (within
 * REGULAR_TOLERANCE of a period), the line through the first and last timestamp places the reads;
 * otherwise each range's samples are searched ({@link SortedColumn}). Timestamps found out of
 * order place the samples in index order, and the note says so. The plot draws each sample at its
 * own timestamp either way.
 */
export async function sampleClock(provider: DataProvider, axis: TimeAxis, total: number): Promise<SeriesClock> {
  if (axis.kind === "rate") return lineClock("rate", axis.start, 1 / axis.rate);
  if (axis.kind !== "timestamps" || total < 2) return lineClock("index", 0, 1);
  const ts = await provider.getEntity(axis.path);
  const chunk = ts.array?.chunks[0] ?? 0;
  const column = new SortedColumn(total, chunk, numberReader(provider, axis.path, "the timestamps of the series", axis.path));
  // The opening reads: the first values, the last, and chunk edges spread over the series.
  const edges = new Set<number>();
  const step = Math.max(1, total / (OPENING_PROBES + 1));
  for (let k = 1; k <= OPENING_PROBES; k++) {
    const i = Math.round(k * step);
    const edge = chunk > 0 ? Math.round(i / chunk) * chunk : i;
    if (edge > 0 && edge < total - 1) edges.add(edge);
  }
  await Promise.all([
    column.readWindow(0, Math.min(total, chunk > 0 ? Math.min(chunk, OPENING_WINDOW) : OPENING_WINDOW)),
    column.readWindow(total - 1, total),
    ...[...edges].map((i) => column.readWindow(i, i + 1)),
  ]);
  return timestampClock(column);
}

/** The clock over a timestamps column, its first and last values read (see {@link sampleClock}). */
export function timestampClock(column: SortedColumn): SeriesClock {
  const last = column.length - 1;
  const t0 = column.valueAt(0), t1 = column.valueAt(last);
  const per = t1 > t0 ? (t1 - t0) / last : 1;
  const line = { x0: Number.isFinite(t0) ? t0 : 0, per };
  const offLine = (i: number, t: number) => !(Math.abs(t - (line.x0 + i * line.per)) <= REGULAR_TOLERANCE * line.per);
  let kind: SeriesClock["kind"] = column.disorder || !(t1 > t0) ? "unordered" : "irregular";
  // Regular when every value read so far lies on the line.
  if (kind === "irregular" && column.entries().every(([i, t]) => !offLine(i, t))) kind = "regular";
  const onLine = () => kind === "regular" || kind === "unordered";
  const check = () => {
    if (column.disorder) kind = "unordered";
  };
  return {
    get kind() {
      return kind;
    },
    xOf: (i) => (onLine() ? line.x0 + i * line.per : column.valueAt(i)),
    indexAt: (x) => (onLine() ? (x - line.x0) / line.per : column.indexAt(x)),
    locate: async (x0, x1) => {
      if (onLine()) return;
      await column.rangeOf(x0, x1);
      check();
    },
    learn: (start, xs) => {
      column.learn(start, xs);
      if (kind === "regular") {
        // Timestamps off the line in a block read: from now on each range is searched.
        for (let i = 0; i < xs.length; i++) if (offLine(start + i, xs[i])) {
          kind = "irregular";
          break;
        }
      }
      check();
    },
    note: () => {
      const d = column.disorder;
      if (kind !== "unordered") return "";
      if (!d) return "the last timestamp is not after the first: samples placed in index order";
      return `timestamps out of order at sample ${d.index} (${d.after} after ${d.before}): samples placed in index order`;
    },
  };
}
