/**
 * The x–y trajectory plot of a SpatialSeries on uPlot: uPlot draws grid and ticks; the path is
 * painted in a draw hook, each segment coloured by its time (viridis), and the tick labels are an
 * SVG laid over the canvas (real text, themed by CSS) as in the line plots. A drag zooms to a box,
 * shift-drag pans, the wheel zooms about the pointer, Reset shows the whole window again.
 * Loaded on demand (`import()`), so uPlot stays out of the extension's first chunk.
 */
import uPlot from "uplot";
import { overlayAxis, overlayText } from "../plot/overlay-axis.js";
import { exportPng, pathData, plotBox, svgBlob, svgFrame, type FrameColours } from "../plot/image-export.js";
import { watchPlot } from "../plot/plot-lifecycle.js";
import { el, followDrag, svg } from "../dom.js";
import { colorTable } from "../model/colormap.js";
import { axisTicks, ticksFor, type AxisTicks } from "../model/plot-axis.js";
import { finiteRange } from "../model/downsample.js";
import { timeColourIndex, timeLegend, type TimeLegend } from "../model/trajectory.js";
import { colourRuns, legendMarks, runPath, type ColourRun, type LegendMark } from "../model/trajectory-drawing.js";
import { themeColours } from "../plot/trace-export.js";
import { plotToolbar } from "../plot/toolbar.js";

/** What a trajectory plot shows (one window of samples). */
export interface TrajectorySpec {
  xs: Float64Array;
  ys: Float64Array;
  /** Time of each sample (seconds, or sample indices). */
  times: Float64Array;
  xTitle: string;
  yTitle: string;
  /** The colour legend's title (`time (s)` or `sample`). */
  timeTitle: string;
  /** Base name of exported files. */
  name: string;
}

/** A handle on a mounted trajectory plot (`root.trajectoryHandle`, for tests). */
export interface TrajectoryHandle {
  ranges(): { x: [number, number]; y: [number, number] };
  setRanges(x: [number, number], y: [number, number]): void;
  reset(): void;
  /** The samples the path is drawn through (the window read), with their times. */
  samples(): { xs: Float64Array; ys: Float64Array; times: Float64Array };
}

const HEIGHT = 360;
const X_AXIS = 44, Y_AXIS = 70;
const X_SPACING = 90, Y_SPACING = 40;
const ZOOM_STEP = 1.25;

/** Grow a range by a small margin so the path does not touch the frame. */
function padded([lo, hi]: [number, number]): [number, number] {
  const m = (hi - lo) * 0.04;
  return [lo - m, hi + m];
}

const VIRIDIS = colorTable("viridis");
/** Colour step `k` (0–255) of the time scale as CSS. */
const colour = (k: number) => `rgb(${VIRIDIS[k * 3]},${VIRIDIS[k * 3 + 1]},${VIRIDIS[k * 3 + 2]})`;

/** The colour legend: a viridis bar from the window's first to last time, with labelled ticks. */
function colourLegend(legend: TimeLegend, marks: LegendMark[], title: string): HTMLElement {
  const root = el("div", "trajectoryLegend");
  root.setAttribute("data-min", String(legend.min));
  root.setAttribute("data-max", String(legend.max));
  const bar = document.createElement("canvas");
  bar.className = "jp-HdmfZarr-trajectoryLegendBar";
  bar.width = 256;
  bar.height = 1;
  const ctx = bar.getContext("2d");
  if (ctx) {
    const img = ctx.createImageData(256, 1);
    for (let i = 0; i < 256; i++) img.data.set([VIRIDIS[i * 3], VIRIDIS[i * 3 + 1], VIRIDIS[i * 3 + 2], 255], i * 4);
    ctx.putImageData(img, 0, 0);
  }
  const ticks = el("div", "trajectoryLegendTicks");
  for (const m of marks) {
    const t = el("span", m.end ? "trajectoryLegendEnd" : "trajectoryLegendTick", m.text);
    t.setAttribute("data-value", String(m.value));
    t.style.left = `${m.at * 100}%`;
    ticks.append(t);
  }
  root.append(el("span", "trajectoryLegendTitle", title), bar, ticks);
  return root;
}

/** Height of the legend under an exported plot, its bar's largest width and the stops of its gradient. */
const SVG_LEGEND = 40, SVG_LEGEND_WIDTH = 300, GRADIENT_STOPS = 17;

/**
 * An SVG of the trajectory as shown: frame, grid and labels as text, one path per run of one colour
 * (`data-colour` its step), and below it the colour legend (a gradient bar, its title, the first and
 * last time and ticks between, as text with `data-legend`).
 */
