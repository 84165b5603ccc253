/**
 * Selections over a regular chunk grid: which chunks a selection touches, what part of each chunk
 * is selected, and where it lands in the output; plus the region copy/fill routines that move the
 * selected elements between chunk buffers and the output buffer.
 *
 * A selection has one entry per dimension: an integer (negative counts from the end; the dimension
 * is dropped from the output), `null` (the whole dimension) or a Slice with Python semantics
 * (negative bounds count from the end, out-of-range bounds are clamped, step >= 1). Missing
 * trailing entries select whole dimensions.
 */
import { InvalidArgumentError, type ErrorLocation } from "../errors.js";
import type { ArrayData, TypedArray } from "./dtype.js";

/** A Python-style slice; `null`/absent bounds mean "from the start" / "to the end", step defaults to 1. */
export interface Slice {
  start?: number | null;
  stop?: number | null;
  step?: number | null;
}

/** One dimension of a selection. */
export type SelectionEntry = number | null | Slice;

/** A selection: one entry per leading dimension; the rest are whole. */
export type Selection = readonly SelectionEntry[];

/**
 * A slice, as Python's `slice()`: `slice(stop)` with one argument, `slice(start, stop, step?)` with more.
 * `slice(2, null)` selects from 2 to the end; `slice(null, null, 3)` every third element.
 */
export function slice(stop?: number | null): Slice;
export function slice(start: number | null | undefined, stop: number | null | undefined, step?: number | null): Slice;
export function slice(a?: number | null, b?: number | null, step?: number | null): Slice {
  if (arguments.length <= 1) return { start: null, stop: a ?? null, step: null };
  return { start: a ?? null, stop: b ?? null, step: step ?? null };
}

/** `count` positions starting at `start`, `step` apart, along one dimension. */
export interface DimRange {
  start: number;
  step: number;
  count: number;
}

/** A normalised selection along one dimension of the array. */
export interface DimSelection extends DimRange {
  /** True for an integer index: the dimension is dropped from the output. */
  dropped: boolean;
}

/** What one chunk contributes to a selection. */
export interface ChunkProjection {
  /** Grid coordinates of the chunk. */
  coords: number[];
  /** Selected positions inside the chunk, one range per array dimension. */
  chunkSel: DimRange[];
  /**
   * Where they go in the output, one range per array dimension (step 1). Dimensions dropped by an
   * integer index have length 1 here (see `SelectionPlan.fullShape`).
   */
  outSel: DimRange[];
}

/** The result of planning a selection against an array's shape and chunk grid. */
export interface SelectionPlan {
  /** Normalised selection, one entry per array dimension. */
  dims: DimSelection[];
  /** Output shape with integer-indexed dimensions removed ([] when every entry is an integer). */
  shape: number[];
  /** Output shape at full rank, integer-indexed dimensions kept with length 1 (same C-order layout as `shape`). */
  fullShape: number[];
  /** Number of selected elements. */
  size: number;
  /** Every chunk the selection touches, lazily, in C order of the grid. */
  projections(): Iterable<ChunkProjection>;
}

function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v);
}

function dimName(d: number): string {
  return `dimension ${d}`;
}

/** Python's clamping of a slice bound to [0, n]. */
function clampBound(v: number, n: number): number {
  if (v < 0) return Math.max(0, v + n);
  return Math.min(v, n);
}

/** Normalise one selection entry against a dimension of length `n`. */
export function normaliseEntry(entry: SelectionEntry | undefined, n: number, d: number, where: ErrorLocation): DimSelection {
  if (entry === null || entry === undefined) return { start: 0, step: 1, count: n, dropped: false };
  if (typeof entry === "number") {
    if (!isInt(entry)) throw new InvalidArgumentError(`index ${entry} along ${dimName(d)} is not an integer`, where);
    const i = entry < 0 ? entry + n : entry;
    if (i < 0 || i >= n) {
      throw new InvalidArgumentError(`index ${entry} is out of bounds for ${dimName(d)} of size ${n}`, where);
    }
    return { start: i, step: 1, count: 1, dropped: true };
  }
  if (typeof entry !== "object") {
    throw new InvalidArgumentError(`selection entry for ${dimName(d)} must be an integer, null or a slice, got ${typeof entry}`, where);
  }
  const { start, stop, step } = entry;
  for (const [name, v] of [["start", start], ["stop", stop], ["step", step]] as const) {
    if (v !== null && v !== undefined && !isInt(v)) {
      throw new InvalidArgumentError(`slice ${name} ${String(v)} along ${dimName(d)} is not an integer`, where);
    }
  }
  const st = step ?? 1;
  if (st < 1) {
    throw new InvalidArgumentError(`slice step ${st} along ${dimName(d)} is not supported; steps must be >= 1`, where);
  }
  const lo = start === null || start === undefined ? 0 : clampBound(start, n);
  const hi = stop === null || stop === undefined ? n : clampBound(stop, n);
  const count = hi > lo ? Math.ceil((hi - lo) / st) : 0;
  return { start: count > 0 ? lo : 0, step: st, count, dropped: false };
}

