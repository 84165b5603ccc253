/**
 * Channels of a multi-channel series: which ones to show (a range or a list typed by the user,
 * `0-7, 12`), and how to stack their traces (one above the other, evenly spaced, each centred on
 * its own line so that channels of different offsets still sit in their lanes; the plot shifts
 * each trace by `offset − centre` as it draws it).
 */

/** The channel indices `text` names (`3`, `0-7`, `0-3, 8, 10-11`), in order, without repeats, below `count`. */
export function parseChannels(text: string, count: number): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  const add = (c: number) => {
    if (Number.isInteger(c) && c >= 0 && c < count && !seen.has(c)) {
      seen.add(c);
      out.push(c);
    }
  };
  for (const part of text.split(/[,\s]+/).filter(Boolean)) {
    const m = /^(\d+)(?:\s*[-–:]\s*(\d+))?$/.exec(part);
    if (!m) continue;
    const a = Number(m[1]), b = m[2] === undefined ? a : Number(m[2]);
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    for (let c = lo; c <= Math.min(hi, count - 1); c++) add(c);
  }
  return out;
}

/** The text of a channel list (consecutive runs as ranges): [0,1,2,3,8] → `0-3, 8`. */
export function channelsText(channels: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < channels.length; ) {
    let j = i;
    while (j + 1 < channels.length && channels[j + 1] === channels[j] + 1) j++;
    parts.push(j > i ? `${channels[i]}-${channels[j]}` : String(channels[i]));
    i = j + 1;
  }
  return parts.join(", ");
}

/** The smallest `[start, stop)` holding every channel listed (one read covers them). */
export function channelSpan(channels: readonly number[]): [number, number] {
  if (!channels.length) return [0, 0];
  return [Math.min(...channels), Math.max(...channels) + 1];
}

/** Where each stacked trace sits. */
export interface StackLayout {
  /** Vertical distance between neighbouring traces (data units). */
  spacing: number;
  /** Per trace, the value subtracted before the offset (its centre). */
  centres: number[];
  /** Per trace, the y of its lane (the first trace on top). */
  offsets: number[];
}

/**
 * Lanes for traces with these `[min, max]` ranges: the spacing is the largest peak-to-peak range
 * (1 when all are flat), each trace is centred on its midrange, the first lane is on top.
 */
export function stackLayout(ranges: readonly (readonly [number, number])[]): StackLayout {
  let spacing = 0;
  for (const [lo, hi] of ranges) if (Number.isFinite(hi - lo)) spacing = Math.max(spacing, hi - lo);
  if (!(spacing > 0)) spacing = 1;
  const n = ranges.length;
  return {
    spacing,
    centres: ranges.map(([lo, hi]) => (Number.isFinite(lo) && Number.isFinite(hi) ? (lo + hi) / 2 : 0)),
    offsets: ranges.map((_, i) => (n - 1 - i) * spacing),
  };
}

/** The y range that shows every lane with half a lane of room above and below. */
export function stackRange(layout: StackLayout): [number, number] {
  const n = layout.offsets.length;
  return [-layout.spacing / 2, Math.max(0, n - 1) * layout.spacing + layout.spacing / 2];
}

/** A channel's label: `ch 3`, with the electrode's id and location when known (`ch 3 · e12 CA1`). */
export function channelLabel(channel: number, electrode?: { id?: string | number | null; location?: string | null }): string {
  const parts = [`ch ${channel}`];
  if (electrode?.id !== undefined && electrode.id !== null) parts.push(`e${electrode.id}`);
  if (electrode?.location) parts.push(electrode.location);
  return parts.join(" · ");
}
