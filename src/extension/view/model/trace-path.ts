/**
 * The line of one trace of an envelope over the x range shown, at most two points per pixel
 * column (the column's min, then its max), written to a path sink: a canvas context while
 * panning (no arrays made per frame) or an SVG path for export.
 */
import { lowerBound, type Envelope } from "./downsample.js";

/** Where the points go (a `CanvasRenderingContext2D` is one). */
export interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
}

/** From values to pixels: x by `left + (x − x0) × kx`, y by `y(v)`. */
export interface Projection {
  x0: number;
  x1: number;
  left: number;
  kx: number;
  y(v: number): number;
  /** A log axis: values ≤ 0 are left out (a gap in the line). */
  positive: boolean;
}

/**
 * Write trace `t` of `env` (moved by `shift`) to `sink`; returns the points written. Columns of
 * the envelope falling in one pixel column are merged; one sample beyond each end of the range is
 * included, so the line reaches the edges.
 */
export function traceEnvelopePath(env: Envelope, t: number, shift: number, p: Projection, sink: PathSink): number {
  const xs = env.xs, lo = env.lo[t], hi = env.hi[t];
  const j0 = Math.max(0, lowerBound(xs, p.x0, env.count) - 1), j1 = Math.min(env.count, lowerBound(xs, p.x1, env.count) + 1);
  let col = NaN, cx = 0, cLo = 0, cHi = 0, pen = false, points = 0;
  // j = j1 flushes the last column.
  for (let j = j0; j <= j1; j++) {
    let l = NaN, h = NaN, c = NaN, px = 0;
    if (j < j1) {
      h = hi[j] + shift;
      l = lo[j] + shift;
      // A log axis: a column reaching 0 or below keeps its positive top only.
      if (p.positive && !(l > 0)) l = h;
      if (p.positive && !(h > 0)) l = h = NaN;
      px = p.left + (xs[j] - p.x0) * p.kx;
      c = Math.floor(px);
      if (c === col && l === l && h === h) {
        if (l < cLo) cLo = l;
        if (h > cHi) cHi = h;
        continue;
      }
    }
    if (col === col) {
      const ya = p.y(cLo), yb = p.y(cHi);
      if (pen) sink.lineTo(cx, ya);
      else sink.moveTo(cx, ya);
      points++;
      if (yb !== ya) (sink.lineTo(cx, yb), points++);
      pen = true;
    }
    if (!(l === l && h === h && px === px)) {
      // No value here: the line stops and starts again at the next value.
      pen = false;
      col = NaN;
      continue;
    }
    col = c;
    cx = px;
    cLo = l;
    cHi = h;
  }
  return points;
}
