/**
 * Spike raster model cost: the work the Units raster does in the page for one page of units once
 * their spike times are read: the ranges from the index, the marks (a tick per spike), the colours
 * by a numeric column and the x range. Page of UNITS units with SPIKES spikes in all.
 * Usage: node --import tsx bench/units-raster/run.ts [UNITS] [SPIKES] [REPEATS]   (defaults 50, 1e5, 20)
 */
import { colourBy, colourIndex, marksRange, raggedRanges, spikeMarks } from "../../src/extension/view/model/events.js";

const units = Number(process.argv[2] ?? 50);
const spikes = Number(process.argv[3] ?? 1e5);
const repeats = Number(process.argv[4] ?? 20);
const per = Math.floor(spikes / units);
const ends = Float64Array.from({ length: units }, (_, u) => (u + 1) * per);
const times = Float64Array.from({ length: per * units }, (_, i) => (i % per) * (600 / per));
const column = Array.from({ length: units }, (_, u) => u * 0.37);

function time(label: string, f: () => unknown): void {
  f();
  const t0 = performance.now();
  for (let i = 0; i < repeats; i++) f();
  console.log(`${label.padEnd(30)} ${((performance.now() - t0) / repeats).toFixed(2)} ms`);
}

console.log(`${units} units, ${per * units} spikes, mean of ${repeats} runs`);
const ranges = raggedRanges(ends, 0);
time("ranges from the index", () => raggedRanges(ends, 0));
const colouring = colourBy(column, "#000");
time("colours by a numeric column", () => colourBy(column, "#000"));
const { index } = colourIndex(colouring.colours, units, "#000");
const marks = spikeMarks(times, ranges, 0, index);
time("spike marks", () => spikeMarks(times, ranges, 0, index));
time("x range", () => marksRange(marks));
