/**
 * Where the cells of a plane lie in a plot (DOM-free): the mapping of cell corners to pixels of
 * a plot area (canvas pixels for painting, CSS pixels for the SVG export), and the view after a
 * wheel step zooms it about the pointer.
 */
import type { CellWindow } from "./heatmap-scale.js";

/**
 * A plot area showing cells: the scales' ranges in cell indices (a cell `c` spans `c - 0.5` to
 * `c + 0.5`; rows grow downward) and the area's box in pixels.
 */
export interface CellFrame {
  /** Columns shown, left to right (scale values). */
  xMin: number;
  xMax: number;
  /** Rows shown, top to bottom (scale values). */
  yMin: number;
  yMax: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The pixel of cell corner (`col`, `row`): corner (c, r) is the top-left corner of cell (c, r). */
export function cornerPoint(f: CellFrame, col: number, row: number): [number, number] {
  const x = f.left + ((col - 0.5 - f.xMin) / (f.xMax - f.xMin || 1)) * f.width;
  const y = f.top + ((row - 0.5 - f.yMin) / (f.yMax - f.yMin || 1)) * f.height;
  return [x, y];
}

/**
 * The view (`[r0, r1) × [c0, c1)` in cells) zoomed by `factor` (< 1 in, > 1 out) about the cell
 * position (`row`, `col`), which stays under the pointer; no larger than `maxRows × maxCols`
 * and kept inside `rows × cols` when zoomed out.
 */
export function zoomView(v: CellWindow, factor: number, row: number, col: number, limits: { rows: number; cols: number; maxRows: number; maxCols: number }): CellWindow {
  const axis = (a: number, b: number, at: number, total: number, max: number): [number, number] => {
    const size = Math.min(max, Math.max(1, (b - a) * factor));
    const k = (b - a) > 0 ? (at - a) / (b - a) : 0.5;
    let lo = at - k * size;
    // Zoomed out, the view stays inside the array (a view larger than the array is centred on it).
    if (factor > 1) lo = size >= total ? (total - size) / 2 : Math.min(Math.max(0, lo), total - size);
    return [lo, lo + size];
  };
  const [r0, r1] = axis(v.r0, v.r1, row, limits.rows, limits.maxRows);
  const [c0, c1] = axis(v.c0, v.c1, col, limits.cols, limits.maxCols);
  return { r0, r1, c0, c1 };
}
