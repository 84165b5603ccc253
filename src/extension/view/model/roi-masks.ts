/**
 * The model of the ROI view of a PlaneSegmentation (DOM-free): masks as dense planes (from
 * `image_mask` rows or rasterized `pixel_mask` / `voxel_mask` entries), their outlines as pixel
 * edges, a label plane for hover, and one colour per ROI.
 */
import type { JsonValue } from "../../../repr/payload/types.js";

/**
 * A dense 2-d mask plane, row-major (`height` rows of `width`). NWB's `image_mask` is
 * [roi, x, y] and a `pixel_mask` entry (x, y) is the same pixel as `image_mask[roi][x][y]`, so
 * rows are x and columns are y throughout, as they are stored.
 */
export interface MaskPlane {
  width: number;
  height: number;
  values: Float64Array;
}

/** One entry of a `pixel_mask` (x, y, weight) or `voxel_mask` (x, y, z, weight). */
export interface MaskEntry {
  x: number;
  y: number;
  z?: number;
  weight: number;
}

/** A compound row as a mask entry: an object with x, y[, z], weight, or an array in that order. */
export function maskEntryOf(v: JsonValue, voxel = false): MaskEntry | null {
  if (Array.isArray(v)) {
    const n = v.map(Number);
    return voxel ? { x: n[0], y: n[1], z: n[2], weight: n[3] ?? 1 } : { x: n[0], y: n[1], weight: n[2] ?? 1 };
  }
  if (v && typeof v === "object") {
    const o = v as Record<string, JsonValue>;
    const e: MaskEntry = { x: Number(o.x), y: Number(o.y), weight: o.weight === undefined ? 1 : Number(o.weight) };
    if (o.z !== undefined) e.z = Number(o.z);
    return e;
  }
  return null;
}

/** Entries rasterized onto a plane of `height` x-rows by `width` y-columns (entries outside are dropped; `z` other than `plane` too). */
export function rasterizeEntries(entries: readonly MaskEntry[], width: number, height: number, plane = 0): MaskPlane {
  const values = new Float64Array(width * height);
  for (const e of entries) {
    const x = Math.round(e.x), y = Math.round(e.y);
    if (!(x >= 0 && x < height && y >= 0 && y < width)) continue;
    if (e.z !== undefined && Math.round(e.z) !== plane) continue;
    values[x * width + y] = Number.isFinite(e.weight) ? e.weight : 1;
  }
  return { width, height, values };
}

/** The size of the plane the entries cover (rows: one beyond the largest x; columns: the largest y). */
export function entriesExtent(entries: readonly MaskEntry[]): { width: number; height: number } {
  let width = 0, height = 0;
  for (const e of entries) {
    if (Number.isFinite(e.x)) height = Math.max(height, Math.round(e.x) + 1);
    if (Number.isFinite(e.y)) width = Math.max(width, Math.round(e.y) + 1);
  }
  return { width, height };
}

/** The z planes the entries lie in (rounded, ascending, each once); empty when no entry has a z (pixel masks). */
export function entryPlanes(entries: readonly MaskEntry[]): number[] {
  const planes = new Set<number>();
  for (const e of entries) if (e.z !== undefined && Number.isFinite(e.z)) planes.add(Math.round(e.z));
  return [...planes].sort((a, b) => a - b);
}

/**
 * The z plane to draw: the one asked for when there is one, else the first plane any shown ROI
 * has voxels in (so a segmentation whose voxels start past z = 0 does not open blank), else 0.
 */
export function planeToShow(asked: number | null, planes: readonly number[]): number {
  return asked ?? planes[0] ?? 0;
}

/** Whether a mask value counts as inside the ROI. */
function inside(v: number): boolean {
  return Number.isFinite(v) && v > 0;
}

/**
 * The outline of a mask: the pixel edges between inside and outside, as segments
 * `[x0, y0, x1, y1]` in pixel-corner coordinates (a pixel (x, y) spans x..x+1, y..y+1).
 */
