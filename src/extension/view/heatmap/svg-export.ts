/**
 * The heatmap view as an SVG drawing: the frame, tick marks, tick labels, colorbar gradient and
 * colorbar labels are vector shapes and text; the cells are one embedded PNG image (one image
 * pixel per cell, drawn unsmoothed), placed and clipped where the view shows them.
 */
import { svg } from "../dom.js";
import { colorbarLabels, formatNumber } from "../model/heatmap-scale.js";
import { gradientColours, type ColorbarState } from "./colorbar.js";

/** A tick of an axis: its place along the axis (CSS pixels from the plot area's start) and label. */
export interface SvgTick {
  at: number;
  label: string;
}

/** What the drawing holds, in the CSS pixels of the view as shown. */
export interface HeatmapSvgSpec {
  /** The plot (axes and plot area) and the plot area inside it. */
  width: number;
  height: number;
  area: { left: number; top: number; width: number; height: number };
  /** The cells read (one pixel per cell) and where their block lies (may reach past the area). */
  cells: HTMLCanvasElement;
  block: { x: number; y: number; width: number; height: number };
  xTicks: SvgTick[];
  yTicks: SvgTick[];
  /** The colorbar (none for RGB images). */
  colorbar: ColorbarState | null;
  colours: { text: string; axis: string; background: string };
  /** Titles of the horizontal and vertical axes (none when absent). */
  titles?: { x: string; y: string };
  /** Drawn over the cells, clipped to the plot area (the ROI outlines). */
  overlay?: SVGElement[];
}

/** Room right of the plot for the colorbar and its labels. */
export const COLORBAR_ROOM = 90;
const TICK = 4;
const FONT = { "font-family": "sans-serif", "font-size": 11 };
/** Gradient stops of the colorbar (its canvas has 256 rows; 64 stops match it to the eye). */
const STOPS = 64;

function label(x: number, y: number, text: string, attrs: Record<string, string | number>, fill: string): SVGTextElement {
  const t = svg("text", { x: x.toFixed(1), y: y.toFixed(1), fill, ...FONT, ...attrs });
  t.textContent = text;
  return t;
}

/** The SVG document of `spec` (`svg` root with a viewBox in CSS pixels). */
export function heatmapSvg(spec: HeatmapSvgSpec): SVGSVGElement {
  const { area, colours } = spec;
  const width = spec.width + (spec.colorbar ? COLORBAR_ROOM : 0);
  const doc = svg("svg", { xmlns: "http://www.w3.org/2000/svg", width, height: spec.height, viewBox: `0 0 ${width} ${spec.height}` });
  doc.append(svg("rect", { x: 0, y: 0, width, height: spec.height, fill: colours.background }));
  const clip = svg("clipPath", { id: "heatmap-area" });
  clip.append(svg("rect", { x: area.left, y: area.top, width: area.width, height: area.height }));
  doc.append(clip);
  const b = spec.block;
  const cells = svg("image", {
    x: b.x.toFixed(2), y: b.y.toFixed(2), width: b.width.toFixed(2), height: b.height.toFixed(2),
    preserveAspectRatio: "none", "clip-path": "url(#heatmap-area)", style: "image-rendering: pixelated; image-rendering: crisp-edges",
    "data-cells": `${spec.cells.width}x${spec.cells.height}`,
  });
  cells.setAttribute("href", spec.cells.toDataURL("image/png"));
  doc.append(cells);
  if (spec.overlay?.length) {
    const g = svg("g", { "clip-path": "url(#heatmap-area)", "data-overlay": "" });
    g.append(...spec.overlay);
    doc.append(g);
  }
  doc.append(svg("rect", { x: area.left, y: area.top, width: area.width, height: area.height, fill: "none", stroke: colours.axis }));
  const bottom = area.top + area.height;
  for (const t of spec.xTicks) {
    const x = area.left + t.at;
    doc.append(svg("line", { x1: x, x2: x, y1: bottom, y2: bottom + TICK, stroke: colours.axis }));
    doc.append(label(x, bottom + TICK + 12, t.label, { "text-anchor": "middle", "data-axis": "x" }, colours.text));
  }
  for (const t of spec.yTicks) {
    const y = area.top + t.at;
    doc.append(svg("line", { x1: area.left - TICK, x2: area.left, y1: y, y2: y, stroke: colours.axis }));
    doc.append(label(area.left - TICK - 3, y + 4, t.label, { "text-anchor": "end", "data-axis": "y" }, colours.text));
  }
  if (spec.titles) {
    const mid = area.top + area.height / 2;
    doc.append(label(area.left + area.width / 2, spec.height - 5, spec.titles.x, { "text-anchor": "middle", "data-title": "x" }, colours.text));
    doc.append(label(13, mid, spec.titles.y, { "text-anchor": "middle", "data-title": "y", transform: `rotate(-90 13 ${mid.toFixed(1)})` }, colours.text));
  }
  if (spec.colorbar) doc.append(colorbarGroup(spec.colorbar, spec.width + 10, area.top, area.height, colours.text));
  return doc;
}

/** The colorbar: a vertical gradient (top: the domain's max), its tick labels and the unit above it. */
function colorbarGroup(s: ColorbarState, x: number, top: number, height: number, text: string): SVGGElement {
  const g = svg("g", { "data-colorbar": `${s.lo},${s.hi}` });
  const gradient = svg("linearGradient", { id: "heatmap-colorbar", x1: 0, y1: 0, x2: 0, y2: 1 });
  gradientColours(s, STOPS).forEach(([r, gr, b], i) => gradient.append(svg("stop", { offset: (i / (STOPS - 1)).toFixed(4), "stop-color": `rgb(${r},${gr},${b})` })));
  g.append(gradient, svg("rect", { x, y: top, width: 14, height, fill: "url(#heatmap-colorbar)" }));
  for (const k of colorbarLabels(s)) g.append(label(x + 18, top + (1 - k.t) * height + 4, formatNumber(k.value), { "data-value": k.value }, text));
  if (s.unit) g.append(label(x, top - 6, s.unit, { "data-unit": "" }, text));
  return g;
}
