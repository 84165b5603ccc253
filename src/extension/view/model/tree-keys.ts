/**
 * Keyboard moves of the tree, after the WAI-ARIA tree view pattern (DOM-free): Up/Down move to
 * the previous/next row, Home/End to the first/last, Right expands a closed group or moves into
 * an open one, Left collapses an open group or moves to the parent, Enter activates.
 */
import { isGroupNode, type TreeRow } from "./tree-rows.js";

/** What a key does to the tree: focus a row, expand or collapse its group, or activate it. */
export type TreeKeyAction =
  | { kind: "focus"; index: number }
  | { kind: "expand"; index: number }
  | { kind: "collapse"; index: number }
  | { kind: "activate"; index: number };

/** Rows the focus may rest on (notes are skipped). */
function focusable(row: TreeRow | undefined): boolean {
  return row !== undefined && row.kind !== "note";
}

function step(rows: readonly TreeRow[], from: number, delta: 1 | -1): number {
  for (let i = from + delta; i >= 0 && i < rows.length; i += delta) if (focusable(rows[i])) return i;
  return from;
}

/** The row of the parent of row `index` (the nearest row above it one level up); -1 at the top. */
export function parentRow(rows: readonly TreeRow[], index: number): number {
  const level = rows[index]?.level ?? 1;
  for (let i = index - 1; i >= 0; i--) if (rows[i].level < level) return i;
  return -1;
}

/** The action of `key` with the focus on row `active`; null for keys the tree leaves alone. */
export function treeKeyAction(rows: readonly TreeRow[], active: number, key: string): TreeKeyAction | null {
  if (rows.length === 0) return null;
  const at = Math.min(Math.max(active, 0), rows.length - 1);
  const row = rows[at];
  switch (key) {
    case "ArrowDown":
      return { kind: "focus", index: step(rows, at, 1) };
    case "ArrowUp":
      return { kind: "focus", index: step(rows, at, -1) };
    case "Home":
      return { kind: "focus", index: step(rows, -1, 1) };
    case "End":
      return { kind: "focus", index: step(rows, rows.length, -1) };
    case "ArrowRight":
      if (row.kind !== "node" || !isGroupNode(row.node)) return { kind: "focus", index: at };
      if (!row.node.expanded) return { kind: "expand", index: at };
      // An open group: into its first child, when it has one.
      return { kind: "focus", index: rows[at + 1] && rows[at + 1].level > row.level && focusable(rows[at + 1]) ? at + 1 : at };
    case "ArrowLeft": {
      if (row.kind === "node" && isGroupNode(row.node) && row.node.expanded) return { kind: "collapse", index: at };
      const up = parentRow(rows, at);
      return { kind: "focus", index: up >= 0 ? up : at };
    }
    case "Enter":
      return { kind: "activate", index: at };
    default:
      return null;
  }
}

/** How long a pause in typing starts a new type-ahead prefix, milliseconds. */
export const TYPE_AHEAD_RESET_MS = 500;

/** Whether a key is a character that type-ahead takes (a letter, digit or sign; not a space, which the tree leaves alone). */
export function isTypeAheadKey(key: string): boolean {
  return [...key].length === 1 && key.trim() !== "";
}

/**
 * The type-ahead target (WAI-ARIA tree pattern): the next node row, from the one after `active`
 * and round to the top, whose name starts with `prefix` (case-insensitive). A longer prefix looks
 * from `active` itself first, so typing on through a name stays on its row; a prefix of one letter
 * repeated ("ddd") cycles through the names starting with that letter. -1 when none matches.
 */
export function typeAheadIndex(rows: readonly TreeRow[], active: number, prefix: string): number {
  if (!prefix || rows.length === 0) return -1;
  let needle = prefix.toLowerCase();
  const chars = [...needle];
  const repeated = chars.every((c) => c === chars[0]);
  if (repeated) needle = chars[0];
  const from = Math.min(Math.max(active, 0), rows.length - 1) + (repeated || chars.length === 1 ? 1 : 0);
  for (let k = 0; k < rows.length; k++) {
    const i = (from + k) % rows.length;
    const row = rows[i];
    if (row.kind === "node" && rowName(row).toLowerCase().startsWith(needle)) return i;
  }
  return -1;
}

/** The name a row shows ("/" for the root). */
function rowName(row: Extract<TreeRow, { kind: "node" }>): string {
  const e = row.node.entity;
  return e.path === "/" ? "/" : e.name;
}
