/**
 * A long 1-d column of numbers that ought to be sorted (a series' `timestamps`, an intervals
 * table's `start_time`), searched without reading it whole: a bisection over its chunk edges (one
 * value read at each edge probed, which costs one chunk), then one read of the few values left
 * between two known ones. What is read is kept: single values (chunk edges and probes) and the
 * last windows read, up to a budget, so the next search starts from a narrower bracket. Each value
 * read is checked against its neighbours: the first decrease found is kept in `disorder`, and the
 * search answers are then not trusted by the callers.
 */
import { MetadataError } from "../../../errors.js";
import type { DataProvider } from "../../provider/data-provider.js";
import { lowerBound } from "./downsample.js";

/** Reads values `[start, stop)` of the column (exactly that many, or a typed error naming the file and the column). */
export type ColumnReader = (start: number, stop: number) => Promise<Float64Array>;

/**
 * The reader of the 1-d dataset at `path` as numbers; anything else is a MetadataError naming the
 * store, `object` (the series or table) and `what` the column is.
 */
export function numberReader(provider: DataProvider, path: string, what: string, object: string, store = provider.location): ColumnReader {
  return async (a, b) => {
    const block = await provider.getValues(path, [[a, b]]);
    if (!block.numbers) throw new MetadataError(`${what} are not numbers`, { store, path: object });
    if (block.numbers.length !== b - a) throw new MetadataError(`${what}: ${block.numbers.length} values read for rows ${a}–${b - 1}`, { store, path: object });
    return block.numbers;
  };
}

/** Where the column was found to decrease: `values[index] < values[index - 1]`. */
export interface Disorder {
  index: number;
  before: number;
  after: number;
}

/** The limits of what a column keeps and reads. */
export interface ColumnLimits {
  /** Most values one final window read holds (the bisection narrows to this first). */
  window: number;
  /** Most values of windows kept. */
  keptValues: number;
  /** Most single values kept. */
  keptPoints: number;
}

export const COLUMN_LIMITS: ColumnLimits = { window: 65_536, keptValues: 1 << 20, keptPoints: 8192 };

/** A bracket of `x`: the last known index whose value is below x, the first whose value is ≥ x. */
interface Bracket {
  lo: number;
  vlo: number;
  hi: number;
  vhi: number;
}

interface Window {
  start: number;
  values: Float64Array;
}

/** Last index `k` of `xs` with `xs[k] < v` (−1 when none). */
const lastBelow = (xs: ArrayLike<number>, v: number) => lowerBound(xs, v) - 1;

/** A sorted column searched by what it reads; see the module comment. */
export class SortedColumn {
  /** Requests made and values read, for the bounds the tests check. */
  reads = 0;
  valuesRead = 0;
  /** The first decrease found among the values read; null while none is. */
  disorder: Disorder | null = null;
  private pointIndex: number[] = [];
  private pointValue: number[] = [];
  private windows: Window[] = [];
  private windowValues = 0;
  private pending = new Map<string, Promise<void>>();

  /**
   * @param length values in the column
   * @param chunk values per stored chunk (0 when unknown): probes fall on chunk edges
   * @param read how values are read
   */
  constructor(
    readonly length: number,
    readonly chunk: number,
    private readonly read: ColumnReader,
    private readonly limits: ColumnLimits = COLUMN_LIMITS,
  ) {}

  /** Keep values `[start, start + values.length)` read elsewhere (a plot's block), checking their order. */
  learn(start: number, values: ArrayLike<number>): void {
    const n = values.length;
    if (n === 0) return;
    const copy = Float64Array.from(values);
    for (let i = 0; i < n; i++) {
      // NaN is out of order too: no search can place it.
      if (!Number.isFinite(copy[i]) || (i > 0 && copy[i] < copy[i - 1])) this.noteDisorder(start + i, i > 0 ? copy[i - 1] : NaN, copy[i]);
    }
    this.addPoint(start, copy[0]);
    if (n > 1) this.addPoint(start + n - 1, copy[n - 1]);
    if (n > 2 && n <= this.limits.keptValues / 2) {
      this.windows.push({ start, values: copy });
      this.windowValues += n;
      while (this.windowValues > this.limits.keptValues) this.windowValues -= this.windows.shift()!.values.length;
    }
  }

