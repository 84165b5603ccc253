/**
 * The samples of a plot over a dataset's first dimension, as the trace plot reads them: blocks of
 * rows of the channels shown (one read covers the span of the channels listed) with their times.
 */
import type { DataProvider, Entity, ValueSelection } from "../provider/data-provider.js";
import { channelSpan } from "./model/channels.js";
import { timesFor, type SeriesClock, type TimeAxis } from "./model/time-axis.js";
import type { TraceSource } from "./plot/trace-plot.js";

/** What to read: the dataset, its samples, the channels shown (none: a 1-d dataset) and the time axis. */
export interface SeriesSourceOptions {
  data: Entity;
  total: number;
  /** Channels (second dimension) to show; empty for one trace of a 1-d dataset or one column. */
  channels: readonly number[];
  axis: TimeAxis;
  /** Told the times of each block read (irregular timestamps are searched from what is known). */
  clock: SeriesClock;
  labels: string[];
}

/** A trace source reading `options.data` through `provider`. */
export function seriesSource(provider: DataProvider, o: SeriesSourceOptions): TraceSource {
  const shape = o.data.shape ?? [];
  const [c0, c1] = o.channels.length ? channelSpan(o.channels) : [0, 1];
  const width = shape.length > 1 ? c1 - c0 : 1;
  return {
    total: o.total,
    clock: o.clock,
    rowValues: width,
    picks: o.channels.length ? o.channels.map((c) => c - c0) : [0],
    labels: o.labels,
    chunkRows: o.data.array?.chunks[0] ?? 0,
    read: async (a, b) => {
      // Further dimensions are read at index 0.
      const sel: ValueSelection = [[a, b], ...shape.slice(1).map((_, d) => (d === 0 ? ([c0, c1] as const) : 0))];
      const [block, xs] = await Promise.all([provider.getValues(o.data.path, sel), timesFor(provider, o.axis, a, b)]);
      o.clock.learn(a, xs);
      return { start: a, xs, rows: block.numbers ?? new Float64Array(0), width };
    },
  };
}
