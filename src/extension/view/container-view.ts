/**
 * The view of a container payload (`kind: "container"`: an NWBFile, a TimeSeries, a table, …):
 * a header (type, name, path, object id, copy buttons), a plot of a TimeSeries' first samples,
 * and the payload's sections, each folding, grouped as the HTML fallback groups them. All of it
 * comes from the payload; the views read from the store come only through `showStoreViews`.
 */
import type { ContainerPayload, ContainerSection } from "../../repr/payload/types.js";
import { actionButton, el, slider } from "./dom.js";
import { renderItems } from "./container-items.js";
import { mountStoreViews, type StoreViewsHandle, type StoreViewsOptions } from "./container-views.js";
import type { StoreViewsOutcome } from "./model/store-views.js";
import { axisTitle } from "./model/plot-axis.js";
import { seriesCaption, seriesPoints } from "./model/series-points.js";
import { snippetFor, type SnippetContext } from "./model/snippet.js";

/** Options of {@link mountContainerView}. */
export interface ContainerViewOptions {
  /** Puts text on the clipboard (copy buttons). */
  copyText(text: string): void;
  /** Where "Copy code" will run (the notebook's folder, the server root, pickle). */
  snippet?: SnippetContext;
  /** More buttons for the header (e.g. to browse the store). */
  actions?: HTMLElement[];
}

/** A mounted container view. */
export interface ContainerViewHandle {
  /** Reveal the item at a path of the file, when this output holds it; false otherwise. */
  navigate(path: string): boolean;
  /**
   * Read the views of this object from its store into a "Views" block under the header; the
   * payload's series plot gives way to them once drawn. Asked again, the views are read again.
   */
  showStoreViews(options: Omit<StoreViewsOptions, "navigate">): Promise<StoreViewsOutcome>;
  dispose(): void;
}

/** How long a navigated-to item stays marked. */
const FLASH_MS = 2_000;

function cssString(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

/** Whether the container comes from an NWB file (so that code opens it as one). */
function fromNwbFile(p: ContainerPayload): boolean {
  return p.layout === "nwbfile" || p.type.namespace === "core";
}

function header(p: ContainerPayload, options: ContainerViewOptions): HTMLElement {
  const head = el("div", "containerHeader");
  const first = el("div", "header");
  const title = el("span", "title", p.name);
  first.append(el("span", "kindLabel", p.layout === "nwbfile" ? "NWB file" : "Container"), title, el("span", "badge", p.type.name));
  const copyPath = actionButton("copy-path", "Copy path", "copy the path of this object in its file");
  copyPath.addEventListener("click", () => options.copyText(p.path));
  const code = p.store.location
    ? snippetFor(p.store.location, { path: p.path, kind: fromNwbFile(p) ? "container" : "group" }, options.snippet)
    : null;
  const copyCode = actionButton("copy-snippet", "Copy code", code ? "copy TypeScript that opens this object in a notebook" : "this object was not read from a file: there is no code to open it");
  copyCode.disabled = code === null;
  copyCode.addEventListener("click", () => {
    if (code) options.copyText(code);
  });
  first.append(copyPath, copyCode, ...(options.actions ?? []));
  head.append(first);
  // The root is best told by its file; anything deeper by its path in the file.
  head.append(el("div", "pathLine", p.path === "/" ? p.store.location ?? "/" : p.path));
  const facts = [p.objectId ? `object_id ${p.objectId}` : "", p.store.zarrFormat ? `Zarr v${p.store.zarrFormat}` : "", p.path !== "/" && p.store.location ? p.store.location : ""].filter(Boolean);
  if (facts.length) head.append(el("div", "note", facts.join(" · ")));
  return head;
}

/** The plot of a TimeSeries' first samples, one channel at a time. */
function seriesView(p: ContainerPayload): HTMLElement | undefined {
  const series = p.series;
  if (!series) return undefined;
  const wrap = el("div", "view");
  wrap.classList.add("jp-HdmfZarr-series");
  wrap.append(el("h4", "sectionTitle", "Data"));
  const body = el("div", "viewBody");
  let shown = 0;
  const draw = (channel: number) => {
    shown = channel;
    const pts = seriesPoints(series, channel);
    // The plot (uPlot) loads with the first series shown, not with the extension.
    void import("./plot/trace-plot.js").then(({ tracePlot }) => {
      if (shown !== channel) return;
      const name = `${p.name} channel ${channel}`;
      const plot = tracePlot({ xs: pts.xs, traces: [{ label: name, ys: pts.ys }], xTitle: pts.xLabel, yTitle: axisTitle(p.name, series.unit), name });
      body.replaceChildren(plot, el("div", "note", seriesCaption(series, channel)));
    });
  };
  if (series.channels.length > 1) wrap.append(slider("channel", 0, series.channels.length - 1, 0, draw));
  wrap.append(body);
  draw(0);
  return wrap;
}

function sectionView(s: ContainerSection, navigate: (path: string) => void): HTMLElement {
  const d = el("details", "section");
  d.setAttribute("data-section", s.id);
  const n = s.items.length + s.hidden;
  d.open = n > 0 && n <= 40;
  const summary = el("summary", "sectionSummary");
  summary.append(el("span", "", s.title), el("span", "childCount", String(n)));
  const body = el("div", "sectionBody");
  if (n === 0) body.append(el("div", "note", "nothing here"));
  renderItems(body, s.items, s.hidden, { navigate });
  d.append(summary, body);
  return d;
}

/** Mount the view of a container payload into `host`. */
export function mountContainerView(host: HTMLElement, p: ContainerPayload, options: ContainerViewOptions): ContainerViewHandle {
  const root = el("div", "container");
  root.setAttribute("data-type", p.type.name);
  const status = el("div", "note");
  status.hidden = true;
  const navigate = (path: string): boolean => {
    const target = root.querySelector<HTMLElement>(`[data-path="${cssString(path)}"]`);
    if (!target) {
      status.textContent = `${path} is not in this output`;
      status.hidden = false;
      return false;
    }
    status.hidden = true;
    for (let d = target.closest("details"); d; d = d.parentElement?.closest("details") ?? null) d.open = true;
    root.querySelector(".jp-HdmfZarr-flash")?.classList.remove("jp-HdmfZarr-flash");
    target.classList.add("jp-HdmfZarr-flash");
    target.scrollIntoView?.({ block: "nearest" });
    // A brief mark: enough to find the target, gone before it gets in the way.
    setTimeout(() => target.classList.remove("jp-HdmfZarr-flash"), FLASH_MS);
    return true;
  };
  const viewsSlot = el("div", "storeViewsSlot");
  root.append(header(p, options), status, viewsSlot);
  const plot = seriesView(p);
  if (plot) root.append(plot);
  for (const s of p.sections) root.append(sectionView(s, (path) => void navigate(path)));
  host.append(root);
  let views: StoreViewsHandle | undefined;
  return {
    navigate,
    showStoreViews(viewOptions) {
      views?.dispose();
      views = mountStoreViews(viewsSlot, plot, p.path, { ...viewOptions, navigate: (path) => void navigate(path) });
      return views.done;
    },
    dispose() {
      views?.dispose();
      root.remove();
    },
  };
}
