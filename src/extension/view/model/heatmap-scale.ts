/**
 * The DOM-free parts of the heatmap view: the colour domain (auto, symmetric, typed in), the
 * linear and log mapping of values to colours, the colorbar's and axes' ticks, and the window of
 * cells a zoomed or panned view needs read.
 */
import type { ColormapName } from "../../browser-settings.js";
import { colorTable } from "./colormap.js";

/** How the colour domain is chosen: the window's finite extent, symmetric around 0, or typed in. */
export type DomainMode = "auto" | "symmetric" | "custom";
/** How values map to colours. */
export type ScaleKind = "linear" | "log";

/** The domain a heatmap is painted with, and why it differs from what was asked (if it does). */
export interface Domain {
  lo: number;
  hi: number;
  /** A note for the user: a refused log domain, masked values, an empty window. */
  note?: string;
}

/** Finite min and max of `values` (only positive values when `positive`); null when there is none. */
export function finiteExtent(values: ArrayLike<number>, positive = false): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || (positive && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Values a log scale cannot show (zero, negative), counted for the note. */
export function countNonPositive(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] <= 0) n++;
  return n;
}

/**
 * The domain of `values` for a mode and scale. Symmetric is `[-m, m]` with m the largest finite
 * magnitude; a log scale refuses a domain that reaches 0 or below and falls back to the positive
 * extent, with a note saying so.
 */
export function computeDomain(values: ArrayLike<number>, mode: DomainMode, scale: ScaleKind, custom?: { lo: number; hi: number }): Domain {
  const notes: string[] = [];
  const all = finiteExtent(values);
  let lo: number, hi: number;
  if (mode === "custom" && custom && Number.isFinite(custom.lo) && Number.isFinite(custom.hi) && custom.lo !== custom.hi) {
    [lo, hi] = custom.lo < custom.hi ? [custom.lo, custom.hi] : [custom.hi, custom.lo];
  } else if (mode === "symmetric") {
    const m = all ? Math.max(Math.abs(all[0]), Math.abs(all[1])) : 1;
    [lo, hi] = [-m, m];
  } else {
    [lo, hi] = all ?? [0, 1];
    if (!all) notes.push("no finite values in this window");
  }
  if (scale === "log") {
    const masked = countNonPositive(values);
    if (lo <= 0) {
      const pos = finiteExtent(values, true);
      if (!pos) return { lo: 1, hi: 10, note: "log scale: no positive values in this window" };
      notes.push(`log scale: domain from ${formatNumber(lo)} refused, using the positive values from ${formatNumber(pos[0])}`);
      lo = pos[0];
      if (hi <= lo) hi = pos[1];
    }
    if (masked > 0) notes.push(`log scale: ${masked} value${masked === 1 ? "" : "s"} ≤ 0 not shown (hatched)`);
  }
  if (lo === hi) [lo, hi] = scale === "log" ? [lo / 10, hi * 10] : [lo - 0.5, hi + 0.5];
  return notes.length ? { lo, hi, note: notes.join("; ") } : { lo, hi };
}

/** Position of `v` in the domain, in [0, 1] (clamped); NaN when the scale cannot show it. */
export function normalize(v: number, domain: { lo: number; hi: number }, scale: ScaleKind): number {
  if (!Number.isFinite(v)) return NaN;
  let t: number;
  if (scale === "log") {
    if (v <= 0) return NaN;
    const a = Math.log10(domain.lo), b = Math.log10(domain.hi);
    t = (Math.log10(v) - a) / (b - a || 1);
  } else t = (v - domain.lo) / (domain.hi - domain.lo || 1);
  return Math.min(1, Math.max(0, t));
}

/** The value at position `t` in [0, 1] of the domain (the inverse of {@link normalize}). */
export function valueAt(t: number, domain: { lo: number; hi: number }, scale: ScaleKind): number {
  if (scale === "log") return 10 ** (Math.log10(domain.lo) + t * (Math.log10(domain.hi) - Math.log10(domain.lo)));
  return domain.lo + t * (domain.hi - domain.lo);
}

