/**
 * A line plot drawn as SVG by our code: samples reduced to min/max per pixel column, a frame,
 * and the first and last x and y values as tick labels.
 */
import { finiteRange, minMaxPerColumn } from "./model/downsample.js";
import { formatFloat } from "../../repr/text/format-text.js";
import { svg } from "./dom.js";

/** Size of the drawing. */
export interface PlotSize {
  width: number;
  height: number;
}

const PAD = { left: 56, right: 8, top: 8, bottom: 22 };

function label(x: number, y: number, text: string, anchor: string): SVGTextElement {
  const t = svg("text", { x, y, "text-anchor": anchor, class: "jp-HdmfZarr-plotLabel" });
  t.textContent = text;
  return t;
}

/** An `svg.jp-HdmfZarr-linePlot` of `ys` over `xs` (both the same length). */
export function linePlot(xs: ArrayLike<number>, ys: ArrayLike<number>, size: PlotSize, xLabel = ""): SVGSVGElement {
  const { width, height } = size;
  const root = svg("svg", { class: "jp-HdmfZarr-linePlot", width, height, viewBox: `0 0 ${width} ${height}`, role: "img" });
  const w = Math.max(1, width - PAD.left - PAD.right), h = Math.max(1, height - PAD.top - PAD.bottom);
  root.append(svg("rect", { x: PAD.left, y: PAD.top, width: w, height: h, class: "jp-HdmfZarr-plotFrame" }));
  const cols = minMaxPerColumn(ys, w);
  const [lo, hi] = finiteRange(ys);
  const n = ys.length;
  const [x0, x1] = n ? [xs[0], xs[n - 1]] : [0, 1];
  const py = (v: number) => PAD.top + h - ((v - lo) / (hi - lo)) * h;
  const colCount = cols.min.length;
  const px = (c: number) => PAD.left + (colCount <= 1 ? 0 : (c / (colCount - 1)) * w);
  // One path: a vertical stroke per column (min to max), joined column to column.
  let d = "";
  for (let c = 0; c < colCount; c++) {
    if (Number.isNaN(cols.min[c])) continue;
    const x = px(c).toFixed(1);
    d += `${d ? "L" : "M"}${x},${py(cols.min[c]).toFixed(1)}L${x},${py(cols.max[c]).toFixed(1)}`;
  }
  root.append(svg("path", { d: d || "M0,0", class: "jp-HdmfZarr-plotLine", fill: "none" }));
  root.append(
    label(PAD.left - 4, PAD.top + 10, formatFloat(hi), "end"),
    label(PAD.left - 4, PAD.top + h, formatFloat(lo), "end"),
    label(PAD.left, height - 6, Number.isFinite(x0) ? formatFloat(x0) : "", "start"),
    label(PAD.left + w, height - 6, Number.isFinite(x1) ? formatFloat(x1) : "", "end"),
    label(PAD.left + w / 2, height - 6, xLabel, "middle"),
  );
  return root;
}
