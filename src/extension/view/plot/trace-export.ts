/**
 * What the trace plot draws with, apart from uPlot's own state: the theme's colours, the plot area,
 * the y projection (linear or log), and the plot as an SVG file (grid, traces, labels) for export.
 */
import uPlot from "uplot";
import { svg } from "../dom.js";
import type { Envelope } from "../model/downsample.js";
import { traceEnvelopePath, type Projection } from "../model/trace-path.js";
import { inlinedOverlay } from "./image-export.js";

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

/** The plot area in CSS pixels, from uPlot's own geometry (no layout read, so no forced reflow per frame). */
export function plotBox(u: uPlot): { left: number; top: number; width: number; height: number } {
  const r = uPlot.pxRatio || 1;
  return { left: u.bbox.left / r, top: u.bbox.top / r, width: u.bbox.width / r, height: u.bbox.height / r };
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
    g.append(svg("line", x ? { x1: p, x2: p, y1: top, y2: top + h, stroke: colours.grid } : { x1: left, x2: left + w, y1: p, y2: p, stroke: colours.grid }));
  }
  g.append(svg("rect", { x: left, y: top, width: w, height: h, fill: "none", stroke: colours.axis }));
  const yMin = u.scales.y.min ?? 0, yMax = u.scales.y.max ?? 1;
  const p: Projection = { ...shown, left, kx: w / (shown.x1 - shown.x0 || 1), y: yProjection(yMin, yMax, top, h, log), positive: log };
  shifts.forEach((shift, t) => {
    let d = "";
    traceEnvelopePath(env, t, shift, p, { moveTo: (x, y) => (d += `M${x.toFixed(1)},${y.toFixed(1)}`), lineTo: (x, y) => (d += `L${x.toFixed(1)},${y.toFixed(1)}`) });
    g.append(svg("path", { d: d || "M0,0", fill: "none", stroke: colours.lines[t % colours.lines.length], "stroke-width": 1, "clip-path": "url(#plot-area)" }));
  });
  doc.prepend(g);
  return new Blob([new XMLSerializer().serializeToString(doc)], { type: "image/svg+xml" });
}

