/**
 * Line plots and stacked multi-channel traces on uPlot, navigated by their x axis. uPlot keeps the
 * scales, the drag selection, the grid and the tick marks; the traces are drawn in its draw hook
 * from the envelope read (min/max per column, at most two points per pixel column and trace, one
 * path per colour), and the tick labels and axis titles are an SVG of ours laid over the canvas.
 * Zooming out or panning past the samples read reads those of the new range (`model/sample-reads.ts`),
 * a moment after the last move. This module is loaded on demand (`import()`): uPlot stays out of
 * the extension's first chunk.
 */
import uPlot from "uplot";
import { watchPlot } from "./plot-lifecycle.js";
import { bindXNavigation, clampXRange } from "./x-navigation.js";
import { linkedX } from "./linked-x.js";
import { overlayAxis } from "./overlay-axis.js";
import { svg } from "../dom.js";
import { axisTicks, logAxisTicks, ticksFor, type AxisTicks } from "../model/plot-axis.js";
import { emptyEnvelope, envelopeExtent, envelopeRanges, foldBlock, lowerBound, type Envelope } from "../model/downsample.js";
import { envelopeServes, planSampleRead, readDecimation, readEnvelope, samplesCaption, type BlockReader } from "../model/sample-reads.js";
import { stackLayout, stackRange, type StackLayout } from "../model/channels.js";
import { traceEnvelopePath, type Projection } from "../model/trace-path.js";
import type { SampleClock } from "../model/time-axis.js";
import { exportPng, plotBox } from "./image-export.js";
import { exportSvg, themeColours, yProjection, type Colours } from "./trace-export.js";
import { plotToolbar } from "./toolbar.js";

/** Where a plot's samples come from. */
export interface TraceSource {
  /** Samples in all. */
  total: number;
  /** x of a sample and the sample at an x. */
  clock: SampleClock;
  /** Values per row read, and which of them each trace is. */
  rowValues: number;
  picks: number[];
  /** One label per trace. */
  labels: string[];
  /** Rows per chunk of the array (0 when unknown): reads start on chunk edges. */
  chunkRows: number;
  read: BlockReader;
}

/** One trace held in memory: values over the plot's x. */
export interface Trace {
  label: string;
  ys: Float64Array;
}

/** A line plot of values held in memory (a payload's preview, a window read by another view). */
export interface TracePlotSpec {
  /** x of every sample (ascending). */
  xs: Float64Array;
  traces: Trace[];
  xTitle: string;
  yTitle: string;
  /** Base name of exported files. */
  name: string;
}

/** What a plot over a dataset shows: it reads its samples from `source` as it is navigated. */
export interface SeriesPlotSpec {
  source: TraceSource;
  /** Samples `[start, stop)` shown at first. */
  initial: [number, number];
  /** Samples `[start, stop)` Reset shows (`initial` when absent). */
  home?: [number, number];
  xTitle: string;
  /** The y axis title (a line plot's unit); stacked traces label their lanes instead. */
  yTitle: string;
  /** Stacked traces: one lane per trace, labelled with its label. */
  stacked: boolean;
  /** Base name of exported files. */
  name: string;
  /** The time link to take part in (the store's location; only for x in seconds). */
  link?: string;
  /** Words appended to the caption (channels, lanes, rate), given the lanes' layout. */
  describe?(layout: StackLayout | undefined): string;
}

/** Bands shaded over the plot (intervals): `[x0[i], x1[i])`. */
export interface Bands {
  x0: Float64Array;
  x1: Float64Array;
}

/** A handle on a mounted plot (for the view, tests and the benchmark: `root.plotHandle`). */
export interface TracePlotHandle {
  /** The x range shown. */
  xRange(): [number, number];
  /** Show another x range, as a user's zoom or pan does. */
  setXRange(min: number, max: number): void;
  /** Show the first window again. */
  reset(): void;
  /** Move the range shown to start at sample `i`, its width kept. */
  jumpTo(i: number): void;
  /** Shade these bands (null: none). */
  setBands(bands: Bands | null): void;
  /** Settles when no read is waiting or running. */
  settled(): Promise<void>;
  /** Call `listener` with every x range shown from now on (the bands of a range are read); returns what stops it. */
  onXRange(listener: (min: number, max: number) => void): () => void;
}

