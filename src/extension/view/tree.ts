/**
 * The tree of a store, virtualized: every visible row has its place in the scroll range, but only
 * the rows in view (and a few more on each side) are in the DOM. Children are asked of the provider
 * a page (`maxTreeNodes`) at a time, when their rows scroll into view; nothing is read per node up
 * front. Keyboard use follows the WAI-ARIA tree view pattern: `role=tree` / `treeitem` with
 * `aria-level`, `aria-setsize`, `aria-posinset`, `aria-expanded` and `aria-selected`, a roving
 * tabindex (the focused row is the tree's one tab stop), and type-ahead (letters typed move to the
 * next visible row whose name starts with them).
 */
import { parentPath, type DataProvider, type Entity } from "../provider/data-provider.js";
import { clear, el } from "./dom.js";
import { targetLink } from "./inspect.js";
import { isTypeAheadKey, treeKeyAction, TYPE_AHEAD_RESET_MS, typeAheadIndex } from "./model/tree-keys.js";
import { isGroupNode, isKeyBelow, TreeRows, type TreeNode, type TreeRow } from "./model/tree-rows.js";
import { scrollToShow, visibleRange } from "./model/virtual-range.js";

/** Height of a tree row in pixels (rows are laid out by index, so they all have this height). */
export const TREE_ROW_HEIGHT = 22;
/** Rows rendered beyond each edge of the viewport, so a short scroll shows rows at once. */
const OVERSCAN = 10;
/** Rows rendered while the tree has no height yet (hidden, or not laid out). */
const UNMEASURED_ROWS = 40;
/** Indentation per level, pixels. */
const INDENT = 14;
/** Pause after an arrow key before the detail pane follows the selection (holding a key reads nothing per row). */
const FOLLOW_DELAY_MS = 120;

/** What the tree tells its owner. */
export interface TreeCallbacks {
  /** A node was selected: clicked, chosen with Enter, or reached with the arrow keys. */
  select(path: string): void;
}

const ICONS: Record<Entity["kind"], string> = { group: "▢", link: "↪", reference: "⇢", dataset: "▤" };

/** The label of a row: the name first (it never shrinks while anything after it can), then the facts. */
function rowLabel(e: Entity, node: TreeNode, select: (path: string) => void): HTMLElement {
  const label = el("span", "treeLabel");
  const name = el("span", "treeName", e.path === "/" ? "/" : e.name);
  name.title = e.path;
  label.append(name);
  if (e.type) {
    const badge = el("span", "badge", e.type.name);
    badge.title = `${e.type.namespace ? `${e.type.namespace}.` : ""}${e.type.name}`;
    label.append(badge);
  }
  const count = node.total === null ? null : node.total + node.hidden;
  if (isGroupNode(node) && count !== null) label.append(el("span", "childCount", String(count)));
  if (e.kind === "dataset" || e.kind === "reference") {
    const shape = el("span", "treeShape", `(${(e.shape ?? []).join(", ")}) ${e.dtype ?? ""}`);
    shape.title = shape.textContent ?? "";
    label.append(shape);
  }
  if (e.kind === "link" && e.target) {
    const to = el("span", "treeShape", "→ ");
    const target = targetLink(e.target, select);
    // The row is the tab stop; the target is reached by clicking it, or from the Inspect pane.
    target.tabIndex = -1;
    to.append(target);
    label.append(to);
  }
  return label;
}

/** The tree of a store, rooted at `/` (or at the node a payload describes). */
export class TreeView {
  readonly element: HTMLElement;
  private readonly provider: DataProvider;
  private readonly pageSize: number;
  private readonly callbacks: TreeCallbacks;
  private readonly spacer: HTMLElement;
  private model?: TreeRows;
  /** Rendered rows by key, for the model version they were made for. */
  private rendered = new Map<string, HTMLElement>();
  private renderedVersion = -1;
  private readonly loading = new Map<string, Promise<void>>();
  private selectedPath?: string;
  /** Key of the row holding the tab stop, and its last position (kept when a "loading…" row it was on turns into a node). */
  private activeKey?: string;
  private activeIndex = 0;
  private frame = 0;
  private followTimer?: ReturnType<typeof setTimeout>;
  /** Letters typed in a row (type-ahead), and when the last one was. */
  private typed = "";
  private typedAt = 0;

