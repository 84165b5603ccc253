/**
 * The time link's cursor (`model/time-link.ts`): the pointer's time over one plot reaches the other
 * plots of the same store only, is taken back when the pointer leaves or its plot leaves the link,
 * and its readout has as many decimals as tell one pixel column from the next.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cursorText, joinTimeLink, timeLinkSize } from "../../../src/extension/view/model/time-link.js";

/** A member that writes what it is told into `seen`, prefixed with its name. */
function member(key: string, name: string, seen: string[]) {
  return joinTimeLink(key, { range: (r) => seen.push(`${name} range ${r}`), cursor: (t) => seen.push(`${name} cursor ${t}`) });
}

describe("time link cursor", () => {
  it("sends the pointer's time to the other plots of the same store, and null when it leaves", () => {
    const seen: string[] = [];
    const traces = member("/data/cursor.nwb.zarr", "traces", seen);
    const raster = member("/data/cursor.nwb.zarr", "raster", seen);
    const other = member("/data/elsewhere.nwb.zarr", "other", seen);
    traces.point(3.25);
    traces.point(3.5);
    traces.point(null);
    assert.deepEqual(seen, ["raster cursor 3.25", "raster cursor 3.5", "raster cursor null"]);
    // A plot the pointer is not over saying "left" does not hide the cursor another one shows.
    seen.length = 0;
    traces.point(4);
    raster.point(null);
    assert.deepEqual(seen, ["raster cursor 4"]);
    // The pointer moves from the traces to the raster: the raster's time reaches the traces.
    traces.point(null);
    raster.point(2);
    assert.deepEqual(seen, ["raster cursor 4", "raster cursor null", "traces cursor 2"]);
    // Ranges still go their way beside the cursor.
    seen.length = 0;
    raster.publish([1, 2]);
    assert.deepEqual(seen, ["traces range 1,2"]);
    traces.leave();
    raster.leave();
    other.leave();
    assert.equal(timeLinkSize("/data/cursor.nwb.zarr"), 0);
  });

  it("takes the cursor back when the plot under the pointer leaves the link (unlinked or gone)", () => {
    const seen: string[] = [];
    const traces = member("/data/leave.nwb.zarr", "traces", seen);
    const raster = member("/data/leave.nwb.zarr", "raster", seen);
    const bars = member("/data/leave.nwb.zarr", "bars", seen);
    traces.point(7.5);
    bars.leave();
    assert.deepEqual(seen, ["raster cursor 7.5", "bars cursor 7.5"], "a plot leaving while another points hides nothing");
    traces.leave();
    assert.deepEqual(seen, ["raster cursor 7.5", "bars cursor 7.5", "raster cursor null"]);
    // A time that is not a number places no cursor.
    seen.length = 0;
    const again = member("/data/leave.nwb.zarr", "again", seen);
    raster.point(1);
    raster.point(Number.NaN);
    assert.deepEqual(seen, ["again cursor 1", "again cursor null"]);
    again.leave();
    raster.leave();
  });

  it("reads out the time with the decimals of one pixel column", () => {
    assert.equal(cursorText(3.14159, [2.5, 4.5], 800), "3.1416 s", "2 s over 800 px: 0.0025 s a column");
    assert.equal(cursorText(3.14159, [0, 100], 500), "3.1 s", "100 s over 500 px: 0.2 s a column");
    assert.equal(cursorText(1234.5678, [0, 10000], 400), "1235 s", "whole seconds when a column spans 25 s");
    assert.equal(cursorText(0.000123456, [0, 0.001], 1000), "1.23e-4 s", "exponent form for microsecond columns");
  });
});