function exportSvg(u: uPlot, overlay: SVGSVGElement, c: FrameColours, runs: ColourRun[], spec: TrajectorySpec, marks: LegendMark[]): Blob {
  const { doc, marks: group, box } = svgFrame(u, overlay, c, SVG_LEGEND);
  const { left, top } = box;
  const px = (i: number) => left + u.valToPos(spec.xs[i], "x"), py = (i: number) => top + u.valToPos(spec.ys[i], "y");
  for (const run of runs) {
    const d = pathData((sink) => runPath(run, px, py, sink));
    group.append(svg("path", { d, fill: "none", stroke: colour(run.colour), "stroke-width": 1.5, "stroke-linejoin": "round", "data-colour": run.colour }));
  }
  // The legend's text looks like the axis labels: their inlined fill and font.
  const label = doc.querySelector("text[data-axis][data-value]") ?? doc.querySelector("text");
  const font: Record<string, string> = {};
  for (const k of ["fill", "font-size", "font-family"]) font[k] = label?.getAttribute(k) ?? "";
  const text = (x: number, y: number, content: string, attrs: Record<string, string | number>) => overlayText(x, y, content, { ...font, ...attrs });
  const gradient = svg("linearGradient", { id: "time-colours", x1: 0, x2: 1, y1: 0, y2: 0 });
  for (let s = 0; s < GRADIENT_STOPS; s++) {
    const f = s / (GRADIENT_STOPS - 1);
    gradient.append(svg("stop", { offset: f.toFixed(4), "stop-color": colour(Math.round(f * 255)) }));
  }
  const width = Math.max(40, Math.min(SVG_LEGEND_WIDTH, box.width)), y = u.height + 6;
  const defs = svg("defs");
  defs.append(gradient);
  const legend = svg("g", { "data-legend": "time" });
  legend.append(
    defs,
    svg("rect", { x: left, y, width, height: 10, fill: "url(#time-colours)", stroke: c.axis }),
    text(left - 8, y + 9, spec.timeTitle, { "text-anchor": "end", "data-legend": "title" }),
    ...marks.map((m) => text(left + m.at * width, y + 24, m.text, { "text-anchor": "middle", "data-legend": m.end ? "end" : "tick", "data-value": m.value })),
  );
  doc.append(legend);
  return svgBlob(doc);
}

