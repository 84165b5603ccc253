/**
 * The time link's cursor in one plot: the pointer's time over this plot goes to the other linked
 * plots (from uPlot's setCursor hook), and a time another plot sends is drawn here as a vertical
 * line (`div.jp-HdmfZarr-plotCursor[data-time]`) with a small readout of it, kept at its time while
 * this plot moves (from the draw hook; nothing is done there while no line is shown).
 */
import type uPlot from "uplot";
import { PREFIX, el } from "../dom.js";
import { cursorText } from "../model/time-link.js";
import { plotBox } from "./image-export.js";

/** Readouts closer than this to the right edge are drawn on the line's left. */
const FLIP_PX = 90;

/** One plot's side of the linked cursor. */
export interface LinkedCursor {
  /** Another plot's pointer is at `time` (seconds): draw the line there; null hides it. */
  follow(time: number | null): void;
  /** uPlot's setCursor hook: sends the time under this plot's pointer, and null once it left. */
  setCursor(u: uPlot): void;
  /** uPlot's draw hook: the line moves with the x range. */
  draw(u: uPlot): void;
}

/** The cursor of a plot whose uPlot is `plot()`; `send` passes this plot's pointer time to the link. */
export function linkedCursor(plot: () => uPlot | undefined, send: (time: number | null) => void): LinkedCursor {
  const line = el("div", "plotCursor");
  line.setAttribute("aria-hidden", "true");
  const readout = el("div", "plotCursorTime");
  line.append(readout);
  let time: number | null = null;
  let pointing = false;

  const place = (u: uPlot | undefined) => {
    if (time === null || !u) {
      line.remove();
      return;
    }
    const { width } = plotBox(u);
    const x = u.valToPos(time, "x");
    const min = u.scales.x.min, max = u.scales.x.max;
    if (!(x >= 0 && x <= width) || min === undefined || max === undefined) {
      // Outside the range this plot shows: no line.
      line.remove();
      return;
    }
    // uPlot's over layer is the plot area: the line is placed in its pixels; a new plot (log y) has a new one.
    if (line.parentElement !== u.over) u.over.append(line);
    line.style.transform = `translateX(${x.toFixed(1)}px)`;
    line.setAttribute("data-time", String(time));
    line.classList.toggle(`${PREFIX}plotCursorFlip`, x > width - FLIP_PX);
    const text = cursorText(time, [min, max], width);
    if (readout.textContent !== text) readout.textContent = text;
  };

  return {
    follow(t) {
      time = t;
      place(plot());
    },
    setCursor(u) {
      const left = u.cursor.left ?? -1;
      if (left >= 0) {
        pointing = true;
        send(u.posToVal(left, "x"));
      } else if (pointing) {
        pointing = false;
        send(null);
      }
    },
    draw(u) {
      if (time !== null) place(u);
    },
  };
}
