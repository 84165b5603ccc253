/**
 * The time link of a store: the plots over time of one file (series, spike rasters, interval
 * bars) that take part show the same x range. A plot navigated by the user publishes its range;
 * the others of the same key (the store's location) follow. The last range is kept, so a view
 * opened afterwards starts there.
 */

/** An x range in seconds. */
export type TimeRange = readonly [number, number];

/** A plot's membership of a link. */
export interface TimeLinkMember {
  /** Tell the other members that this one now shows `range`. */
  publish(range: TimeRange): void;
  /** The last range published by any member, if any. */
  last(): TimeRange | undefined;
  /** Leave the link (the plot is gone or no longer linked). */
  leave(): void;
}

interface Link {
  last?: TimeRange;
  members: Set<(range: TimeRange) => void>;
}

const links = new Map<string, Link>();

/** Join the link of `key`; `follow` is called with each range another member publishes. */
export function joinTimeLink(key: string, follow: (range: TimeRange) => void): TimeLinkMember {
  let link = links.get(key);
  if (!link) links.set(key, (link = { members: new Set() }));
  const l = link;
  l.members.add(follow);
  return {
    publish(range) {
      if (!(range[1] > range[0])) return;
      l.last = [range[0], range[1]];
      for (const m of [...l.members]) if (m !== follow) m(l.last);
    },
    last: () => l.last,
    leave() {
      l.members.delete(follow);
    },
  };
}

/** Members now in the link of `key` (for tests). */
export function timeLinkSize(key: string): number {
  return links.get(key)?.members.size ?? 0;
}
