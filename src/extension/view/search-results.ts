/**
 * The search result list, virtualized as the tree is: every hit has its place in the scroll range,
 * but only the hits in view (and a few more on each side) are in the DOM, so a filter matching
 * 100,000 paths draws a few dozen rows. Up/Down/Home/End move the focus through the hits (a roving
 * tab stop, scrolling as it goes); Enter or a click opens one.
 */
import type { SearchHit } from "../provider/data-provider.js";
import { clear, el } from "./dom.js";
import { scrollToShow, visibleRange } from "./model/virtual-range.js";

/** Height of a result row, pixels (the tree's row height). */
export const SEARCH_ROW_HEIGHT = 22;
/** Rows drawn beyond each edge of the viewport. */
const OVERSCAN = 10;
/** Rows drawn while the list has no height yet. */
const UNMEASURED_ROWS = 40;

/** A list of search hits inside `element` (the scrolling `.jp-HdmfZarr-searchResults` box). */
export class SearchResultsView {
  private readonly element: HTMLElement;
  private readonly open: (path: string) => void;
  private readonly spacer: HTMLElement;
  private hits: readonly SearchHit[] = [];
  private rendered = new Map<number, HTMLElement>();
  /** Whether the hits shown are those found so far by a search still running. */
  private partial = false;
  /** Index of the hit holding the tab stop. */
  private active = 0;
  private frame = 0;

  constructor(element: HTMLElement, open: (path: string) => void) {
    this.element = element;
    this.open = open;
    this.spacer = el("div", "searchSpacer");
    this.spacer.style.position = "relative";
    element.addEventListener("scroll", () => this.schedule(), { passive: true });
    element.addEventListener("keydown", (ev) => this.onKey(ev));
    if (typeof ResizeObserver !== "undefined") new ResizeObserver(() => this.schedule()).observe(element);
  }

  /**
   * Show `hits`, under a note saying how many (`capped`: more matched than were asked for;
   * `partial`: the search goes on). Hits following partial ones keep the scroll position.
   */
  show(hits: readonly SearchHit[], capped: boolean, partial = false): void {
    const scrollTop = this.partial ? this.element.scrollTop : 0;
    this.partial = partial;
    this.hits = hits;
    this.active = 0;
    clear(this.element);
    clear(this.spacer);
    this.rendered.clear();
    const count = partial ? `${hits.length} matches so far…` : capped ? `first ${hits.length} matches` : `${hits.length} matches`;
    this.element.append(el("div", "note", count), this.spacer);
    this.spacer.style.height = `${hits.length * SEARCH_ROW_HEIGHT}px`;
    this.element.scrollTop = scrollTop;
    this.render();
  }

  private schedule(): void {
    if (this.frame || this.hits.length === 0) return;
    const run = () => {
      this.frame = 0;
      this.render();
    };
    this.frame = typeof requestAnimationFrame === "function" ? requestAnimationFrame(run) : (setTimeout(run, 0) as unknown as number);
  }

  private makeRow(h: SearchHit): HTMLElement {
    const item = el("div", "searchHit");
    item.setAttribute("data-path", h.path);
    item.style.position = "absolute";
    item.style.left = "0";
    item.style.right = "0";
    item.style.height = `${SEARCH_ROW_HEIGHT}px`;
    item.append(el("span", "treeName", h.path));
    if (h.type) item.append(el("span", "badge", h.type.name));
    item.addEventListener("click", () => this.open(h.path));
    return item;
  }

  /** Draw the hits in view (and the focused one), reusing rows already drawn. */
  private render(): void {
    if (!this.spacer.isConnected) return;
    const height = this.element.clientHeight;
    // The note above the spacer scrolls with it.
    const top = this.element.scrollTop - this.spacer.offsetTop;
    const { start, stop } = height > 0
      ? visibleRange(top, height, SEARCH_ROW_HEIGHT, this.hits.length, OVERSCAN)
      : { start: 0, stop: Math.min(this.hits.length, UNMEASURED_ROWS) };
    const hadFocus = this.element.contains(document.activeElement);
    const wanted = new Set<number>();
    for (let i = start; i < stop; i++) wanted.add(i);
    if (this.active < this.hits.length) wanted.add(this.active);
    const keep = new Map<number, HTMLElement>();
    for (const i of wanted) {
      let item = this.rendered.get(i);
      if (!item) {
        item = this.makeRow(this.hits[i]);
        item.style.top = `${i * SEARCH_ROW_HEIGHT}px`;
        this.spacer.append(item);
      }
      item.tabIndex = i === this.active ? 0 : -1;
      keep.set(i, item);
    }
    for (const [i, item] of this.rendered) if (!keep.has(i)) item.remove();
    this.rendered = keep;
    if (hadFocus) this.rendered.get(this.active)?.focus({ preventScroll: true });
  }

  private onKey(ev: KeyboardEvent): void {
    if (this.hits.length === 0 || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const last = this.hits.length - 1;
    const moves: Record<string, number> = { ArrowDown: this.active + 1, ArrowUp: this.active - 1, Home: 0, End: last };
    if (ev.key === "Enter") {
      ev.preventDefault();
      this.open(this.hits[this.active].path);
      return;
    }
    if (!(ev.key in moves)) return;
    ev.preventDefault();
    this.active = Math.min(last, Math.max(0, moves[ev.key]));
    const height = this.element.clientHeight;
    if (height > 0) {
      const offset = this.spacer.offsetTop;
      this.element.scrollTop = offset + scrollToShow(this.active, this.element.scrollTop - offset, height, SEARCH_ROW_HEIGHT);
    }
    this.render();
    this.rendered.get(this.active)?.focus({ preventScroll: true });
  }
}
