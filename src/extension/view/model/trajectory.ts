/**
 * The model of the trajectory view of a SpatialSeries: how its data's columns map to axes, the
 * x/y ranges of a window, and each sample's place on the time colour scale (DOM-free).
 */
import { axisTicks, type AxisTicks } from "./plot-axis.js";
import { finiteRange } from "./downsample.js";

/** How a SpatialSeries is drawn: a line over time ([t] or [t, 1]) or x against y ([t, 2], [t, ≥3] with a note). */
export type TrajectoryMode = { kind: "line" } | { kind: "xy"; extraDims: number };

/** The mode for data of `shape`. */
export function trajectoryMode(shape: readonly number[]): TrajectoryMode {
  const cols = shape.length > 1 ? shape[1] : 1;
  return cols >= 2 ? { kind: "xy", extraDims: cols - 2 } : { kind: "line" };
}

/** The columns `x` and `y` (0 and 1) of a flat C-order block of `cols` columns. */
export function splitColumns(values: Float64Array, cols: number): { xs: Float64Array; ys: Float64Array } {
  const n = cols > 0 ? Math.floor(values.length / cols) : 0;
  const xs = new Float64Array(n), ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = values[i * cols];
    ys[i] = cols > 1 ? values[i * cols + 1] : NaN;
  }
  return { xs, ys };
}


/** Each time's place on the colour scale `[t0, t1]` as a byte (0 at t0, 255 at t1; 0 for NaN). */
export function timeColourIndex(times: Float64Array, t0: number, t1: number): Uint8Array {
  const out = new Uint8Array(times.length);
  const span = t1 - t0;
  for (let i = 0; i < times.length; i++) {
    const f = span > 0 ? (times[i] - t0) / span : 0;
    out[i] = Number.isFinite(f) ? Math.round(Math.min(1, Math.max(0, f)) * 255) : 0;
  }
  return out;
}

/** The colour legend of a time window: its ends (seconds or samples) and ticks between. */
export interface TimeLegend {
  min: number;
  max: number;
  ticks: AxisTicks;
}

/** The legend of the times of a window (finite ends; ticks at nice values). */
export function timeLegend(times: Float64Array, maxTicks = 5): TimeLegend {
  const [min, max] = times.length ? finiteRange(times) : [0, 1];
  const exact = times.length > 1 ? [times[0], times[times.length - 1]] : [min, max];
  const [lo, hi] = Number.isFinite(exact[0]) && Number.isFinite(exact[1]) && exact[1] > exact[0] ? exact : [min, max];
  return { min: lo, max: hi, ticks: axisTicks(lo, hi, maxTicks) };
}
