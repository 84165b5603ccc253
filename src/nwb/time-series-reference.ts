/**
 * core TimeSeriesReferenceVectorData values: a sample range of a TimeSeries (`idx_start`, `count`,
 * `timeseries`), as intervals tables store which part of a series each row covers. pynwb's
 * `TimeIntervals.add_interval` computes the range from the interval's times; so does this.
 */
import { InvalidArgumentError } from "../errors.js";
import type { Container } from "../build/container.js";
import { LazyData } from "../build/lazy-data.js";
import { isTypedArray } from "../data/index.js";
import { numberField, plain } from "./field-values.js";
import { TimeSeries } from "./time-series.js";

/** One reference: `count` samples of `timeseries` from `idx_start`. */
export interface TimeSeriesReference {
  idx_start: number;
  count: number;
  timeseries: TimeSeries;
}

/** First index whose value is >= x in an ascending list (Python's bisect_left). */
function bisectLeft(values: ArrayLike<number>, x: number): number {
  let lo = 0, hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The samples of a series within [start, stop): from `starting_time` and `rate`
 * (⌊(t − t0)·rate⌋, truncated toward zero as Python's `int`), else from timestamps in memory.
 * A reference given as such is checked and kept.
 */
export function timeSeriesReference(ts: TimeSeries | TimeSeriesReference, start: number, stop: number, owner: Container): TimeSeriesReference {
  const where = { path: owner.containerPath };
  if (!(ts instanceof TimeSeries)) {
    const ok = ts !== null && typeof ts === "object" && Number.isInteger(ts.idx_start) && Number.isInteger(ts.count) && ts.timeseries instanceof TimeSeries;
    if (!ok) throw new InvalidArgumentError(`table '${owner.name}', column 'timeseries': expected a TimeSeries or {idx_start, count, timeseries}, got ${String(ts)}`, where);
    return { idx_start: ts.idx_start, count: ts.count, timeseries: ts.timeseries };
  }
  const rate = numberField(ts, "starting_time__rate");
  const t0 = numberField(ts, "starting_time");
  let first: number, last: number;
  if (rate !== undefined && t0 !== undefined) {
    first = Math.trunc((start - t0) * rate);
    last = Math.trunc((stop - t0) * rate);
  } else {
    const raw = ts.get("timestamps");
    if (raw instanceof LazyData) {
      throw new InvalidArgumentError(`table '${owner.name}', column 'timeseries': the timestamps of '${ts.name}' are in a file; give {idx_start, count, timeseries} instead`, where);
    }
    const times = isTypedArray(raw) ? Array.from(raw as ArrayLike<unknown>, Number) : Array.isArray(raw) ? (plain(raw) as unknown[]).map(Number) : undefined;
    if (times === undefined || times.length === 0) {
      throw new InvalidArgumentError(`table '${owner.name}', column 'timeseries': '${ts.name}' has neither timestamps nor starting time and rate`, where);
    }
    first = bisectLeft(times, start);
    last = bisectLeft(times, stop);
  }
  return { idx_start: first, count: last - first, timeseries: ts };
}