  /** Every value known, as `[index, value]` (single values, then the windows kept). */
  entries(): [number, number][] {
    const out: [number, number][] = this.pointIndex.map((i, k) => [i, this.pointValue[k]]);
    for (const { start, values } of this.windows) values.forEach((v, k) => out.push([start + k, v]));
    return out;
  }

  /** The value at `i` if it is known (read), else undefined. */
  known(i: number): number | undefined {
    for (let w = this.windows.length - 1; w >= 0; w--) {
      const { start, values } = this.windows[w];
      if (i >= start && i < start + values.length) return values[i - start];
    }
    const k = lastBelow(this.pointIndex, i + 1);
    return k >= 0 && this.pointIndex[k] === i ? this.pointValue[k] : undefined;
  }

  /**
   * The first index whose value is ≥ `x` (`length` when none is), exact for a sorted column; reads
   * what the bracket of `x` still needs: O(log(length / chunk)) single values, then one window.
   */
  async lowerBound(x: number): Promise<number> {
    if (this.length === 0) return 0;
    await this.ensureEnds();
    for (;;) {
      const b = this.bracket(x);
      // A column found out of order has no answer to search for: the caller reads `disorder`.
      if (b.hi - b.lo <= 1 || this.disorder) return Math.max(0, b.hi);
      const probe = this.probeBetween(b.lo, b.hi);
      if (probe === undefined) await this.readOnce(b.lo + 1, b.hi);
      else await this.readOnce(probe, probe + 1);
    }
  }

  /** The indices `[first, stop)` of the values `v` with `x0 ≤ v < x1` (of a sorted column). */
  async rangeOf(x0: number, x1: number): Promise<[number, number]> {
    const [a, b] = await Promise.all([this.lowerBound(x0), this.lowerBound(x1)]);
    return [a, Math.max(a, b)];
  }

  /**
   * The (fractional) index at `x` from what is known: exact (between two neighbouring values) once
   * {@link lowerBound} has searched `x`, else interpolated between the nearest values known.
   */
  indexAt(x: number): number {
    if (this.length === 0) return 0;
    const b = this.bracket(x);
    if (b.lo < 0) return b.hi === 0 && this.pointValue.length > 1 ? this.extrapolate(x) : 0;
    if (b.hi >= this.length) return this.extrapolate(x);
    const span = b.vhi - b.vlo;
    return span > 0 ? b.lo + ((x - b.vlo) / span) * (b.hi - b.lo) : b.hi;
  }

  /** The value at index `i`: exact when known, else interpolated between the nearest known values. */
  valueAt(i: number): number {
    const exact = Number.isInteger(i) ? this.known(i) : undefined;
    if (exact !== undefined) return exact;
    const k = lastBelow(this.pointIndex, i + 1e-9);
    const a = Math.max(0, Math.min(this.pointIndex.length - 2, k));
    const i0 = this.pointIndex[a], i1 = this.pointIndex[a + 1];
    if (i1 === undefined) return this.pointValue[0] ?? NaN;
    return this.pointValue[a] + ((i - i0) / (i1 - i0)) * (this.pointValue[a + 1] - this.pointValue[a]);
  }

  /** Read the first and last values (once). */
  async ensureEnds(): Promise<void> {
    const last = this.length - 1;
    const want = [0, last].filter((i) => this.known(i) === undefined);
    await Promise.all(want.map((i) => this.readOnce(i, i + 1)));
  }

