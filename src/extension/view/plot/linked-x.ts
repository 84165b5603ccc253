/**
 * A plot's part in the time link of its store (`model/time-link.ts`): the "link time axes" toggle
 * of its toolbar (on at first), the ranges it publishes when the user moves it, and the ranges of
 * the other plots it follows. A plot without a key (an axis of sample indices) takes no part.
 */
import { el } from "../dom.js";
import { joinTimeLink, type TimeLinkMember, type TimeRange } from "../model/time-link.js";

/** What a plot does with the time link. */
export interface LinkedX {
  /** The user moved this plot to `range`: the others follow (when linked). */
  publish(range: TimeRange): void;
  /** The last range of the link, to start at (when linked and there is one). */
  initial(): TimeRange | undefined;
  /** The toolbar's toggle (`input[data-action=plot-link]`), or nothing. */
  controls: HTMLElement[];
}

/** Link the plot `root` to the plots of `key`; `follow` shows a range another plot published. */
export function linkedX(key: string | undefined, root: HTMLElement, follow: (range: TimeRange) => void): LinkedX {
  if (!key) return { publish: () => undefined, initial: () => undefined, controls: [] };
  let member: TimeLinkMember | undefined;
  const join = () => {
    const me: TimeLinkMember = joinTimeLink(key, (range) => {
      // A plot no longer in the page leaves at the first range it is sent.
      if (!root.isConnected) me.leave();
      else follow(range);
    });
    return me;
  };
  member = join();
  const wrap = el("label", "plotLink");
  const box = el("input", "plotLinkToggle");
  box.type = "checkbox";
  box.checked = true;
  box.setAttribute("data-action", "plot-link");
  box.title = "zoom and pan together with the other plots over time of this file";
  box.addEventListener("change", () => {
    member?.leave();
    member = box.checked ? join() : undefined;
    const last = member?.last();
    if (last) follow(last);
  });
  wrap.append(box, el("span", "", "link time axes"));
  return {
    publish: (range) => member?.publish(range),
    initial: () => member?.last(),
    controls: [wrap],
  };
}
