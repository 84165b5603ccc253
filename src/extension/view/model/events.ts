/**
 * Models of the NWB event views (spike raster of Units, bars of TimeIntervals): the spike-time
 * ranges of a page of units from their VectorIndex, the lanes of intervals, and the colour of each
 * row by a column (categorical palette or a colormap over a numeric range), with its legend.
 */
import type { JsonValue } from "../../../repr/payload/types.js";
import { colorAt } from "./colormap.js";

/**
 * The `[start, stop)` ranges of rows `[start, stop)` of a ragged column, from its index read over
 * `[max(0, start - 1), stop)` (`ends`): the first row starts where the row before it ends.
 */
export function raggedRanges(ends: ArrayLike<number>, start: number): [number, number][] {
  const out: [number, number][] = [];
  let prev = start === 0 ? 0 : Number(ends[0]);
  for (let i = start === 0 ? 0 : 1; i < ends.length; i++) {
    const end = Number(ends[i]);
    out.push([prev, end]);
    prev = end;
  }
  return out;
}

/** The index selection to read for rows `[start, stop)` (one value before, for the first row's start). */
export function indexWindow(start: number, stop: number): [number, number] {
  return [Math.max(0, start - 1), Math.max(start, stop)];
}

/** Lanes of rows: one per row (labelled by `labels`), or one per distinct value of a column. */
export interface Lanes {
  /** Lane of each row. */
  lane: number[];
  /** Label of each lane, top first. */
  labels: string[];
}

/** Text of a cell for labels and categories (lists joined, as `tags` are). */
export function cellKey(v: JsonValue): string {
  if (v === null || v === undefined) return "—";
  if (Array.isArray(v)) return v.map(cellKey).join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** One lane per row, labelled `labels[i]`. */
export function rowLanes(labels: readonly JsonValue[]): Lanes {
  return { lane: labels.map((_, i) => i), labels: labels.map(cellKey) };
}

/** One lane per distinct value of `values`, in order of first appearance. */
export function valueLanes(values: readonly JsonValue[]): Lanes {
  const seen = new Map<string, number>();
  const lane = values.map((v) => {
    const k = cellKey(v);
    if (!seen.has(k)) seen.set(k, seen.size);
    return seen.get(k)!;
  });
  return { lane, labels: [...seen.keys()] };
}

/** A colour per row and the legend that explains them. */
export interface Colouring {
  colours: string[];
  legend: { kind: "categories"; entries: { label: string; colour: string }[] } | { kind: "range"; min: number; max: number; colours: string[] } | { kind: "none" };
}

/** Categorical colours (Tableau 10: distinct in light and dark themes). */
export const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

const hex = (rgb: [number, number, number]) => `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}`;

/**
 * Colours of rows by `values` (a column's cells): numbers (all finite, more than 10 distinct)
 * along viridis from min to max, anything else as categories of the palette (repeating beyond 10).
 */
export function colourBy(values: readonly JsonValue[] | null, fallback: string): Colouring {
  if (!values) return { colours: [], legend: { kind: "none" } };
  const nums = values.map((v) => (typeof v === "number" ? v : NaN));
  const distinct = new Set(values.map(cellKey)).size;
  if (nums.length && nums.every(Number.isFinite) && distinct > PALETTE.length) {
    const min = Math.min(...nums), max = Math.max(...nums);
    const t = (v: number) => (max > min ? (v - min) / (max - min) : 0.5);
    return { colours: nums.map((v) => hex(colorAt("viridis", t(v)))), legend: { kind: "range", min, max, colours: [0, 0.5, 1].map((x) => hex(colorAt("viridis", x))) } };
  }
  const lanes = valueLanes(values);
  const colour = (i: number) => PALETTE[i % PALETTE.length] ?? fallback;
  return {
    colours: lanes.lane.map(colour),
    legend: { kind: "categories", entries: lanes.labels.map((label, i) => ({ label, colour: colour(i) })) },
  };
}

/** Marks of an event plot: segment `i` from `x0[i]` to `x1[i]` (equal for a tick) in lane `lane[i]`. */
export interface EventMarks {
  x0: Float64Array;
  x1: Float64Array;
  lane: Uint32Array;
  /** Index into `colours` of each mark. */
  colour: Uint16Array;
  colours: string[];
}

/** Spike ticks: the times of each unit (`times`, cut by `ranges` relative to `offset`) in its row's lane. */
export function spikeMarks(times: ArrayLike<number>, ranges: readonly [number, number][], offset: number, rowColour: readonly number[]): EventMarks {
  const n = ranges.reduce((s, [a, b]) => s + Math.max(0, b - a), 0);
  const x = new Float64Array(n), lane = new Uint32Array(n), colour = new Uint16Array(n);
  let k = 0;
  ranges.forEach(([a, b], row) => {
    for (let j = a; j < b; j++, k++) {
      x[k] = Number(times[j - offset]);
      lane[k] = row;
      colour[k] = rowColour[row] ?? 0;
    }
  });
  return { x0: x, x1: x, lane, colour, colours: [] };
}

/** The colours of `colouring` as indices into a list of distinct colours (for compact marks). */
export function colourIndex(colours: readonly string[], count: number, fallback: string): { index: number[]; colours: string[] } {
  const list: string[] = [];
  const at = new Map<string, number>();
  const index = Array.from({ length: count }, (_, i) => {
    const c = colours[i] ?? fallback;
    if (!at.has(c)) (at.set(c, list.length), list.push(c));
    return at.get(c)!;
  });
  return { index, colours: list };
}

/** The x range covering all marks (`[0, 1]` when there are none; a point widened by 1). */
export function marksRange(m: EventMarks): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < m.x0.length; i++) {
    if (m.x0[i] < lo) lo = m.x0[i];
    if (m.x1[i] > hi) hi = m.x1[i];
  }
  if (!(hi >= lo)) return [0, 1];
  return hi > lo ? [lo, hi] : [lo - 0.5, hi + 0.5];
}
