/**
 * Axis ticks of the plots: "nice" values (1, 2 or 5 × 10^k apart) over a range, and their labels
 * written with the same number of decimals, so the labels of one axis line up and read as a scale.
 */

import { colorbarTicks } from "./heatmap-scale.js";

/** Tick positions and their labels. */
export interface AxisTicks {
  values: number[];
  labels: string[];
  /** Distance between neighbouring ticks. */
  step: number;
}

/** The nice step (1, 2, 2.5 or 5 × 10^k) that puts at most `maxTicks` ticks on `[min, max]`. */
export function niceStep(min: number, max: number, maxTicks: number): number {
  const span = Math.abs(max - min);
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, maxTicks);
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

/** Decimals that tell ticks `step` apart (0 for whole steps). */
export function stepDecimals(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  // 2.5 × 10^k needs one digit more than 10^k.
  let d = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  while (d < 12 && Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) > 1e-6 * 10 ** d * step) d++;
  return d;
}

/** A tick value as text, with `decimals` decimals (exponent form for very large or small scales). */
export function tickLabel(value: number, decimals: number, step: number): string {
  const v = Math.abs(value) < step * 1e-9 ? 0 : value;
  const big = Math.max(Math.abs(v), step);
  if (big >= 1e7 || (step < 1e-5 && step > 0)) return v === 0 ? "0" : v.toExponential(Math.max(0, Math.min(6, Math.round(Math.log10(Math.abs(v) / step)))));
  return v.toFixed(decimals);
}

/** Ticks on `[min, max]`: at most `maxTicks` (at least 2 when the range allows), labelled alike. */
export function axisTicks(min: number, max: number, maxTicks: number): AxisTicks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { values: [], labels: [], step: 1 };
  if (min > max) [min, max] = [max, min];
  const step = niceStep(min, max, maxTicks);
  const values: number[] = [];
  const first = Math.ceil(min / step - 1e-9);
  for (let k = first; k * step <= max + step * 1e-9 && values.length <= maxTicks + 1; k++) values.push(+(k * step).toPrecision(12) + 0);
  // (`+ 0` turns -0 into 0; toPrecision drops float noise such as 0.30000000000000004.)
  if (min === max) values.splice(0, values.length, min);
  const decimals = stepDecimals(step);
  return { values, labels: values.map((v) => tickLabel(v, decimals, step)), step };
}

/**
 * Ticks of a log axis on `[min, max]` (both > 0): powers of ten, as the heatmap's log colorbar
 * has them (1-2-5 multiples when the range spans less than two decades); labels `0.01`, `1000`,
 * or `1e+6` beyond that.
 */
export function logAxisTicks(min: number, max: number, maxTicks: number): AxisTicks {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) return { values: [], labels: [], step: 1 };
  if (min > max) [min, max] = [max, min];
  // Decade labels are short: up to twice the linear count fit, so a few decades all get theirs.
  const decades = Math.ceil(Math.log10(max)) - Math.floor(Math.log10(min));
  const values = colorbarTicks({ lo: min, hi: max }, "log", Math.max(1, maxTicks, Math.min(decades, 2 * maxTicks)));
  return { values, labels: values.map((v) => (v >= 1e-3 && v < 1e6 ? String(v) : v.toExponential().replace(/\.0+e/, "e"))), step: 10 };
}

/** How many ticks fit on an axis of `pixels`, at one per `spacing` pixels (at least 2). */
export function ticksFor(pixels: number, spacing: number): number {
  return Math.max(2, Math.floor(pixels / Math.max(1, spacing)));
}

/** The label of an axis: `name (unit)`, or the name alone without a unit. */
export function axisTitle(name: string, unit?: string | null): string {
  return unit ? `${name} (${unit})` : name;
}
