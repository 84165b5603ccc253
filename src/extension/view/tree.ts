/**
 * The lazy tree: only expanded groups have their children in the DOM, a page (`maxTreeNodes`) at
 * a time with a "N more…" item for the next page. Child counts and types come with each page of
 * the provider; nothing is read per node up front.
 */
import { parentPath, type DataProvider, type Entity } from "../provider/data-provider.js";
import { actionButton, clear, el, errorBox } from "./dom.js";

/** What the tree tells its owner. */
export interface TreeCallbacks {
  /** An item was clicked (or chosen with the keyboard). */
  select(path: string): void;
}

interface GroupState {
  item: HTMLElement;
  children: HTMLElement;
  /** Children loaded so far. */
  loaded: number;
  total: number;
  expanded: boolean;
  loading?: Promise<void>;
}

/** The tree of a store, rooted at `/`. */
export class TreeView {
  readonly element: HTMLElement;
  private readonly provider: DataProvider;
  private readonly pageSize: number;
  private readonly callbacks: TreeCallbacks;
  private readonly groups = new Map<string, GroupState>();
  private readonly items = new Map<string, HTMLElement>();
  private selected?: HTMLElement;

  constructor(provider: DataProvider, pageSize: number, callbacks: TreeCallbacks) {
    this.provider = provider;
    this.pageSize = Math.max(1, Math.floor(pageSize));
    this.callbacks = callbacks;
    this.element = el("div", "tree");
    this.element.setAttribute("role", "tree");
  }

  /** Show the root and its first page of children. */
  async init(root: Entity): Promise<void> {
    clear(this.element);
    this.groups.clear();
    this.items.clear();
    const item = this.makeItem(root);
    this.element.append(item);
    await this.expand(root.path);
  }

  private makeItem(e: Entity): HTMLElement {
    const item = el("div", "treeItem");
    item.setAttribute("data-path", e.path);
    item.setAttribute("data-kind", e.kind);
    item.setAttribute("role", "treeitem");
    const row = el("div", "treeRow");
    const isGroup = e.kind === "group";
    const toggle = el("button", "treeToggle", isGroup ? "▸" : "");
    toggle.type = "button";
    toggle.tabIndex = -1;
    if (!isGroup) toggle.disabled = true;
    toggle.setAttribute("aria-label", isGroup ? "expand" : "");
    const icon = el("span", `treeIcon kind-${e.kind}`, e.kind === "group" ? "▢" : e.kind === "link" ? "↪" : e.kind === "reference" ? "⇢" : "▤");
    const name = el("span", "treeName", e.path === "/" ? "/" : e.name);
    row.append(toggle, icon, name);
    if (e.type) row.append(el("span", "badge", e.type.name));
    if (isGroup && e.childCount !== null) row.append(el("span", "childCount", String(e.childCount)));
    if (e.kind === "dataset" || e.kind === "reference") row.append(el("span", "treeShape", `(${(e.shape ?? []).join(", ")}) ${e.dtype ?? ""}`));
    if (e.kind === "link" && e.target) row.append(el("span", "treeShape", `→ ${e.target.source ? `${e.target.source}:` : ""}${e.target.path}`));
    const tip = [e.path, e.type ? `${e.type.namespace ? `${e.type.namespace}.` : ""}${e.type.name}` : "", e.description ?? ""].filter(Boolean).join("\n");
    row.title = tip;
    row.tabIndex = 0;
    item.append(row);
    row.addEventListener("click", (ev) => {
      if (ev.target === toggle) return;
      this.callbacks.select(e.path);
    });
    row.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") this.callbacks.select(e.path);
      else if (ev.key === "ArrowRight" && isGroup) void this.expand(e.path);
      else if (ev.key === "ArrowLeft" && isGroup) this.collapse(e.path);
    });
    if (isGroup) {
      const children = el("div", "treeChildren");
      children.setAttribute("role", "group");
      children.hidden = true;
      item.append(children);
      this.groups.set(e.path, { item, children, loaded: 0, total: e.childCount ?? 0, expanded: false });
      toggle.addEventListener("click", () => void (this.groups.get(e.path)!.expanded ? this.collapse(e.path) : this.expand(e.path)));
    }
    this.items.set(e.path, item);
    return item;
  }

  private async loadPage(path: string): Promise<void> {
    const g = this.groups.get(path)!;
    const more = g.children.querySelector(":scope > .jp-HdmfZarr-more");
    more?.remove();
    try {
      const page = await this.provider.getChildren(path, g.loaded, this.pageSize);
      for (const e of page.entries) g.children.append(this.makeItem(e));
      g.loaded += page.entries.length;
      g.total = page.total;
      const left = page.total - g.loaded;
      if (left > 0) {
        const b = actionButton("more", `${left} more…`, `show the next ${Math.min(left, this.pageSize)}`);
        b.classList.add("jp-HdmfZarr-more");
        b.addEventListener("click", () => void this.loadPage(path));
        g.children.append(b);
      } else if (page.hidden) {
        g.children.append(el("div", "more", `${page.hidden} more not in this output`));
      }
      const count = g.item.querySelector(":scope > .jp-HdmfZarr-treeRow > .jp-HdmfZarr-childCount");
      if (!count) g.item.querySelector(":scope > .jp-HdmfZarr-treeRow")!.append(el("span", "childCount", String(page.total + (page.hidden ?? 0))));
    } catch (e) {
      g.children.append(errorBox(e));
    }
  }

  /** Expand a group, loading its first page the first time. */
  async expand(path: string): Promise<void> {
    const g = this.groups.get(path);
    if (!g) return;
    g.expanded = true;
    g.children.hidden = false;
    g.item.setAttribute("aria-expanded", "true");
    const toggle = g.item.querySelector(":scope > .jp-HdmfZarr-treeRow > .jp-HdmfZarr-treeToggle");
    if (toggle) toggle.textContent = "▾";
    if (g.loaded === 0 && !g.loading) g.loading = this.loadPage(path);
    await g.loading;
  }

  /** Collapse a group (its children stay loaded). */
  collapse(path: string): void {
    const g = this.groups.get(path);
    if (!g) return;
    g.expanded = false;
    g.children.hidden = true;
    g.item.setAttribute("aria-expanded", "false");
    const toggle = g.item.querySelector(":scope > .jp-HdmfZarr-treeRow > .jp-HdmfZarr-treeToggle");
    if (toggle) toggle.textContent = "▸";
  }

  /**
   * Expand the ancestors of `path` and mark its item selected, loading further pages of a group
   * until the item shows up. Returns false when the path is not in the tree.
   */
  async reveal(path: string): Promise<boolean> {
    const chain: string[] = [];
    for (let p = path; p !== "/"; p = parentPath(p)) chain.unshift(parentPath(p));
    for (const g of chain) {
      await this.expand(g);
      const next = chain[chain.indexOf(g) + 1] ?? path;
      const state = this.groups.get(g);
      while (state && !this.items.has(next) && state.loaded < state.total) await this.loadPage(g);
    }
    const item = this.items.get(path);
    this.selected?.classList.remove("jp-HdmfZarr-selected");
    this.selected?.removeAttribute("aria-selected");
    if (!item) return false;
    item.classList.add("jp-HdmfZarr-selected");
    item.setAttribute("aria-selected", "true");
    this.selected = item;
    const row = item.querySelector(":scope > .jp-HdmfZarr-treeRow") as HTMLElement | null;
    row?.scrollIntoView?.({ block: "nearest" });
    return true;
  }
}
