/**
 * A long line reduced to what a plot can show: per column, the minimum and the maximum of the
 * samples that fall in it (drawn as a vertical stroke), so spikes survive the reduction. The trace
 * plots fold the blocks they read into an {@link Envelope} of such columns for several traces.
 */

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

/**
 * Min/max columns of several traces over one x: what a plot keeps of the samples it read. A column
 * stands for `decimation` consecutive samples (1: a single sample, its min equal to its max), or
 * for a sampled run of them when the range was too long to read whole.
 */
export interface Envelope {
  /** x of each column's first sample. */
  xs: Float64Array;
  /** Per trace, the smallest finite value of each column (NaN when it has none). */
  lo: Float64Array[];
  /** Per trace, the largest finite value of each column. */
  hi: Float64Array[];
  /** Columns filled. */
  count: number;
  /** Samples `[start, stop)` the columns cover. */
  start: number;
  stop: number;
  /** Samples per column. */
  decimation: number;
  /** Each column is a run of samples at the start of its stretch, not all of them. */
  sampled: boolean;
  /** Finite values ≤ 0 among those read (a log scale leaves them out), and finite values read. */
  nonPositive: number;
  finite: number;
}

/** An envelope of `traces` traces with room for `columns` columns, covering samples `[start, stop)`. */
export function emptyEnvelope(traces: number, columns: number, start: number, stop: number, decimation: number, sampled = false): Envelope {
  const n = Math.max(0, columns);
  return {
    xs: new Float64Array(n).fill(NaN),
    lo: Array.from({ length: traces }, () => new Float64Array(n).fill(NaN)),
    hi: Array.from({ length: traces }, () => new Float64Array(n).fill(NaN)),
    count: n,
    start,
    stop,
    decimation: Math.max(1, decimation),
    sampled,
    nonPositive: 0,
    finite: 0,
  };
}

/** A block of rows read: row i is sample `start + i`, at `xs[i]`, its values `rows[i × width + picks[t]]` for trace t. */
export interface SampleBlock {
  start: number;
  xs: ArrayLike<number>;
  rows: ArrayLike<number>;
  width: number;
}

/**
 * Fold `block` into `env`: each sample goes to column `⌊(sample − env.start) / decimation⌋`, or
 * (`column` given: a sampled run) every sample of the block to that one column.
 */
export function foldBlock(env: Envelope, block: SampleBlock, picks: readonly number[], column?: number): void {
  const n = Math.min(block.xs.length, block.width > 0 ? Math.floor(block.rows.length / block.width) : 0);
  const d = env.decimation;
  for (let i = 0; i < n; i++) {
    const c = column ?? Math.floor((block.start + i - env.start) / d);
    if (c < 0 || c >= env.count) continue;
    if (Number.isNaN(env.xs[c]) || (column === undefined && (block.start + i - env.start) % d === 0)) env.xs[c] = block.xs[i];
    const base = i * block.width;
    for (let t = 0; t < picks.length; t++) {
      const v = block.rows[base + picks[t]];
      if (!Number.isFinite(v)) continue;
      env.finite++;
      if (v <= 0) env.nonPositive++;
      const lo = env.lo[t], hi = env.hi[t];
      if (!(v >= lo[c])) lo[c] = v;
      if (!(v <= hi[c])) hi[c] = v;
    }
  }
}

/** Per trace, `[min, max]` of its finite values in `env` (`[NaN, NaN]` when none). */
export function envelopeRanges(env: Envelope): [number, number][] {
  return env.lo.map((lo, t) => {
    let a = Infinity, b = -Infinity;
    const hi = env.hi[t];
    for (let c = 0; c < env.count; c++) {
      if (lo[c] < a) a = lo[c];
      if (hi[c] > b) b = hi[c];
    }
    return a <= b ? [a, b] : [NaN, NaN];
  });
}

/**
 * The y extent of `env`'s columns with x in `[x0, x1]`, every trace shifted by `shift[t]`: only
 * positive values for a log scale; null when there is none.
 */
export function envelopeExtent(env: Envelope, x0: number, x1: number, positive: boolean, shift?: readonly number[]): [number, number] | null {
  let a = Infinity, b = -Infinity;
  const first = Math.max(0, lowerBound(env.xs, x0, env.count) - 1), stop = Math.min(env.count, lowerBound(env.xs, x1, env.count) + 1);
  for (let t = 0; t < env.lo.length; t++) {
    const lo = env.lo[t], hi = env.hi[t], s = shift?.[t] ?? 0;
    for (let c = first; c < stop; c++) {
      const l = lo[c] + s, h = hi[c] + s;
      if (positive) {
        if (l > 0 && l < a) a = l;
        else if (!(l > 0) && h > 0 && h < a) a = h;
      } else if (l < a) a = l;
      if (h > b && (!positive || h > 0)) b = h;
    }
  }
  return a <= b ? [a, b] : null;
}

/** The index of the first of `xs[0, n)` ≥ `v` (NaN columns, never filled, count as beyond every value). */
export function lowerBound(xs: ArrayLike<number>, v: number, n = xs.length): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
