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
