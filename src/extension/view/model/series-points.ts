/**
 * The points of a TimeSeries plot from a payload's series preview: one channel's values over the
 * samples' times (`start + i / rate`, or the timestamps the payload carries).
 */
import type { SeriesPreview } from "../../../repr/payload/types.js";
import { jsonNumber } from "../../provider/value-block.js";

/** x (seconds, or sample index) and y of one channel, and what the x axis is. */
export interface SeriesPoints {
  xs: Float64Array;
  ys: Float64Array;
  xLabel: string;
}

/** The points of channel `channel` (clamped to the channels the preview holds). */
export function seriesPoints(series: SeriesPreview, channel: number): SeriesPoints {
  const c = Math.min(Math.max(0, Math.floor(channel)), Math.max(0, series.channels.length - 1));
  const ys = Float64Array.from(series.channels[c] ?? [], jsonNumber);
  const n = ys.length;
  const time = series.time;
  const xs = time.kind === "rate" && time.rate > 0
    ? Float64Array.from({ length: n }, (_, i) => time.start + i / time.rate)
    : time.kind === "timestamps"
      ? Float64Array.from({ length: n }, (_, i) => jsonNumber(time.values[i] ?? null))
      : Float64Array.from({ length: n }, (_, i) => i);
  return { xs, ys, xLabel: time.kind === "rate" && !(time.rate > 0) ? "sample" : "time (s)" };
}

/** What the plot shows, in words: `samples 0–199 of 200 · channel 1 of 4 · volts · 1000 Hz from 0 s`. */
export function seriesCaption(series: SeriesPreview, channel: number): string {
  const total = series.shape[0] ?? 0;
  const channels = series.shape[1] ?? 1;
  const parts = [series.samples ? `samples 0–${series.samples - 1} of ${total}` : `no samples of ${total}`];
  if (series.shape.length > 1) parts.push(`channel ${channel} of ${channels}`);
  if (series.unit) parts.push(series.unit);
  if (series.time.kind === "rate") parts.push(`${series.time.rate} Hz from ${series.time.start} s`);
  else parts.push("timestamps");
  return parts.join(" · ");
}