export function maskOutline(mask: MaskPlane, bounds: MaskBounds | null = maskBounds(mask)): number[][] {
  const { width: w, height: h, values } = mask;
  const at = (x: number, y: number) => x >= 0 && x < w && y >= 0 && y < h && inside(values[y * w + x]);
  const segs: number[][] = [];
  if (!bounds) return segs;
  // Only the mask's bounding box can hold edges.
  for (let y = bounds.y0; y <= bounds.y1; y++)
    for (let x = bounds.x0; x <= bounds.x1; x++) {
      if (!at(x, y)) continue;
      if (!at(x, y - 1)) segs.push([x, y, x + 1, y]);
      if (!at(x, y + 1)) segs.push([x, y + 1, x + 1, y + 1]);
      if (!at(x - 1, y)) segs.push([x, y, x, y + 1]);
      if (!at(x + 1, y)) segs.push([x + 1, y, x + 1, y + 1]);
    }
  return segs;
}

/**
 * The outline of a mask as closed rings of pixel corners (`[x0, y0, x1, y1, …]`, x a column and y
 * a row, corners where the outline turns only): each ring runs clockwise on screen around inside
 * pixels (or counter-clockwise around a hole), so filling all rings with the even-odd rule covers
 * exactly the mask's pixels and stroking them draws {@link maskOutline}'s edges.
 */
export function maskRings(mask: MaskPlane, bounds: MaskBounds | null = maskBounds(mask)): number[][] {
  if (!bounds) return [];
  const stride = mask.width + 1;
  const key = (x: number, y: number) => y * stride + x;
  // Directed edges, inside on their right: from each corner, the corners its edges go to.
  const out = new Map<number, number[]>();
  const edge = (x0: number, y0: number, x1: number, y1: number) => {
    const k = key(x0, y0), list = out.get(k);
    if (list) list.push(key(x1, y1));
    else out.set(k, [key(x1, y1)]);
  };
  for (const [x0, y0, x1, y1] of maskOutline(mask, bounds)) {
    // maskOutline gives each edge undirected; orient it by which side holds the pixel.
    if (y0 === y1) {
      const below = y0 < mask.height && inside(mask.values[y0 * mask.width + x0]);
      if (below) edge(x0, y0, x1, y1); // top edge of the pixel below: left to right
      else edge(x1, y1, x0, y0); // bottom edge of the pixel above: right to left
    } else {
      const right = x0 < mask.width && inside(mask.values[y0 * mask.width + x0]);
      if (right) edge(x1, y1, x0, y0); // left edge of the pixel to the right: upward
      else edge(x0, y0, x1, y1); // right edge of the pixel to the left: downward
    }
  }
  const rings: number[][] = [];
  const point = (k: number): [number, number] => [k % stride, Math.floor(k / stride)];
  for (const [start, targets] of out) {
    while (targets.length) {
      const ring: number[] = [];
      let at = start;
      do {
        const next = out.get(at)!.pop()!;
        ring.push(...point(at));
        at = next;
      } while (at !== start);
      rings.push(corners(ring));
    }
  }
  return rings;
}

/** A closed ring without the points in the middle of straight runs. */
function corners(ring: number[]): number[] {
  const n = ring.length / 2, out: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = (i + n - 1) % n, q = (i + 1) % n;
    const ax = ring[i * 2] - ring[p * 2], ay = ring[i * 2 + 1] - ring[p * 2 + 1];
    const bx = ring[q * 2] - ring[i * 2], by = ring[q * 2 + 1] - ring[i * 2 + 1];
    if (ax * by - ay * bx !== 0 || ax * bx + ay * by < 0) out.push(ring[i * 2], ring[i * 2 + 1]);
  }
  return out;
}

/**
 * SVG path data of rings, each point placed by `at` (pixel corner → drawing coordinates), two
 * decimals: `M x y L x y … Z` per ring.
 */
export function ringsPath(rings: readonly number[][], at: (x: number, y: number) => [number, number]): string {
  const fmt = (v: number) => String(Math.round(v * 100) / 100);
  return rings
    .map((ring) => {
      const parts: string[] = [];
      for (let i = 0; i < ring.length; i += 2) {
        const [x, y] = at(ring[i], ring[i + 1]);
        parts.push(`${i ? "L" : "M"}${fmt(x)} ${fmt(y)}`);
      }
      return `${parts.join(" ")} Z`;
    })
    .join(" ");
}

