/**
 * The "intervals" select of a TimeSeries view: the file's TimeIntervals tables (trials, epochs …),
 * one of which shades its [start, stop) bands over the trace plot.
 */
import type { DataProvider } from "../provider/data-provider.js";
import { el, labelledSelect } from "./dom.js";
import { intervalTables, readIntervalBands, type IntervalBands } from "./model/interval-bands.js";
import type { TracePlotHandle } from "./plot/trace-plot.js";

const NONE = "(none)";

/** The select, and what puts the bands chosen on a plot (also a plot drawn later). */
export interface IntervalOverlay {
  element: HTMLElement;
  apply(plot: TracePlotHandle | undefined): void;
}

/** The overlay control of the file behind `provider`, or null when the file has no intervals table. */
export async function intervalOverlay(provider: DataProvider, plot: () => TracePlotHandle | undefined): Promise<IntervalOverlay | null> {
  const tables = await intervalTables(provider);
  if (!tables.length) return null;
  let bands: IntervalBands | null = null;
  let ticket = 0;
  const note = el("span", "note intervalNote");
  const apply = (p: TracePlotHandle | undefined) => p?.setBands(bands);
  const { wrap } = labelledSelect("intervals", "intervals", [NONE, ...tables.map((t) => t.name)], NONE, (name) => {
    const mine = ++ticket;
    const table = tables.find((t) => t.name === name);
    note.textContent = "";
    if (!table) {
      bands = null;
      return apply(plot());
    }
    void readIntervalBands(provider, table).then(
      (b) => {
        if (mine !== ticket) return;
        bands = b;
        if (b.x0.length < b.rows) note.textContent = `the first ${b.x0.length} of ${b.rows} intervals`;
        apply(plot());
      },
      (err) => {
        if (mine === ticket) note.textContent = `⚠ ${err instanceof Error ? err.message : String(err)}`;
      },
    );
  }, { wrap: "sliderRow", label: "sliderLabel", select: "eventSelect" });
  wrap.append(note);
  return { element: wrap, apply };
}
