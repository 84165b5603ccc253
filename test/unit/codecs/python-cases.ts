/**
 * What the numcodecs scripts beside these tests print (numcodecs_filters.py,
 * numcodecs_compressors.py, through zarr_values.py): each array as its dtype, shape and values in C
 * order; and the two ways the tests turn them back into values here.
 */
import { allocate, shapeSize, toNumericValue, type NdArray } from "../../../src/zarr/dtype.js";
import { NO_BYTECODE, pythonOutput } from "../../helpers/python.js";

/** One array as a script prints it. */
export interface Described {
  dtype: string;
  shape: number[];
  values: unknown[];
}

/** Run a script with a venv's Python: its JSON output, by array name. */
export function runCases(python: string, script: string, ...args: string[]): Record<string, Described> {
  return JSON.parse(pythonOutput(python, [script, ...args], { env: NO_BYTECODE })) as Record<string, Described>;
}

/** Values as the scripts print them: numbers (non-finite ones as strings), booleans, text. */
export function printedValues(data: ArrayLike<unknown>): unknown[] {
  return Array.from(data, (v) => (typeof v === "bigint" ? Number(v) : typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
}

/** A script's values as an NdArray of the array's type (`inf`/`nan` strings back to numbers). */
export function describedArray(dtype: NdArray["dtype"], shape: number[], values: unknown[]): NdArray {
  const data = allocate(dtype, shapeSize(shape)) as unknown as { [i: number]: unknown };
  values.forEach((v, i) => {
    const x = typeof v === "string" && dtype.kind === "numeric" ? Number(v.replace("inf", "Infinity").replace("nan", "NaN")) : v;
    data[i] = dtype.kind === "numeric" ? toNumericValue(dtype.name, x) : x;
  });
  return { dtype, shape, data: data as unknown as NdArray["data"] };
}
