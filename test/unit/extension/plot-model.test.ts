/** The DOM-free parts of the line plots and stacked traces: ticks, labels, channels, lanes, min/max reduction. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { axisTicks, axisTitle, niceStep, stepDecimals, tickLabel, ticksFor } from "../../../src/extension/view/model/plot-axis.js";
import { channelLabel, channelSpan, channelsText, parseChannels, stackLayout, stackRange, stackTraces } from "../../../src/extension/view/model/channels.js";
import { minMaxTraces } from "../../../src/extension/view/model/downsample.js";
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

  it("cuts channels out of a samples × channels block and moves them into their lanes", () => {
    // 3 samples × channels 2..4 (width 3): value = sample * 10 + channel.
    const block = Float64Array.from({ length: 9 }, (_, k) => Math.floor(k / 3) * 10 + 2 + (k % 3));
    const { traces, layout } = stackTraces(block, 3, 2, [2, 4]);
    assert.equal(layout.spacing, 20);
    // Channel 2: 2, 12, 22, centred on 12, in lane 20; channel 4 centred on 14 in lane 0.
    assert.deepEqual([...traces[0]], [10, 20, 30]);
    assert.deepEqual([...traces[1]], [-10, 0, 10]);
  });
});

describe("min/max traces", () => {
  it("keeps every sample when there are few", () => {
    const xs = Float64Array.from([0, 1, 2, 3]);
    const r = minMaxTraces(xs, [Float64Array.from([5, 6, 7, 8])], 1, 3, 10);
    assert.deepEqual([...r.xs], [1, 2]);
    assert.deepEqual([...r.ys[0]], [6, 7]);
  });

  it("reduces long windows to a min and a max per column, spikes kept, all traces on one x", () => {
    const n = 10_000;
    const xs = Float64Array.from({ length: n }, (_, i) => i / 1000);
    const a = Float64Array.from({ length: n }, (_, i) => (i === 4321 ? 100 : Math.sin(i / 50)));
    const b = Int16Array.from({ length: n }, (_, i) => i % 7);
    const r = minMaxTraces(xs, [a, b], 0, n, 100);
    assert.equal(r.xs.length, 200);
    assert.equal(r.ys.length, 2);
    assert.equal(r.xs[86], r.xs[87], "min and max of a column share its x");
    assert.equal(r.xs[86], 4.3, "column 43 starts at sample 4300");
    assert.equal(r.ys[0][87], 100, "the spike survives");
    assert.equal(Math.max(...r.ys[1]), 6);
    assert.equal(Math.min(...r.ys[1]), 0);
    const part = minMaxTraces(xs, [a], 5000, 9000, 100);
    assert.equal(part.xs[0], 5);
  });
});

describe("exported file names", () => {
  it("keep letters, digits, dots, dashes and underscores", () => {
    assert.equal(fileBase("ElectricalSeries channel 2"), "ElectricalSeries_channel_2");
    assert.equal(fileBase("a/b <c>"), "a_b_c");
    assert.equal(fileBase("///"), "plot");
  });
});
