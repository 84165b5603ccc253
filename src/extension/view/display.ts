/**
 * The Display pane: for the selected entity, the views `displayKindOf` picks — paged tables,
 * line plots over a window, heatmaps of a slice, image frames, DynamicTables — each reading only
 * the selection it shows.
 */
import type { BrowserSettings } from "../browser-settings.js";
import type { DataProvider, Entity, ValueSelection } from "../provider/data-provider.js";
import { PREFIX, clear, el, errorBox, slider } from "./dom.js";
import { mountHeatmap, type HeatmapHandle, type HeatmapSource } from "./heatmap.js";
import { displayKindOf } from "./model/display-kind.js";
import { loadTable, queryRows, readTableRows, readTableRowsAt, type ColumnCache } from "./model/dynamic-table.js";
import { nextSort, type FilterCondition, type SortState } from "./model/table-query.js";
import { pageOf } from "./model/paging.js";
import { initialSlice, planeDims, sliceSelection, withIndex, type SliceState } from "./model/slicing.js";
import { sampleClock, timeAxisOf, timesFor, type TimeAxis } from "./model/time-axis.js";
import { parseChannels } from "./model/channels.js";
import { electrodeLabels, electrodeRegionMismatch } from "./model/electrodes.js";
import { axisTitle } from "./model/plot-axis.js";
import { channelInput } from "./plot/channel-input.js";
import type { TracePlotHandle } from "./plot/trace-plot.js";
import { seriesSource } from "./series-source.js";
import { intervalOverlay } from "./interval-overlay.js";
import { pager, scrollTable, valuesTable } from "./table-view.js";
import { filterBox } from "./table-filter.js";
import { targetLink } from "./inspect.js";
import { eventTablePlot } from "./nwb/event-tables.js";
import { trajectoryView } from "./nwb/trajectory.js";
import { roiMasksView } from "./nwb/roi-masks.js";

/** Samples a line plot shows at first (its first window; zoomed out or panned, it reads more). */
export const PLOT_WINDOW = 5000;
/** Largest heatmap window (rows and columns). */
export const HEATMAP_WINDOW = 256;
/** Channels the stacked traces show at first. */
const STACK_CHANNELS = 16;

/** The plots (uPlot) load when a plot is first shown, not with the extension. */
const loadPlots = () => import("./plot/trace-plot.js");

/** What the display needs from the browser. */
export interface DisplayContext {
  provider: DataProvider;
  settings: BrowserSettings;
  navigate(path: string): void;
  /** False once another entity was selected: late answers are dropped. */
  isCurrent(): boolean;
}

/** A section whose content is replaced on each read; errors show in it. */
function section(host: HTMLElement, title: string): { body: HTMLElement; run(f: () => Promise<Node | Node[]>, ctx: DisplayContext): Promise<void> } {
  const wrap = el("div", "view");
  wrap.append(el("h4", "sectionTitle", title));
  const body = el("div", "viewBody");
  wrap.append(body);
  host.append(wrap);
  let ticket = 0;
  return {
    body,
    async run(f, ctx) {
      const mine = ++ticket;
      try {
        const nodes = await f();
        if (mine !== ticket || !ctx.isCurrent()) return;
        clear(body);
        body.append(...(Array.isArray(nodes) ? nodes : [nodes]));
      } catch (e) {
        if (mine !== ticket || !ctx.isCurrent()) return;
        clear(body);
        body.append(errorBox(e));
      }
    },
  };
}

/** The stop per dimension the provider can read (payloads hold a corner). */
function limitOf(e: Entity): number[] {
  return e.readable ?? e.shape ?? [];
}

/** Sliders for the leading dimensions of an n-d view. */
function leadingSliders(e: Entity, state: SliceState, onChange: (s: SliceState) => void): HTMLElement[] {
  const limit = limitOf(e);
  return state.indices.map((value, d) =>
    slider(`${e.dims?.[d] ?? `dim ${d}`}`, 0, Math.max(0, Math.min(state.shape[d], limit[d] ?? 0) - 1), value, (v) => {
      state = withIndex(state, d, v);
      onChange(state);
    }),
  );
}

