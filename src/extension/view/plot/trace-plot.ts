/**
 * Line plots and stacked multi-channel traces on uPlot. uPlot draws the grid, the tick marks and
 * the lines on a canvas; the tick labels and axis titles are an SVG of ours laid over it (real text,
 * themed by CSS, the same values as the grid from `model/plot-axis.ts`). The samples of the window
 * read are reduced to min/max per pixel column of the x range shown, again after each zoom or pan.
 * This module is loaded on demand (`import()`): uPlot stays out of the extension's first chunk.
 */
import uPlot from "uplot";
import { svg } from "../dom.js";
import { axisTicks, ticksFor, type AxisTicks } from "../model/plot-axis.js";
import { minMaxTraces } from "../model/downsample.js";
import { plotToolbar } from "./toolbar.js";

/** One trace: values over the plot's x (already offset into its lane when stacked). */
export interface Trace {
  label: string;
  ys: Float64Array;
}

/** What a plot shows. */
export interface TracePlotSpec {
  /** x of every sample of the window (seconds, or sample indices). */
  xs: Float64Array;
  traces: Trace[];
  xTitle: string;
  /** The y axis title (a line plot's unit); stacked traces label their lanes instead. */
  yTitle: string;
  /** Stacked traces: lanes at these y values with these labels, and the fixed y range. */
  lanes?: { values: number[]; labels: string[]; range: [number, number] };
  /** Base name of exported files. */
  name: string;
}

const HEIGHT = 260;
const LANE_HEIGHT = 22;
const X_AXIS = 44;
const Y_AXIS = 70;
const Y_LANES = 150;
/** Pixels per tick label on each axis. */
const X_SPACING = 90, Y_SPACING = 40;
/** Fraction of the x range a key press pans or a wheel step zooms. */
const PAN_STEP = 0.1, ZOOM_STEP = 1.25;

interface Colours {
  lines: string[];
  grid: string;
  axis: string;
  background: string;
}

function themeColours(node: Element): Colours {
  const css = getComputedStyle(node);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    lines: [v("--jp-brand-color1", "#1976d2"), v("--jp-warn-color1", "#f57c00")],
    grid: v("--jp-border-color2", "#e0e0e0"),
    axis: v("--jp-border-color1", "#bdbdbd"),
    background: v("--jp-layout-color0", "#ffffff"),
  };
}

/** The plot area in CSS pixels, from uPlot's own geometry (no layout read, so no forced reflow per frame). */
function plotBox(u: uPlot): { left: number; top: number; width: number; height: number } {
  const r = uPlot.pxRatio || 1;
  return { left: u.bbox.left / r, top: u.bbox.top / r, width: u.bbox.width / r, height: u.bbox.height / r };
}

