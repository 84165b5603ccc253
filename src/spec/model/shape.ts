/**
 * `dims` and `shape` of a dataset or attribute. Each is either one list (one allowed shape) or a list
 * of lists (alternative shapes, e.g. 1-D or 2-D). A shape entry is a length or null (any length).
 */
import { describe, syntaxError, type SpecContext } from "./raw.js";

/** The length of one dimension: a number, or null for any length. */
export type Dim = number | null;
/** `shape` as written: one shape or a list of alternatives. */
export type ShapeSpec = Dim[] | Dim[][];
/** `dims` as written: one list of names or a list of alternatives. */
export type DimsSpec = string[] | string[][];

function isDim(v: unknown): v is Dim {
  return v === null || (typeof v === "number" && Number.isInteger(v) && v >= 0);
}

/** Parse a raw `shape`; undefined when absent. */
export function parseShape(raw: unknown, ctx: SpecContext): ShapeSpec | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw) || raw.length === 0) throw syntaxError(ctx, `'shape' must be a non-empty list, found ${describe(raw)}`);
  if (raw.every(isDim)) return raw as Dim[];
  if (raw.every((alt) => Array.isArray(alt) && alt.every(isDim))) return raw as Dim[][];
  throw syntaxError(ctx, "'shape' must list lengths (integers or null), or list alternatives of such lists");
}

/** Parse a raw `dims`; undefined when absent. */
export function parseDims(raw: unknown, ctx: SpecContext): DimsSpec | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw) || raw.length === 0) throw syntaxError(ctx, `'dims' must be a non-empty list, found ${describe(raw)}`);
  if (raw.every((d) => typeof d === "string")) return raw as string[];
  if (raw.every((alt) => Array.isArray(alt) && alt.every((d) => typeof d === "string"))) return raw as string[][];
  throw syntaxError(ctx, "'dims' must list dimension names, or list alternatives of such lists");
}

/** Check that `dims` and `shape`, when both given, have the same length (as hdmf checks). */
export function checkDimsShape(dims: DimsSpec | undefined, shape: ShapeSpec | undefined, ctx: SpecContext): void {
  if (dims !== undefined && shape !== undefined && dims.length !== shape.length) {
    throw syntaxError(ctx, `'dims' (${dims.length} entries) and 'shape' (${shape.length} entries) must have the same length`);
  }
}

/** Whether a shape spec lists alternatives. */
export function hasAlternatives(shape: ShapeSpec | DimsSpec): boolean {
  return Array.isArray(shape[0]);
}

/** The allowed shapes as a list of alternatives; [] when the spec gives none (any shape). */
export function shapeOptions(shape: ShapeSpec | undefined): Dim[][] {
  if (shape === undefined) return [];
  return hasAlternatives(shape) ? (shape as Dim[][]) : [shape as Dim[]];
}

/** The dimension names as a list of alternatives; [] when the spec gives none. */
export function dimsOptions(dims: DimsSpec | undefined): string[][] {
  if (dims === undefined) return [];
  return hasAlternatives(dims) ? (dims as string[][]) : [dims as string[]];
}

/** Whether an actual shape matches one of the allowed shapes (any shape when none is given). */
export function matchesShape(actual: readonly number[], shape: ShapeSpec | undefined): boolean {
  const options = shapeOptions(shape);
  if (options.length === 0) return true;
  return options.some((opt) => opt.length === actual.length && opt.every((d, i) => d === null || d === actual[i]));
}
