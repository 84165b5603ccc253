/**
 * The time link of a store: the plots over time of one file (series, spike rasters, interval
 * bars) that take part show the same x range. A plot navigated by the user publishes its range;
 * the others of the same key (the store's location) follow. The last range is kept, so a view
 * opened afterwards starts there. The pointer's time goes the same way: a plot under the pointer
 * sends it, the others draw a cursor there, until the pointer leaves.
 */
import { niceStep, stepDecimals, tickLabel } from "./plot-axis.js";

/** An x range in seconds. */
export type TimeRange = readonly [number, number];

/** A plot's membership of a link. */
export interface TimeLinkMember {
  /** Tell the other members that this one now shows `range`. */
  publish(range: TimeRange): void;
  /** The last range published by any member, if any. */
  last(): TimeRange | undefined;
  /** Tell the other members that the pointer is over this one at `time` (seconds), or left it (null). */
  point(time: number | null): void;
  /** Leave the link (the plot is gone or no longer linked); a pointer it sent is taken back. */
  leave(): void;
}

/** What a member is told of the others. */
export interface TimeLinkFollower {
  /** Another member now shows `range`. */
  range(range: TimeRange): void;
  /** The pointer is over another member at `time` (seconds), or over none (null). */
  cursor?(time: number | null): void;
}

interface Link {
  last?: TimeRange;
  members: Set<TimeLinkFollower>;
  /** The member the pointer is over, if any. */
  pointer?: TimeLinkFollower;
}

const links = new Map<string, Link>();

/**
 * Join the link of `key`: `follow` is called with each range another member publishes (or, given
 * as a follower, also with each pointer time another member sends).
 */
export function joinTimeLink(key: string, follow: ((range: TimeRange) => void) | TimeLinkFollower): TimeLinkMember {
  let link = links.get(key);
  if (!link) links.set(key, (link = { members: new Set() }));
  const l = link;
  const me: TimeLinkFollower = typeof follow === "function" ? { range: follow } : follow;
  l.members.add(me);
  const others = () => [...l.members].filter((m) => m !== me);
  const point = (at: number | null) => {
    // A time that is not a number places no cursor: as if the pointer left.
    const time = at !== null && Number.isFinite(at) ? at : null;
    // Only the member the pointer is over takes it away, so a late "left" of another does not hide it.
    if (time === null && l.pointer !== me) return;
    l.pointer = time === null ? undefined : me;
    for (const m of others()) m.cursor?.(time);
  };
  return {
    publish(range) {
      if (!(range[1] > range[0])) return;
      l.last = [range[0], range[1]];
      for (const m of others()) m.range(l.last);
    },
    last: () => l.last,
    point,
    leave() {
      point(null);
      l.members.delete(me);
    },
  };
}

/** Members now in the link of `key` (for tests). */
export function timeLinkSize(key: string): number {
  return links.get(key)?.members.size ?? 0;
}

/**
 * The readout of a cursor at `time` on a plot showing `range` over `pixels` columns: seconds with
 * as many decimals as tell one column from the next (`3.1416 s`).
 */
export function cursorText(time: number, range: TimeRange, pixels: number): string {
  const step = niceStep(range[0], range[1], Math.max(1, pixels));
  return `${tickLabel(time, stepDecimals(step), step)} s`;
}