/** RGBA pixels of values (C order) in the domain and scale; values it cannot show are transparent. */
export function paintCells(values: ArrayLike<number>, domain: { lo: number; hi: number }, scale: ScaleKind, colormap: ColormapName): Uint8ClampedArray {
  const table = colorTable(colormap);
  const out = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const t = normalize(values[i], domain, scale);
    if (Number.isNaN(t)) continue;
    const k = Math.round(t * 255) * 3;
    out[i * 4] = table[k];
    out[i * 4 + 1] = table[k + 1];
    out[i * 4 + 2] = table[k + 2];
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** A "nice" step (1, 2 or 5 × 10^k) near `span / count`. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

/**
 * Ticks of the colorbar inside the domain: nice linear steps, or powers of ten on a log scale
 * (1-2-5 multiples when the domain spans less than two decades).
 */
export function colorbarTicks(domain: { lo: number; hi: number }, scale: ScaleKind, count = 5): number[] {
  const { lo, hi } = domain;
  const inside = (v: number) => v >= lo - Math.abs(lo) * 1e-9 && v <= hi + Math.abs(hi) * 1e-9;
  if (scale === "log") {
    const a = Math.floor(Math.log10(lo)), b = Math.ceil(Math.log10(hi));
    const mult = b - a <= 2 ? [1, 2, 5] : [1];
    const step = Math.max(1, Math.ceil((b - a) / count));
    const out: number[] = [];
    for (let e = a; e <= b; e += step) for (const m of mult) if (inside(m * 10 ** e)) out.push(Number((m * 10 ** e).toPrecision(12)));
    return out;
  }
  const step = niceStep(hi - lo, count);
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** The colorbar's labels, top first: the domain's ends and the nice ticks between (none crowding the ends); `t` is the position from the bottom. */
export function colorbarLabels(s: { lo: number; hi: number; scale: ScaleKind }): { value: number; t: number; end: boolean }[] {
  const d = { lo: s.lo, hi: s.hi };
  const inner = colorbarTicks(d, s.scale).map((value) => ({ value, t: normalize(value, d, s.scale), end: false })).filter((k) => k.t > 0.08 && k.t < 0.92);
  return [{ value: s.hi, t: 1, end: true }, ...inner.reverse(), { value: s.lo, t: 0, end: true }];
}

/** Integer ticks (array indices) over `[min, max]`, about `count` of them, at nice steps. */
export function indexTicks(min: number, max: number, count: number): number[] {
  const first = Math.ceil(min), last = Math.floor(max);
  if (last < first) return [];
  const step = Math.max(1, niceStep(Math.max(1, max - min), count));
  const out: number[] = [];
  for (let v = Math.ceil(first / step) * step; v <= last; v += step) out.push(Math.round(v) + 0); // + 0: no "-0" label
  return out;
}

/** A number as the colorbar shows it: compact, without float noise. */
export function formatNumber(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(4)));
}

/** A range of cells `[start, stop)` on both axes (rows, then columns). */
export interface CellWindow {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

/** True when `inner` lies inside `outer`. */
export function covers(outer: CellWindow, inner: CellWindow): boolean {
  return inner.r0 >= outer.r0 && inner.r1 <= outer.r1 && inner.c0 >= outer.c0 && inner.c1 <= outer.c1;
}

/** `[start, stop)` of `size` moved inside `[0, total)` (shortened when total is smaller). */
function fit(start: number, size: number, total: number): [number, number] {
  const n = Math.min(size, total);
  const s = Math.min(Math.max(0, start), total - n);
  return [s, s + n];
}

/**
 * The window to read for a view: `max` cells a side (fewer when the array is smaller), centred on
 * the view, inside the array of `rows × cols`.
 */
export function windowToRead(view: CellWindow, rows: number, cols: number, max: number): CellWindow {
  const [r0, r1] = fit(Math.floor((view.r0 + view.r1 - max) / 2), max, rows);
  const [c0, c1] = fit(Math.floor((view.c0 + view.c1 - max) / 2), max, cols);
  return { r0, r1, c0, c1 };
}

/** The view moved by a fraction of its size (arrow keys), kept inside the array; its size kept. */
export function panView(view: CellWindow, dRows: number, dCols: number, rows: number, cols: number): CellWindow {
  const h = view.r1 - view.r0, w = view.c1 - view.c0;
  const r0 = Math.min(Math.max(0, view.r0 + dRows * h), Math.max(0, rows - h));
  const c0 = Math.min(Math.max(0, view.c0 + dCols * w), Math.max(0, cols - w));
  return { r0, r1: r0 + h, c0, c1: c0 + w };
}

/** Every colormap, in the order the toolbar lists them (the record makes the compiler check the list is whole). */
export const COLORMAP_NAMES = Object.keys({ viridis: 1, magma: 1, gray: 1, coolwarm: 1 } satisfies Record<ColormapName, 1>) as ColormapName[];
