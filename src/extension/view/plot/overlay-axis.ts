/**
 * A uPlot axis whose labels are drawn by the view's own SVG overlay (text that tests, exports and
 * screen readers can read): uPlot draws only the ticks, the grid and the border, in theme colours.
 */
import type uPlot from "uplot";
import { svg } from "../dom.js";

/** An axis of `scale`, `size` pixels wide, ticked at `splits`; colours read at each draw (the theme may change). */
export function overlayAxis(scale: string, size: number, splits: (self: uPlot) => number[], grid: () => string, edge: () => string): uPlot.Axis {
  return {
    scale,
    size,
    stroke: "transparent",
    values: (_self, ticks) => ticks.map(() => ""),
    splits: (self) => splits(self),
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: edge, width: 1, size: 5 },
    border: { show: true, stroke: edge, width: 1 },
  };
}

/** A text of the overlay (a tick label, a title) at (`x`, `y`), with its attributes (class, anchor, data-*). */
export function overlayText(x: number, y: number, content: string, attrs: Record<string, string | number>): SVGTextElement {
  const t = svg("text", { x: x.toFixed(1), y: y.toFixed(1), ...attrs });
  t.textContent = content;
  return t;
}