const HEIGHT = 260;
const LANE_HEIGHT = 22;
const X_AXIS = 44;
const Y_AXIS = 70;
const Y_LANES = 150;
/** Pixels per tick label on each axis. */
const X_SPACING = 90, Y_SPACING = 40;
/** Values kept sample by sample (no reduction) when a range is read. */
const RAW_VALUES = 250_000;
/** Wait after the last move before reading a new range. */
const READ_DELAY_MS = 120;

/** Reuses the overlay's text nodes of one axis: a pan changes their places and words, not their number. */
class LabelGroup {
  readonly g = svg("g");
  private nodes: SVGTextElement[] = [];

  set(items: { x: number; y: number; text: string; cls: string; attrs: Record<string, string | number> }[]): void {
    while (this.nodes.length > items.length) this.nodes.pop()!.remove();
    items.forEach((it, i) => {
      let t = this.nodes[i];
      if (!t) {
        t = svg("text");
        this.nodes.push(t);
        this.g.append(t);
      }
      const attrs: Record<string, string | number> = { x: it.x.toFixed(1), y: it.y.toFixed(1), class: it.cls, ...it.attrs };
      for (const [k, v] of Object.entries(attrs)) if (t.getAttribute(k) !== String(v)) t.setAttribute(k, String(v));
      if (t.textContent !== it.text) t.textContent = it.text;
    });
  }
}

/** The columns a read keeps: the plot's width three times over, or every sample of up to RAW_VALUES values. */
function keptColumns(pixels: number, rowValues: number): number {
  return Math.max(3 * pixels, Math.floor(RAW_VALUES / Math.max(1, rowValues)));
}

/**
 * A plot of `spec` (`div.jp-HdmfZarr-plot`): toolbar (Reset, PNG, SVG, log y for a line plot, the
 * time link's toggle), the canvas, the axis labels and a caption of the samples shown. Reads the
 * first window before it resolves; drawn once it is in the page and has a width.
 */
export async function seriesPlot(spec: SeriesPlotSpec): Promise<HTMLElement> {
  const src = spec.source;
  const first = planSampleRead(src.total, spec.initial[0], spec.initial[1], keptColumns(0, src.rowValues), src.rowValues, src.chunkRows);
  return mountPlot(spec, await readEnvelope(first, src.picks, src.read), true);
}

/** A line plot of `spec`'s traces, held in memory (the same plot, its source the arrays). */
export function tracePlot(spec: TracePlotSpec): HTMLElement {
  const n = spec.xs.length, width = spec.traces.length;
  const rows = new Float64Array(n * width);
  spec.traces.forEach((t, k) => {
    for (let i = 0; i < n; i++) rows[i * width + k] = t.ys[i];
  });
  const picks = spec.traces.map((_, k) => k);
  const read = async (a: number, b: number) => ({ start: a, xs: spec.xs.subarray(a, b), rows: rows.subarray(a * width, b * width), width });
  const plan = planSampleRead(n, 0, n, keptColumns(0, width), width);
  const env = emptyEnvelope(width, plan.columns, 0, n, plan.decimation);
  foldBlock(env, { start: 0, xs: spec.xs, rows, width }, picks);
  const clock = { xOf: (i: number) => spec.xs[Math.max(0, Math.min(n - 1, Math.round(i)))] ?? i, indexAt: (x: number) => lowerBound(spec.xs, x) };
  const source: TraceSource = { total: n, clock, rowValues: width, picks, labels: spec.traces.map((t) => t.label), chunkRows: 0, read };
  // The caller says which samples these are (a payload's preview, a window of a longer dataset).
  return mountPlot({ source, initial: [0, n], xTitle: spec.xTitle, yTitle: spec.yTitle, stacked: false, name: spec.name }, env, false);
}

