/**
 * Shapes the spec allows and shapes objects have. A spec's `shape` lists alternatives of lengths
 * (null = any length); `dims` without `shape` fixes only the number of dimensions (as hdmf reads it).
 * A scalar attribute has no shape: it matches no spec shape. Shapes of stored datasets come from
 * metadata; nothing is read.
 */
import { ZarrDataset } from "../../format/zarr-dataset.js";
import { dimsOptions, shapeOptions, type Dim, type DimsSpec, type ShapeSpec } from "../shape.js";

/** The allowed shapes of a spec, as alternatives; [] when any shape is allowed. */
export function allowedShapes(spec: { shape?: ShapeSpec; dims?: DimsSpec }): Dim[][] {
  if (spec.shape !== undefined) return shapeOptions(spec.shape);
  return dimsOptions(spec.dims).map((names) => names.map(() => null));
}

/** Whether a shape (undefined: a scalar value, which has none) matches one of the allowed shapes. */
export function shapeAllowed(actual: readonly number[] | undefined, allowed: readonly Dim[][]): boolean {
  if (allowed.length === 0) return true;
  if (actual === undefined) return false;
  return allowed.some((opt) => opt.length === actual.length && opt.every((d, i) => d === null || d === actual[i]));
}

/** The shape of a nested list (lengths along the first element of each level); undefined for a scalar. */
export function listShape(value: unknown): number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const shape: number[] = [];
  let v: unknown = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0];
  }
  return shape;
}

function isNdArray(v: unknown): v is { shape: number[]; data: unknown } {
  return typeof v === "object" && v !== null && Array.isArray((v as { shape?: unknown }).shape) && "data" in v && "dtype" in v;
}

/** The shape of dataset data: a stored array's (metadata), an NdArray's, a nested list's; [] for a scalar. */
export function dataShape(data: unknown): number[] {
  if (data instanceof ZarrDataset) return data.shape;
  if (isNdArray(data)) return data.shape;
  return listShape(data) ?? [];
}

/** `(3, 4)`, `(3,)`, `()`; null lengths as `None`, as hdmf prints them. */
export function formatShape(shape: readonly (number | null)[] | undefined): string {
  if (shape === undefined) return "a scalar";
  const parts = shape.map((d) => (d === null ? "None" : String(d)));
  return `(${parts.join(", ")}${parts.length === 1 ? "," : ""})`;
}

/** The allowed shapes in words: `(None,) or (None, 2)`. */
export function formatAllowed(allowed: readonly Dim[][]): string {
  return allowed.map((s) => formatShape(s)).join(" or ");
}
