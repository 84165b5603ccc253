/**
 * Line plots and stacked multi-channel traces on uPlot. uPlot draws the grid, the tick marks and
 * the lines on a canvas; the tick labels and axis titles are an SVG of ours laid over it (real text,
 * themed by CSS, the same values as the grid from `model/plot-axis.ts`). The samples of the window
 * read are reduced to min/max per pixel column of the x range shown, again after each zoom or pan.
 * This module is loaded on demand (`import()`): uPlot stays out of the extension's first chunk.
 */
import uPlot from "uplot";
import { watchPlot } from "./plot-lifecycle.js";
import { bindXNavigation } from "./x-navigation.js";
import { svg } from "../dom.js";
import { axisTicks, ticksFor, type AxisTicks } from "../model/plot-axis.js";
import { minMaxTraces } from "../model/downsample.js";
import { exportPng, inlinedOverlay } from "./image-export.js";
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

  bindXNavigation(area, root, { plot: () => u, shown: () => shown, setX, reset: () => handle.reset() });

  const handle: TracePlotHandle = {
    xRange: () => shown,
    setXRange: setX,
    reset: () => setX(full[0], full[1]),
  };
  (root as HTMLElement & { plotHandle?: TracePlotHandle }).plotHandle = handle;

  // The lines and grid are on a canvas: a new theme repaints them in its colours.
  watchPlot(root, area, {
    create,
    resize: (width) => {
      if (!u || Math.abs(u.width - width) < 1) return;
      u.setSize({ width, height });
      u.setData(dataFor(shown[0], shown[1], plotBox(u).width || width), true);
    },
    retheme: () => {
      colours = themeColours(root);
      u?.redraw(false, true);
    },
    destroy: () => {
      u?.destroy();
      u = undefined;
    },
  });

  const toolbar = plotToolbar({
    reset: () => handle.reset(),
    png: () => (u ? exportPng(u, overlay, colours.background) : Promise.resolve(null)),
    svg: () => (u ? exportSvg(u, overlay, colours, spec) : null),
    name: spec.name,
  });
  root.append(toolbar, area);
  return root;
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
