/**
 * Saving a uPlot plot as an image, for every plot whose axis text is an SVG overlay above uPlot's
 * canvas (line plots, stacked traces, spike rasters, interval bars and trajectories): a PNG of the
 * canvas and the text, or an SVG drawn from the plot's frame (`svgFrame`) and its own marks.
 */
import uPlot from "uplot";
import { svg } from "../dom.js";
import type { PathSink } from "../model/trace-path.js";

/** The plot area in CSS pixels, from uPlot's own geometry (no layout read, so no forced reflow per frame). */
export function plotBox(u: uPlot): { left: number; top: number; width: number; height: number } {
  const r = uPlot.pxRatio || 1;
  return { left: u.bbox.left / r, top: u.bbox.top / r, width: u.bbox.width / r, height: u.bbox.height / r };
}

/** The overlay's text with its computed colour and font written in, so it draws the same outside the page. */
export function inlinedOverlay(overlay: SVGSVGElement): SVGSVGElement {
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

/** A PNG of the plot as shown: the canvas on the background colour, with the overlay's text drawn over it. */
export async function exportPng(u: uPlot, overlay: SVGSVGElement, background: string): Promise<Blob | null> {
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

/** The colours of an SVG export's frame. */
export interface FrameColours {
  background: string;
  /** Grid lines at the labelled ticks. */
  grid: string;
  /** The border of the plot area. */
  axis: string;
}

/** An SVG export being drawn: the document, the group of the marks (clipped to the plot area) and the area. */
export interface SvgFrame {
  doc: SVGSVGElement;
  marks: SVGGElement;
  box: { left: number; top: number; width: number; height: number };
}

/**
 * The start of an SVG of the plot as shown: the overlay's labels as text over the background, grid
 * lines at each tick label with a `data-value`, the border of the plot area, and a group for the
 * plot's marks clipped to that area. `below`: room added under the plot (a legend).
 */
export function svgFrame(u: uPlot, overlay: SVGSVGElement, c: FrameColours, below = 0): SvgFrame {
  const doc = inlinedOverlay(overlay);
  const box = plotBox(u);
  const { left, top, width: w, height: h } = box;
  const height = u.height + below;
  doc.setAttribute("width", String(u.width));
  doc.setAttribute("height", String(height));
  doc.setAttribute("viewBox", `0 0 ${u.width} ${height}`);
  const g = svg("g");
  g.append(svg("rect", { x: 0, y: 0, width: u.width, height, fill: c.background }));
  const clip = svg("clipPath", { id: "plot-area" });
  clip.append(svg("rect", { x: left, y: top, width: w, height: h }));
  g.append(clip);
  for (const t of doc.querySelectorAll("text[data-axis][data-value]")) {
    const v = Number(t.getAttribute("data-value"));
    if (!Number.isFinite(v)) continue;
    const x = t.getAttribute("data-axis") === "x";
    const p = (x ? left : top) + u.valToPos(v, x ? "x" : "y");
    g.append(svg("line", x ? { x1: p, x2: p, y1: top, y2: top + h, stroke: c.grid } : { x1: left, x2: left + w, y1: p, y2: p, stroke: c.grid }));
  }
  g.append(svg("rect", { x: left, y: top, width: w, height: h, fill: "none", stroke: c.axis }));
  const marks = svg("g", { "clip-path": "url(#plot-area)" });
  g.append(marks);
  doc.prepend(g);
  return { doc, marks, box };
}

/** The `d` of an SVG path of what `draw` writes to a path sink (one decimal). */
export function pathData(draw: (sink: PathSink) => void): string {
  let d = "";
  draw({ moveTo: (x, y) => (d += `M${x.toFixed(1)},${y.toFixed(1)}`), lineTo: (x, y) => (d += `L${x.toFixed(1)},${y.toFixed(1)}`) });
  return d;
}

/** The finished SVG document as a file. */
export function svgBlob(doc: SVGSVGElement): Blob {
  return new Blob([new XMLSerializer().serializeToString(doc)], { type: "image/svg+xml" });
}