/** The part of one dimension's selection that falls in each chunk along that dimension. */
interface DimPiece {
  chunk: number;
  inChunk: DimRange;
  outStart: number;
}

function dimPieces(sel: DimSelection, chunk: number): DimPiece[] {
  if (sel.count === 0) return [];
  const c = Math.max(1, chunk);
  const last = sel.start + (sel.count - 1) * sel.step;
  const pieces: DimPiece[] = [];
  const firstChunk = Math.floor(sel.start / c);
  const lastChunk = Math.floor(last / c);
  // With a step larger than the chunk, many chunks hold nothing; jump from hit to hit instead.
  if (sel.step > c) {
    for (let k = 0; k < sel.count; k++) {
      const pos = sel.start + k * sel.step;
      const ci = Math.floor(pos / c);
      pieces.push({ chunk: ci, inChunk: { start: pos - ci * c, step: 1, count: 1 }, outStart: k });
    }
    return pieces;
  }
  for (let ci = firstChunk; ci <= lastChunk; ci++) {
    const lo = ci * c;
    const hi = Math.min(lo + c - 1, last);
    const first = lo <= sel.start ? sel.start : sel.start + Math.ceil((lo - sel.start) / sel.step) * sel.step;
    if (first > hi) continue;
    const count = Math.floor((hi - first) / sel.step) + 1;
    pieces.push({ chunk: ci, inChunk: { start: first - lo, step: sel.step, count }, outStart: (first - sel.start) / sel.step });
  }
  return pieces;
}

/**
 * Plan `selection` over an array of `shape` cut into chunks of `chunkShape`.
 * Throws InvalidArgumentError (located at `where`) for too many entries, non-integer or
 * out-of-bounds indices, and steps below 1.
 */
export function planSelection(
  selection: Selection | null | undefined,
  shape: readonly number[],
  chunkShape: readonly number[],
  where: ErrorLocation = {},
): SelectionPlan {
  const sel = selection ?? [];
  if (!Array.isArray(sel)) throw new InvalidArgumentError("a selection must be an array with one entry per dimension", where);
  if (sel.length > shape.length) {
    throw new InvalidArgumentError(
      `selection has ${sel.length} entries but the array has ${shape.length} dimension${shape.length === 1 ? "" : "s"}`,
      where,
    );
  }
  const dims = shape.map((n, d) => normaliseEntry(sel[d], n, d, where));
  const fullShape = dims.map((s) => s.count);
  const outShape = dims.filter((s) => !s.dropped).map((s) => s.count);
  const size = fullShape.reduce((a, b) => a * b, 1);
  return {
    dims,
    shape: outShape,
    fullShape,
    size,
    projections: () => iterateProjections(dims, chunkShape),
  };
}

function* iterateProjections(dims: DimSelection[], chunkShape: readonly number[]): Generator<ChunkProjection> {
  const per = dims.map((s, d) => dimPieces(s, chunkShape[d]));
  if (per.some((p) => p.length === 0) && per.length > 0) return;
  const nd = per.length;
  const idx = new Array<number>(nd).fill(0);
  for (;;) {
    const coords: number[] = [];
    const chunkSel: DimRange[] = [];
    const outSel: DimRange[] = [];
    for (let d = 0; d < nd; d++) {
      const p = per[d][idx[d]];
      coords.push(p.chunk);
      chunkSel.push(p.inChunk);
      outSel.push({ start: p.outStart, step: 1, count: p.inChunk.count });
    }
    yield { coords, chunkSel, outSel };
    // Odometer over the per-dimension pieces, last dimension fastest.
    let d = nd - 1;
    while (d >= 0) {
      if (++idx[d] < per[d].length) break;
      idx[d] = 0;
      d--;
    }
    if (d < 0) return;
  }
}