/** A paged table of a dataset (1-d: one column; n-d: the last two dimensions at the sliders' indices). */
function datasetTable(host: HTMLElement, e: Entity, ctx: DisplayContext): void {
  const shape = e.shape ?? [];
  const sec = section(host, "Values");
  const controls = el("div", "controls");
  sec.body.before(controls);
  let state = initialSlice(shape);
  let page = 0;
  const limit = limitOf(e);
  const rows = ctx.settings.previewRows, cols = ctx.settings.previewColumns;
  const draw = () =>
    sec.run(async () => {
      if (shape.length === 0) {
        const block = await ctx.provider.getValues(e.path, []);
        return valuesTable(["value"], [""], [[block.values[0] ?? null]], ctx.navigate);
      }
      const [r, c] = planeDims(shape.length);
      const total = Math.min(shape[r], limit[r] ?? 0);
      const p = pageOf(total, rows, page);
      state = { ...state, rowStart: p.start };
      const sel = sliceSelection(state, rows, cols, limit);
      const block = total === 0 ? { values: [], shape: [0, 0] } : await ctx.provider.getValues(e.path, sel);
      const n = p.stop - p.start;
      const width = c === undefined ? 1 : (block.shape[1] ?? 0);
      const colStart = c === undefined ? 0 : (sel[sel.length - 1] as [number, number])[0];
      const header = c === undefined ? ["value"] : Array.from({ length: width }, (_, i) => String(colStart + i));
      const tableRows = Array.from({ length: n }, (_, i) => block.values.slice(i * width, (i + 1) * width));
      const nodes: Node[] = [valuesTable(header, Array.from({ length: n }, (_, i) => p.start + i), tableRows, ctx.navigate)];
      nodes.push(pager(p, total, (next) => ((page = next), void draw())));
      if (total < shape[r]) nodes.push(el("div", "note", `only the first ${total} of ${shape[r]} rows are in this output`));
      return nodes;
    }, ctx);
  controls.append(...leadingSliders(e, state, (s) => ((state = s), (page = 0), void draw())));
  const [, c] = planeDims(shape.length);
  if (c !== undefined && Math.min(shape[c], limit[c] ?? 0) > cols) {
    controls.append(slider("first column", 0, Math.min(shape[c], limit[c] ?? 0) - cols, 0, (v) => ((state = { ...state, colStart: v }), void draw())));
  }
  void draw();
}

/** A line plot of a 1-d numeric dataset: the first window, then wherever its x axis is zoomed or panned. */
function datasetLine(host: HTMLElement, e: Entity, ctx: DisplayContext): void {
  const total = Math.min(e.shape?.[0] ?? 0, limitOf(e)[0] ?? 0);
  const sec = section(host, "Line plot");
  const axis: TimeAxis = { kind: "index" };
  let plot: TracePlotHandle | undefined;
  void sec.run(async () => {
    const [clock, { seriesPlot }] = await Promise.all([sampleClock(ctx.provider, axis, total), loadPlots()]);
    const source = seriesSource(ctx.provider, { data: e, total, channels: [], axis, clock, labels: [e.name] });
    const root = await seriesPlot({ source, initial: [0, Math.min(total, PLOT_WINDOW)], xTitle: "index", yTitle: axisTitle(e.name, unitOf(e)), stacked: false, name: e.name });
    plot = handleOf(root);
    return root;
  }, ctx);
  if (total > PLOT_WINDOW) sec.body.before(jumpSlider(total, () => plot));
}

/** The plot's handle (`plotHandle` of its element). */
function handleOf(root: HTMLElement): TracePlotHandle | undefined {
  return (root as HTMLElement & { plotHandle?: TracePlotHandle }).plotHandle;
}

/** "jump to sample": moves the plot's x range to start there, its zoom kept. */
function jumpSlider(total: number, plot: () => TracePlotHandle | undefined): HTMLElement {
  return slider("jump to sample", 0, Math.max(0, total - 1), 0, (v) => plot()?.jumpTo(v));
}

/**
 * A heatmap of the last two dimensions at the sliders' indices: a view with axes, colorbar and
 * zoom that reads windows of at most HEATMAP_WINDOW² as it is zoomed and panned.
 */