/** The index of the first x ≥ `v` (x ascending). */
function lowerBound(xs: Float64Array, v: number): number {
  let lo = 0, hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A handle on a mounted plot (for tests and the benchmark: `root.plotHandle`). */
export interface TracePlotHandle {
  /** The x range shown. */
  xRange(): [number, number];
  setXRange(min: number, max: number): void;
  reset(): void;
}

/**
 * A plot of `spec` (`div.jp-HdmfZarr-plot`): toolbar (Reset, PNG, SVG), the canvas and the axis
 * labels. It is drawn once it is in the page and has a width, and follows the panel's width.
 */
export function tracePlot(spec: TracePlotSpec): HTMLElement {
  const root = document.createElement("div");
  root.className = "jp-HdmfZarr-plot";
  root.tabIndex = 0;
  root.setAttribute("data-plot", spec.lanes ? "stacked" : "line");
  root.setAttribute("aria-label", `${spec.lanes ? "stacked traces" : "line plot"} of ${spec.name}: drag to zoom, shift-drag or arrow keys to pan, wheel to zoom x`);
  const area = document.createElement("div");
  area.className = "jp-HdmfZarr-plotArea";
  const overlay = svg("svg", { class: "jp-HdmfZarr-linePlot jp-HdmfZarr-plotAxes", role: "img" });
  const height = spec.lanes ? Math.max(HEIGHT, spec.traces.length * LANE_HEIGHT + X_AXIS + 16) : HEIGHT;
  const n = spec.xs.length;
  const full: [number, number] = n ? [spec.xs[0], n > 1 ? spec.xs[n - 1] : spec.xs[0] + 1] : [0, 1];
  let u: uPlot | undefined;
  let colours: Colours;
  let shown: [number, number] = full;

  /** The samples of `[min, max]` reduced to the plot's width (one sample beyond each end, so lines reach the edges). */
  const dataFor = (min: number, max: number, width: number): uPlot.AlignedData => {
    const start = Math.max(0, lowerBound(spec.xs, min) - 1), stop = Math.min(n, lowerBound(spec.xs, max) + 2);
    const pts = minMaxTraces(spec.xs, spec.traces.map((t) => t.ys), start, stop, Math.max(1, width));
    return [pts.xs, ...pts.ys];
  };

  const xTicks = (self: uPlot): AxisTicks => axisTicks(self.scales.x.min ?? full[0], self.scales.x.max ?? full[1], ticksFor(plotBox(self).width || self.width, X_SPACING));
  const yTicks = (self: uPlot): AxisTicks =>
    spec.lanes
      ? { values: spec.lanes.values, labels: spec.lanes.labels, step: 1 }
      : axisTicks(self.scales.y.min ?? 0, self.scales.y.max ?? 1, ticksFor(plotBox(self).height || height, Y_SPACING));

  const text = (x: number, y: number, content: string, cls: string, attrs: Record<string, string | number> = {}) => {
    const t = svg("text", { x: x.toFixed(1), y: y.toFixed(1), class: cls, ...attrs });
    t.textContent = content;
    return t;
  };

  // One group per axis, rebuilt only when its labels or their places change (a pan moves the x
  // labels only; the lanes' labels of stacked traces stay as they are).
  const groups = { x: svg("g"), y: svg("g") };
  const keys = { x: "", y: "" };
  overlay.append(groups.x, groups.y);
  const setGroup = (axis: "x" | "y", nodes: SVGTextElement[]) => {
    const key = nodes.map((n) => `${n.getAttribute("x")},${n.getAttribute("y")},${n.textContent}`).join(";");
    if (key === keys[axis]) return;
    keys[axis] = key;
    groups[axis].replaceChildren(...nodes);
  };

  /** Tick labels and titles, where uPlot drew the ticks. */
  const drawLabels = (self: uPlot) => {
    const { left, top, width: w, height: h } = plotBox(self);
    overlay.setAttribute("width", String(self.width));
    overlay.setAttribute("height", String(self.height));
    const xt = xTicks(self), yt = yTicks(self);
    const xs = xt.values.map((v, i) => text(left + self.valToPos(v, "x"), top + h + 18, xt.labels[i], "jp-HdmfZarr-plotLabel", { "text-anchor": "middle", "data-axis": "x", "data-value": v }));
    xs.push(text(left + w / 2, top + h + 38, spec.xTitle, "jp-HdmfZarr-plotTitle", { "text-anchor": "middle", "data-axis": "x" }));
    const ys = yt.values.map((v, i) => text(left - 8, top + self.valToPos(v, "y") + 4, yt.labels[i], "jp-HdmfZarr-plotLabel", { "text-anchor": "end", "data-axis": "y", "data-value": v }));
    if (!spec.lanes && spec.yTitle) {
      const cy = top + h / 2;
      ys.push(text(14, cy, spec.yTitle, "jp-HdmfZarr-plotTitle", { "text-anchor": "middle", "data-axis": "y", transform: `rotate(-90 14 ${cy.toFixed(1)})` }));
    }
    setGroup("x", xs);
    setGroup("y", ys);
  };

  /** Show `[min, max]`: the samples there reduced to the plot's width, then one redraw (y follows the data shown). */
  const show = (min: number, max: number) => {
    const plot = u;
    if (!plot) return;
    shown = [min, max];
    root.setAttribute("data-x-range", `${min} ${max}`);
    const data = dataFor(min, max, plotBox(plot).width || plot.width);
    plot.batch(() => {
      plot.setData(data, false);
      plot.setScale("x", { min, max });
    });
  };

  const setX = (min: number, max: number) => {
    if (!u || !(max > min)) return;
    // Keep inside the window read, at most as wide as it.
    const span = Math.min(max - min, full[1] - full[0]);
    min = Math.max(full[0], Math.min(min, full[1] - span));
    show(min, min + span);
  };

  const create = (width: number) => {
    colours = themeColours(root);
    const axis = (scale: string, size: number, splits: (self: uPlot) => number[]): uPlot.Axis => ({
      scale,
      size,
      // The labels are ours (the overlay): uPlot draws no text, only ticks and grid.
      stroke: "transparent",
      values: (_self, ticks) => ticks.map(() => ""),
      splits: (self) => splits(self),
      grid: { stroke: () => colours.grid, width: 1 },
      ticks: { stroke: () => colours.axis, width: 1, size: 5 },
      border: { show: true, stroke: () => colours.axis, width: 1 },
    });
    const opts: uPlot.Options = {
      width,
      height,
      legend: { show: false },
      // A drag selects a range; zooming to it goes through setX like every other x change.
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false }, y: false },
      scales: {
        x: { time: false, auto: false, range: (_self, min, max) => [min, max] },
        y: spec.lanes ? { auto: false, range: () => spec.lanes!.range } : { auto: true },
      },
      axes: [axis("x", X_AXIS, (self) => xTicks(self).values), axis("y", spec.lanes ? Y_LANES : Y_AXIS, (self) => yTicks(self).values)],
      series: [{}, ...spec.traces.map((t, i) => ({ label: t.label, stroke: () => colours.lines[i % colours.lines.length], width: 1, points: { show: false } }))],
      hooks: {
        draw: [drawLabels],
        setSelect: [
          (self) => {
            const { left, width: w } = self.select;
            if (w < 2) return;
            const min = self.posToVal(left, "x"), max = self.posToVal(left + w, "x");
            self.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            setX(min, max);
          },
        ],
      },
    };
    u = new uPlot(opts, dataFor(full[0], full[1], width), area);
    area.append(overlay);
    show(full[0], full[1]);
  };

  // Shift-drag pans: taken before uPlot sees the press (which would start a zoom selection).
  area.addEventListener(
    "mousedown",
    (ev) => {
      if (!ev.shiftKey || !u) return;
      ev.stopPropagation();
      ev.preventDefault();
      const startX = ev.clientX, [min0, max0] = shown, perPx = (max0 - min0) / Math.max(1, plotBox(u).width);
      const move = (m: MouseEvent) => setX(min0 - (m.clientX - startX) * perPx, max0 - (m.clientX - startX) * perPx);
      const up = () => (window.removeEventListener("mousemove", move), window.removeEventListener("mouseup", up));
      window.addEventListener("mousemove", move);
      window.addEventListener("mouseup", up);
    },
    true,
  );
  area.addEventListener(
    "wheel",
    (ev) => {
      if (!u || !u.over.contains(ev.target as Node)) return;
      ev.preventDefault();
      const at = u.posToVal(ev.clientX - u.over.getBoundingClientRect().left, "x");
      const f = ev.deltaY < 0 ? 1 / ZOOM_STEP : ZOOM_STEP;
      setX(at - (at - shown[0]) * f, at + (shown[1] - at) * f);
    },
    { passive: false },
  );
  root.addEventListener("keydown", (ev) => {
    const span = shown[1] - shown[0];
    if (ev.key === "ArrowLeft") setX(shown[0] - span * PAN_STEP, shown[1] - span * PAN_STEP);
    else if (ev.key === "ArrowRight") setX(shown[0] + span * PAN_STEP, shown[1] + span * PAN_STEP);
    else if (ev.key === "+" || ev.key === "=") setX(shown[0] + span * 0.1, shown[1] - span * 0.1);
    else if (ev.key === "-") setX(shown[0] - span * 0.125, shown[1] + span * 0.125);
    else if (ev.key === "Home" || ev.key === "0") handle.reset();
    else return;
    ev.preventDefault();
  });

  const handle: TracePlotHandle = {
    xRange: () => shown,
    setXRange: setX,
    reset: () => setX(full[0], full[1]),
  };
  (root as HTMLElement & { plotHandle?: TracePlotHandle }).plotHandle = handle;

  const resize = new ResizeObserver(() => {
    // Removed from the page (a new window or another node): let go of uPlot and the observers.
    if (!root.isConnected) {
      resize.disconnect();
      theme.disconnect();
      u?.destroy();
      u = undefined;
      return;
    }
    const width = Math.floor(area.clientWidth);
    if (width <= 0) return;
    if (!u) create(width);
    else if (Math.abs(u.width - width) >= 1) {
      u.setSize({ width, height });
      u.setData(dataFor(shown[0], shown[1], plotBox(u).width || width), true);
    }
  });
  // The lines and grid are on a canvas: repaint them in the new theme's colours.
  const theme = new MutationObserver(() => {
    if (!u) return;
    colours = themeColours(root);
    u.redraw(false, true);
  });
  theme.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-light", "data-jp-theme-name"] });
  resize.observe(area);

  const toolbar = plotToolbar({
    reset: () => handle.reset(),
    png: () => (u ? exportPng(u, overlay, colours.background) : Promise.resolve(null)),
    svg: () => (u ? exportSvg(u, overlay, colours, spec) : null),
    name: spec.name,
  });
  root.append(toolbar, area);
  return root;
}

