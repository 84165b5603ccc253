/**
 * The x–y trajectory plot of a SpatialSeries on uPlot: uPlot draws grid and ticks; the path is
 * painted in a draw hook, each segment coloured by its time (viridis), and the tick labels are an
 * SVG laid over the canvas (real text, themed by CSS) as in the line plots. A drag zooms to a box,
 * shift-drag pans, the wheel zooms about the pointer, Reset shows the whole window again.
 * Loaded on demand (`import()`), so uPlot stays out of the extension's first chunk.
 */
import uPlot from "uplot";
import { overlayAxis } from "../plot/overlay-axis.js";
import { exportPng } from "../plot/image-export.js";
import { watchPlot } from "../plot/plot-lifecycle.js";
import { el, svg } from "../dom.js";
import { colorTable } from "../model/colormap.js";
import { axisTicks, ticksFor, type AxisTicks } from "../model/plot-axis.js";
import { finiteRange } from "../model/downsample.js";
import { timeColourIndex, timeLegend } from "../model/trajectory.js";
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

/** The colour legend: a viridis bar from the window's first to last time, with labelled ticks. */
function colourLegend(times: Float64Array, title: string): HTMLElement {
  const legend = timeLegend(times);
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
    const lut = colorTable("viridis");
    for (let i = 0; i < 256; i++) img.data.set([lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2], 255], i * 4);
    ctx.putImageData(img, 0, 0);
  }
  const ticks = el("div", "trajectoryLegendTicks");
  const span = legend.max - legend.min;
  const fmt = axisTicks(legend.min, legend.max, 5);
  const ends = [legend.min, legend.max].map((v) => Number(v.toPrecision(6)));
  const mark = (v: number, text: string, cls: string) => {
    const t = el("span", cls, text);
    t.setAttribute("data-value", String(v));
    t.style.left = `${span > 0 ? ((v - legend.min) / span) * 100 : 0}%`;
    ticks.append(t);
  };
  mark(ends[0], String(ends[0]), "trajectoryLegendEnd");
  fmt.values.forEach((v, i) => v > legend.min && v < legend.max && mark(v, fmt.labels[i], "trajectoryLegendTick"));
  mark(ends[1], String(ends[1]), "trajectoryLegendEnd");
  root.append(el("span", "trajectoryLegendTitle", title), bar, ticks);
  return root;
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
  const tindex = timeColourIndex(spec.times, ...((): [number, number] => {
    const l = timeLegend(spec.times);
    return [l.min, l.max];
  })());
  const lut = colorTable("viridis");
  const colour = (k: number) => `rgb(${lut[k * 3]},${lut[k * 3 + 1]},${lut[k * 3 + 2]})`;
  let u: uPlot | undefined;
  let grid = "#e0e0e0", frame = "#bdbdbd";

  const box = (self: uPlot) => {
    const r = uPlot.pxRatio || 1;
    return { left: self.bbox.left / r, top: self.bbox.top / r, width: self.bbox.width / r, height: self.bbox.height / r };
  };
  const xTicks = (self: uPlot): AxisTicks => axisTicks(shown.x[0], shown.x[1], ticksFor(box(self).width || self.width, X_SPACING));
  const yTicks = (self: uPlot): AxisTicks => axisTicks(shown.y[0], shown.y[1], ticksFor(box(self).height || HEIGHT, Y_SPACING));
  const text = (x: number, y: number, content: string, cls: string, attrs: Record<string, string | number>) => {
    const t = svg("text", { x: x.toFixed(1), y: y.toFixed(1), class: cls, ...attrs });
    t.textContent = content;
    return t;
  };

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
    let current = -1;
    for (let i = 1; i < spec.xs.length; i++) {
      if (![spec.xs[i - 1], spec.ys[i - 1], spec.xs[i], spec.ys[i]].every(Number.isFinite)) continue;
      const k = tindex[i];
      if (k !== current) {
        if (current >= 0) ctx.stroke();
        ctx.strokeStyle = colour(k);
        ctx.beginPath();
        ctx.moveTo(px(i - 1), py(i - 1));
        current = k;
      }
      ctx.lineTo(px(i), py(i));
    }
    if (current >= 0) ctx.stroke();
    ctx.restore();
  };

  const drawLabels = (self: uPlot) => {
    const { left, top, width: w, height: h } = box(self);
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
    const css = getComputedStyle(root);
    grid = css.getPropertyValue("--jp-border-color2").trim() || grid;
    frame = css.getPropertyValue("--jp-border-color1").trim() || frame;
    const axis = (scale: string, size: number, splits: (self: uPlot) => number[]) => overlayAxis(scale, size, splits, () => grid, () => frame);
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
      const b = box(u), x0 = shown.x, y0 = shown.y, sx = ev.clientX, sy = ev.clientY;
      const kx = (x0[1] - x0[0]) / Math.max(1, b.width), ky = (y0[1] - y0[0]) / Math.max(1, b.height);
      const move = (m: MouseEvent) => {
        const dx = (m.clientX - sx) * kx, dy = (m.clientY - sy) * ky;
        setRanges([x0[0] - dx, x0[1] - dx], [y0[0] + dy, y0[1] + dy]);
      };
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
      const css = getComputedStyle(root);
      grid = css.getPropertyValue("--jp-border-color2").trim() || grid;
      frame = css.getPropertyValue("--jp-border-color1").trim() || frame;
      u?.redraw(false, true);
    },
    destroy: () => {
      u?.destroy();
      u = undefined;
    },
  });

  const toolbar = plotToolbar({
    reset: () => handle.reset(),
    png: () => (u ? exportPng(u, overlay, getComputedStyle(overlay).getPropertyValue("--jp-layout-color0").trim() || "#fff") : Promise.resolve(null)),
    svg: () => null,
    name: spec.name,
  });
  toolbar.querySelector("[data-action=plot-svg]")?.remove();
  root.append(toolbar, area, colourLegend(spec.times, spec.timeTitle));
  return root;
}