function datasetHeatmap(host: HTMLElement, e: Entity, ctx: DisplayContext): void {
  const shape = e.shape ?? [];
  const limit = limitOf(e);
  const sec = section(host, "Heatmap");
  const controls = el("div", "controls");
  sec.body.before(controls);
  let state = initialSlice(shape);
  const [r, c] = planeDims(shape.length);
  const rowsAvail = Math.min(shape[r], limit[r] ?? 0), colsAvail = Math.min(shape[c], limit[c] ?? 0);
  let view: HeatmapHandle | undefined;
  const source: HeatmapSource = {
    rows: rowsAvail,
    cols: colsAvail,
    unit: unitOf(e),
    name: e.name,
    read: async (w) => (await ctx.provider.getValues(e.path, [...state.indices, [w.r0, w.r1], [w.c0, w.c1]])).numbers ?? new Float64Array(0),
  };
  void sec.run(async () => (view = await mountHeatmap(source, { colormap: ctx.settings.colormap, window: HEATMAP_WINDOW })).element, ctx);
  const moveOrigin = () => void view?.setOrigin(state.rowStart, state.colStart);
  controls.append(...leadingSliders(e, state, (s) => ((state = s), void view?.reload())));
  if (rowsAvail > HEATMAP_WINDOW) controls.append(slider("first row", 0, rowsAvail - HEATMAP_WINDOW, 0, (v) => ((state = { ...state, rowStart: v }), moveOrigin())));
  if (colsAvail > HEATMAP_WINDOW) controls.append(slider("first column", 0, colsAvail - HEATMAP_WINDOW, 0, (v) => ((state = { ...state, colStart: v }), moveOrigin())));
}

/** The `unit` attribute of a dataset, if it is a string. */
function unitOf(e: Entity): string | undefined {
  return typeof e.attributes.unit === "string" && e.attributes.unit ? e.attributes.unit : undefined;
}

/**
 * A TimeSeries: its data over time, navigated by its time axis (zoom out or pan past what is read
 * and the new range is read); one line, or stacked traces of the channels chosen (labelled by
 * their electrodes) when the data has several. In seconds, it takes part in the store's time
 * link and can shade the bands of one of the file's intervals tables.
 */
async function timeSeries(host: HTMLElement, series: Entity, data: Entity, ctx: DisplayContext): Promise<void> {
  const axis = await timeAxisOf(ctx.provider, series.path);
  const shape = data.shape ?? [];
  const total = Math.min(shape[0] ?? 0, limitOf(data)[0] ?? 0);
  const channelCount = shape.length > 1 ? Math.min(shape[1], limitOf(data)[1] ?? 0) : 1;
  const [clock, overlay] = await Promise.all([sampleClock(ctx.provider, axis, total), ctx.provider.isNwb ? intervalOverlay(ctx.provider, () => plot) : null]);
  const sec = section(host, `${series.type?.name ?? "Series"} data`);
  const controls = el("div", "controls");
  sec.body.before(controls);
  const unit = unitOf(data) ?? "";
  const xTitle = axis.kind === "index" ? "sample" : "time (s)";
  const rate = axis.kind === "rate" ? `${axis.rate} Hz from ${axis.start} s` : "";
  let channels = parseChannels(`0-${Math.min(channelCount, STACK_CHANNELS) - 1}`, Math.max(1, channelCount));
  let plot: TracePlotHandle | undefined;
  const draw = () =>
    sec.run(async () => {
      // A new channel list keeps the range shown.
      const was = plot?.xRange();
      const home: [number, number] = [0, Math.min(total, PLOT_WINDOW)];
      const initial: [number, number] = was ? [Math.floor(clock.indexAt(was[0])), Math.ceil(clock.indexAt(was[1])) + 1] : home;
      const [labels, { seriesPlot }] = await Promise.all([
        channelCount > 1 ? electrodeLabels(ctx.provider, series.path, channels) : Promise.resolve([series.name]),
        loadPlots(),
      ]);
      const source = seriesSource(ctx.provider, { data, total, channels: channelCount > 1 ? channels : [], axis, clock, labels });
      const stacked = channelCount > 1;
      const root = await seriesPlot({
        source,
        initial,
        home,
        xTitle,
        yTitle: stacked ? "" : axisTitle(series.name, unit),
        stacked,
        name: series.name,
        link: axis.kind === "index" ? undefined : ctx.provider.location || undefined,
        describe: (layout) =>
          [
            rate,
            clock.note(),
            stacked ? `${channels.length} of ${channelCount} channels` : unit,
            layout ? `lanes ${Number(layout.spacing.toPrecision(4))}${unit ? ` ${unit}` : ""} apart` : "",
          ].filter(Boolean).join(" · "),
      });
      plot = handleOf(root);
      overlay?.apply(plot);
      return root;
    }, ctx);
  if (overlay) controls.append(overlay.element);
  if (channelCount > 1) controls.append(channelInput(channelCount, channels, (next) => ((channels = next), void draw())));
  if (total > PLOT_WINDOW) controls.append(jumpSlider(total, () => plot));
  const mismatch = channelCount > 1 ? await electrodeRegionMismatch(ctx.provider, series.path, channelCount) : null;
  if (mismatch && ctx.isCurrent()) controls.after(el("div", "note electrodeMismatch", mismatch));
  await draw();
}

