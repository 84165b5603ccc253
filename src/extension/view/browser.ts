/**
 * The store browser: a lazy tree with search on the left; breadcrumbs, copy buttons and the
 * Inspect and Display tabs on the right. Plain DOM over a `DataProvider`; the MIME renderer mounts
 * it (compact) over a `PayloadProvider`, the store panel over a `ZarrStoreProvider`.
 */
import { PageConfig } from "@jupyterlab/coreutils";
import type { BrowserSettings } from "../browser-settings.js";
import { absolutePath, type DataProvider, type Entity, type SearchHit } from "../provider/data-provider.js";
import { renderDisplay } from "./display.js";
import { actionButton, clear, el, errorBox } from "./dom.js";
import { renderInspect } from "./inspect.js";
import { openSnippet, type SnippetContext } from "./model/snippet.js";
import { SearchResultsView } from "./search-results.js";
import { TreeView } from "./tree.js";

/** Options of {@link mountBrowser}. */
export interface BrowserOptions {
  settings: BrowserSettings;
  /** Path selected first (default "/"). */
  initialPath?: string;
  /** Smaller layout for notebook outputs. */
  compact?: boolean;
  /** Puts text on the clipboard (default: `navigator.clipboard.writeText`). */
  copyText?: (text: string) => void;
  /**
   * Where "Copy code" will run: the server root (to turn server paths into paths the kernel
   * opens) and the notebook's folder when known. Default: the server root of JupyterLab's page
   * config, and the browser's pickle setting.
   */
  snippet?: SnippetContext;
}

/** A mounted browser. */
export interface BrowserHandle {
  /** Settles when the first view is on screen. */
  readonly ready: Promise<void>;
  /** Select a path: reveal it in the tree and show it. */
  navigate(path: string): Promise<void>;
  /** Remove the browser from its host. */
  dispose(): void;
}

type Tab = "inspect" | "display";

/** Pause in typing before a filter runs (the index is built ahead, so a filter answers in milliseconds). */
const SEARCH_DELAY_MS = 40;
/** Most hits a filter lists (the list is virtualized: only the hits in view are drawn). */
const SEARCH_LIMIT = 100_000;

function defaultCopy(text: string): void {
  void navigator.clipboard?.writeText(text).catch(() => undefined);
}