  constructor(provider: DataProvider, pageSize: number, callbacks: TreeCallbacks) {
    this.provider = provider;
    this.pageSize = Math.max(1, Math.floor(pageSize));
    this.callbacks = callbacks;
    this.element = el("div", "tree");
    this.element.setAttribute("role", "tree");
    this.element.setAttribute("aria-label", "store tree");
    this.spacer = el("div", "treeSpacer");
    this.element.append(this.spacer);
    this.element.addEventListener("scroll", () => this.schedule(), { passive: true });
    this.element.addEventListener("keydown", (ev) => this.onKey(ev));
    // Rows are sized for the viewport: draw again when it appears or changes size.
    if (typeof ResizeObserver !== "undefined") new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  /** Show the root and its first page of children. */
  async init(root: Entity): Promise<void> {
    this.model = new TreeRows(root, this.pageSize);
    this.loading.clear();
    this.activeKey = root.path;
    await this.expand(root.path);
    this.render();
  }

  private schedule(): void {
    if (this.frame) return;
    const run = () => {
      this.frame = 0;
      this.render();
    };
    this.frame = typeof requestAnimationFrame === "function" ? requestAnimationFrame(run) : (setTimeout(run, 0) as unknown as number);
  }

  /** Load one page of a group's children (once; a failed page can be asked for again). */
  private loadPage(node: TreeNode, page: number): Promise<void> {
    const id = `${node.entity.path}\u0000${page}`;
    let pending = this.loading.get(id);
    if (pending) return pending;
    const model = this.model!;
    pending = this.provider.getChildren(node.entity.path, page * model.pageSize, model.pageSize).then(
      (p) => {
        if (this.model === model) model.addPage(node, p);
      },
      (e: unknown) => {
        this.loading.delete(id);
        if (this.model === model) model.setError(node, e instanceof Error ? e.message : String(e));
      },
    ).then(() => this.schedule());
    this.loading.set(id, pending);
    return pending;
  }

  /** Expand a group, loading its first page the first time. */
  async expand(path: string): Promise<void> {
    const node = this.model?.node(path);
    if (!node || !isGroupNode(node)) return;
    // Opening a group whose page failed tries again.
    if (node.error) this.model!.setError(node, null);
    if (this.model!.setExpanded(node, true)) this.schedule();
    if (!this.model!.hasPage(node, 0)) await this.loadPage(node, 0);
  }

  /** Collapse a group (its children stay loaded). */
  collapse(path: string): void {
    const node = this.model?.node(path);
    if (node && this.model!.setExpanded(node, false)) {
      // The tab stop must stay on a visible row.
      if (this.activeKey && isKeyBelow(this.activeKey, path)) this.activeKey = path;
      this.schedule();
    }
  }

  private toggle(node: TreeNode): void {
    if (node.expanded) this.collapse(node.entity.path);
    else void this.expand(node.entity.path);
  }

  /**
   * Expand the ancestors of `path` and mark its row selected, loading further pages of a group
   * until the row shows up, and scroll it into view. Returns false when the path is not in the tree.
   */
  async reveal(path: string): Promise<boolean> {
    const model = this.model;
    if (!model) return false;
    const chain: string[] = [];
    for (let p = path; p !== "/" && p !== model.root.entity.path; p = parentPath(p)) chain.unshift(p);
    for (const child of chain) {
      const parent = model.node(parentPath(child));
      if (!parent) break;
      await this.expand(parent.entity.path);
      for (let page = 0; !model.node(child) && page * model.pageSize < (parent.total ?? 0); page++) {
        if (!model.hasPage(parent, page)) await this.loadPage(parent, page);
      }
    }
    const found = model.node(path) !== undefined;
    this.selectedPath = found ? path : undefined;
    if (found) {
      this.activeKey = path;
      this.scrollToRow(model.indexOf(path));
    }
    this.render();
    return found;
  }

  private scrollToRow(index: number): void {
    if (index < 0) return;
    const height = this.element.clientHeight;
    if (height > 0) this.element.scrollTop = scrollToShow(index, this.element.scrollTop, height, TREE_ROW_HEIGHT);
  }

  private onKey(ev: KeyboardEvent): void {
    const model = this.model;
    if (!model || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const rows = model.rows();
    const active = this.activeKey === undefined ? 0 : Math.max(0, model.indexOf(this.activeKey));
    const action = isTypeAheadKey(ev.key) ? this.typeAhead(rows, active, ev.key) : treeKeyAction(rows, active, ev.key);
    if (!action) return;
    ev.preventDefault();
    const row = rows[action.index];
    if (action.kind === "expand" && row.kind === "node") void this.expand(row.node.entity.path);
    else if (action.kind === "collapse" && row.kind === "node") this.collapse(row.node.entity.path);
    else if (action.kind === "activate" && row.kind === "node") {
      clearTimeout(this.followTimer);
      if (isGroupNode(row.node)) this.toggle(row.node);
      this.choose(row.node.entity.path);
    } else if (action.kind === "focus") {
      this.activeKey = row.key;
      this.scrollToRow(action.index);
      // Selection follows the focus; the detail pane catches up once the keys pause.
      if (row.kind === "node") {
        this.selectedPath = row.key;
        clearTimeout(this.followTimer);
        this.followTimer = setTimeout(() => this.callbacks.select(row.key), FOLLOW_DELAY_MS);
      }
    }
    this.render();
    this.focusActive();
  }

  /** Type-ahead: move to the next visible row whose name starts with the letters typed so far. */
  private typeAhead(rows: readonly TreeRow[], active: number, key: string): { kind: "focus"; index: number } | null {
    const now = performance.now();
    this.typed = now - this.typedAt > TYPE_AHEAD_RESET_MS ? key : this.typed + key;
    this.typedAt = now;
    const index = typeAheadIndex(rows, active, this.typed);
    return index < 0 ? null : { kind: "focus", index };
  }

  private choose(path: string): void {
    this.selectedPath = path;
    this.activeKey = path;
    this.callbacks.select(path);
  }

  private focusActive(): void {
    const row = this.activeKey === undefined ? undefined : this.rendered.get(this.activeKey);
    if (row && document.activeElement !== row) row.focus({ preventScroll: true });
  }

  private makeRow(r: TreeRow): HTMLElement {
    const item = el("div", "treeItem");
    item.style.paddingLeft = `${(r.level - 1) * INDENT}px`;
    if (r.kind === "note") {
      item.classList.add(r.error ? "jp-HdmfZarr-treeError" : "jp-HdmfZarr-note");
      item.textContent = r.text;
      item.title = r.text;
      item.setAttribute("role", "none");
      return item;
    }
    item.setAttribute("role", "treeitem");
    item.setAttribute("aria-level", String(r.level));
    item.setAttribute("aria-setsize", String(r.setsize));
    item.setAttribute("aria-posinset", String(r.posinset));
    const row = el("div", "treeRow");
    item.append(row);
    if (r.kind === "pending") {
      item.classList.add("jp-HdmfZarr-pending");
      item.setAttribute("aria-busy", "true");
      row.append(el("span", "treeToggle"), el("span", "note", "loading…"));
      return item;
    }
    const e = r.node.entity;
    const isGroup = isGroupNode(r.node);
    item.setAttribute("data-path", e.path);
    item.setAttribute("data-kind", e.kind);
    if (isGroup) item.setAttribute("aria-expanded", String(r.node.expanded));
    const toggle = el("button", "treeToggle", isGroup ? (r.node.expanded ? "▾" : "▸") : "");
    toggle.type = "button";
    toggle.tabIndex = -1;
    toggle.setAttribute("aria-hidden", "true");
    if (!isGroup) toggle.disabled = true;
    const icon = el("span", `treeIcon kind-${e.kind}`, ICONS[e.kind]);
    icon.setAttribute("aria-hidden", "true");
    row.append(toggle, icon, rowLabel(e, r.node, (p) => this.callbacks.select(p)));
    row.title = [e.path, e.type ? `${e.type.namespace ? `${e.type.namespace}.` : ""}${e.type.name}` : "", e.description ?? ""].filter(Boolean).join("\n");
    row.addEventListener("click", (ev) => {
      this.activeKey = e.path;
      if (ev.target === toggle) this.toggle(r.node);
      else if (!(ev.target instanceof Element && ev.target.closest("a"))) this.choose(e.path);
      this.render();
      this.focusActive();
    });
    return item;
  }

  /**
   * Draw the rows in view: reuse those already drawn for this model version, make the others, and
   * set what changes without a new version (position, tab stop, selection) on all of them.
   */
  private render(): void {
    const model = this.model;
    if (!model) return;
    const rows = model.rows();
    const height = this.element.clientHeight;
    this.spacer.style.height = `${rows.length * TREE_ROW_HEIGHT}px`;
    const { start, stop } = height > 0
      ? visibleRange(this.element.scrollTop, height, TREE_ROW_HEIGHT, rows.length, OVERSCAN)
      : { start: 0, stop: Math.min(rows.length, UNMEASURED_ROWS) };
    const hadFocus = this.element.contains(document.activeElement);
    if (this.renderedVersion !== model.version) {
      clear(this.spacer);
      this.rendered.clear();
      this.renderedVersion = model.version;
    }
    let activeIndex = this.activeKey === undefined ? -1 : model.indexOf(this.activeKey);
    if (activeIndex < 0) {
      activeIndex = Math.min(this.activeIndex, rows.length - 1);
      this.activeKey = rows[activeIndex]?.key;
    }
    this.activeIndex = activeIndex;
    // The focused row stays in the DOM even when scrolled away, so the focus is never lost.
    const wanted = new Set<number>();
    for (let i = start; i < stop; i++) wanted.add(i);
    if (activeIndex >= 0) wanted.add(activeIndex);
    const keep = new Map<string, HTMLElement>();
    for (const i of wanted) {
      const r = rows[i];
      let item = this.rendered.get(r.key);
      if (!item) {
        item = this.makeRow(r);
        this.spacer.append(item);
      }
      item.style.top = `${i * TREE_ROW_HEIGHT}px`;
      item.style.height = `${TREE_ROW_HEIGHT}px`;
      if (r.kind !== "note") {
        item.tabIndex = r.key === this.activeKey ? 0 : -1;
        if (r.kind === "node") {
          const selected = r.key === this.selectedPath;
          item.classList.toggle("jp-HdmfZarr-selected", selected);
          item.setAttribute("aria-selected", String(selected));
        }
      }
      keep.set(r.key, item);
    }
    for (const [key, item] of this.rendered) if (!keep.has(key)) item.remove();
    this.rendered = keep;
    if (hadFocus) this.focusActive();
    for (const { node, page } of model.missingPages(start, stop)) void this.loadPage(node, page);
  }
}