/**
 * An ImageSeries: one frame at a time with its time, in the heatmap view (index axes, zoom, pan,
 * PNG and SVG): a single-channel frame through a colormap (gray by default; domain and scale as
 * contrast controls), an RGB(A) frame (`frame × rows × columns × 3|4`) as its colours.
 */
async function frames(host: HTMLElement, series: Entity, data: Entity, ctx: DisplayContext): Promise<void> {
  const axis = await timeAxisOf(ctx.provider, series.path);
  const shape = data.shape ?? [];
  const limit = limitOf(data);
  const total = Math.min(shape[0] ?? 0, limit[0] ?? 0);
  // 3 or 4 values per pixel are colours; any other last dimension is read at index 0.
  const channels = shape.length > 3 && (shape[3] === 3 || shape[3] === 4) ? shape[3] : undefined;
  const sec = section(host, "Frames");
  let frame = 0;
  const caption = async (): Promise<HTMLElement> => {
    const t = await timesFor(ctx.provider, axis, frame, frame + 1);
    return el("div", "note frameCaption", `frame ${frame} of ${total}${axis.kind === "index" ? "" : ` · t = ${t[0]} s`}`);
  };
  let view: HeatmapHandle | undefined;
  let note: HTMLElement = el("div", "note frameCaption");
  // A colour frame reads all its channels; further dimensions are read at index 0.
  const rest: ValueSelection = channels ? [null, ...shape.slice(4).map(() => 0)] : shape.slice(3).map(() => 0);
  const source: HeatmapSource = {
    rows: Math.min(shape[1] ?? 0, limit[1] ?? 0),
    cols: Math.min(shape[2] ?? 0, limit[2] ?? 0),
    channels,
    unit: unitOf(data),
    name: `${series.name}-frame-${frame}`,
    read: async (w) => (await ctx.provider.getValues(data.path, [frame, [w.r0, w.r1], [w.c0, w.c1], ...rest])).numbers ?? new Float64Array(0),
  };
  void sec.run(async () => {
    [view, note] = await Promise.all([mountHeatmap(source, { colormap: "gray", window: HEATMAP_WINDOW }), caption()]);
    return [view.element, note];
  }, ctx);
  const showFrame = async (v: number) => {
    frame = v;
    source.name = `${series.name}-frame-${v}`;
    const [next] = await Promise.all([caption(), view?.reload()]);
    if (frame === v) note.textContent = next.textContent;
  };
  if (total > 1) sec.body.before(slider("frame", 0, total - 1, 0, (v) => void showFrame(v)));
}

/**
 * A DynamicTable, a page of rows at a time, ragged and region columns resolved; it scrolls
 * sideways, sorts by a scalar column (header click) and filters (`column op value` rows), reading
 * only the sort and filter columns whole and then only the rows of the page.
 */
async function dynamicTable(host: HTMLElement, e: Entity, ctx: DisplayContext): Promise<void> {
  const model = await loadTable(ctx.provider, e);
  const sec = section(host, `${e.type?.name ?? "Table"}: ${model.rowCount} rows × ${model.columns.length} columns`);
  const regions = model.columns.filter((c) => c.region);
  if (regions.length) {
    const notes = el("div", "note");
    for (const c of regions) notes.append(el("span", "", `${c.name} → rows of `), targetLink(c.region!, ctx.navigate), el("span", "", " "));
    sec.body.before(notes);
  }
  let page = 0;
  let sort: SortState = null;
  let filters: FilterCondition[] = [];
  const cache: ColumnCache = new Map();
  const columns = model.columns.map((c) => ({ name: c.name, label: c.indexPaths.length ? `${c.name} (ragged)` : c.region ? `${c.name} (region)` : c.name, sortable: !!c.scalar }));
  const scalars = columns.filter((c) => c.sortable).map((c) => c.name);
  if (scalars.length) {
    sec.body.before(filterBox(scalars, (next) => {
      filters = next;
      page = 0;
      void draw();
    }));
  }
  const draw = async (focusColumn?: string): Promise<void> => {
    const scrolled = sec.body.querySelector(`.${PREFIX}tableScroll`)?.scrollLeft ?? 0;
    await sec.run(async () => {
      const nodes: Node[] = [];
      let order: number[] | null = null;
      try {
        order = await queryRows(ctx.provider, model, sort, filters, cache);
      } catch (err) {
        nodes.push(el("div", "note", `⚠ ${err instanceof Error ? err.message : String(err)}`));
      }
      const total = order ? order.length : model.readableRows;
      const p = pageOf(total, ctx.settings.previewRows, page);
      const labels = order ? order.slice(p.start, p.stop) : Array.from({ length: p.stop - p.start }, (_, i) => p.start + i);
      const rows = order ? await readTableRowsAt(ctx.provider, model, labels) : await readTableRows(ctx.provider, model, p.start, p.stop);
      if (order && filters.length) nodes.push(el("div", "note filterCount", `${order.length.toLocaleString("en-US")} of ${model.readableRows.toLocaleString("en-US")} rows match`));
      nodes.push(
        scrollTable(columns, labels, rows, ctx.navigate, sort, (column) => {
          sort = nextSort(sort, column);
          page = 0;
          void draw(column);
        }),
        pager(p, total, (next) => ((page = next), void draw())),
      );
      if (model.readableRows < model.rowCount) nodes.push(el("div", "note", `only the first ${model.readableRows} of ${model.rowCount} rows are in this output`));
      return nodes;
    }, ctx);
    // The table was redrawn: keep the sideways scroll and the keyboard focus on the header.
    const box = sec.body.querySelector(`.${PREFIX}tableScroll`);
    if (box) box.scrollLeft = scrolled;
    if (focusColumn) sec.body.querySelector<HTMLElement>(`th[data-column="${CSS.escape(focusColumn)}"] button`)?.focus();
  };
  await draw();
}

