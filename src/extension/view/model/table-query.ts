/**
 * Sorting and filtering a DynamicTable by its scalar columns: the sort state a header click
 * cycles, filter rows (`column op value`) parsed and evaluated on whole columns, and the row order
 * that results. DOM-free; the view reads only the columns these need, then pages the rows.
 */
import type { JsonValue } from "../../../repr/payload/types.js";

/** Most rows a table is sorted or filtered over (one column of them is read whole). */
export const QUERY_ROW_CAP = 1_000_000;

/** Sort direction of a column. */
export type SortDirection = "asc" | "desc";

/** The column a table is sorted by, or none. */
export type SortState = { column: string; direction: SortDirection } | null;

/** The next sort state after a click on `column`'s header: ascending, descending, off. */
export function nextSort(state: SortState, column: string): SortState {
  if (!state || state.column !== column) return { column, direction: "asc" };
  return state.direction === "asc" ? { column, direction: "desc" } : null;
}

/** The arrow a header shows for `column` under `state` (empty when not sorted by it). */
export function sortArrow(state: SortState, column: string): string {
  if (!state || state.column !== column) return "";
  return state.direction === "asc" ? "▲" : "▼";
}

/** Comparison operators of a filter row. */
export const FILTER_OPS = ["=", "≠", "<", "≤", ">", "≥", "contains"] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

/** One filter row: `column op value`. */
export interface FilterCondition {
  column: string;
  op: FilterOp;
  value: string;
}

/** ASCII spellings accepted for the operators. */
const OP_ALIASES: Record<string, FilterOp> = { "==": "=", "!=": "≠", "<=": "≤", ">=": "≥" };

/**
 * A filter row typed as text (`x > 5`, `location contains CA1`, `x <= 2.5`), or an error naming
 * what is wrong. `columns` are the names the table can filter on.
 */
export function parseFilter(text: string, columns: readonly string[]): FilterCondition | { error: string } {
  const m = /^\s*([^\s=≠<>≤≥!]+)\s*(==|!=|<=|>=|=|≠|≤|≥|<|>|\bcontains\b)\s*(.*?)\s*$/u.exec(text);
  if (!m) return { error: `expected “column op value”, e.g. “x > 5” (ops: ${FILTER_OPS.join(" ")})` };
  const [, column, rawOp, value] = m;
  if (!columns.includes(column)) return { error: `no scalar column “${column}”` };
  if (value === "") return { error: "missing value" };
  const op = (OP_ALIASES[rawOp] ?? rawOp) as FilterOp;
  if (op !== "=" && op !== "≠" && op !== "contains" && !Number.isFinite(Number(value))) return { error: `“${op}” needs a number` };
  return { column, op, value };
}

/** Whether a cell value passes a condition (numbers compare as numbers, the rest as text). */
export function matches(v: JsonValue, c: FilterCondition): boolean {
  if (c.op === "contains") return v !== null && String(v).toLowerCase().includes(c.value.toLowerCase());
  const num = typeof v === "number" || typeof v === "boolean" ? Number(v) : Number.NaN;
  const target = Number(c.value);
  const numeric = !Number.isNaN(num) && c.value.trim() !== "" && Number.isFinite(target);
  if (c.op === "=" || c.op === "≠") {
    const eq = numeric ? num === target : v !== null && String(v) === c.value;
    return c.op === "=" ? eq : !eq;
  }
  if (!numeric) return false;
  switch (c.op) {
    case "<": return num < target;
    case "≤": return num <= target;
    case ">": return num > target;
    default: return num >= target;
  }
}

/** Rows (indices into the columns) that pass every condition; `columns` maps name to all its values. */
export function filterRows(rowCount: number, conditions: readonly FilterCondition[], columns: ReadonlyMap<string, readonly JsonValue[]>): number[] {
  const out: number[] = [];
  for (let r = 0; r < rowCount; r++) {
    if (conditions.every((c) => matches(columns.get(c.column)?.[r] ?? null, c))) out.push(r);
  }
  return out;
}

function isMissing(v: JsonValue): boolean {
  return v === null || (typeof v === "number" && Number.isNaN(v));
}

/**
 * `rows` ordered by `values[row]`: numbers numerically before text (by code point), reversed when
 * descending; stable, missing values last in both directions. Keys are typed up front, since a
 * column can hold a million rows.
 */
export function sortRows(rows: readonly number[], values: readonly JsonValue[], direction: SortDirection): number[] {
  const sign = direction === "asc" ? 1 : -1;
  const nums: number[] = [], texts: number[] = [], missing: number[] = [];
  for (const r of rows) {
    const v = values[r] ?? null;
    if (isMissing(v)) missing.push(r);
    else if (typeof v === "number" || typeof v === "boolean") nums.push(r);
    else texts.push(r);
  }
  const key = new Float64Array(values.length);
  for (const r of nums) key[r] = Number(values[r]);
  const byNumber = nums.sort((i, j) => sign * (key[i] - key[j]) || i - j);
  const text: string[] = [];
  for (const r of texts) text[r] = String(values[r]);
  const byText = texts.sort((i, j) => (text[i] < text[j] ? -sign : text[i] > text[j] ? sign : i - j));
  const ordered = direction === "asc" ? [...byNumber, ...byText] : [...byText, ...byNumber];
  return ordered.concat(missing);
}

/** Contiguous runs `[start, stop)` covering `rows` (in ascending order), so a page reads few blocks. */
export function rowRuns(rows: readonly number[]): Array<[number, number]> {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const runs: Array<[number, number]> = [];
  for (const r of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] === r) last[1] = r + 1;
    else runs.push([r, r + 1]);
  }
  return runs;
}
