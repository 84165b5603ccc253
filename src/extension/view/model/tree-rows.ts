/**
 * The tree as a flat list of rows (DOM-free): which nodes are expanded, which pages of children
 * are loaded, and the visible rows in order. A group's children all get a row as soon as their
 * count is known — children not loaded yet are `pending` rows — so the view can size its
 * scrollbar for the whole tree and load a page only when its rows scroll into view.
 */
import type { ChildPage, Entity } from "../../provider/data-provider.js";

/** One node of the tree. */
export interface TreeNode {
  readonly entity: Entity;
  readonly parent: TreeNode | null;
  /** Depth below the root (the root is 0). */
  readonly depth: number;
  expanded: boolean;
  /** Loaded children by position (holes: not loaded yet); null before the first page. */
  children: (TreeNode | undefined)[] | null;
  /** Children in all (the entity's count until a page says). */
  total: number | null;
  /** Children the provider knows of but cannot list (a payload left them out). */
  hidden: number;
  /** Why a page of children did not load. */
  error: string | null;
}

/** A row of the visible tree. `level`, `posinset` and `setsize` are 1-based, as ARIA counts. */
export type TreeRow =
  | { kind: "node"; key: string; node: TreeNode; level: number; posinset: number; setsize: number }
  | { kind: "pending"; key: string; parent: TreeNode; index: number; level: number; posinset: number; setsize: number }
  | { kind: "note"; key: string; parent: TreeNode; text: string; error: boolean; level: number };

function makeNode(entity: Entity, parent: TreeNode | null): TreeNode {
  return {
    entity, parent, depth: parent ? parent.depth + 1 : 0, expanded: false, children: null,
    total: entity.kind === "group" ? entity.childCount : 0, hidden: 0, error: null,
  };
}

/** Whether the row of `key` lies below the node at `path` (a descendant, or one of its "loading…" rows). */
export function isKeyBelow(key: string, path: string): boolean {
  return key !== path && (key.startsWith(path === "/" ? "/" : `${path}/`) || key.startsWith(`${path}\u0000`));
}

/** Whether a node can hold children. */
export function isGroupNode(node: TreeNode): boolean {
  return node.entity.kind === "group";
}

/** The expansion and loading state of a tree, and its visible rows. */
export class TreeRows {
  readonly root: TreeNode;
  readonly pageSize: number;
  private readonly byPath = new Map<string, TreeNode>();
  private cache: TreeRow[] | null = null;
  private indexByKey: Map<string, number> | null = null;
  /** Bumped on every change of the visible rows. */
  version = 0;

  constructor(root: Entity, pageSize: number) {
    this.pageSize = Math.max(1, Math.floor(pageSize));
    this.root = makeNode(root, null);
    this.byPath.set(root.path, this.root);
  }

  private changed(): void {
    this.cache = null;
    this.indexByKey = null;
    this.version++;
  }

  /** The node of a path, when loaded. */
  node(path: string): TreeNode | undefined {
    return this.byPath.get(path);
  }

  /** Expand (true) or collapse (false) a group; false when nothing changed. */
  setExpanded(node: TreeNode, expanded: boolean): boolean {
    if (!isGroupNode(node) || node.expanded === expanded) return false;
    node.expanded = expanded;
    this.changed();
    return true;
  }

  /** Page number of a child position. */
  pageOf(index: number): number {
    return Math.floor(index / this.pageSize);
  }

  /** Whether the page holding position `index` of a group's children is loaded. */
  hasPage(node: TreeNode, page: number): boolean {
    const start = page * this.pageSize;
    if (node.children === null) return false;
    const stop = Math.min(node.total ?? 0, start + this.pageSize);
    for (let i = start; i < stop; i++) if (!node.children[i]) return false;
    return true;
  }

  /** Store a page of children the provider answered. */
  addPage(node: TreeNode, page: ChildPage): void {
    node.total = page.total;
    node.hidden = page.hidden ?? 0;
    node.error = null;
    node.children ??= [];
    node.children.length = page.total;
    page.entries.forEach((e, i) => {
      const known = this.byPath.get(e.path);
      const child = known && known.parent === node ? known : makeNode(e, node);
      node.children![page.offset + i] = child;
      this.byPath.set(e.path, child);
    });
    this.changed();
  }

  /** Note that a page of children failed to load (its pages are not asked for again until the error is cleared). */
  setError(node: TreeNode, message: string | null): void {
    node.error = message;
    this.changed();
  }

  /** The visible rows, in order (computed once per change). */
  rows(): TreeRow[] {
    if (this.cache) return this.cache;
    const out: TreeRow[] = [];
    const visit = (node: TreeNode, posinset: number, setsize: number) => {
      out.push({ kind: "node", key: node.entity.path, node, level: node.depth + 1, posinset, setsize });
      if (!node.expanded) return;
      // Before the first page an unknown count shows one pending row, which asks for that page.
      const total = node.total ?? (node.children ? 0 : 1);
      const level = node.depth + 2;
      for (let i = 0; i < total; i++) {
        const child = node.children?.[i];
        if (child) visit(child, i + 1, total);
        else out.push({ kind: "pending", key: `${node.entity.path}\u0000${i}`, parent: node, index: i, level, posinset: i + 1, setsize: total });
      }
      if (node.error) out.push({ kind: "note", key: `${node.entity.path}\u0000error`, parent: node, text: node.error, error: true, level });
      else if (node.hidden > 0) out.push({ kind: "note", key: `${node.entity.path}\u0000hidden`, parent: node, text: `${node.hidden} more not in this output`, error: false, level });
    };
    visit(this.root, 1, 1);
    this.cache = out;
    return out;
  }

  /** Position of a row by its key (a node's key is its path); -1 when not visible. */
  indexOf(key: string): number {
    if (!this.indexByKey) this.indexByKey = new Map(this.rows().map((r, i) => [r.key, i]));
    return this.indexByKey.get(key) ?? -1;
  }

  /** The pages (group and page number) that rows `[start, stop)` need and that are not loaded (none of a group whose page failed). */
  missingPages(start: number, stop: number): { node: TreeNode; page: number }[] {
    const rows = this.rows();
    const seen = new Set<string>();
    const out: { node: TreeNode; page: number }[] = [];
    for (let i = Math.max(0, start); i < Math.min(stop, rows.length); i++) {
      const r = rows[i];
      if (r.kind !== "pending" || r.parent.error) continue;
      const page = this.pageOf(r.index);
      const id = `${r.parent.entity.path}\u0000${page}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ node: r.parent, page });
    }
    return out;
  }
}
