/**
 * The heatmap view on uPlot: uPlot draws the index axes and takes the zoom rectangle; the cells are
 * painted from the values onto its canvas in its draw hook (unsmoothed, so cells stay sharp). Loaded
 * lazily (`heatmap.ts` imports this module with `import()`), so uPlot stays out of the entry chunk.
 * RGB(A) images (a source with `channels`) take the same axes, zoom, pan and exports, painted as
 * colours instead of through a colormap, without colorbar. A source may bring an overlay (the ROI
 * masks over a plane's mean image): painted over the cells, written into the SVG, and naming what
 * lies under the pointer. The wheel zooms about the pointer, shift-drag pans.
 */
import uPlot from "uplot";
import type { ColormapName } from "../../browser-settings.js";
import { computeDomain, covers, formatNumber, indexTicks, panView, paintCells, windowToRead, type CellWindow, type Domain } from "../model/heatmap-scale.js";
import { rgbPixels } from "../model/rgb-pixels.js";
import { zoomView, type CellFrame } from "../model/cell-frame.js";
import { fileBase } from "../model/file-name.js";
import { el, errorBox, clear, followDrag } from "../dom.js";
import { download } from "../plot/toolbar.js";
import { Colorbar, type ColorbarState } from "./colorbar.js";
import { COLORBAR_ROOM, heatmapSvg, type SvgTick } from "./svg-export.js";
import { heatmapToolbar, type ToolbarState } from "./toolbar.js";

/** Where the values of a heatmap come from. */
export interface HeatmapSource {
  /** Rows and columns that can be read (the plane's extent). */
  rows: number;
  cols: number;
  /** The values of a window (C order, `(r1 - r0) × (c1 - c0)` × `channels`), read through the provider. */
  read(w: CellWindow): Promise<ArrayLike<number>>;
  /** Values per cell of an RGB (3) or RGBA (4) image; absent for one value per cell, painted through a colormap. */
  channels?: number;
  /** What the note under the plot calls the colours painted (default `RGB`/`RGBA`; a blank plane says so). */
  paintNote?: string;
  /** The dataset's unit, shown over the colorbar. */
  unit?: string;
  /** Name of the exported files (without extension). */
  name: string;
  /** Titles of the horizontal (columns) and vertical (rows) axes; none by default. */
  axisTitles?: { x: string; y: string };
  /** What is drawn over the cells. */
  overlay?: HeatmapOverlay;
}

/** A drawing over the cells: on the canvas, in the SVG export, and in the hover line. */
export interface HeatmapOverlay {
  /** Paint over the cells (clipped to the plot area); `frame` in canvas pixels, `pxRatio` canvas pixels per CSS pixel. */
  paint(ctx: CanvasRenderingContext2D, frame: CellFrame, pxRatio: number): void;
  /** The same drawing for the SVG export, `frame` in the drawing's CSS pixels. */
  svg(frame: CellFrame): SVGElement[];
  /** The hover line of cell (`row`, `col`) whose value reads `value`, instead of `row r, column c: value`. */
  describe(row: number, col: number, value: string): string;
}

/** What the display can do with a mounted heatmap. */
export interface HeatmapHandle {
  element: HTMLElement;
  /** Read the current window again (a slider over another dimension or frame moved). */
  reload(): Promise<void>;
  /** Show the window starting at this row and column (the "first row/column" sliders). */
  setOrigin(row: number, col: number): Promise<void>;
}

/** Options of {@link mountHeatmapView}. */
export interface HeatmapViewOptions {
  colormap: ColormapName;
  /** Largest window read at once (rows and columns). */
  window: number;
}

const AXIS_SIZE = 44;
/** Share of the view an arrow key pans. */
const PAN_STEP = 0.25;
/** Factor one wheel step zooms out by. */
const ZOOM_STEP = 1.25;
/** Room for an axis title (CSS pixels), when the source gives titles. */
const TITLE_SIZE = 18;

