/**
 * A plot's part in the time link of its store (`model/time-link.ts`): the "link time axes" toggle
 * of its toolbar (on at first), the ranges it publishes when the user moves it, the ranges of the
 * other plots it follows, and the cursor at the time under the pointer in another linked plot
 * (`linked-cursor.ts`). A plot without a key (an axis of sample indices) takes no part.
 */
import type uPlot from "uplot";
import { el } from "../dom.js";
import { joinTimeLink, type TimeLinkMember, type TimeRange } from "../model/time-link.js";
import { linkedCursor } from "./linked-cursor.js";

/** uPlot hooks a linked plot adds to its own. */
export interface LinkedHooks {
  setCursor: ((u: uPlot) => void)[];
  draw: ((u: uPlot) => void)[];
}

/** What a plot does with the time link. */
export interface LinkedX {
  /** The user moved this plot to `range`: the others follow (when linked). */
  publish(range: TimeRange): void;
  /** The last range of the link, to start at (when linked and there is one). */
  initial(): TimeRange | undefined;
  /** The toolbar's toggle (`input[data-action=plot-link]`), or nothing. */
  controls: HTMLElement[];
  /** The linked cursor's hooks (none for a plot without a key). */
  hooks: LinkedHooks;
}

/**
 * Link the plot `root` (drawn by `plot()`) to the plots of `key`; `follow` shows a range another
 * plot published.
 */
export function linkedX(key: string | undefined, root: HTMLElement, follow: (range: TimeRange) => void, plot: () => uPlot | undefined): LinkedX {
  if (!key) return { publish: () => undefined, initial: () => undefined, controls: [], hooks: { setCursor: [], draw: [] } };
  let member: TimeLinkMember | undefined;
  const cursor = linkedCursor(plot, (time) => member?.point(time));
  const join = () => {
    const me: TimeLinkMember = joinTimeLink(key, {
      range(range) {
        // A plot no longer in the page leaves at the first range or cursor it is sent.
        if (!root.isConnected) me.leave();
        else follow(range);
      },
      cursor(time) {
        if (!root.isConnected) me.leave();
        else cursor.follow(time);
      },
    });
    return me;
  };
  member = join();
  const wrap = el("label", "plotLink");
  const box = el("input", "plotLinkToggle");
  box.type = "checkbox";
  box.checked = true;
  box.setAttribute("data-action", "plot-link");
  box.title = "zoom and pan together with the other plots over time of this file, and show their pointer's time";
  box.addEventListener("change", () => {
    member?.leave();
    cursor.follow(null);
    member = box.checked ? join() : undefined;
    const last = member?.last();
    if (last) follow(last);
  });
  wrap.append(box, el("span", "plotLinkLabel", "link time axes"));
  return {
    publish: (range) => member?.publish(range),
    initial: () => member?.last(),
    controls: [wrap],
    hooks: { setCursor: [(u) => cursor.setCursor(u)], draw: [(u) => cursor.draw(u)] },
  };
}
