/**
 * The cells of a table item of a container payload, ready to show: plain values, references,
 * ragged cells (the row's first values and how many it holds) and region cells (row indices of
 * the table they point into). DOM-free, so that what a cell says is tested in Node.
 */
import type { JsonValue, TableColumn, TableItem } from "../../../repr/payload/types.js";
import { tagOf } from "../../../repr/payload/json-value.js";
import { jsonNumber } from "../../provider/value-block.js";

/** One cell as the view shows it. */
export type CellModel =
  | { kind: "value"; value: JsonValue }
  | { kind: "reference"; path: string; source: string | null }
  /** A ragged cell: its first values (null when the payload carries only the count) and its item count. */
  | { kind: "ragged"; items: JsonValue[] | null; count: number }
  /** A region cell: row indices of `table` (null when the payload does not name it). */
  | { kind: "region"; rows: number[]; table: string | null };

/** A column header: the name, and what kind of column it is when that changes how cells read. */
export function columnLabel(c: TableColumn): string {
  if (c.kind === "ragged") return `${c.name} (ragged)`;
  if (c.kind === "region" || c.kind === "ragged-region") return `${c.name} (rows of ${c.target ? c.target.split("/").pop() : "a table"})`;
  return c.name;
}

function ragged(cell: JsonValue, items: JsonValue | undefined): CellModel {
  const count = typeof cell === "number" ? cell : 0;
  if (Array.isArray(items)) return { kind: "ragged", items, count: Math.max(count, items.length) };
  if (tagOf(items ?? null) === "truncated-array") {
    const t = items as { length: JsonValue; items: JsonValue };
    return { kind: "ragged", items: Array.isArray(t.items) ? t.items : [], count: Number(t.length) };
  }
  return { kind: "ragged", items: null, count };
}

function rowIndices(cell: JsonValue): number[] {
  const list = Array.isArray(cell) ? cell : tagOf(cell) === "truncated-array" ? ((cell as { items: JsonValue }).items as JsonValue[]) : [cell];
  return list.map(jsonNumber).filter((n) => Number.isInteger(n));
}

/** The cell of column `c` in row `r` of a table item. */
export function cellModel(t: TableItem, r: number, c: number): CellModel {
  const column = t.columns[c];
  const cell = t.rows[r]?.[c] ?? null;
  switch (column.kind) {
    case "ragged":
      return ragged(cell, column.items?.[r]);
    case "region":
    case "ragged-region":
      return { kind: "region", rows: rowIndices(cell), table: column.target ?? null };
    default:
      if (tagOf(cell) === "reference") {
        const ref = cell as { path: JsonValue; source: JsonValue };
        return { kind: "reference", path: String(ref.path), source: typeof ref.source === "string" ? ref.source : null };
      }
      return { kind: "value", value: cell };
  }
}

/** `12 rows × 9 columns` (the id column not counted, as the HTML says it). */
export function tableFacts(t: TableItem): string {
  const cols = t.columns.filter((c) => c.kind !== "id").length;
  return `${t.rowCount} ${t.rowCount === 1 ? "row" : "rows"} × ${cols} ${cols === 1 ? "column" : "columns"}`;
}
