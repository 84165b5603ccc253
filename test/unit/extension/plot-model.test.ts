/** The DOM-free parts of the line plots and stacked traces: ticks, labels, channels, lanes, min/max reduction. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { axisTicks, axisTitle, niceStep, stepDecimals, tickLabel, ticksFor } from "../../../src/extension/view/model/plot-axis.js";
import { channelLabel, channelSpan, channelsText, parseChannels, stackLayout, stackRange } from "../../../src/extension/view/model/channels.js";
import { fileBase } from "../../../src/extension/view/model/file-name.js";

describe("axis ticks", () => {
  it("steps by 1, 2, 2.5 or 5 × 10^k", () => {
    assert.equal(niceStep(0, 10, 5), 2);
    assert.equal(niceStep(0, 1, 4), 0.25);
    assert.equal(niceStep(0, 4999, 8), 1000);
    assert.equal(niceStep(-3, 3, 6), 1);
    assert.equal(niceStep(5, 5, 5), 1, "an empty range steps by 1");
  });

  it("puts ticks on multiples of the step inside the range, labelled with the decimals the step needs", () => {
    assert.deepEqual(axisTicks(0, 4999, 8), { values: [0, 1000, 2000, 3000, 4000], labels: ["0", "1000", "2000", "3000", "4000"], step: 1000 });
    const t = axisTicks(-0.93, 0.93, 5);
    assert.deepEqual(t.labels, ["-0.5", "0.0", "0.5"]);
    assert.deepEqual(axisTicks(0, 0.199, 4).labels, ["0.00", "0.05", "0.10", "0.15"]);
    assert.deepEqual(axisTicks(1, 0, 2).values, [0, 0.5, 1], "a reversed range is sorted");
    assert.deepEqual(axisTicks(NaN, 1, 4).values, []);
  });

  it("writes labels of one axis alike, and very large or small scales in exponent form", () => {
    assert.equal(stepDecimals(1000), 0);
    assert.equal(stepDecimals(0.25), 2);
    assert.equal(stepDecimals(0.5), 1);
    assert.equal(tickLabel(1e-17, 1, 0.5), "0.0", "rounding noise is zero");
    assert.equal(tickLabel(2e8, 0, 1e8), "2e+8");
    assert.match(axisTicks(0, 3e-6, 3).labels[1], /e-6$/);
  });

  it("fits one tick per spacing, and titles axes with their unit", () => {
    assert.equal(ticksFor(800, 90), 8);
    assert.equal(ticksFor(10, 90), 2);
    assert.equal(axisTitle("ElectricalSeries", "volts"), "ElectricalSeries (volts)");
    assert.equal(axisTitle("signal", ""), "signal");
  });
});

describe("channels", () => {
  it("reads ranges and lists, in order, without repeats or channels beyond the count", () => {
    assert.deepEqual(parseChannels("0-3, 8, 10-11", 64), [0, 1, 2, 3, 8, 10, 11]);
    assert.deepEqual(parseChannels("5-2 2 x 70 3", 64), [2, 3, 4, 5]);
    assert.deepEqual(parseChannels("60-70", 64), [60, 61, 62, 63]);
    assert.deepEqual(parseChannels("", 4), []);
    assert.equal(channelsText([0, 1, 2, 3, 8, 10, 11]), "0-3, 8, 10-11");
    assert.deepEqual(channelSpan([8, 3, 5]), [3, 9]);
    assert.deepEqual(channelSpan([]), [0, 0]);
  });

  it("labels a channel with its electrode's id and location when known", () => {
    assert.equal(channelLabel(3), "ch 3");
    assert.equal(channelLabel(3, { id: 12, location: "CA1" }), "ch 3 · e12 · CA1");
    assert.equal(channelLabel(0, { id: 0, location: null }), "ch 0 · e0");
  });

  it("stacks lanes a largest peak-to-peak apart, the first on top, each centred", () => {
    const layout = stackLayout([[0, 2], [10, 14], [-1, 1]]);
    assert.deepEqual(layout, { spacing: 4, centres: [1, 12, 0], offsets: [8, 4, 0] });
    assert.deepEqual(stackRange(layout), [-2, 10]);
    assert.equal(stackLayout([[5, 5], [Infinity, -Infinity]]).spacing, 1, "flat traces get lanes 1 apart");
  });
});

describe("exported file names", () => {
  it("keep letters, digits, dots, dashes and underscores", () => {
    assert.equal(fileBase("ElectricalSeries channel 2"), "ElectricalSeries_channel_2");
    assert.equal(fileBase("a/b <c>"), "a_b_c");
    assert.equal(fileBase("///"), "plot");
  });
});
