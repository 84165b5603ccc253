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
