/**
 * A long line reduced to what a plot can show: per pixel column, the minimum and the maximum of
 * the samples that fall in it (drawn as a vertical stroke), so spikes survive the reduction.
 */

/** Per-column extremes; NaN where a column holds no finite sample. */
export interface MinMaxColumns {
  min: Float64Array;
  max: Float64Array;
  /** Sample index of each column's first sample. */
  first: Int32Array;
}

/** Reduce `values` to at most `columns` min/max pairs (one per sample when there are fewer). */
export function minMaxPerColumn(values: ArrayLike<number>, columns: number): MinMaxColumns {
  const n = values.length;
  const cols = Math.max(1, Math.min(Math.floor(columns), n));
  const min = new Float64Array(cols).fill(NaN);
  const max = new Float64Array(cols).fill(NaN);
  const first = new Int32Array(cols);
  for (let c = 0; c < cols; c++) first[c] = Math.floor((c * n) / cols);
  for (let c = 0; c < cols; c++) {
    const end = c + 1 < cols ? first[c + 1] : n;
    let lo = Infinity, hi = -Infinity;
    for (let i = first[c]; i < end; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo <= hi) {
      min[c] = lo;
      max[c] = hi;
    }
  }
  return { min, max, first };
}

/** Smallest and largest finite values; `[0, 1]` when there are none, widened when they are equal. */
export function finiteRange(values: ArrayLike<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return [0, 1];
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  return [lo, hi];
}

/** Points of traces sharing one x: every sample, or two per pixel column (its min then its max). */
export interface TracePoints {
  xs: Float64Array;
  ys: Float64Array[];
}

/**
 * Samples `[start, stop)` of traces over `xs` (index i of every array), reduced to two points per
 * column when they are more than `2 × columns`: both at the column's first x, one at its minimum and
 * one at its maximum, so the drawn line covers each column's whole extent.
 */
export function minMaxTraces(xs: ArrayLike<number>, traces: readonly ArrayLike<number>[], start: number, stop: number, columns: number): TracePoints {
  const lo = Math.max(0, Math.floor(start)), hi = Math.min(xs.length, Math.ceil(stop));
  const n = Math.max(0, hi - lo);
  const cols = Math.max(1, Math.floor(columns));
  if (n <= 2 * cols) {
    return { xs: Float64Array.from({ length: n }, (_, i) => xs[lo + i]), ys: traces.map((t) => Float64Array.from({ length: n }, (_, i) => t[lo + i])) };
  }
  const outX = new Float64Array(2 * cols);
  for (let c = 0; c < cols; c++) outX[2 * c] = outX[2 * c + 1] = xs[lo + Math.floor((c * n) / cols)];
  const ys = traces.map((t) => {
    const cut = minMaxPerColumn(windowOf(t, lo, hi), cols);
    const out = new Float64Array(2 * cols);
    for (let c = 0; c < cols; c++) {
      out[2 * c] = cut.min[c];
      out[2 * c + 1] = cut.max[c];
    }
    return out;
  });
  return { xs: outX, ys };
}

/** `values[lo, hi)` without a copy when it is a typed array. */
function windowOf(values: ArrayLike<number>, lo: number, hi: number): ArrayLike<number> {
  if (values instanceof Float64Array || values instanceof Float32Array || values instanceof Int32Array || values instanceof Int16Array) return values.subarray(lo, hi);
  return Array.prototype.slice.call(values, lo, hi) as number[];
}
