import { test } from "node:test";
import assert from "node:assert/strict";
import { finiteRange } from "../../../src/extension/view/model/downsample.js";
import { splitColumns, timeColourIndex, timeLegend, trajectoryMode } from "../../../src/extension/view/model/trajectory.js";
import {
  entriesExtent,
  entryPlanes,
  labelPlane,
  maskBounds,
  maskEntryOf,
  maskOutline,
  planeToShow,
  raggedSpan,
  rasterizeEntries,
  roiColour,
  type MaskPlane,
} from "../../../src/extension/view/model/roi-masks.js";

test("trajectory mode follows the data's columns", () => {
  assert.deepEqual(trajectoryMode([100]), { kind: "line" });
  assert.deepEqual(trajectoryMode([100, 1]), { kind: "line" });
  assert.deepEqual(trajectoryMode([100, 2]), { kind: "xy", extraDims: 0 });
  assert.deepEqual(trajectoryMode([100, 3]), { kind: "xy", extraDims: 1 });
});

test("splitColumns takes x and y out of a C-order block", () => {
  const { xs, ys } = splitColumns(Float64Array.from([1, 2, 3, 4, 5, 6]), 3);
  assert.deepEqual([...xs], [1, 4]);
  assert.deepEqual([...ys], [2, 5]);
});

test("finiteRange skips NaN and widens a single value", () => {
  assert.deepEqual(finiteRange([NaN, 3, -1, Infinity]), [-1, 3]);
  assert.deepEqual(finiteRange([2, 2]), [1.5, 2.5]);
  assert.deepEqual(finiteRange([NaN]), [0, 1]);
});

test("time colour index spans 0..255 over the window", () => {
  assert.deepEqual([...timeColourIndex(Float64Array.from([10, 15, 20, NaN]), 10, 20)], [0, 128, 255, 0]);
  assert.deepEqual([...timeColourIndex(Float64Array.from([1, 1]), 1, 1)], [0, 0]);
});

test("time legend spans the window's first and last time", () => {
  const l = timeLegend(Float64Array.from({ length: 11 }, (_, i) => 2 + i * 0.5));
  assert.equal(l.min, 2);
  assert.equal(l.max, 7);
  assert.ok(l.ticks.values[0] >= 2 && l.ticks.values[l.ticks.values.length - 1] <= 7);
  assert.ok(l.ticks.values.includes(4));
});

test("mask entries come from objects or arrays, and rasterize in bounds", () => {
  assert.deepEqual(maskEntryOf({ x: 1, y: 2, weight: 0.5 }), { x: 1, y: 2, weight: 0.5 });
  assert.deepEqual(maskEntryOf([3, 4, 1]), { x: 3, y: 4, weight: 1 });
  assert.deepEqual(maskEntryOf([3, 4, 2, 1], true), { x: 3, y: 4, z: 2, weight: 1 });
  assert.equal(maskEntryOf(null), null);
  // Rows are x, columns y (as image_mask[roi][x][y]).
  const entries = [{ x: 0, y: 1, weight: 1 }, { x: 1, y: 2, weight: 0.5 }, { x: 9, y: 4, weight: 1 }];
  const m = rasterizeEntries(entries, 3, 2);
  assert.deepEqual([...m.values], [0, 1, 0, 0, 0, 0.5]);
  assert.deepEqual(entriesExtent(entries), { width: 5, height: 10 });
  const vox = rasterizeEntries([{ x: 0, y: 0, z: 1, weight: 1 }, { x: 0, y: 1, z: 0, weight: 1 }], 2, 1, 0);
  assert.deepEqual([...vox.values], [0, 1]);
});

test("outline of a 2×2 square is its 8 boundary edges; bounds and centroid", () => {
  const m: MaskPlane = { width: 4, height: 4, values: new Float64Array(16) };
  for (const [x, y] of [[1, 1], [2, 1], [1, 2], [2, 2]]) m.values[y * 4 + x] = 1;
  const segs = maskOutline(m);
  assert.equal(segs.length, 8);
  assert.ok(segs.every((s) => s.every((v) => v >= 1 && v <= 3)));
  assert.deepEqual(maskBounds(m), { x0: 1, y0: 1, x1: 2, y1: 2, cx: 1.5, cy: 1.5, pixels: 4 });
  assert.equal(maskBounds({ width: 2, height: 2, values: new Float64Array(4) }), null);
});

test("label plane names the last ROI over a pixel", () => {
  const a: MaskPlane = { width: 2, height: 1, values: Float64Array.from([1, 1]) };
  const b: MaskPlane = { width: 2, height: 1, values: Float64Array.from([0, 1]) };
  assert.deepEqual([...labelPlane([a, b], 2, 1)], [0, 1]);
});

test("roi colours cycle and ragged spans follow the index", () => {
  assert.deepEqual(roiColour(10), roiColour(0));
  assert.notDeepEqual(roiColour(1), roiColour(0));
  assert.deepEqual(raggedSpan([3, 5, 9], 0), [0, 3]);
  assert.deepEqual(raggedSpan([3, 5, 9], 2), [5, 9]);
});

test("ROI ids select rows, in order, up to a limit; rows group into runs", async () => {
  const { rowsForIds, rowRuns } = await import("../../../src/extension/view/model/roi-masks.js");
  assert.deepEqual(rowsForIds("12, 10-11, 99", [10, 11, 12, 13], 50), { rows: [2, 0, 1], unknown: ["99"] });
  assert.deepEqual(rowsForIds("10-13", [10, 11, 12, 13], 2), { rows: [0, 1], unknown: [] });
  assert.deepEqual(rowsForIds("x, 1", [1], 5), { rows: [0], unknown: ["x"] });
  assert.deepEqual(rowRuns([5, 1, 2, 3, 7]), [[1, 4], [5, 6], [7, 8]]);
});

test("voxel masks past z = 0: their planes, the first drawn, and one plane rasterized at a time", () => {
  const voxels = [{ x: 0, y: 0, z: 2, weight: 1 }, { x: 1, y: 1, z: 1, weight: 1 }, { x: 1, y: 0, z: 2.2, weight: 0.5 }];
  assert.deepEqual(entryPlanes(voxels), [1, 2]);
  assert.deepEqual(entryPlanes([{ x: 0, y: 0, weight: 1 }]), [], "pixel masks have no planes");
  assert.equal(planeToShow(null, [1, 2]), 1, "the first plane with voxels, not an empty z = 0");
  assert.equal(planeToShow(0, [1, 2]), 0, "the plane asked for");
  assert.equal(planeToShow(null, []), 0);
  assert.deepEqual([...rasterizeEntries(voxels, 2, 2, 2).values], [1, 0, 0.5, 0]);
  assert.deepEqual([...rasterizeEntries(voxels, 2, 2, 1).values], [0, 0, 0, 1]);
  assert.deepEqual([...rasterizeEntries(voxels, 2, 2, 0).values], [0, 0, 0, 0]);
});
