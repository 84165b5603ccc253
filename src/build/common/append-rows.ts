/**
 * Appending rows to the in-memory columns of a DynamicTable (what hdmf's `add_row` and
 * `VectorIndex.add_vector` do): values go to the end of a column's data, ragged rows are split
 * through the column's index chain, and each value is checked against what the column already
 * holds (kind of value, shape of a row) so a bad row fails before anything is changed. Rows of a
 * table read from a file go to the file instead (append-rows-in-file.ts).
 */
import { InvalidArgumentError } from "../../errors.js";
import { DataIOBase, isNdArray, isTypedArray } from "../../data/index.js";
import { isContainer } from "../brands.js";
import { LazyData } from "../lazy-data.js";
import { indexArray } from "./ragged.js";
import type { Data } from "../data.js";
import { VectorIndex } from "./vector-index.js";

/** Where a row goes wrong: names the table and the column in errors. */
export interface AppendSite {
  table: string;
  column: string;
  path: string;
}

/** A bad value for a column: the error names the table and the column. */
export function rowError(site: AppendSite, problem: string): InvalidArgumentError {
  return new InvalidArgumentError(`table '${site.table}', column '${site.column}': ${problem}`, { path: site.path });
}

/** The kind of a value, for checking a column holds one kind. */
export function valueKind(v: unknown): string {
  if (v === null || v === undefined) return "missing";
  if (typeof v === "number" || typeof v === "bigint") return "number";
  if (typeof v === "string" || v instanceof Date) return "text";
  if (typeof v === "boolean") return "bool";
  if (isContainer(v)) return "object";
  if (Array.isArray(v) || isTypedArray(v)) return "array";
  return "record";
}

/** The shape of one value (a scalar: []; nested lists: their lengths). */
function valueShape(v: unknown): number[] {
  const shape: number[] = [];
  for (let cur = v; Array.isArray(cur) || isTypedArray(cur); cur = (cur as ArrayLike<unknown>)[0]) {
    shape.push((cur as ArrayLike<unknown>).length);
    if (shape[shape.length - 1] === 0) break;
  }
  return shape;
}

/** The in-memory values of a column, or an error when they live in a file or in a wrapper. */
function ownValues(vector: Data, site: AppendSite): unknown[] | ArrayLike<unknown> {
  const data = vector.data;
  if (data === undefined || data === null) return [];
  if (data instanceof LazyData) throw rowError(site, "its values are in a file while the table's other columns are in memory; write the table first");
  if (data instanceof DataIOBase || isNdArray(data)) throw rowError(site, "its values are wrapped (ZarrDataIO or an NdArray); give plain lists to add rows");
  if (Array.isArray(data) || isTypedArray(data)) return data as ArrayLike<unknown>;
  throw rowError(site, `its values (${typeof data}) are not a list`);
}

/** Check that new values are of the kind (and row shape) the column already holds. */
export function checkValues(vector: Data, values: readonly unknown[], site: AppendSite): void {
  const data = ownValues(vector, site);
  const typed = isTypedArray(data);
  const first = data.length ? (data as ArrayLike<unknown>)[0] : values[0];
  const kind = typed ? "number" : valueKind(first);
  const shape = typed ? [] : valueShape(first);
  for (const v of values) {
    const k = valueKind(v);
    if (k === "missing") throw rowError(site, "a value is missing (null or undefined)");
    if (k !== kind) throw rowError(site, `expected a ${kind} value, got ${k} ${JSON.stringify(v) ?? String(v)}`);
    if (k === "array" && valueShape(v).join("x") !== shape.join("x")) {
      throw rowError(site, `every row must have the shape [${shape.join(", ")}], this one has [${valueShape(v).join(", ")}] (use a ragged column for rows of different lengths)`);
    }
  }
}

/** Append values to the end of a column's data (typed arrays stay of their type). */
export function appendValues(vector: Data, values: readonly unknown[], site: AppendSite): void {
  if (!values.length) return;
  const data = ownValues(vector, site);
  if (vector instanceof VectorIndex) {
    // Index ends live in the smallest unsigned type that holds them; it may have to grow.
    vector.data = indexArray([...Array.from(data as ArrayLike<unknown>, Number), ...values.map(Number)]);
  } else if (isTypedArray(data)) {
    const Ctor = data.constructor as unknown as { from(v: unknown[]): unknown };
    const big = typeof (data as ArrayLike<unknown>)[0] === "bigint" || data instanceof BigInt64Array || data instanceof BigUint64Array;
    vector.data = Ctor.from([...Array.from(data as ArrayLike<unknown>), ...values.map((v) => (big ? BigInt(v as number) : Number(v)))]);
  } else if (vector.data === undefined || vector.data === null) {
    vector.data = [...values];
  } else {
    (data as unknown[]).push(...values);
  }
}

/** The elements of one ragged row (a list or a typed array). */
function rowItems(v: unknown, site: AppendSite): unknown[] {
  if (Array.isArray(v)) return v;
  if (isTypedArray(v)) return Array.from(v as ArrayLike<unknown>);
  throw rowError(site, `a ragged column takes a list per row, got ${valueKind(v)} ${JSON.stringify(v) ?? String(v)}`);
}

/**
 * Split one ragged row through an index chain (outermost first; the last index targets the data
 * column): the flat values for the data column and, per index, the new ends to append. `lengthOf`
 * gives a column's number of rows (for a file's table, counting rows queued for it).
 */
export function splitRaggedRow(
  chain: readonly VectorIndex[], value: unknown, site: AppendSite,
  lengthOf: (column: Data) => number = (column) => column.length,
): { values: unknown[]; ends: number[][] } {
  const lengths = chain.map((ix) => (ix.target ? lengthOf(ix.target) : 0));
  const ends: number[][] = chain.map(() => []);
  const values: unknown[] = [];
  const walk = (v: unknown, level: number): void => {
    if (level === chain.length) {
      values.push(v);
      return;
    }
    const items = rowItems(v, site);
    for (const item of items) walk(item, level + 1);
    lengths[level] += items.length;
    ends[level].push(lengths[level]);
  };
  walk(value, 0);
  return { values, ends };
}