/** Whether `sel` covers every element of the chunk that lies inside the array (edge chunks included). */
export function coversChunk(proj: ChunkProjection, shape: readonly number[], chunkShape: readonly number[]): boolean {
  for (let d = 0; d < shape.length; d++) {
    const r = proj.chunkSel[d];
    const inside = Math.min(chunkShape[d], shape[d] - proj.coords[d] * chunkShape[d]);
    if (r.start !== 0 || r.count !== inside || (r.step !== 1 && r.count > 1)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Region copy and fill over C-order buffers.

/** C-order strides (in elements) of a shape. */
export function cStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

function unitStep(r: DimRange): boolean {
  return r.step === 1 || r.count <= 1;
}

function wholeDim(r: DimRange, n: number): boolean {
  return r.start === 0 && r.count === n && unitStep(r);
}

/**
 * How to walk two regions of equal counts: the number of outer dimensions to iterate one by one,
 * and how many elements each innermost run covers (contiguous in both buffers when `contiguous`).
 */
interface Walk {
  outer: number;
  run: number;
  contiguous: boolean;
}

function planWalk(counts: readonly number[], a: readonly DimRange[], aShape: readonly number[], b?: readonly DimRange[], bShape?: readonly number[]): Walk {
  const nd = counts.length;
  const last = nd - 1;
  if (!unitStep(a[last]) || (b && !unitStep(b[last]))) return { outer: last, run: counts[last], contiguous: false };
  // Merge trailing dimensions into one run while the inner ones are whole in both buffers.
  let k = last;
  while (k > 0 && wholeDim(a[k], aShape[k]) && (!b || wholeDim(b[k], bShape![k])) && unitStep(a[k - 1]) && (!b || unitStep(b[k - 1]))) k--;
  let run = 1;
  for (let d = k; d < nd; d++) run *= counts[d];
  return { outer: k, run, contiguous: true };
}

function isTyped(x: ArrayData): x is TypedArray {
  return ArrayBuffer.isView(x);
}

/** Below this run length a plain loop beats `subarray` + `set`. */
const SHORT_RUN = 16;

/**
 * Runs shorter than this many bytes are copied as 32-bit words by a loop; longer ones by `set`.
 * Measured on 8 MiB chunks (Node 20 and 24): 128-byte runs 2–2.3× faster as words, 256-byte runs
 * 1.5–2×, 512 bytes about even, 1 KiB and longer faster by `set` (each `set` costs a `subarray`).
 * Words, not float64s: a float64 load may change a NaN's bits, an int32 load never does.
 */
const WORD_RUN_MAX_BYTES = 512;

/** Both arrays of one kind: their elements can be copied as bytes. */
function sameKind(a: TypedArray, b: TypedArray): boolean {
  return Object.getPrototypeOf(a) === Object.getPrototypeOf(b) || (a instanceof Uint8Array && b instanceof Uint8Array);
}

/** 32-bit views over the whole memory of `a` when its start is 4-byte aligned, else undefined. */
function words(a: TypedArray): Int32Array | undefined {
  if (a.byteOffset % 4 !== 0) return undefined;
  return new Int32Array(a.buffer as ArrayBuffer, a.byteOffset, a.byteLength >>> 2);
}

/**
 * Copies `rows` runs of `run` elements, the n-th from `src[so + n*srcRow]` to `dst[dof + n*dstRow]`
 * (typed arrays of one kind; `srcRow`, `dstRow` fixed when it is made): the innermost walked
 * dimension in one call.
 */
type RowsCopy = (so: number, dof: number, rows: number) => void;

/** `rows` runs of `w` words, `sStep` / `dStep` words apart. Top-level, so its optimised code serves every chunk. */
function copyWordRows(s32: Int32Array, d32: Int32Array, s: number, d: number, rows: number, w: number, sStep: number, dStep: number): void {
  for (let r = 0; r < rows; r++, s += sStep, d += dStep) {
    for (let i = 0; i < w; i++) d32[d + i] = s32[s + i];
  }
}

/** `rows` runs of `run` elements by `set`, `srcRow` / `dstRow` elements apart. */
function copySetRows(src: TypedArray, dst: TypedArray, so: number, dof: number, rows: number, run: number, srcRow: number, dstRow: number): void {
  for (let r = 0; r < rows; r++, so += srcRow, dof += dstRow) dst.set(src.subarray(so, so + run) as never, dof);
}

/** The fastest way to copy runs of `run` elements between `src` and `dst` of one kind (see WORD_RUN_MAX_BYTES). */
function rowsCopy(src: TypedArray, dst: TypedArray, run: number, srcRow: number, dstRow: number): RowsCopy {
  const bpe = src.BYTES_PER_ELEMENT;
  const bytes = run * bpe;
  const bySet: RowsCopy = (so, dof, rows) => copySetRows(src, dst, so, dof, rows, run, srcRow, dstRow);
  const s32 = bytes < WORD_RUN_MAX_BYTES && bytes % 4 === 0 && ((srcRow * bpe) | (dstRow * bpe)) % 4 === 0 ? words(src) : undefined;
  const d32 = s32 && words(dst);
  if (!s32 || !d32) return bySet;
  const k = bpe / 4;
  return (so, dof, rows) => {
    // Rows whose first run is not on a word (an odd outer offset) go by `set`.
    if (((so * bpe) | (dof * bpe)) % 4 !== 0) return bySet(so, dof, rows);
    copyWordRows(s32, d32, so * k, dof * k, rows, bytes >>> 2, srcRow * k, dstRow * k);
  };
}

/**
 * Copy the region `srcSel` of `src` (C order, `srcShape`) into the region `dstSel` of `dst`
 * (C order, `dstShape`). Both selections have the same rank and the same counts per dimension.
 * Typed arrays of the same kind are copied over contiguous runs: short runs as 32-bit words,
 * longer ones with `set`.
 */
export function copyRegion(
  src: ArrayData, srcShape: readonly number[], srcSel: readonly DimRange[],
  dst: ArrayData, dstShape: readonly number[], dstSel: readonly DimRange[],
): void {
  const nd = srcShape.length;
  const s = src as unknown as { [i: number]: unknown };
  const t = dst as unknown as { [i: number]: unknown };
  if (nd === 0) {
    t[0] = s[0];
    return;
  }
  const counts = srcSel.map((r) => r.count);
  if (counts.some((c) => c === 0)) return;
  const ss = cStrides(srcShape);
  const ds = cStrides(dstShape);
  const walk = planWalk(counts, srcSel, srcShape, dstSel, dstShape);
  const typed = walk.contiguous && walk.run >= SHORT_RUN && isTyped(src) && isTyped(dst);
  const lastSrcStep = walk.contiguous ? 1 : srcSel[nd - 1].step * ss[nd - 1];
  const lastDstStep = walk.contiguous ? 1 : dstSel[nd - 1].step * ds[nd - 1];
  // The innermost walked dimension runs in one call: its rows are `srcRow` / `dstRow` apart.
  const inner = walk.outer - 1;
  const srcRow = inner >= 0 ? srcSel[inner].step * ss[inner] : 0;
  const dstRow = inner >= 0 ? dstSel[inner].step * ds[inner] : 0;
  const rows = typed && sameKind(src as TypedArray, dst as TypedArray) ? rowsCopy(src as TypedArray, dst as TypedArray, walk.run, srcRow, dstRow) : undefined;
  const idx = new Array<number>(Math.max(0, inner)).fill(0);
  for (;;) {
    let so = 0;
    let dof = 0;
    for (let d = 0; d < inner; d++) {
      so += (srcSel[d].start + idx[d] * srcSel[d].step) * ss[d];
      dof += (dstSel[d].start + idx[d] * dstSel[d].step) * ds[d];
    }
    for (let d = Math.max(0, inner); d < nd; d++) {
      so += srcSel[d].start * ss[d];
      dof += dstSel[d].start * ds[d];
    }
    const n = inner >= 0 ? counts[inner] : 1;
    if (rows) rows(so, dof, n);
    else if (typed) copySetRows(src as TypedArray, dst as TypedArray, so, dof, n, walk.run, srcRow, dstRow);
    else {
      for (let r = 0; r < n; r++) {
        const a = so + r * srcRow;
        const b = dof + r * dstRow;
        for (let i = 0; i < walk.run; i++) t[b + i * lastDstStep] = s[a + i * lastSrcStep];
      }
    }
    let d = inner - 1;
    while (d >= 0) {
      if (++idx[d] < counts[d]) break;
      idx[d] = 0;
      d--;
    }
    if (d < 0) return;
  }
}

/** Set every element of the region `sel` of `dst` (C order, `shape`) to `value`. */
export function fillRegion(dst: ArrayData, shape: readonly number[], sel: readonly DimRange[], value: unknown): void {
  const nd = shape.length;
  const t = dst as unknown as { [i: number]: unknown; fill(v: unknown, a: number, b: number): unknown };
  if (nd === 0) {
    t[0] = value;
    return;
  }
  const counts = sel.map((r) => r.count);
  if (counts.some((c) => c === 0)) return;
  const st = cStrides(shape);
  const walk = planWalk(counts, sel, shape);
  const lastStep = walk.contiguous ? 1 : sel[nd - 1].step * st[nd - 1];
  const idx = new Array<number>(walk.outer).fill(0);
  for (;;) {
    let off = 0;
    for (let d = 0; d < walk.outer; d++) off += (sel[d].start + idx[d] * sel[d].step) * st[d];
    for (let d = walk.outer; d < nd; d++) off += sel[d].start * st[d];
    if (walk.contiguous) t.fill(value, off, off + walk.run);
    else for (let i = 0; i < walk.run; i++) t[off + i * lastStep] = value;
    let d = walk.outer - 1;
    while (d >= 0) {
      if (++idx[d] < counts[d]) break;
      idx[d] = 0;
      d--;
    }
    if (d < 0) return;
  }
}

/** The whole of a shape as a region. */
export function wholeRegion(shape: readonly number[]): DimRange[] {
  return shape.map((n) => ({ start: 0, step: 1, count: n }));
}