/** The bounding box of a mask (columns x0..x1, rows y0..y1, inclusive), its centroid and its pixel count. */
export interface MaskBounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  cx: number;
  cy: number;
  pixels: number;
}

/** The bounding box and centroid of a mask; null when it is empty. */
export function maskBounds(mask: MaskPlane): MaskBounds | null {
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1, sx = 0, sy = 0, n = 0;
  for (let y = 0; y < mask.height; y++)
    for (let x = 0; x < mask.width; x++) {
      if (!inside(mask.values[y * mask.width + x])) continue;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
      sx += x;
      sy += y;
      n++;
    }
  return n ? { x0, y0, x1, y1, cx: sx / n, cy: sy / n, pixels: n } : null;
}

/**
 * A label plane: for each pixel the index (into `masks`) of the last ROI covering it, or -1.
 * Hover reads it to name the ROI under the pointer.
 */
export function labelPlane(masks: readonly MaskPlane[], width: number, height: number, bounds?: readonly (MaskBounds | null)[]): Int32Array {
  const out = new Int32Array(width * height).fill(-1);
  masks.forEach((m, k) => {
    const b = bounds ? bounds[k] : maskBounds(m);
    if (!b) return;
    for (let y = b.y0; y <= Math.min(height - 1, b.y1); y++)
      for (let x = b.x0; x <= Math.min(width - 1, b.x1); x++) if (inside(m.values[y * m.width + x])) out[y * width + x] = k;
  });
  return out;
}

/** A categorical palette, told apart in light and dark themes; ROI `k` takes colour `k mod 10`. */
const PALETTE: [number, number, number][] = [
  [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
  [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
];

/** The colour of the `k`-th ROI shown. */
export function roiColour(k: number): [number, number, number] {
  return PALETTE[((k % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

/** The `[start, stop)` rows of the `k`-th ragged row, from its index (cumulative stops). */
export function raggedSpan(index: ArrayLike<number>, k: number): [number, number] {
  return [k === 0 ? 0 : Number(index[k - 1]), Number(index[k])];
}

/** The rows of the ROIs typed, and what was typed that names no ROI. */
export interface IdSelection {
  rows: number[];
  /** Parts that are not an id or a range (`abc`), and ids not in the table (`99`), as typed. */
  unknown: string[];
}

/**
 * The rows of the ROIs named in `text` ("3, 5-9") by their ids, in the order named, at most
 * `limit`; what names no ROI is listed in `unknown` for the view to say.
 */
export function rowsForIds(text: string, ids: readonly number[], limit: number): IdSelection {
  const rowOf = new Map<number, number>();
  ids.forEach((id, row) => rowOf.has(id) || rowOf.set(id, row));
  const rows: number[] = [];
  const unknown: string[] = [];
  const seen = new Set<number>();
  for (const part of text.split(/[,\s]+/).filter(Boolean)) {
    const m = /^(-?\d+)(?:\s*[-–:]\s*(-?\d+))?$/.exec(part);
    if (!m) {
      unknown.push(part);
      continue;
    }
    const a = Number(m[1]), b = m[2] === undefined ? a : Number(m[2]);
    let found = false;
    for (let id = Math.min(a, b); id <= Math.max(a, b) && rows.length < limit; id++) {
      const row = rowOf.get(id);
      if (row === undefined) continue;
      found = true;
      if (!seen.has(row)) (seen.add(row), rows.push(row));
    }
    if (!found) unknown.push(part);
  }
  return { rows, unknown };
}

/** Runs of consecutive rows (`[start, stop)`), so masks of neighbouring ROIs are read together. */
export function rowRuns(rows: readonly number[]): [number, number][] {
  const sorted = [...rows].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const r of sorted) {
    const last = runs[runs.length - 1];
    if (last && r === last[1]) last[1] = r + 1;
    else if (!last || r >= last[1]) runs.push([r, r + 1]);
  }
  return runs;
}
