/**
 * What part of an n-d dataset a 2-d view (table page, heatmap, frame) shows: an index for every
 * leading dimension (one slider each) and a window over the last two (or the only) dimensions.
 */
import type { ValueSelection } from "../../provider/data-provider.js";

/** The state of the sliders and windows of a view over `shape`. */
export interface SliceState {
  shape: number[];
  /** Index of each leading dimension (all but the last two; all but the last one for 1-d). */
  indices: number[];
  /** First row and column of the window. */
  rowStart: number;
  colStart: number;
}

/** Dimensions drawn as the 2-d plane (the last two; the last one for 1-d; none for scalars). */
export function planeDims(ndim: number): number[] {
  if (ndim === 0) return [];
  return ndim === 1 ? [0] : [ndim - 2, ndim - 1];
}

/** The initial state: index 0 everywhere, windows at the start. */
export function initialSlice(shape: readonly number[]): SliceState {
  const lead = Math.max(0, shape.length - 2);
  return { shape: shape.slice(), indices: new Array(lead).fill(0), rowStart: 0, colStart: 0 };
}

/** A state with one leading index set (clamped to the dimension). */
export function withIndex(state: SliceState, dim: number, index: number): SliceState {
  const indices = state.indices.slice();
  const n = state.shape[dim] ?? 1;
  indices[dim] = Math.min(Math.max(0, Math.floor(index)), Math.max(0, n - 1));
  return { ...state, indices };
}

/** `[start, start + size)` cut to `[0, total)` (the last page of a table is shorter, not shifted). */
function span(total: number, size: number, start: number): [number, number] {
  const s = Math.min(Math.max(0, Math.floor(start)), Math.max(0, total));
  return [s, Math.min(total, s + Math.max(1, Math.floor(size)))];
}

/**
 * The selection for a window of `rows × cols` (cols ignored for 1-d), clamped to `limit` (how far
 * the provider can read, per dimension; the shape by default).
 */
export function sliceSelection(state: SliceState, rows: number, cols: number, limit: readonly number[] = state.shape): ValueSelection {
  const nd = state.shape.length;
  if (nd === 0) return [];
  const sel: (number | [number, number])[] = state.indices.map((i) => i);
  const [r, c] = planeDims(nd);
  sel.push(span(Math.min(state.shape[r], limit[r] ?? 0), rows, state.rowStart));
  if (c !== undefined) sel.push(span(Math.min(state.shape[c], limit[c] ?? 0), cols, state.colStart));
  return sel;
}