/** Build the view and read its first window; rejects when that read fails. */
export async function mountHeatmapView(source: HeatmapSource, options: HeatmapViewOptions): Promise<HeatmapHandle> {
  const root = el("div", "heatmapView");
  const body = el("div", "heatmapBody");
  const plotHost = el("div", "heatmapPlot");
  plotHost.tabIndex = 0;
  plotHost.setAttribute("aria-label", "heatmap: drag a rectangle or turn the wheel to zoom, shift-drag or arrow keys to pan");
  const colorbar = new Colorbar();
  const note = el("div", "note heatmapNote");
  const hover = el("div", "note heatmapHover", "\u00a0");
  const channels = source.channels ?? 1;
  const rgb = channels > 1;
  body.append(plotHost);
  if (!rgb) body.append(colorbar.element);
  root.setAttribute("data-paint", rgb ? `rgb${channels === 4 ? "a" : ""}` : "colormap");

  const initial: ToolbarState = { colormap: options.colormap, mode: "auto", scale: "linear", custom: { lo: 0, hi: 1 } };
  let look: ToolbarState = { ...initial };
  let origin = { row: 0, col: 0 };
  const home = (): CellWindow => {
    const r0 = Math.min(origin.row, Math.max(0, source.rows - 1)), c0 = Math.min(origin.col, Math.max(0, source.cols - 1));
    return { r0, r1: Math.min(source.rows, r0 + options.window), c0, c1: Math.min(source.cols, c0 + options.window) };
  };
  // The cells read (their window and values) and their picture, one canvas pixel per cell.
  let block: { w: CellWindow; values: ArrayLike<number> } | null = null;
  let domain: Domain = { lo: 0, hi: 1 };
  const cells = document.createElement("canvas");
  let ticket = 0;
  // Set once the view left the page and uPlot was destroyed.
  let destroyed = false;

  const toolbar = heatmapToolbar(initial, { change: (s) => ((look = s), repaint()), reset: () => void reset(), png: () => exportPng(), svg: () => exportSvg() }, rgb);
  root.append(toolbar.element, body, hover, note);

  const color = getComputedStyle(document.body).getPropertyValue("--jp-ui-font-color1").trim() || "#000";
  const grid = getComputedStyle(document.body).getPropertyValue("--jp-border-color1").trim() || "#999";
  const background = getComputedStyle(document.body).getPropertyValue("--jp-layout-color0").trim() || "#fff";
  // The ticks drawn last, for the SVG export.
  const drawnTicks: Record<"x" | "y", number[]> = { x: [], y: [] };
  const titles = source.axisTitles;
  const axis = (side: 2 | 3, attr: string): uPlot.Axis => ({
    side,
    ...(titles ? { label: side === 2 ? titles.x : titles.y, labelSize: TITLE_SIZE, labelFont: "11px sans-serif", labelGap: 0 } : {}),
    stroke: color,
    grid: { show: false },
    ticks: { stroke: grid, width: 1, size: 4 },
    size: AXIS_SIZE,
    font: "11px sans-serif",
    splits: (u, _i, min, max) => indexTicks(min, max, Math.max(2, Math.floor((side === 2 ? u.bbox.width : u.bbox.height) / devicePixelRatio / 70))),
    // The labels drawn are kept on the view so what the axes say can be read without the canvas.
    values: (_u, splits) => {
      const labels = splits.map((v) => String(v));
      root.setAttribute(attr, labels.join(","));
      drawnTicks[side === 2 ? "x" : "y"] = splits;
      return labels;
    },
  });

  /** The view in cells ([r0, r1) × [c0, c1), fractional while zoomed), from the scales. */
  const viewOf = (u: uPlot): CellWindow => ({ r0: (u.scales.y.min ?? 0) + 0.5, r1: (u.scales.y.max ?? 0) + 0.5, c0: (u.scales.x.min ?? 0) + 0.5, c1: (u.scales.x.max ?? 0) + 0.5 });
  let view = home();

  const size = () => {
    const width = Math.max(240, plotHost.clientWidth || 480);
    const h0 = home();
    const aspect = (h0.r1 - h0.r0 || 1) / (h0.c1 - h0.c0 || 1);
    return { width, height: Math.round(Math.min(520, Math.max(200, (width - AXIS_SIZE) * aspect + AXIS_SIZE))) };
  };

  const u = new uPlot(
    {
      ...size(),
      legend: { show: false },
      cursor: {
        x: false,
        y: false,
        points: { show: false },
        drag: { x: true, y: true, setScale: true },
        // Double-click resets to the home window, as the Reset button does (uPlot would show the whole x range).
        bind: { dblclick: () => () => (void reset(), null) },
      },
      scales: {
        x: { time: false, auto: false, range: (_u, min, max) => [min ?? view.c0 - 0.5, max ?? view.c1 - 0.5] },
        y: { auto: false, dir: -1, range: (_u, min, max) => [min ?? view.r0 - 0.5, max ?? view.r1 - 0.5] },
      },
      axes: [axis(2, "data-x-ticks"), { ...axis(3, "data-y-ticks"), scale: "y" }],
      series: [{}, { scale: "y", show: false }],
      hooks: {
        draw: [(p) => drawCells(p)],
        setScale: [(p) => scheduleView(p)],
        setCursor: [(p) => showHover(p)],
      },
    },
    [[-0.5, Math.max(0.5, source.cols - 0.5)], [null, null]] as unknown as uPlot.AlignedData,
    plotHost,
  );

  // The class other views and tests know a heatmap's canvas by.
  u.ctx.canvas.classList.add("jp-HdmfZarr-heatmap");

  // x and y change one after the other (a zoom sets both): look at the view once they are set.
  let viewPending = false;
  function scheduleView(p: uPlot): void {
    if (viewPending) return;
    viewPending = true;
    queueMicrotask(() => ((viewPending = false), onView(viewOf(p))));
  }

  let pattern: CanvasPattern | null = null;
  function hatch(ctx: CanvasRenderingContext2D): CanvasPattern | string {
    if (!pattern) {
      const tile = document.createElement("canvas");
      tile.width = tile.height = 8;
      const t = tile.getContext("2d");
      if (t) {
        t.fillStyle = background;
        t.fillRect(0, 0, 8, 8);
        t.strokeStyle = grid;
        t.beginPath();
        t.moveTo(0, 8);
        t.lineTo(8, 0);
        t.stroke();
      }
      pattern = ctx.createPattern(tile, "repeat");
    }
    return pattern ?? background;
  }

  /** The cell under the pointer: its row, column and value. */
  function showHover(p: uPlot): void {
    const { left = -1, top = -1 } = p.cursor;
    const row = Math.round(p.posToVal(top, "y")), col = Math.round(p.posToVal(left, "x"));
    const b = block?.w;
    const inside = block && b && left >= 0 && top >= 0 && row >= b.r0 && row < b.r1 && col >= b.c0 && col < b.c1;
    if (!inside) {
      hover.textContent = "\u00a0";
      return;
    }
    const at = ((row - b.r0) * (b.c1 - b.c0) + (col - b.c0)) * channels;
    const value = `${rgb ? `(${Array.from({ length: channels }, (_, k) => block!.values[at + k]).join(", ")})` : String(block!.values[at])}${source.unit ? ` ${source.unit}` : ""}`;
    hover.textContent = source.overlay ? source.overlay.describe(row, col, value) : `row ${row}, column ${col}: ${value}`;
  }

  /** The plot area's cells and box (canvas or CSS pixels). */
  function frameOf(p: uPlot, box: { left: number; top: number; width: number; height: number }): CellFrame {
    return { xMin: p.scales.x.min ?? 0, xMax: p.scales.x.max ?? 1, yMin: p.scales.y.min ?? 0, yMax: p.scales.y.max ?? 1, ...box };
  }

  /** Where the block of cells read lies: canvas pixels, or (`canvasPixels` false) CSS pixels from the plot area's corner. */
  function blockRect(p: uPlot, b: CellWindow, canvasPixels = true): [number, number, number, number] {
    const x0 = p.valToPos(b.c0 - 0.5, "x", canvasPixels), x1 = p.valToPos(b.c1 - 0.5, "x", canvasPixels);
    const y0 = p.valToPos(b.r0 - 0.5, "y", canvasPixels), y1 = p.valToPos(b.r1 - 0.5, "y", canvasPixels);
    return [Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0)];
  }

  function drawCells(p: uPlot): void {
    const { left, top, width, height } = p.bbox;
    // The colorbar spans the plotting area's height.
    colorbar.element.style.paddingTop = `${top / devicePixelRatio}px`;
    colorbar.element.style.paddingBottom = `${p.height - (top + height) / devicePixelRatio}px`;
    if (!block) return;
    const ctx = p.ctx;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    const dest = blockRect(p, block.w);
    // Hatching under the cells: values the scale cannot show (transparent) stay visible as such.
    ctx.fillStyle = hatch(ctx);
    ctx.fillRect(...dest);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(cells, ...dest);
    source.overlay?.paint(ctx, frameOf(p, { left, top, width, height }), devicePixelRatio || 1);
    ctx.restore();
  }

  /** Record the view; read another window when it leaves the one read. */
  function onView(v: CellWindow): void {
    view = v;
    const first = (a: number) => Math.max(0, Math.ceil(a - 0.5));
    root.setAttribute("data-x-range", `${first(v.c0)},${Math.min(source.cols - 1, Math.floor(v.c1 - 0.5))}`);
    root.setAttribute("data-y-range", `${first(v.r0)},${Math.min(source.rows - 1, Math.floor(v.r1 - 0.5))}`);
    ensureCovered();
  }

  /** Read the window around the view when the cells read do not cover it (again once a read ends, as the view may have moved meanwhile). */
  function ensureCovered(): void {
    if (!block || loading) return;
    const v = view;
    const need: CellWindow = { r0: Math.max(0, Math.floor(v.r0)), r1: Math.min(source.rows, Math.ceil(v.r1)), c0: Math.max(0, Math.floor(v.c0)), c1: Math.min(source.cols, Math.ceil(v.c1)) };
    const next = windowToRead(v, source.rows, source.cols, options.window);
    const same = next.r0 === block.w.r0 && next.r1 === block.w.r1 && next.c0 === block.w.c0 && next.c1 === block.w.c1;
    if (!covers(block.w, need) && !same) void load(next).then(ensureCovered, showError);
  }

  let loading = false;
  async function load(w: CellWindow): Promise<void> {
    const mine = ++ticket;
    loading = true;
    try {
      const values = await source.read(w);
      if (mine !== ticket) return;
      block = { w, values };
      cells.width = Math.max(1, w.c1 - w.c0);
      cells.height = Math.max(1, w.r1 - w.r0);
      repaint();
    } finally {
      if (mine === ticket) loading = false;
    }
  }

  function showError(e: unknown): void {
    clear(note);
    note.append(errorBox(e));
  }

  /** The colorbar of the current look. */
  const colorbarState = (): ColorbarState => ({ lo: domain.lo, hi: domain.hi, scale: look.scale, colormap: look.colormap, unit: source.unit });

  /** Repaint the cells (and the colorbar) for the current look (colormap, domain, scale), or as colours (RGB). */
  function repaint(): void {
    if (!block || destroyed) return;
    const b = block.w;
    const ctx = cells.getContext("2d");
    const put = (rgba: Uint8ClampedArray) => {
      if (!ctx || !block?.values.length) return;
      const img = ctx.createImageData(cells.width, cells.height);
      img.data.set(rgba);
      ctx.putImageData(img, 0, 0);
    };
    let what: string;
    if (rgb) {
      const { rgba, scaled } = rgbPixels(block.values, cells.width * cells.height, channels);
      put(rgba);
      what = `${source.paintNote ?? (channels === 4 ? "RGBA" : "RGB")}${scaled ? ` · values ${formatNumber(scaled[0])}–${formatNumber(scaled[1])} scaled to 0–255` : ""}`;
    } else {
      domain = computeDomain(block.values, look.mode, look.scale, look.custom);
      put(paintCells(block.values, domain, look.scale, look.colormap));
      colorbar.update(colorbarState());
      toolbar.showDomain(domain.lo, domain.hi);
      root.setAttribute("data-colormap", look.colormap);
      root.setAttribute("data-scale", look.scale);
      what = domain.note ?? "";
    }
    note.textContent = `rows ${b.r0}–${b.r1 - 1}, columns ${b.c0}–${b.c1 - 1} of ${source.rows} × ${source.cols}${what ? ` · ${what}` : ""}`;
    u.redraw(false, false);
  }

  function setView(v: CellWindow): void {
    view = v;
    if (destroyed) return;
    u.batch(() => {
      u.setScale("x", { min: v.c0 - 0.5, max: v.c1 - 0.5 });
      u.setScale("y", { min: v.r0 - 0.5, max: v.r1 - 0.5 });
    });
  }

  async function reset(): Promise<void> {
    look = { ...initial };
    toolbar.set(initial);
    const h = home();
    await load(h);
    setView(h);
  }

  const fileName = (ext: string) => `${fileBase(source.name) || "heatmap"}.${ext}`;

  /** A PNG of the view as shown: the plot's canvas with the colorbar drawn beside it. */
  function exportPng(): void {
    const src = u.ctx.canvas;
    const k = src.width / Math.max(1, u.width);
    const out = document.createElement("canvas");
    out.width = src.width + (rgb ? 0 : Math.round(COLORBAR_ROOM * k));
    out.height = src.height;
    const ctx = out.getContext("2d");
    if (!ctx) return;
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(src, 0, 0);
    if (!rgb) colorbar.drawOn(ctx, colorbarState(), src.width + 10 * k, u.bbox.top, u.bbox.height, k, color);
    out.toBlob((blob) => blob && download(blob, fileName("png")), "image/png");
  }

  /** An SVG of the view as shown: vector axes, ticks, labels and colorbar; the cells as an embedded image. */
  function exportSvg(): void {
    if (!block) return;
    const r = u.bbox, px = devicePixelRatio || 1;
    const area = { left: r.left / px, top: r.top / px, width: r.width / px, height: r.height / px };
    const [bx, by, bw, bh] = blockRect(u, block.w, false);
    const ticks = (axis: "x" | "y"): SvgTick[] => drawnTicks[axis].map((v) => ({ at: u.valToPos(v, axis), label: String(v) }));
    const doc = heatmapSvg({
      width: u.width,
      height: u.height,
      area,
      cells,
      block: { x: area.left + bx, y: area.top + by, width: bw, height: bh },
      xTicks: ticks("x"),
      yTicks: ticks("y"),
      colorbar: rgb ? null : colorbarState(),
      colours: { text: color, axis: grid, background },
      titles,
      overlay: source.overlay?.svg(frameOf(u, area)),
    });
    download(new Blob([new XMLSerializer().serializeToString(doc)], { type: "image/svg+xml" }), fileName("svg"));
  }

  plotHost.addEventListener("keydown", (e) => {
    const d = { ArrowUp: [-PAN_STEP, 0], ArrowDown: [PAN_STEP, 0], ArrowLeft: [0, -PAN_STEP], ArrowRight: [0, PAN_STEP] }[e.key];
    if (!d) return;
    e.preventDefault();
    e.stopPropagation();
    setView(panView(view, d[0], d[1], source.rows, source.cols));
  });
  // Shift-drag pans (caught before uPlot starts a zoom rectangle); the wheel zooms about the pointer.
  plotHost.addEventListener(
    "mousedown",
    (e) => {
      if (!e.shiftKey || !u.over.contains(e.target as Node)) return;
      e.stopPropagation();
      e.preventDefault();
      const start = view, sx = e.clientX, sy = e.clientY, w = u.over.clientWidth || 1, h = u.over.clientHeight || 1;
      const move = (m: MouseEvent) => setView(panView(start, -(m.clientY - sy) / h, -(m.clientX - sx) / w, source.rows, source.cols));
      followDrag(move);
    },
    true,
  );
  plotHost.addEventListener(
    "wheel",
    (e) => {
      if (!u.over.contains(e.target as Node)) return;
      e.preventDefault();
      const r = u.over.getBoundingClientRect();
      const row = u.posToVal(e.clientY - r.top, "y") + 0.5, col = u.posToVal(e.clientX - r.left, "x") + 0.5;
      const limits = { rows: source.rows, cols: source.cols, maxRows: Math.min(source.rows, options.window), maxCols: Math.min(source.cols, options.window) };
      setView(zoomView(view, e.deltaY < 0 ? 1 / ZOOM_STEP : ZOOM_STEP, row, col, limits));
    },
    { passive: false },
  );

  // Follow the panel's width; the height keeps the window's aspect (within bounds).
  // Once the view leaves the page (another node is shown), uPlot's window listeners are removed.
  let lastWidth = 0, shown = false;
  const resizes = new ResizeObserver(() => {
    if (!root.isConnected) {
      if (shown && !destroyed) (destroyed = true, resizes.disconnect(), u.destroy());
      return;
    }
    shown = true;
    const width = plotHost.clientWidth;
    if (width === 0 || Math.abs(width - lastWidth) < 2) return;
    lastWidth = width;
    u.setSize(size());
  });
  resizes.observe(plotHost);

  await load(view);
  setView(view);
  return {
    element: root,
    reload: () => load(block?.w ?? home()).catch(showError),
    async setOrigin(row, col) {
      origin = { row, col };
      const h = home();
      await load(h).catch(showError);
      setView(h);
    },
  };
}
