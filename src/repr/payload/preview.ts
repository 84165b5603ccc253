/**
 * A data preview: the first elements of a dataset, read by slice. A 1-d dataset shows its first
 * elements; an n-d one the top-left corner of its last two dimensions at index 0 of the others.
 * Never more than `maxRows × maxColumns` elements are read (plus whatever the chunks they sit in
 * cost to decode).
 */
import { cStrides, isList, isNdArray, nest, shapeOf, type NdArray } from "../../data/index.js";
import { ZarrDataset } from "../../format/zarr-dataset.js";
import type { ZarrArray } from "../../zarr/array.js";
import type { SelectionEntry } from "../../zarr/indexing.js";
import { displayValue } from "../../zarr/dtype-display.js";
import { toJsonValue } from "./json-value.js";
import type { JsonValue, Preview } from "./types.js";

/** Options of a preview. */
export interface PreviewOptions {
  /** Rows of an n-d preview (second-to-last dimension). Default 10. */
  maxRows?: number;
  /** Columns of an n-d preview (last dimension). Default 10. */
  maxColumns?: number;
  /** Elements of a 1-d preview. Default 20. */
  maxElements?: number;
  /** Longest string element kept whole. Default 200. */
  maxString?: number;
}

interface Plan {
  selection: SelectionEntry[];
  text: string;
  shape: number[];
  truncated: boolean;
}

/** Which corner of a dataset of `shape` the preview reads. */
export function previewPlan(shape: readonly number[], options: PreviewOptions = {}): Plan {
  const rows = options.maxRows ?? 10;
  const cols = options.maxColumns ?? 10;
  const n = shape.length;
  if (n === 0) return { selection: [], text: "[]", shape: [], truncated: false };
  const limits = n === 1 ? [options.maxElements ?? 20] : [rows, cols];
  const selection: SelectionEntry[] = [];
  const parts: string[] = [];
  const out: number[] = [];
  shape.forEach((len, d) => {
    const tail = d - (n - limits.length);
    if (tail < 0) {
      // Leading dimensions of an n-d dataset: index 0 (or nothing to show when empty).
      selection.push(len === 0 ? { start: 0, stop: 0 } : 0);
      parts.push(len === 0 ? "0:0" : "0");
      if (len === 0) out.push(0);
    } else {
      const stop = Math.min(len, limits[tail]);
      selection.push({ start: 0, stop });
      parts.push(`0:${stop}`);
      out.push(stop);
    }
  });
  const total = shape.reduce((a, b) => a * b, 1);
  const shown = out.reduce((a, b) => a * b, 1);
  return { selection, text: `[${parts.join(", ")}]`, shape: out, truncated: shown < total };
}

function toValues(nd: NdArray, shape: number[], maxString: number): JsonValue {
  const data = nd.data as ArrayLike<unknown>;
  const flat: JsonValue[] = [];
  for (let i = 0; i < data.length; i++) flat.push(toJsonValue(displayValue(nd.dtype, data[i]), { maxString, maxItems: 16 }));
  return nest(flat, shape) ?? null;
}

/** Read the preview of a dataset read from a file. A failed read becomes `{error}`, never a throw. */
export async function readPreview(source: ZarrDataset | ZarrArray, options: PreviewOptions = {}): Promise<Preview> {
  const plan = previewPlan(source.shape, options);
  try {
    const nd = await source.get(plan.selection);
    return { selection: plan.text, shape: plan.shape, values: toValues(nd, plan.shape, options.maxString ?? 200), truncated: plan.truncated };
  } catch (e) {
    // A display must not fail because values cannot be decoded (pickle not allowed, unknown codec, …).
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** The preview of data held in memory (a builder not yet written). */
export function memoryPreview(data: unknown, options: PreviewOptions = {}): Preview {
  const shape = shapeOf(data);
  const plan = previewPlan(shape, options);
  const maxString = options.maxString ?? 200;
  const conv = (v: unknown) => toJsonValue(v, { maxString, maxItems: 16 });
  if (isNdArray(data)) {
    const strides = cStrides(shape);
    const pick = (d: number, offset: number): JsonValue => {
      if (d === shape.length) return conv((data.data as ArrayLike<unknown>)[offset]);
      const sel = plan.selection[d];
      if (typeof sel === "number") return pick(d + 1, offset + sel * strides[d]);
      const stop = (sel as { stop: number }).stop;
      return Array.from({ length: stop }, (_, i) => pick(d + 1, offset + i * strides[d]));
    };
    return { selection: plan.text, shape: plan.shape, values: pick(0, 0), truncated: plan.truncated };
  }
  const walk = (v: unknown, d: number): JsonValue => {
    if (d === shape.length || !isList(v)) return conv(v);
    const sel = plan.selection[d];
    if (typeof sel === "number") return walk(v[sel], d + 1);
    const stop = (sel as { stop: number }).stop;
    return Array.from({ length: Math.min(stop, v.length) }, (_, i) => walk(v[i], d + 1));
  };
  return { selection: plan.text, shape: plan.shape, values: walk(data, 0), truncated: plan.truncated };
}
