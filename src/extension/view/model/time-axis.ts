/**
 * The time axis of a TimeSeries, from its `timestamps` dataset, or from `starting_time` (a scalar
 * with a `rate` attribute) as `t0 + i / rate` — the two ways NWB stores sample times. Only the
 * window shown is read.
 */
import type { DataProvider, Entity } from "../../provider/data-provider.js";
import { childPath } from "../../provider/data-provider.js";

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
}

/**
 * The clock of `axis` over `total` samples: exact for a rate or plain indices; for timestamps, the
 * line through the first and last timestamp (two one-value reads), which places the reads; the
 * plot still draws each sample at its own timestamp.
 */
export async function sampleClock(provider: DataProvider, axis: TimeAxis, total: number): Promise<SampleClock> {
  if (axis.kind === "rate") return { xOf: (i) => axis.start + i / axis.rate, indexAt: (x) => (x - axis.start) * axis.rate };
  if (axis.kind === "timestamps" && total > 1) {
    const [first, last] = await Promise.all([timesFor(provider, axis, 0, 1), timesFor(provider, axis, total - 1, total)]);
    const t0 = first[0], t1 = last[0];
    if (Number.isFinite(t0) && Number.isFinite(t1) && t1 > t0) {
      const per = (t1 - t0) / (total - 1);
      return { xOf: (i) => t0 + i * per, indexAt: (x) => (x - t0) / per };
    }
  }
  return { xOf: (i) => i, indexAt: (x) => x };
}
