/**
 * Shapes the spec allows and shapes objects have. A spec's `shape` lists alternatives of lengths
 * (null = any length); `dims` without `shape` fixes only the number of dimensions (as hdmf reads it).
 * A scalar attribute has no shape: it matches no spec shape. Shapes of stored datasets come from
 * metadata (src/data's `shapeOf`); nothing is read.
 */
import { shapeOf } from "../data/index.js";
import { dimsOptions, shapeOptions, type Dim, type DimsSpec, type ShapeSpec } from "../spec/model/shape.js";

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

/** The shape of an attribute value (see `shapeOf`); undefined for a scalar, which has no shape. */
export function attributeShape(value: unknown): number[] | undefined {
  const shape = shapeOf(value);
  return shape.length === 0 ? undefined : shape;
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