/** The overlay's text with its computed colour and font written in, so it draws the same outside the page. */
function inlinedOverlay(overlay: SVGSVGElement): SVGSVGElement {
  const copy = overlay.cloneNode(true) as SVGSVGElement;
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  const src = overlay.querySelectorAll("text"), dst = copy.querySelectorAll("text");
  src.forEach((t, i) => {
    const css = getComputedStyle(t);
    dst[i].setAttribute("fill", css.fill);
    dst[i].setAttribute("font-size", css.fontSize);
    dst[i].setAttribute("font-family", css.fontFamily);
    dst[i].removeAttribute("class");
  });
  return copy;
}

/** A PNG of the plot as shown: the canvas with the labels drawn over it. */
async function exportPng(u: uPlot, overlay: SVGSVGElement, background: string): Promise<Blob | null> {
  const source = u.ctx.canvas;
  const out = document.createElement("canvas");
  out.width = source.width;
  out.height = source.height;
  const ctx = out.getContext("2d");
  if (!ctx) return null;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(source, 0, 0);
  const labels = new XMLSerializer().serializeToString(inlinedOverlay(overlay));
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(labels)}`;
  await img.decode();
  ctx.drawImage(img, 0, 0, out.width, out.height);
  return new Promise((ok) => out.toBlob((b) => ok(b), "image/png"));
}

/** An SVG of the plot as shown: grid, lines (the points drawn, clipped to the plot area) and labels. */
function exportSvg(u: uPlot, overlay: SVGSVGElement, colours: Colours, spec: TracePlotSpec): Blob {
  const doc = inlinedOverlay(overlay);
  const { left, top, width: w, height: h } = plotBox(u);
  doc.setAttribute("viewBox", `0 0 ${u.width} ${u.height}`);
  const g = svg("g");
  g.append(svg("rect", { x: 0, y: 0, width: u.width, height: u.height, fill: colours.background }));
  const clip = svg("clipPath", { id: "plot-area" });
  clip.append(svg("rect", { x: left, y: top, width: w, height: h }));
  g.append(clip);
  for (const t of doc.querySelectorAll("text[data-axis]")) {
    const v = Number(t.getAttribute("data-value"));
    if (!t.hasAttribute("data-value") || !Number.isFinite(v)) continue;
    const x = t.getAttribute("data-axis") === "x";
    const p = (x ? left : top) + u.valToPos(v, x ? "x" : "y");
    g.append(svg("line", x ? { x1: p, x2: p, y1: top, y2: top + h } : { x1: left, x2: left + w, y1: p, y2: p }, ));
    (g.lastChild as SVGElement).setAttribute("stroke", colours.grid);
  }
  g.append(svg("rect", { x: left, y: top, width: w, height: h, fill: "none", stroke: colours.axis }));
  const xs = u.data[0];
  spec.traces.forEach((_, i) => {
    const ys = u.data[i + 1];
    let d = "", pen = false;
    for (let j = 0; j < xs.length; j++) {
      const y = ys[j];
      if (y === null || y === undefined || !Number.isFinite(y)) {
        pen = false;
        continue;
      }
      d += `${pen ? "L" : "M"}${(left + u.valToPos(xs[j], "x")).toFixed(1)},${(top + u.valToPos(y, "y")).toFixed(1)}`;
      pen = true;
    }
    g.append(svg("path", { d: d || "M0,0", fill: "none", stroke: colours.lines[i % colours.lines.length], "stroke-width": 1, "clip-path": "url(#plot-area)" }));
  });
  doc.prepend(g);
  return new Blob([new XMLSerializer().serializeToString(doc)], { type: "image/svg+xml" });
}