/** A trajectory plot (`div.jp-HdmfZarr-plot[data-plot=trajectory]`) with toolbar, canvas, labels and colour legend. */
export function trajectoryPlot(spec: TrajectorySpec): HTMLElement {
  const root = el("div", "plot");
  root.tabIndex = 0;
  root.setAttribute("data-plot", "trajectory");
  root.setAttribute("data-samples", String(spec.xs.length));
  root.setAttribute("aria-label", `trajectory of ${spec.name}, coloured by time: drag to zoom, shift-drag to pan, wheel to zoom`);
  const area = el("div", "plotArea");
  const overlay = svg("svg", { class: "jp-HdmfZarr-linePlot jp-HdmfZarr-plotAxes", role: "img" });
  const full = { x: padded(finiteRange(spec.xs)), y: padded(finiteRange(spec.ys)) };
  let shown = { x: full.x, y: full.y };
  const legend = timeLegend(spec.times);
  // The path's runs of one colour do not change as the plot moves: found once.
  const runs = colourRuns(spec.xs, spec.ys, timeColourIndex(spec.times, legend.min, legend.max));
  const marks = legendMarks(legend);
  root.setAttribute("data-runs", String(runs.length));
  let u: uPlot | undefined;
  let colours: FrameColours = themeColours(root);
  const readTheme = () => (colours = themeColours(root));

  const xTicks = (self: uPlot): AxisTicks => axisTicks(shown.x[0], shown.x[1], ticksFor(plotBox(self).width || self.width, X_SPACING));
  const yTicks = (self: uPlot): AxisTicks => axisTicks(shown.y[0], shown.y[1], ticksFor(plotBox(self).height || HEIGHT, Y_SPACING));
  const text = (x: number, y: number, content: string, cls: string, attrs: Record<string, string | number>) => overlayText(x, y, content, { class: cls, ...attrs });

  /** The path, segment by segment in its time's colour (runs of one colour share a stroke). */
  const paintPath = (self: uPlot) => {
    const ctx = self.ctx;
    const { left, top, width, height } = self.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.lineWidth = 1.5 * (uPlot.pxRatio || 1);
    ctx.lineJoin = "round";
    const px = (i: number) => self.valToPos(spec.xs[i], "x", true), py = (i: number) => self.valToPos(spec.ys[i], "y", true);
    for (const run of runs) {
      ctx.beginPath();
      runPath(run, px, py, ctx);
      ctx.strokeStyle = colour(run.colour);
      ctx.stroke();
    }
    ctx.restore();
  };

  const drawLabels = (self: uPlot) => {
    const { left, top, width: w, height: h } = plotBox(self);
    overlay.setAttribute("width", String(self.width));
    overlay.setAttribute("height", String(self.height));
    const xt = xTicks(self), yt = yTicks(self);
    const nodes = [
      ...xt.values.map((v, i) => text(left + self.valToPos(v, "x"), top + h + 18, xt.labels[i], "jp-HdmfZarr-plotLabel", { "text-anchor": "middle", "data-axis": "x", "data-value": v })),
      text(left + w / 2, top + h + 38, spec.xTitle, "jp-HdmfZarr-plotTitle", { "text-anchor": "middle", "data-axis": "x" }),
      ...yt.values.map((v, i) => text(left - 8, top + self.valToPos(v, "y") + 4, yt.labels[i], "jp-HdmfZarr-plotLabel", { "text-anchor": "end", "data-axis": "y", "data-value": v })),
      text(14, top + h / 2, spec.yTitle, "jp-HdmfZarr-plotTitle", { "text-anchor": "middle", "data-axis": "y", transform: `rotate(-90 14 ${(top + h / 2).toFixed(1)})` }),
    ];
    overlay.replaceChildren(...nodes);
    paintPath(self);
  };

  const setRanges = (x: [number, number], y: [number, number]) => {
    if (!u || !(x[1] > x[0]) || !(y[1] > y[0])) return;
    shown = { x, y };
    root.setAttribute("data-x-range", `${x[0]} ${x[1]}`);
    root.setAttribute("data-y-range", `${y[0]} ${y[1]}`);
    const plot = u;
    plot.batch(() => {
      plot.setScale("x", { min: x[0], max: x[1] });
      plot.setScale("y", { min: y[0], max: y[1] });
    });
  };

  const create = (width: number) => {
    readTheme();
    const axis = (scale: string, size: number, splits: (self: uPlot) => number[]) => overlayAxis(scale, size, splits, () => colours.grid, () => colours.axis);
    u = new uPlot(
      {
        width,
        height: HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: true, y: true, setScale: false }, points: { show: false }, x: false, y: false },
        scales: { x: { time: false, auto: false, range: () => shown.x }, y: { auto: false, range: () => shown.y } },
        axes: [axis("x", X_AXIS, (self) => xTicks(self).values), axis("y", Y_AXIS, (self) => yTicks(self).values)],
        // The series itself is not stroked by uPlot: the hook paints it by time.
        series: [{}, { stroke: "transparent", paths: () => null, points: { show: false } }],
        hooks: {
          draw: [drawLabels],
          setSelect: [
            (self) => {
              const s = self.select;
              if (s.width < 2 || s.height < 2) return;
              const x: [number, number] = [self.posToVal(s.left, "x"), self.posToVal(s.left + s.width, "x")];
              const y: [number, number] = [self.posToVal(s.top + s.height, "y"), self.posToVal(s.top, "y")];
              self.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
              setRanges(x, y);
            },
          ],
        },
      },
      // uPlot wants ascending x; the trajectory's own x and y go to the draw hook instead.
      [Float64Array.from(spec.xs.keys()), spec.ys],
      area,
    );
    area.append(overlay);
    setRanges(full.x, full.y);
  };

  area.addEventListener(
    "mousedown",
    (ev) => {
      if (!ev.shiftKey || !u) return;
      ev.stopPropagation();
      ev.preventDefault();
      const b = plotBox(u), x0 = shown.x, y0 = shown.y, sx = ev.clientX, sy = ev.clientY;
      const kx = (x0[1] - x0[0]) / Math.max(1, b.width), ky = (y0[1] - y0[0]) / Math.max(1, b.height);
      const move = (m: MouseEvent) => {
        const dx = (m.clientX - sx) * kx, dy = (m.clientY - sy) * ky;
        setRanges([x0[0] - dx, x0[1] - dx], [y0[0] + dy, y0[1] + dy]);
      };
      followDrag(move);
    },
    true,
  );
  area.addEventListener(
    "wheel",
    (ev) => {
      if (!u || !u.over.contains(ev.target as Node)) return;
      ev.preventDefault();
      const r = u.over.getBoundingClientRect();
      const ax = u.posToVal(ev.clientX - r.left, "x"), ay = u.posToVal(ev.clientY - r.top, "y");
      const f = ev.deltaY < 0 ? 1 / ZOOM_STEP : ZOOM_STEP;
      setRanges([ax - (ax - shown.x[0]) * f, ax + (shown.x[1] - ax) * f], [ay - (ay - shown.y[0]) * f, ay + (shown.y[1] - ay) * f]);
    },
    { passive: false },
  );
  root.addEventListener("keydown", (ev) => {
    if (ev.key !== "Home" && ev.key !== "0") return;
    handle.reset();
    ev.preventDefault();
  });

  const handle: TrajectoryHandle = {
    ranges: () => shown,
    setRanges,
    reset: () => setRanges(full.x, full.y),
    samples: () => ({ xs: spec.xs, ys: spec.ys, times: spec.times }),
  };
  (root as HTMLElement & { trajectoryHandle?: TrajectoryHandle }).trajectoryHandle = handle;

  watchPlot(root, area, {
    create,
    resize: (width) => {
      if (u && Math.abs(u.width - width) >= 1) u.setSize({ width, height: HEIGHT });
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

  const toolbar = plotToolbar({
    reset: () => handle.reset(),
    png: () => (u ? exportPng(u, overlay, colours.background) : Promise.resolve(null)),
    svg: () => (u ? exportSvg(u, overlay, colours, runs, spec, marks) : null),
    name: spec.name,
  });
  root.append(toolbar, area, colourLegend(legend, marks, spec.timeTitle));
  return root;
}
