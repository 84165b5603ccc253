/**
 * What the trace plot draws with, apart from uPlot's own state: the theme's colours, the y
 * projection (linear or log), and the plot as an SVG file (grid, traces, labels) for export.
 */
import type uPlot from "uplot";
import { svg } from "../dom.js";
import type { Envelope } from "../model/downsample.js";
import { traceEnvelopePath, type Projection } from "../model/trace-path.js";
import { pathData, svgBlob, svgFrame } from "./image-export.js";

export interface Colours {
  lines: string[];
  grid: string;
  axis: string;
  band: string;
  background: string;
}

/** The plot's colours from the JupyterLab theme around `node`. */
export function themeColours(node: Element): Colours {
  const css = getComputedStyle(node);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    lines: [v("--jp-brand-color1", "#1976d2"), v("--jp-warn-color1", "#f57c00")],
    grid: v("--jp-border-color2", "#e0e0e0"),
    axis: v("--jp-border-color1", "#bdbdbd"),
    band: v("--jp-success-color2", "#81c784"),
    background: v("--jp-layout-color0", "#ffffff"),
  };
}

/** A y projection over `[min, max]` onto `[top, top + height]` (top = max), linear or log10. */
export function yProjection(min: number, max: number, top: number, height: number, log: boolean): (v: number) => number {
  if (log) {
    const a = Math.log10(min), k = height / (Math.log10(max) - a || 1);
    return (v) => top + height - (Math.log10(v) - a) * k;
  }
  const k = height / (max - min || 1);
  return (v) => top + height - (v - min) * k;
}

/** An SVG of the plot as shown: grid, the traces (clipped to the plot area) and the labels. */
export function exportSvg(u: uPlot, overlay: SVGSVGElement, colours: Colours, env: Envelope, shifts: readonly number[], shown: Projection, log: boolean): Blob {
  const { doc, marks, box } = svgFrame(u, overlay, colours);
  const { left, top, width: w, height: h } = box;
  const yMin = u.scales.y.min ?? 0, yMax = u.scales.y.max ?? 1;
  const p: Projection = { ...shown, left, kx: w / (shown.x1 - shown.x0 || 1), y: yProjection(yMin, yMax, top, h, log), positive: log };
  shifts.forEach((shift, t) => {
    const d = pathData((sink) => traceEnvelopePath(env, t, shift, p, sink));
    marks.append(svg("path", { d: d || "M0,0", fill: "none", stroke: colours.lines[t % colours.lines.length], "stroke-width": 1 }));
  });
  return svgBlob(doc);
}
