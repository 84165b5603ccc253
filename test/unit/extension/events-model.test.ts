/** The models of the NWB event views: ragged ranges from an index, lanes, colours by a column, spike marks. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cellKey, colourBy, colourIndex, indexWindow, marksRange, PALETTE, raggedRanges, rowLanes, spikeMarks, valueLanes } from "../../../src/extension/view/model/events.js";
import { eventTableKind } from "../../../src/extension/view/model/display-kind.js";
import type { Entity } from "../../../src/extension/provider/data-provider.js";

describe("event view models", () => {
  it("cuts the ranges of a page of rows from the index read one row before it", () => {
    // Index ends of 4 units: 3, 3 (empty), 7, 10.
    const ends = [3, 3, 7, 10];
    assert.deepEqual(indexWindow(0, 2), [0, 2]);
    assert.deepEqual(raggedRanges(ends.slice(0, 2), 0), [[0, 3], [3, 3]]);
    assert.deepEqual(indexWindow(2, 4), [1, 4]);
    assert.deepEqual(raggedRanges(ends.slice(1, 4), 2), [[3, 7], [7, 10]]);
    assert.deepEqual(raggedRanges(new Float64Array([]), 0), []);
  });

  it("puts the spikes of each unit in its lane, read from an offset block", () => {
    const times = [0.5, 0.6, 0.7, 1.5, 2.5]; // spikes 3..7 of the column
    const m = spikeMarks(times, [[3, 5], [5, 5], [5, 8]], 3, [0, 1, 0]);
    assert.deepEqual([...m.x0], times);
    assert.deepEqual([...m.lane], [0, 0, 2, 2, 2]);
    assert.deepEqual([...m.colour], [0, 0, 0, 0, 0]);
    assert.deepEqual(marksRange(m), [0.5, 2.5]);
    assert.deepEqual(marksRange(spikeMarks([], [], 0, [])), [0, 1]);
    assert.deepEqual(marksRange(spikeMarks([2], [[0, 1]], 0, [0])), [1.5, 2.5]);
  });

  it("makes lanes per row or per value (lists such as tags as one value)", () => {
    assert.deepEqual(rowLanes([10, 11]), { lane: [0, 1], labels: ["10", "11"] });
    assert.deepEqual(valueLanes(["go", "stop", "go", null]), { lane: [0, 1, 0, 2], labels: ["go", "stop", "—"] });
    assert.equal(cellKey(["a", "b"]), "a, b");
  });

  it("colours categories from the palette and many numbers along a colormap, with a legend", () => {
    const cat = colourBy(["good", "mua", "good"], "#000");
    assert.deepEqual(cat.colours, [PALETTE[0], PALETTE[1], PALETTE[0]]);
    assert.deepEqual(cat.legend, { kind: "categories", entries: [{ label: "good", colour: PALETTE[0] }, { label: "mua", colour: PALETTE[1] }] });
    const nums = colourBy(Array.from({ length: 12 }, (_, i) => i * 2), "#000");
    assert.equal(nums.legend.kind, "range");
    if (nums.legend.kind === "range") assert.deepEqual([nums.legend.min, nums.legend.max], [0, 22]);
    assert.equal(nums.colours[0], "#440154", "viridis' low end");
    assert.equal(nums.colours[11], "#fde725", "viridis' high end");
    assert.deepEqual(colourBy(null, "#000"), { colours: [], legend: { kind: "none" } });
    assert.deepEqual(colourIndex(["#a", "#b", "#a"], 4, "#f"), { index: [0, 1, 0, 2], colours: ["#a", "#b", "#f"] });
  });

  it("tells Units and TimeIntervals tables apart by their columns", () => {
    const table = (colnames: string[]) => ({ kind: "group", attributes: { colnames } }) as unknown as Entity;
    assert.deepEqual(eventTableKind(table(["spike_times", "quality"])), { kind: "units" });
    assert.deepEqual(eventTableKind(table(["start_time", "stop_time", "tags"])), { kind: "intervals" });
    assert.equal(eventTableKind(table(["location"])), undefined);
  });
});