/** The plot of `spec`, `firstRead` drawn first; `withCaption`: a caption of the samples shown below it. */
function mountPlot(spec: SeriesPlotSpec, firstRead: Envelope, withCaption: boolean): HTMLElement {
  const src = spec.source, total = src.total, traces = src.picks.length;
  let env = firstRead;
  // The lanes come from the first window and stay while the plot moves, so traces do not jump.
  const layout = spec.stacked ? stackLayout(envelopeRanges(env).map(([a, b]) => [a, b] as const)) : undefined;
  const shifts = layout ? layout.offsets.map((o, i) => o - layout.centres[i]) : src.picks.map(() => 0);

  const root = document.createElement("div");
  root.className = "jp-HdmfZarr-plot";
  root.tabIndex = 0;
  root.setAttribute("data-plot", spec.stacked ? "stacked" : "line");
  root.setAttribute("aria-label", `${spec.stacked ? "stacked traces" : "line plot"} of ${spec.name}: drag to zoom, shift-drag or arrow keys to pan, wheel to zoom x`);
  const area = document.createElement("div");
  area.className = "jp-HdmfZarr-plotArea";
  const overlay = svg("svg", { class: "jp-HdmfZarr-linePlot jp-HdmfZarr-plotAxes", role: "img" });
  const caption = document.createElement("div");
  caption.className = "jp-HdmfZarr-note jp-HdmfZarr-plotCaption";
  const height = spec.stacked ? Math.max(HEIGHT, traces * LANE_HEIGHT + X_AXIS + 16) : HEIGHT;
  const clock = src.clock;
  const last = Math.max(0, total - 1);
  const full: [number, number] = total > 1 ? [clock.xOf(0), clock.xOf(last)] : [clock.xOf(0), clock.xOf(0) + 1];
  const [h0, h1] = spec.home ?? [env.start, env.stop];
  const home: [number, number] = [clock.xOf(h0), clock.xOf(Math.max(h0 + 1, Math.min(total, h1) - 1))];
  let u: uPlot | undefined;
  let colours: Colours;
  let shown: [number, number] = [clock.xOf(env.start), clock.xOf(Math.max(env.start + 1, env.stop - 1))];
  let log = false;
  let bands: Bands | null = null;
  let yRange: [number, number] = layout ? stackRange(layout) : [0, 1];

  const xTicks = (self: uPlot): AxisTicks => axisTicks(shown[0], shown[1], ticksFor(plotBox(self).width || self.width, X_SPACING));
  const yTicks = (self: uPlot): AxisTicks => {
    if (layout) return { values: layout.offsets, labels: src.labels, step: 1 };
    const n = ticksFor(plotBox(self).height || height, Y_SPACING);
    return log ? logAxisTicks(yRange[0], yRange[1], n) : axisTicks(yRange[0], yRange[1], n);
  };

  const labels = { x: new LabelGroup(), y: new LabelGroup() };
  overlay.append(labels.x.g, labels.y.g);
  const drawLabels = (self: uPlot) => {
    const { left, top, width: w, height: h } = plotBox(self);
    overlay.setAttribute("width", String(self.width));
    overlay.setAttribute("height", String(self.height));
    const xt = xTicks(self), yt = yTicks(self);
    const label = "jp-HdmfZarr-plotLabel", title = "jp-HdmfZarr-plotTitle";
    type Item = Parameters<LabelGroup["set"]>[0][number];
    const xs: Item[] = xt.values.map((v, i) => ({ x: left + self.valToPos(v, "x"), y: top + h + 18, text: xt.labels[i], cls: label, attrs: { "text-anchor": "middle", "data-axis": "x", "data-value": v } }));
    xs.push({ x: left + w / 2, y: top + h + 38, text: spec.xTitle, cls: title, attrs: { "text-anchor": "middle", "data-axis": "x" } });
    const ys: Item[] = yt.values.map((v, i) => ({ x: left - 8, y: top + self.valToPos(v, "y") + 4, text: yt.labels[i], cls: label, attrs: { "text-anchor": "end", "data-axis": "y", "data-value": v } }));
    if (!layout && spec.yTitle) {
      const cy = top + h / 2;
      ys.push({ x: 14, y: cy, text: spec.yTitle, cls: title, attrs: { "text-anchor": "middle", "data-axis": "y", transform: `rotate(-90 14 ${cy.toFixed(1)})` } });
    }
    labels.x.set(xs);
    labels.y.set(ys);
  };

  /** The projection of the range shown onto the canvas (device pixels). */
  const projection = (left: number, top: number, width: number, h: number): Projection => ({
    x0: shown[0],
    x1: shown[1],
    left,
    kx: width / (shown[1] - shown[0] || 1),
    y: yProjection(yRange[0], yRange[1], top, h, log),
    positive: log,
  });

  /** Bands, then the traces: one path per colour. */
  const drawTraces = (self: uPlot) => {
    const ctx = self.ctx;
    const { left, top, width, height: h } = self.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, h);
    ctx.clip();
    let inRange = 0;
    if (bands) {
      ctx.fillStyle = colours.band;
      ctx.globalAlpha = 0.35;
      const kx = width / (shown[1] - shown[0] || 1);
      for (let i = 0; i < bands.x0.length; i++) {
        if (!(bands.x1[i] > shown[0] && bands.x0[i] < shown[1])) continue;
        inRange++;
        const a = left + (bands.x0[i] - shown[0]) * kx, b = left + (bands.x1[i] - shown[0]) * kx;
        ctx.fillRect(a, top, Math.max(1, b - a), h);
      }
      ctx.globalAlpha = 1;
    }
    const bandText = bands ? String(inRange) : "";
    if (root.getAttribute("data-bands") !== bandText) root.setAttribute("data-bands", bandText);
    const p = projection(left, top, width, h);
    ctx.lineWidth = uPlot.pxRatio || 1;
    ctx.lineJoin = "round";
    for (let k = 0; k < colours.lines.length; k++) {
      ctx.beginPath();
      for (let t = k; t < traces; t += colours.lines.length) traceEnvelopePath(env, t, shifts[t], p, ctx);
      ctx.strokeStyle = colours.lines[k];
      ctx.stroke();
    }
    ctx.restore();
  };

  /** The caption and data attributes of what is shown and what was read. */
  const describe = () => {
    const a = clock.indexAt(shown[0]), b = clock.indexAt(shown[1]);
    const parts = withCaption ? [samplesCaption(a, b, total, env)] : [];
    if (log && env.nonPositive) parts.push(`log scale: ${env.nonPositive} of ${env.finite} values read ≤ 0 not shown`);
    if (readError) parts.push(`⚠ ${readError}`);
    const extra = withCaption && spec.describe?.(layout);
    if (extra) parts.push(extra);
    const text = parts.join(" · ");
    if (caption.textContent !== text) caption.textContent = text;
    // Without a caption of its own, the plot shows one only to say what a log axis leaves out.
    if (!withCaption && !!text !== caption.isConnected) {
      if (text) root.append(caption);
      else caption.remove();
    }
    root.setAttribute("data-x-range", `${shown[0]} ${shown[1]}`);
    root.setAttribute("data-samples", `${env.start} ${env.stop}`);
    root.setAttribute("data-decimation", String(env.decimation));
  };

  /** Show `[min, max]` from what is read (y follows the values shown on a line plot), then read more if it needs. */
  const rangeListeners = new Set<(min: number, max: number) => void>();
  const show = (min: number, max: number) => {
    shown = [min, max];
    describe();
    for (const listener of rangeListeners) listener(min, max);
    const plot = u;
    if (!plot) return;
    if (!layout) {
      const ext = envelopeExtent(env, min, max, log);
      if (ext) {
        let [a, b] = ext;
        if (a === b) [a, b] = log ? [a / 10, b * 10] : [a - 0.5, b + 0.5];
        else if (!log) [a, b] = [a - (b - a) * 0.05, b + (b - a) * 0.05];
        yRange = [a, b];
      } else if (log && !(yRange[0] > 0)) yRange = [1, 10];
    }
    plot.batch(() => {
      plot.setScale("y", { min: yRange[0], max: yRange[1] });
      plot.setScale("x", { min, max });
    });
    ensureRead();
  };

  // Reads: one at a time, the latest range wins; a move waits READ_DELAY_MS for the next.
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A failed read is not tried again until the user moves the plot.
  let readError = "";
  let ticket = 0;
  let waiting: Promise<void> = Promise.resolve();
  let release: (() => void) | undefined;
  const columns = () => Math.max(1, u ? plotBox(u).width : 800);
  /** The samples to read for the range shown: a span more on each side, so the next pans draw from what is read. */
  const toRead = (): [number, number] => {
    const a = clock.indexAt(shown[0]), b = clock.indexAt(shown[1]), span = Math.max(1, b - a);
    return [a - span, b + span + 1];
  };
  const ensureRead = () => {
    const [r0, r1] = toRead();
    const fresh = readDecimation(total, r0, r1, keptColumns(columns(), src.rowValues), src.rowValues);
    if (readError || envelopeServes(env, clock.indexAt(shown[0]), clock.indexAt(shown[1]), fresh, total)) return;
    if (!release) waiting = new Promise((r) => (release = r));
    clearTimeout(timer);
    timer = setTimeout(() => void readShown(), READ_DELAY_MS);
  };
  const readShown = async () => {
    const mine = ++ticket;
    timer = undefined;
    root.setAttribute("data-loading", "true");
    try {
      // Irregular timestamps: the samples at the range's edges are searched before the reads are planned.
      await clock.locate?.(shown[0], shown[1]);
      const [r0, r1] = toRead();
      const plan = planSampleRead(total, r0, r1, keptColumns(columns(), src.rowValues), src.rowValues, src.chunkRows);
      const next = await readEnvelope(plan, src.picks, src.read);
      if (mine !== ticket) return;
      env = next;
    } catch (err) {
      if (mine !== ticket) return;
      readError = err instanceof Error ? err.message : String(err);
    }
    root.removeAttribute("data-loading");
    show(shown[0], shown[1]);
    if (!timer) {
      release?.();
      release = undefined;
    }
  };

  const linked = linkedX(
    spec.link,
    root,
    ([a, b]) => {
      const r = clampXRange(a, b, full);
      if (r) show(r[0], r[1]);
    },
    () => u,
  );
  /** A range the user asked for: kept inside the data, shown, and sent to the linked plots. */
  const setX = (min: number, max: number) => {
    const r = clampXRange(min, max, full);
    if (!r) return;
    readError = "";
    show(r[0], r[1]);
    linked.publish(r);
  };

  const create = (width: number) => {
    colours = themeColours(root);
    const axis = (scale: string, size: number, splits: (self: uPlot) => number[]) => overlayAxis(scale, size, splits, () => colours.grid, () => colours.axis);
    const opts: uPlot.Options = {
      width,
      height,
      legend: { show: false },
      // A drag selects a range; zooming to it goes through setX like every other x change.
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false }, y: false },
      scales: {
        x: { time: false, auto: false, range: (_self, min, max) => [min, max] },
        y: { auto: false, distr: log ? 3 : 1, log: 10, range: (_self, min, max) => [min, max] },
      },
      axes: [axis("x", X_AXIS, (self) => xTicks(self).values), axis("y", layout ? Y_LANES : Y_AXIS, (self) => yTicks(self).values)],
      // The traces are drawn by drawTraces; uPlot's one series only carries the scales.
      series: [{}, { show: false }],
      hooks: {
        draw: [drawTraces, drawLabels, ...linked.hooks.draw],
        setCursor: linked.hooks.setCursor,
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
    u = new uPlot(opts, [new Float64Array(full), new Float64Array([NaN, NaN])], area);
    area.append(overlay);
    show(shown[0], shown[1]);
  };

  bindXNavigation(area, root, { plot: () => u, shown: () => shown, setX, reset: () => handle.reset() });

  const handle: TracePlotHandle = {
    xRange: () => shown,
    setXRange: setX,
    reset: () => setX(home[0], home[1]),
    jumpTo: (i) => {
      const span = shown[1] - shown[0], x = clock.xOf(Math.max(0, Math.min(last, i)));
      setX(x, x + span);
    },
    setBands: (next) => {
      bands = next;
      if (!next) root.removeAttribute("data-bands");
      u?.redraw(false, false);
    },
    settled: () => waiting,
    onXRange: (listener) => {
      rangeListeners.add(listener);
      return () => rangeListeners.delete(listener);
    },
  };
  (root as HTMLElement & { plotHandle?: TracePlotHandle }).plotHandle = handle;

  // The lines and grid are on a canvas: a new theme repaints them in its colours.
  watchPlot(root, area, {
    create: (width) => {
      const start = linked.initial();
      const r = start && clampXRange(start[0], start[1], full);
      if (r) shown = r;
      create(width);
    },
    resize: (width) => {
      if (!u || Math.abs(u.width - width) < 1) return;
      u.setSize({ width, height });
      show(shown[0], shown[1]);
    },
    retheme: () => {
      colours = themeColours(root);
      u?.redraw(false, true);
    },
    destroy: () => {
      clearTimeout(timer);
      u?.destroy();
      u = undefined;
    },
  });

  const toolbar = plotToolbar({
    reset: () => handle.reset(),
    png: () => (u ? exportPng(u, overlay, colours.background) : Promise.resolve(null)),
    svg: () => (u ? exportSvg(u, overlay, colours, env, shifts, projection(0, 0, 0, 0), log) : null),
    name: spec.name,
    // A log axis for a line plot; stacked lanes are linear.
    logY: layout
      ? undefined
      : (on) => {
          log = on;
          root.setAttribute("data-y-scale", on ? "log" : "linear");
          if (!u) return describe();
          const width = u.width;
          u.destroy();
          u = undefined;
          area.replaceChildren();
          create(width);
        },
    extra: linked.controls,
  });
  root.setAttribute("data-y-scale", "linear");
  root.append(toolbar, area);
  if (withCaption) root.append(caption);
  describe();
  return root;
}