  /** Read `[start, stop)` unless the same read is under way (two searches run side by side probe the same edges). */
  private readOnce(start: number, stop: number): Promise<void> {
    const key = `${start}:${stop}`;
    let p = this.pending.get(key);
    if (!p) {
      p = this.readWindow(start, stop).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return p;
  }

  /** Read values `[start, stop)` and keep them. */
  async readWindow(start: number, stop: number): Promise<void> {
    this.reads++;
    this.valuesRead += stop - start;
    const values = await this.read(start, stop);
    // Neighbours known on either side are checked too: a window sits between two values already read.
    const before = this.known(start - 1), after = this.known(stop);
    if (before !== undefined && !(values[0] >= before)) this.noteDisorder(start, before, values[0]);
    if (after !== undefined && !(after >= values[values.length - 1])) this.noteDisorder(stop, values[values.length - 1], after);
    this.learn(start, values);
  }

  /** The first known index from the left whose value is ≥ x, and the last below it. */
  private bracket(x: number): Bracket {
    let lo = -1, vlo = -Infinity, hi = this.length, vhi = Infinity;
    const k = lastBelow(this.pointValue, x);
    if (k >= 0) [lo, vlo] = [this.pointIndex[k], this.pointValue[k]];
    if (k + 1 < this.pointValue.length) [hi, vhi] = [this.pointIndex[k + 1], this.pointValue[k + 1]];
    for (const w of this.windows) {
      const j = lastBelow(w.values, x);
      if (j >= 0 && w.start + j > lo) [lo, vlo] = [w.start + j, w.values[j]];
      if (j + 1 < w.values.length && w.start + j + 1 < hi) [hi, vhi] = [w.start + j + 1, w.values[j + 1]];
    }
    return { lo, vlo, hi, vhi };
  }

  /** Where to probe strictly between `lo` and `hi`: the chunk edge nearest the middle, else the middle of a span too long for one window. */
  private probeBetween(lo: number, hi: number): number | undefined {
    const c = this.chunk;
    if (c > 0) {
      const first = Math.floor(lo / c) * c + c, last = Math.ceil(hi / c) * c - c;
      if (first < hi && last > lo) {
        const mid = Math.round((lo + hi) / 2 / c) * c;
        return Math.max(first, Math.min(last, mid));
      }
    }
    return hi - lo - 1 > this.limits.window ? Math.floor((lo + hi) / 2) : undefined;
  }

  /** x past the known values, on the slope of the whole column. */
  private extrapolate(x: number): number {
    const n = this.pointIndex.length;
    const i0 = this.pointIndex[0], i1 = this.pointIndex[n - 1];
    const v0 = this.pointValue[0], v1 = this.pointValue[n - 1];
    return v1 > v0 ? i0 + ((x - v0) / (v1 - v0)) * (i1 - i0) : 0;
  }

  /** Keep the single value at `i`, in index order (the values are in order too while the column is sorted). */
  private addPoint(i: number, v: number): void {
    const k = lastBelow(this.pointIndex, i) + 1;
    if (this.pointIndex[k] === i) return;
    // The single values known, in index order, must not decrease either.
    if (k > 0 && v < this.pointValue[k - 1]) this.noteDisorder(i, this.pointValue[k - 1], v);
    if (k < this.pointValue.length && this.pointValue[k] < v) this.noteDisorder(this.pointIndex[k], v, this.pointValue[k]);
    this.pointIndex.splice(k, 0, i);
    this.pointValue.splice(k, 0, v);
    if (this.pointIndex.length > this.limits.keptPoints) {
      // Thinned to every other point, keeping the ends: the brackets widen, the answers stay exact.
      // The point just added stays: the search that read it goes on from it.
      const last = this.pointIndex.length - 1;
      const keep = (_: number, j: number) => j % 2 === 0 || j === last || this.pointIndex[j] === i;
      const values = this.pointValue.filter(keep);
      this.pointIndex = this.pointIndex.filter(keep);
      this.pointValue = values;
    }
  }

  private noteDisorder(index: number, before: number, after: number): void {
    if (!this.disorder || index < this.disorder.index) this.disorder = { index, before, after };
  }
}
