/**
 * The "intervals" select of a TimeSeries view: the file's TimeIntervals tables (trials, epochs …),
 * one of which shades its [start, stop) bands over the trace plot. Only the rows overlapping the
 * range shown (and half its width on either side, so short pans need no read) are read, again a
 * moment after the plot is zoomed or panned past them.
 */
import type { DataProvider } from "../provider/data-provider.js";
import { el, labelledSelect } from "./dom.js";
import { IntervalIndex, MAX_BANDS, intervalTables, type IntervalBands } from "./model/interval-bands.js";
import type { TracePlotHandle } from "./plot/trace-plot.js";

const NONE = "(none)";
/** Wait after the last move before reading the bands of a new range. */
const READ_DELAY_MS = 120;

/** The select, and what puts the bands chosen on a plot (also a plot drawn later). */
export interface IntervalOverlay {
  element: HTMLElement;
  apply(plot: TracePlotHandle | undefined): void;
}

/** The range read and its bands. */
interface Held {
  min: number;
  max: number;
  bands: IntervalBands;
}

/** The overlay control of the file behind `provider`, or null when the file has no intervals table. */
export async function intervalOverlay(provider: DataProvider, plot: () => TracePlotHandle | undefined): Promise<IntervalOverlay | null> {
  const tables = await intervalTables(provider);
  if (!tables.length) return null;
  let index: Promise<IntervalIndex> | null = null;
  let held: Held | null = null;
  let ticket = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stop: (() => void) | undefined;
  let current: TracePlotHandle | undefined;
  const note = el("span", "note intervalNote");

  /** Whether the bands held serve `[min, max]`: they cover it, and none were left out. */
  const serves = (min: number, max: number) => !!held && held.min <= min && held.max >= max && held.bands.overlapping === held.bands.x0.length;

  const read = async (min: number, max: number) => {
    const mine = ++ticket;
    const span = max - min;
    try {
      const idx = await index!;
      // With margins unless that holds too many rows: then exactly the range shown, its note exact.
      let [a, b] = [min - span / 2, max + span / 2];
      let bands = await idx.bandsIn(a, b);
      if (bands.overlapping > MAX_BANDS) [a, b, bands] = [min, max, await idx.bandsIn(min, max)];
      if (mine !== ticket) return;
      held = { min: a, max: b, bands };
      note.textContent = bands.note;
      current?.setBands(bands);
    } catch (err) {
      if (mine === ticket) note.textContent = `⚠ ${err instanceof Error ? err.message : String(err)}`;
    }
  };
  const follow = (min: number, max: number) => {
    if (!index || serves(min, max)) return;
    clearTimeout(timer);
    timer = setTimeout(() => void read(min, max), held ? READ_DELAY_MS : 0);
  };

  const apply = (p: TracePlotHandle | undefined) => {
    stop?.();
    current = p;
    stop = p?.onXRange(follow);
    p?.setBands(index && held ? held.bands : null);
    if (p && index) {
      const [min, max] = p.xRange();
      follow(min, max);
    }
  };

  const { wrap } = labelledSelect("intervals", "intervals", [NONE, ...tables.map((t) => t.name)], NONE, (name) => {
    ++ticket;
    clearTimeout(timer);
    const table = tables.find((t) => t.name === name);
    note.textContent = "";
    held = null;
    index = table ? IntervalIndex.open(provider, table) : null;
    // An index that cannot open says why, in the note.
    index?.catch(() => undefined);
    apply(plot());
  }, { wrap: "sliderRow", label: "sliderLabel", select: "eventSelect" });
  wrap.append(note);
  return { element: wrap, apply };
}