/** Mount a browser over `provider` into `host`. */
export function mountBrowser(host: HTMLElement, provider: DataProvider, options: BrowserOptions): BrowserHandle {
  const settings = options.settings;
  const copy = options.copyText ?? defaultCopy;
  const root = el("div", options.compact ? "browser compact" : "browser");
  const toolbar = el("div", "toolbar");
  const search = el("input", "search");
  search.type = "search";
  search.placeholder = "Filter by path";
  search.setAttribute("aria-label", "filter by path");
  const typeFilter = el("input", "typeFilter");
  typeFilter.type = "search";
  typeFilter.placeholder = "Filter by type";
  typeFilter.setAttribute("aria-label", "filter by type");
  toolbar.append(search, typeFilter);

  const left = el("div", "treePane");
  const results = el("div", "searchResults");
  results.hidden = true;
  const right = el("div", "detail");
  const breadcrumbs = el("nav", "breadcrumbs");
  breadcrumbs.setAttribute("aria-label", "path");
  const header = el("div", "header");
  const title = el("span", "title");
  const copyPath = actionButton("copy-path", "Copy path", "copy the path of this object");
  const copySnippet = actionButton("copy-snippet", "Copy code", "copy TypeScript that opens this object in a notebook");
  header.append(title, copyPath, copySnippet);
  const tabs = el("div", "tabs");
  tabs.setAttribute("role", "tablist");
  const tabButtons = new Map<Tab, HTMLButtonElement>();
  for (const [tab, label] of [["inspect", "Inspect"], ["display", "Display"]] as const) {
    const b = el("button", "tab", label);
    b.type = "button";
    b.setAttribute("data-tab", tab);
    b.setAttribute("role", "tab");
    tabButtons.set(tab, b);
    tabs.append(b);
  }
  const inspect = el("div", "inspect");
  const display = el("div", "display");
  right.append(breadcrumbs, header, tabs, inspect, display);
  const main = el("div", "main");
  main.append(left, right);
  root.append(toolbar, main);
  host.append(root);

  let current: Entity | undefined;
  let generation = 0;
  let tab: Tab = "inspect";
  let displayed = -1;

  const tree = new TreeView(provider, settings.maxTreeNodes, { select: (p) => void navigate(p) });
  left.append(tree.element, results);
  const resultList = new SearchResultsView(results, (p) => void navigate(p));

  const showTab = (t: Tab) => {
    tab = t;
    for (const [name, b] of tabButtons) {
      b.classList.toggle("jp-HdmfZarr-active", name === t);
      b.setAttribute("aria-selected", String(name === t));
    }
    inspect.hidden = t !== "inspect";
    display.hidden = t !== "display";
    // The display reads values: only when it is looked at, once per selection.
    if (t === "display" && current && displayed !== generation) {
      displayed = generation;
      const mine = generation;
      clear(display);
      void renderDisplay(display, current, {
        provider, settings, navigate: (p) => void navigate(p), isCurrent: () => mine === generation,
      });
    }
  };
  for (const [name, b] of tabButtons) b.addEventListener("click", () => showTab(name));

  const renderBreadcrumbs = (path: string) => {
    clear(breadcrumbs);
    const parts = path.split("/").filter(Boolean);
    const crumb = (label: string, target: string, last: boolean) => {
      if (last) return el("span", "crumb current", label);
      const a = el("a", "crumb", label);
      a.setAttribute("data-target", target);
      a.tabIndex = 0;
      a.addEventListener("click", (ev) => {
        ev.preventDefault();
        void navigate(target);
      });
      return a;
    };
    breadcrumbs.append(crumb("/", "/", parts.length === 0));
    parts.forEach((p, i) => {
      if (i > 0) breadcrumbs.append(el("span", "crumbSep", "/"));
      breadcrumbs.append(crumb(p, "/" + parts.slice(0, i + 1).join("/"), i === parts.length - 1));
    });
  };

  async function navigate(rawPath: string): Promise<void> {
    const path = absolutePath(rawPath);
    const mine = ++generation;
    renderBreadcrumbs(path);
    clear(inspect);
    clear(display);
    try {
      const [entity] = await Promise.all([provider.getEntity(path), tree.reveal(path)]);
      if (mine !== generation) return;
      current = entity;
      title.textContent = entity.path === "/" ? "/" : entity.name;
      if (entity.type) title.title = entity.type.name;
      renderInspect(inspect, entity, provider, (p) => void navigate(p));
      displayed = -1;
      showTab(tab);
    } catch (e) {
      if (mine !== generation) return;
      current = undefined;
      inspect.append(errorBox(e));
    }
  }

  copyPath.addEventListener("click", () => {
    if (current) copy(current.path);
  });
  const snippetContext: SnippetContext = options.snippet ?? { serverRoot: PageConfig.getOption("serverRoot"), allowPickle: settings.allowPickle };
  copySnippet.addEventListener("click", () => {
    const code = current ? openSnippet(provider.location, current, provider.isNwb, snippetContext) : null;
    if (code) copy(code);
  });
  // Nothing to open when the data never was in a file.
  copySnippet.disabled = !provider.location;

  // Search: hits replace the tree while a filter is typed.
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  let searchTicket = 0;
  const runSearch = async () => {
    const text = search.value.trim(), type = typeFilter.value.trim();
    const mine = ++searchTicket;
    if (!text && !type) {
      results.hidden = true;
      tree.element.hidden = false;
      return;
    }
    let hits: SearchHit[];
    try {
      // While the index is still being built, the hits found so far show at once.
      const onPartial = (found: SearchHit[]) => {
        if (mine !== searchTicket || found.length === 0) return;
        tree.element.hidden = true;
        results.hidden = false;
        resultList.show(found, false, true);
      };
      hits = await provider.search({ text, type, limit: SEARCH_LIMIT, onPartial });
    } catch (e) {
      if (mine !== searchTicket) return;
      clear(results);
      results.append(errorBox(e));
      return;
    }
    if (mine !== searchTicket) return;
    tree.element.hidden = true;
    results.hidden = false;
    resultList.show(hits, hits.length >= SEARCH_LIMIT);
  };
  const onSearchInput = () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => void runSearch(), SEARCH_DELAY_MS);
  };
  search.addEventListener("input", onSearchInput);
  typeFilter.addEventListener("input", onSearchInput);

  const ready = (async () => {
    try {
      const rootEntity = await provider.getEntity("/").catch(() => undefined);
      if (rootEntity) await tree.init(rootEntity);
      else {
        // A payload of one dataset or subgroup: its node is the tree's root.
        const start = absolutePath(options.initialPath ?? "/");
        await tree.init(await provider.getEntity(start));
      }
      await navigate(options.initialPath ?? "/");
    } catch (e) {
      right.append(errorBox(e));
    }
    // The search index is built after the first view, in the background, before anyone types.
    setTimeout(() => provider.prepareSearch?.(), 0);
  })();

  return {
    ready,
    navigate,
    dispose() {
      clearTimeout(searchTimer);
      generation++;
      root.remove();
    },
  };
}
