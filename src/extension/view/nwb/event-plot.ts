/**
 * An event plot on uPlot: ticks (spikes) or bars (intervals) in labelled lanes over a time axis,
 * with the zoom, pan and Reset of the line plots. uPlot draws the grid and ticks; the marks are
 * painted in its draw hook (only those in the x range shown); the axis labels are an SVG overlay
 * of real text, from `model/plot-axis.ts`. Loaded on demand (`import()`), as uPlot is.
 */
import uPlot from "uplot";
import { overlayAxis, overlayText } from "../plot/overlay-axis.js";
import { watchPlot } from "../plot/plot-lifecycle.js";
import { bindXNavigation, clampXRange } from "../plot/x-navigation.js";
import { linkedX } from "../plot/linked-x.js";
import { exportPng, plotBox, svgBlob, svgFrame, type FrameColours } from "../plot/image-export.js";
import { themeColours } from "../plot/trace-export.js";
import { svg } from "../dom.js";
import { axisTicks, ticksFor } from "../model/plot-axis.js";
import type { EventMarks } from "../model/events.js";
import { marksRange } from "../model/events.js";
import { plotToolbar } from "../plot/toolbar.js";

/** What an event plot shows. */
export interface EventPlotSpec {
  marks: EventMarks;
  /** Lane labels, top first. */
  lanes: string[];
  xTitle: string;
  /** `ticks` (one line per event) or `bars` (start to stop). */
  style: "ticks" | "bars";
  /** Base name of exported files; also the plot's `data-plot`. */
  name: string;
  kind: string;
  /** The time link to take part in (the store's location), if any. */
  link?: string;
}

/** A handle for tests: the x range shown and the marks drawn in it. */
export interface EventPlotHandle {
  xRange(): [number, number];
  setXRange(min: number, max: number): void;
  reset(): void;
  marks: EventMarks;
}

const LANE = 18, X_AXIS = 44, Y_AXIS = 110, MIN_HEIGHT = 140, MAX_HEIGHT = 900;
const X_SPACING = 90;

