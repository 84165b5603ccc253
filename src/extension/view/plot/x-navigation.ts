/**
 * Moving along the x axis of a uPlot plot, the same in every plot over time (line plots, stacked
 * traces, spike rasters, interval bars): shift-drag pans (taken before uPlot sees the press, which
 * would start a zoom selection), the wheel over the plot zooms around the pointer, and with the
 * plot focused ←/→ pan, +/- zoom and Home (or 0) resets.
 */
import uPlot from "uplot";
import { followDrag } from "../dom.js";

/** Share of the shown range one arrow key pans. */
const PAN_STEP = 0.1;
/** Factor one wheel step or key zooms out by. */
const ZOOM_STEP = 1.25;

/** What the navigation reads and drives. */
export interface XNavigation {
  /** The plot, once drawn. */
  plot(): uPlot | undefined;
  /** The x range shown. */
  shown(): [number, number];
  /** Show another x range. */
  setX(min: number, max: number): void;
  /** Show the whole range again. */
  reset(): void;
}

/**
 * `[min, max]` kept inside `full` and at most as wide as it (a pan stops at the ends, a zoom out
 * at the whole range); null for an empty or reversed range.
 */
export function clampXRange(min: number, max: number, full: readonly [number, number]): [number, number] | null {
  if (!(max > min)) return null;
  const span = Math.min(max - min, full[1] - full[0]);
  const start = Math.max(full[0], Math.min(min, full[1] - span));
  return [start, start + span];
}

/** Bind the pointer to `area` (the plot's element) and the keys to `root` (the focusable view). */
export function bindXNavigation(area: HTMLElement, root: HTMLElement, nav: XNavigation): void {
  area.addEventListener(
    "mousedown",
    (ev) => {
      const u = nav.plot();
      if (!ev.shiftKey || !u) return;
      ev.stopPropagation();
      ev.preventDefault();
      const startX = ev.clientX, [min0, max0] = nav.shown();
      const perPx = (max0 - min0) / Math.max(1, u.bbox.width / (uPlot.pxRatio || 1));
      const move = (m: MouseEvent) => nav.setX(min0 - (m.clientX - startX) * perPx, max0 - (m.clientX - startX) * perPx);
      followDrag(move);
    },
    true,
  );
  area.addEventListener(
    "wheel",
    (ev) => {
      const u = nav.plot();
      if (!u || !u.over.contains(ev.target as Node)) return;
      ev.preventDefault();
      const at = u.posToVal(ev.clientX - u.over.getBoundingClientRect().left, "x");
      const f = ev.deltaY < 0 ? 1 / ZOOM_STEP : ZOOM_STEP;
      const [min, max] = nav.shown();
      nav.setX(at - (at - min) * f, at + (max - at) * f);
    },
    { passive: false },
  );
  root.addEventListener("keydown", (ev) => {
    const [min, max] = nav.shown(), span = max - min;
    if (ev.key === "ArrowLeft") nav.setX(min - span * PAN_STEP, max - span * PAN_STEP);
    else if (ev.key === "ArrowRight") nav.setX(min + span * PAN_STEP, max + span * PAN_STEP);
    else if (ev.key === "+" || ev.key === "=") nav.setX(min + span * 0.1, max - span * 0.1);
    else if (ev.key === "-") nav.setX(min - span * 0.125, max + span * 0.125);
    else if (ev.key === "Home" || ev.key === "0") nav.reset();
    else return;
    ev.preventDefault();
  });
}
