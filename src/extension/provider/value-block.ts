/**
 * Blocks of values held in memory (a payload's preview, a tiny dataset's values): cut a selection
 * out of a flat C-order list, and turn JSON values into numbers for plots.
 */
import { InvalidArgumentError } from "../../errors.js";
import type { JsonValue } from "../../repr/payload/types.js";
import type { ValueBlock, ValueSelection } from "./data-provider.js";

/** Nested lists of `shape` → a flat C-order list. */
export function flattenNested(values: JsonValue, shape: readonly number[]): JsonValue[] {
  if (shape.length === 0) return [values];
  const out: JsonValue[] = [];
  const walk = (v: JsonValue, d: number) => {
    if (d === shape.length) out.push(v);
    else if (Array.isArray(v)) for (const x of v) walk(x, d + 1);
  };
  walk(values, 0);
  return out;
}

/** A JSON value as a number (tagged NaN/Infinity and big integers included), NaN otherwise. */
export function jsonNumber(v: JsonValue): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v && typeof v === "object" && !Array.isArray(v) && (v.$type === "number" || v.$type === "bigint")) return Number(v.value);
  return NaN;
}

const NUMERIC = /^(u?int(8|16|32|64)|float(16|32|64)|bool|int|float|double|numeric)$/;

/** Whether an HDMF dtype label is numeric (plots and heatmaps take it). */
export function isNumericDtype(dtype: string | undefined): boolean {
  return dtype !== undefined && NUMERIC.test(dtype);
}

/**
 * The block a selection picks from values held flat in C order with `shape`; throws
 * InvalidArgumentError when the selection reaches past what is held.
 */
export function selectBlock(flat: readonly JsonValue[], shape: readonly number[], selection: ValueSelection, numeric: boolean, where = {}): ValueBlock {
  const ranges: [number, number][] = [];
  const outShape: number[] = [];
  shape.forEach((n, d) => {
    const e = selection[d] ?? null;
    const r: [number, number] = e === null ? [0, n] : typeof e === "number" ? [e, e + 1] : [e[0], e[1]];
    if (r[0] < 0 || r[1] > n || r[0] > r[1]) {
      throw new InvalidArgumentError(`selection ${JSON.stringify(e)} of dimension ${d} is outside the ${n} values held`, where);
    }
    ranges.push(r);
    if (typeof e !== "number") outShape.push(r[1] - r[0]);
  });
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const values: JsonValue[] = [];
  const walk = (d: number, offset: number) => {
    if (d === shape.length) {
      values.push(flat[offset] ?? null);
      return;
    }
    for (let i = ranges[d][0]; i < ranges[d][1]; i++) walk(d + 1, offset + i * strides[d]);
  };
  walk(0, 0);
  return { shape: outShape, values, numbers: numeric ? Float64Array.from(values, jsonNumber) : null };
}
