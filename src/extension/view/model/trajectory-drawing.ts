/**
 * What the trajectory plot draws, DOM-free: its path cut into runs of one colour (a canvas stroke
 * or an SVG path each) and the marks of its time colour legend. The canvas, the SVG export and the
 * legend on screen all take them from here.
 */
import type { PathSink } from "./trace-path.js";
import type { TimeLegend } from "./trajectory.js";

/** Consecutive segments of the path drawn in one colour. */
export interface ColourRun {
  /** The colour step (0–255 of the time colour scale) of every segment of the run. */
  colour: number;
  /** Pieces of the run: sample indices joined by straight lines; the pen lifts between pieces (a gap). */
  pieces: number[][];
}

/**
 * The runs of the path through (`xs[i]`, `ys[i]`): segment i−1 → i takes the colour of its end,
 * `colourOf[i]`; segments of the same colour one after another are one run. A segment with an end
 * that is not a number is left out: the line has a gap there, and goes on from the next segment.
 */
export function colourRuns(xs: Float64Array, ys: Float64Array, colourOf: Uint8Array): ColourRun[] {
  const runs: ColourRun[] = [];
  let run: ColourRun | undefined;
  let piece: number[] | undefined;
  const n = Math.min(xs.length, ys.length, colourOf.length);
  for (let i = 1; i < n; i++) {
    if (!(Number.isFinite(xs[i - 1]) && Number.isFinite(ys[i - 1]) && Number.isFinite(xs[i]) && Number.isFinite(ys[i]))) {
      piece = undefined;
      continue;
    }
    const colour = colourOf[i];
    if (run?.colour !== colour) {
      runs.push((run = { colour, pieces: [] }));
      piece = undefined;
    }
    if (piece?.[piece.length - 1] !== i - 1) run.pieces.push((piece = [i - 1]));
    piece!.push(i);
  }
  return runs;
}

/** Write `run` to `sink`, sample i at (`px(i)`, `py(i)`). */
export function runPath(run: ColourRun, px: (i: number) => number, py: (i: number) => number, sink: PathSink): void {
  for (const piece of run.pieces) {
    sink.moveTo(px(piece[0]), py(piece[0]));
    for (let k = 1; k < piece.length; k++) sink.lineTo(px(piece[k]), py(piece[k]));
  }
}

/** A labelled place on the colour legend. */
export interface LegendMark {
  value: number;
  text: string;
  /** The first or last time of the window (the others are ticks between). */
  end: boolean;
  /** Where along the bar, 0 (first time) to 1 (last). */
  at: number;
}

/** The marks of a window's time `legend` (`timeLegend`): its first and last time (6 digits) and nice ticks between. */
export function legendMarks(legend: TimeLegend): LegendMark[] {
  const span = legend.max - legend.min;
  const at = (v: number) => (span > 0 ? (v - legend.min) / span : 0);
  const [first, last] = [legend.min, legend.max].map((v) => Number(v.toPrecision(6)));
  const inner = legend.ticks.values.flatMap((v, i) => (v > legend.min && v < legend.max ? [{ value: v, text: legend.ticks.labels[i], end: false, at: at(v) }] : []));
  return [{ value: first, text: String(first), end: true, at: at(first) }, ...inner, { value: last, text: String(last), end: true, at: at(last) }];
}