/** Fill `host` with the views of `e`. */
export async function renderDisplay(host: HTMLElement, e: Entity, ctx: DisplayContext): Promise<void> {
  try {
    // A link inside this store shows what it points to.
    if (e.kind === "link" && e.target && !e.target.source) {
      host.append(el("div", "note", `showing the link's target ${e.target.path}`));
      e = await ctx.provider.getEntity(e.target.path);
    }
    const kind = await displayKindOf(ctx.provider, e);
    if (!ctx.isCurrent()) return;
    switch (kind.kind) {
      case "none":
        host.append(el("div", "note", kind.reason));
        return;
      case "dynamic-table":
        return await dynamicTable(host, e, ctx);
      case "units":
      case "intervals":
        await eventTablePlot(host, e, kind.kind, ctx.settings.previewRows, ctx);
        return await dynamicTable(host, e, ctx);
      case "trajectory":
        return await trajectoryView(host, kind.series, kind.data, ctx);
      case "plane-segmentation": {
        // The masks read while the table below them loads (the view takes its place at once).
        const rois = roiMasksView(host, e, ctx);
        await dynamicTable(host, e, ctx);
        return await rois;
      }
      case "timeseries":
        return await timeSeries(host, e, kind.data, ctx);
      case "frames":
        return await frames(host, e, kind.data, ctx);
      case "dataset": {
        if ((e.readable ?? e.shape ?? []).some((n) => n === 0) && (e.shape ?? []).every((n) => n > 0)) {
          host.append(el("div", "note", "this output carries no values of this dataset; open the store in the browser to read them"));
          return;
        }
        for (const v of kind.views) {
          if (v === "line") datasetLine(host, e, ctx);
          else if (v === "heatmap") datasetHeatmap(host, e, ctx);
          else datasetTable(host, e, ctx);
        }
        return;
      }
    }
  } catch (err) {
    if (ctx.isCurrent()) host.append(errorBox(err));
  }
}

/** The views of one entity mounted outside the browser (see {@link mountDisplay}). */
export interface DisplayMount {
  /** The element holding the views. */
  readonly element: HTMLElement;
  /** Settles once the views are drawn; a view that failed shows its error in place. */
  readonly ready: Promise<void>;
  /** Drops late answers and removes the views (their plots then let go of their observers). */
  dispose(): void;
}

/** What {@link mountDisplay} reads with and where its links lead. */
export interface DisplayMountOptions {
  provider: DataProvider;
  settings: BrowserSettings;
  navigate(path: string): void;
}

/** Mount the Display pane's views of `e` into `host`, as the browser shows them (the renderer's views of a displayed container). */
export function mountDisplay(host: HTMLElement, e: Entity, options: DisplayMountOptions): DisplayMount {
  let live = true;
  const element = el("div", "display");
  host.append(element);
  const ready = renderDisplay(element, e, { ...options, isCurrent: () => live });
  return {
    element,
    ready,
    dispose() {
      live = false;
      element.remove();
    },
  };
}
