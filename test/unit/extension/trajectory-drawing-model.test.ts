/**
 * What the trajectory plot draws (`model/trajectory-drawing.ts`): the path cut into runs of one
 * colour with gaps where a coordinate is not a number, the points of a run as a path, and the
 * marks of the time legend.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { colourRuns, legendMarks, runPath } from "../../../src/extension/view/model/trajectory-drawing.js";
import { timeColourIndex, timeLegend } from "../../../src/extension/view/model/trajectory.js";

const f64 = (xs: number[]) => Float64Array.from(xs);

describe("trajectory drawing", () => {
  it("merges segments of one colour into a run; a new colour starts a new run at the segment's start", () => {
    const xs = f64([0, 1, 2, 3, 4, 5]), ys = f64([0, 1, 0, 1, 0, 1]);
    // Segment i−1 → i takes colour[i]: segments 1–2 colour 10, 3–4 colour 20, 5 colour 10 again.
    const runs = colourRuns(xs, ys, Uint8Array.from([0, 10, 10, 20, 20, 10]));
    assert.deepEqual(runs, [
      { colour: 10, pieces: [[0, 1, 2]] },
      { colour: 20, pieces: [[2, 3, 4]] },
      { colour: 10, pieces: [[4, 5]] },
    ]);
  });

  it("leaves out segments with a coordinate that is not a number: a gap, the run goes on after it", () => {
    const xs = f64([0, 1, NaN, 3, 4, 5]), ys = f64([0, 1, 2, 3, Infinity, 5]);
    const runs = colourRuns(xs, ys, new Uint8Array(6).fill(7));
    // Only 0→1 has finite ends: 1→2 and 2→3 touch the NaN x, 3→4 and 4→5 the infinite y.
    assert.deepEqual(runs, [{ colour: 7, pieces: [[0, 1]] }]);
    const gappy = colourRuns(f64([0, 1, NaN, 3, 4]), f64([0, 0, 0, 0, 0]), new Uint8Array(5).fill(7));
    assert.deepEqual(gappy, [{ colour: 7, pieces: [[0, 1], [3, 4]] }], "one run, two pieces: the pen lifts over the gap");
    assert.deepEqual(colourRuns(f64([1]), f64([1]), new Uint8Array(1)), [], "one sample: no segment");
  });

  it("writes a run as moves and lines through its samples' pixels", () => {
    const run = { colour: 0, pieces: [[0, 1], [3, 4]] };
    const ops: string[] = [];
    runPath(run, (i) => i * 10, (i) => 100 - i, { moveTo: (x, y) => ops.push(`M${x},${y}`), lineTo: (x, y) => ops.push(`L${x},${y}`) });
    assert.deepEqual(ops, ["M0,100", "L10,99", "M30,97", "L40,96"]);
  });

  it("runs of timestamps evenly spread: one per colour step the segments reach", () => {
    const n = 11, times = f64(Array.from({ length: n }, (_, i) => 2 + i * 0.5));
    const legend = timeLegend(times);
    const colours = timeColourIndex(times, legend.min, legend.max);
    const runs = colourRuns(times, times, colours);
    assert.equal(runs.length, n - 1, "each segment its own step (255 / 10 apart)");
    assert.deepEqual(runs.map((r) => r.colour), [26, 51, 77, 102, 128, 153, 179, 204, 230, 255]);
  });

  it("marks the legend with the first and last time and nice ticks between, placed along the bar", () => {
    const marks = legendMarks(timeLegend(f64([2, 2.05, 11.95])));
    assert.deepEqual(marks[0], { value: 2, text: "2", end: true, at: 0 });
    assert.deepEqual(marks.at(-1), { value: 11.95, text: "11.95", end: true, at: 1 });
    assert.deepEqual(marks.slice(1, -1).map((m) => m.text), ["4", "6", "8", "10"]);
    assert.ok(Math.abs(marks[1].at - 2 / 9.95) < 1e-12, `tick 4 at ${marks[1].at}`);
    const long = legendMarks(timeLegend(f64([0, 1 / 3])));
    assert.equal(long.at(-1)!.text, "0.333333", "ends written with 6 digits");
  });
});