/** A plot of `spec` (`div.jp-HdmfZarr-plot[data-plot=<kind>]`, `data-marks` its number of marks). */
export function eventPlot(spec: EventPlotSpec): HTMLElement {
  const root = document.createElement("div");
  root.className = "jp-HdmfZarr-plot jp-HdmfZarr-eventPlot";
  root.tabIndex = 0;
  root.setAttribute("data-plot", spec.kind);
  root.setAttribute("data-marks", String(spec.marks.x0.length));
  root.setAttribute("data-lanes", JSON.stringify(spec.lanes));
  root.setAttribute("aria-label", `${spec.kind} of ${spec.name}: drag to zoom, shift-drag or arrow keys to pan, wheel to zoom x`);
  const area = document.createElement("div");
  area.className = "jp-HdmfZarr-plotArea";
  const overlay = svg("svg", { class: "jp-HdmfZarr-plotAxes", role: "img" });
  const n = Math.max(1, spec.lanes.length);
  const height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, n * LANE + X_AXIS + 16));
  const full = marksRange(spec.marks);
  let shown: [number, number] = full;
  let u: uPlot | undefined;
  let colours: FrameColours = themeColours(root);
  const readTheme = () => (colours = themeColours(root));
  // Lane 0 at the top.
  const laneY = (lane: number) => n - 1 - lane;
  const xTicks = (self: uPlot) => axisTicks(self.scales.x.min ?? full[0], self.scales.x.max ?? full[1], ticksFor(plotBox(self).width || self.width, X_SPACING));

  const text = (x: number, y: number, content: string, cls: string, attrs: Record<string, string | number>) => overlayText(x, y, content, { class: cls, ...attrs });
  const drawLabels = (self: uPlot) => {
    const { left, top, width: w, height: h } = plotBox(self);
    overlay.setAttribute("width", String(self.width));
    overlay.setAttribute("height", String(self.height));
    const xt = xTicks(self);
    const nodes = xt.values.map((v, i) => text(left + self.valToPos(v, "x"), top + h + 18, xt.labels[i], "jp-HdmfZarr-plotLabel", { "text-anchor": "middle", "data-axis": "x", "data-value": v }));
    nodes.push(text(left + w / 2, top + h + 38, spec.xTitle, "jp-HdmfZarr-plotTitle", { "text-anchor": "middle", "data-axis": "x" }));
    spec.lanes.forEach((label, i) => nodes.push(text(left - 8, top + self.valToPos(laneY(i), "y") + 4, label.length > 16 ? `${label.slice(0, 15)}…` : label, "jp-HdmfZarr-plotLabel", { "text-anchor": "end", "data-axis": "y", "data-lane": i })));
    overlay.replaceChildren(...nodes);
  };

  /** Paint the marks in the x range shown: a tick spans 70% of a lane, a bar 60% (at least 1 px wide). */
  const drawMarks = (self: uPlot) => {
    const ctx = self.ctx, m = spec.marks;
    const [min, max] = shown;
    const r = uPlot.pxRatio || 1;
    const laneH = Math.abs(self.valToPos(0, "y", true) - self.valToPos(1, "y", true));
    const half = laneH * (spec.style === "ticks" ? 0.35 : 0.3);
    const { left, top, width, height: h } = self.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, h);
    ctx.clip();
    spec.marks.colours.forEach((colour, ci) => {
      ctx.beginPath();
      for (let i = 0; i < m.x0.length; i++) {
        if (m.colour[i] !== ci || m.x1[i] < min || m.x0[i] > max) continue;
        const y = self.valToPos(laneY(m.lane[i]), "y", true);
        const a = self.valToPos(m.x0[i], "x", true);
        if (spec.style === "ticks") {
          ctx.moveTo(Math.round(a) + 0.5, y - half);
          ctx.lineTo(Math.round(a) + 0.5, y + half);
        } else ctx.rect(a, y - half, Math.max(r, self.valToPos(m.x1[i], "x", true) - a), 2 * half);
      }
      if (spec.style === "ticks") {
        ctx.strokeStyle = colour;
        ctx.lineWidth = r;
        ctx.stroke();
      } else {
        ctx.fillStyle = colour;
        ctx.fill();
      }
    });
    ctx.restore();
  };

  // A range from the time link is shown as it is: another view's data may reach past these marks.
  const linked = linkedX(spec.link, root, ([a, b]) => show(a, b), () => u);

  const show = (min: number, max: number) => {
    if (!u) return;
    shown = [min, max];
    root.setAttribute("data-x-range", `${min} ${max}`);
    u.setScale("x", { min, max });
  };
  const setX = (min: number, max: number) => {
    const r = u && clampXRange(min, max, full);
    if (!r) return;
    show(r[0], r[1]);
    linked.publish(r);
  };

  const create = (width: number) => {
    readTheme();
    const axis = (scale: string, size: number, splits: (self: uPlot) => number[]) => overlayAxis(scale, size, splits, () => colours.grid, () => colours.axis);
    u = new uPlot(
      {
        width,
        height,
        legend: { show: false },
        cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false }, y: false },
        scales: { x: { time: false, auto: false, range: (_s, a, b) => [a, b] }, y: { auto: false, range: () => [-0.5, n - 0.5] } },
        axes: [axis("x", X_AXIS, (self) => xTicks(self).values), axis("y", Y_AXIS, () => spec.lanes.map((_, i) => laneY(i)))],
        series: [{}, { show: false }],
        hooks: {
          draw: [drawMarks, drawLabels, ...linked.hooks.draw],
          setCursor: linked.hooks.setCursor,
          setSelect: [
            (self) => {
              const { left, width: w } = self.select;
              if (w < 2) return;
              const a = self.posToVal(left, "x"), b = self.posToVal(left + w, "x");
              self.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
              setX(a, b);
            },
          ],
        },
      },
      [new Float64Array(full), new Float64Array([NaN, NaN])],
      area,
    );
    area.append(overlay);
    const start = linked.initial() ?? full;
    show(start[0], start[1]);
  };

  bindXNavigation(area, root, { plot: () => u, shown: () => shown, setX, reset: () => handle.reset() });

  const handle: EventPlotHandle = { xRange: () => shown, setXRange: setX, reset: () => setX(full[0], full[1]), marks: spec.marks };
  (root as HTMLElement & { plotHandle?: EventPlotHandle }).plotHandle = handle;

  watchPlot(root, area, {
    create,
    resize: (width) => {
      if (u && Math.abs(u.width - width) >= 1) u.setSize({ width, height });
    },
    retheme: () => {
      readTheme();
      u?.redraw(false, true);
    },
    destroy: () => {
      u?.destroy();
      u = undefined;
    },
  });

  root.append(
    plotToolbar({
      reset: () => handle.reset(),
      png: () => (u ? exportPng(u, overlay, colours.background) : Promise.resolve(null)),
      svg: () => (u ? exportSvg(u, overlay, spec, shown, colours) : null),
      name: spec.name,
      extra: linked.controls,
    }),
    area,
  );
  return root;
}

/** An SVG of the plot as shown: its frame and grid, the marks in the x range shown (clipped) and the labels as text. */
function exportSvg(u: uPlot, overlay: SVGSVGElement, spec: EventPlotSpec, [min, max]: [number, number], c: FrameColours): Blob {
  const { doc, marks, box } = svgFrame(u, overlay, c);
  const { left, top, height: h } = box;
  const m = spec.marks, n = Math.max(1, spec.lanes.length);
  const half = (h / n) * (spec.style === "ticks" ? 0.35 : 0.3);
  for (let i = 0; i < m.x0.length; i++) {
    if (m.x1[i] < min || m.x0[i] > max) continue;
    const colour = m.colours[m.colour[i]] ?? "#4e79a7";
    const y = top + u.valToPos(n - 1 - m.lane[i], "y"), a = left + u.valToPos(m.x0[i], "x");
    marks.append(
      spec.style === "ticks"
        ? svg("line", { "data-mark": i, x1: a.toFixed(1), x2: a.toFixed(1), y1: (y - half).toFixed(1), y2: (y + half).toFixed(1), stroke: colour, "stroke-width": 1 })
        : svg("rect", { "data-mark": i, x: a.toFixed(1), y: (y - half).toFixed(1), width: Math.max(1, left + u.valToPos(m.x1[i], "x") - a).toFixed(1), height: (2 * half).toFixed(1), fill: colour }),
    );
  }
  return svgBlob(doc);
}
