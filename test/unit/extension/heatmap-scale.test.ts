/** The heatmap view's DOM-free parts: domains, the log mapping, colorbar and axis ticks, windows. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { colorAt } from "../../../src/extension/view/model/colormap.js";
import {
  COLORMAP_NAMES,
  colorbarLabels,
  colorbarTicks,
  computeDomain,
  covers,
  formatNumber,
  indexTicks,
  normalize,
  paintCells,
  panView,
  valueAt,
  windowToRead,
} from "../../../src/extension/view/model/heatmap-scale.js";

const values = Float64Array.from([-3, 0, 2, 8, NaN, Infinity]);

describe("heatmap domain", () => {
  it("auto is the finite min and max", () => {
    assert.deepEqual(computeDomain(values, "auto", "linear"), { lo: -3, hi: 8 });
  });
  it("symmetric is -m..m with m the largest magnitude", () => {
    assert.deepEqual(computeDomain(values, "symmetric", "linear"), { lo: -8, hi: 8 });
  });
  it("custom takes the typed ends (in either order) and ignores an empty range", () => {
    assert.deepEqual(computeDomain(values, "custom", "linear", { lo: 5, hi: 1 }), { lo: 1, hi: 5 });
    assert.deepEqual(computeDomain(values, "custom", "linear", { lo: 2, hi: 2 }), { lo: -3, hi: 8 });
  });
  it("a constant window gets a domain around its value", () => {
    assert.deepEqual(computeDomain([4, 4], "auto", "linear"), { lo: 3.5, hi: 4.5 });
  });
  it("an empty window says so", () => {
    const d = computeDomain([NaN], "auto", "linear");
    assert.deepEqual([d.lo, d.hi], [0, 1]);
    assert.match(d.note ?? "", /no finite values/);
  });
  it("log refuses a domain reaching 0, uses the positive values, and counts the masked ones", () => {
    const d = computeDomain(values, "auto", "log");
    assert.deepEqual([d.lo, d.hi], [2, 8]);
    assert.match(d.note ?? "", /refused/);
    assert.match(d.note ?? "", /2 values ≤ 0 not shown/);
    const s = computeDomain(values, "symmetric", "log");
    assert.deepEqual([s.lo, s.hi], [2, 8]);
  });
  it("log with no positive value says so", () => {
    assert.match(computeDomain([-1, 0], "auto", "log").note ?? "", /no positive values/);
  });
});

describe("log mapping", () => {
  const d = { lo: 1, hi: 1000 };
  it("maps decades evenly and masks non-positive values", () => {
    assert.equal(normalize(1, d, "log"), 0);
    assert.ok(Math.abs(normalize(10, d, "log") - 1 / 3) < 1e-12);
    assert.equal(normalize(1000, d, "log"), 1);
    assert.ok(Number.isNaN(normalize(0, d, "log")));
    assert.ok(Number.isNaN(normalize(-5, d, "log")));
    assert.ok(Math.abs(valueAt(2 / 3, d, "log") - 100) < 1e-9);
  });
  it("linear clamps outside the domain", () => {
    assert.equal(normalize(-10, { lo: 0, hi: 1 }, "linear"), 0);
    assert.equal(normalize(10, { lo: 0, hi: 1 }, "linear"), 1);
    assert.equal(valueAt(0.5, { lo: -4, hi: 4 }, "linear"), 0);
  });
  it("paints masked cells transparent and the ends with the colormap's ends", () => {
    const px = paintCells([0, 1, 1000], d, "log", "viridis");
    assert.equal(px[3], 0, "0 is masked on a log scale");
    assert.deepEqual([...px.slice(4, 8)], [...colorAt("viridis", 0), 255]);
    assert.deepEqual([...px.slice(8, 12)], [...colorAt("viridis", 1), 255]);
  });
});

describe("colorbar ticks", () => {
  it("linear: nice steps inside the domain", () => {
    assert.deepEqual(colorbarTicks({ lo: 0, hi: 100 }, "linear"), [0, 20, 40, 60, 80, 100]);
    assert.deepEqual(colorbarTicks({ lo: -8, hi: 8 }, "linear"), [-8, -6, -4, -2, 0, 2, 4, 6, 8]);
  });
  it("log: powers of ten, with 1-2-5 steps over few decades", () => {
    assert.deepEqual(colorbarTicks({ lo: 1, hi: 1e6 }, "log"), [1, 100, 10000, 1000000]);
    assert.deepEqual(colorbarTicks({ lo: 1, hi: 100 }, "log"), [1, 2, 5, 10, 20, 50, 100]);
  });
  it("labels: the ends first and last, no tick crowding them", () => {
    const labels = colorbarLabels({ lo: 0.5, hi: 99.5, scale: "linear" });
    assert.deepEqual(labels[0], { value: 99.5, t: 1, end: true });
    assert.deepEqual(labels.at(-1), { value: 0.5, t: 0, end: true });
    assert.ok(labels.slice(1, -1).every((k) => k.t > 0.08 && k.t < 0.92 && !k.end));
    assert.deepEqual(labels.map((k) => k.value), [99.5, 80, 60, 40, 20, 0.5]);
  });
  it("numbers are compact", () => {
    assert.deepEqual([0, 12.3456, -8, 123456, 0.0001].map(formatNumber), ["0", "12.35", "-8", "1.23e+5", "1e-4"]);
  });
});

describe("index axes and windows", () => {
  it("axis ticks are integers at nice steps inside the range", () => {
    assert.deepEqual(indexTicks(-0.5, 39.5, 5), [0, 10, 20, 30]);
    assert.deepEqual(indexTicks(9.5, 14.5, 10), [10, 11, 12, 13, 14]);
    assert.deepEqual(indexTicks(0.2, 0.8, 4), []);
  });
  it("a window to read is centred on the view, full size, inside the array", () => {
    assert.deepEqual(windowToRead({ r0: 500, r1: 520, c0: 0, c1: 10 }, 1000, 40, 256), { r0: 382, r1: 638, c0: 0, c1: 40 });
    assert.deepEqual(windowToRead({ r0: 990, r1: 1000, c0: 0, c1: 10 }, 1000, 40, 256), { r0: 744, r1: 1000, c0: 0, c1: 40 });
    assert.ok(covers({ r0: 0, r1: 10, c0: 0, c1: 10 }, { r0: 2, r1: 10, c0: 0, c1: 5 }));
    assert.ok(!covers({ r0: 0, r1: 10, c0: 0, c1: 10 }, { r0: 2, r1: 11, c0: 0, c1: 5 }));
  });
  it("panning keeps the view's size and stays inside the array", () => {
    assert.deepEqual(panView({ r0: 0, r1: 10, c0: 0, c1: 20 }, 0.25, 0, 100, 20), { r0: 2.5, r1: 12.5, c0: 0, c1: 20 });
    assert.deepEqual(panView({ r0: 0, r1: 10, c0: 0, c1: 20 }, -1, 1, 100, 20), { r0: 0, r1: 10, c0: 0, c1: 20 });
  });
  it("lists every colormap", () => {
    assert.deepEqual(COLORMAP_NAMES, ["viridis", "magma", "gray", "coolwarm"]);
  });
});
