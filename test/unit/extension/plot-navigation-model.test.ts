/**
 * The DOM-free parts of navigating line plots and stacked traces by their x axis: the reads of a
 * range (blocks, sampled runs, limits), the envelope they fold into, the path drawn from it, the
 * log axis and the per-store time link.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyEnvelope, envelopeExtent, envelopeRanges, foldBlock } from "../../../src/extension/view/model/downsample.js";
import { envelopeServes, planSampleRead, readDecimation, readEnvelope, samplesCaption } from "../../../src/extension/view/model/sample-reads.js";
import { traceEnvelopePath, type PathSink } from "../../../src/extension/view/model/trace-path.js";
import { logAxisTicks } from "../../../src/extension/view/model/plot-axis.js";
import { joinTimeLink, timeLinkSize } from "../../../src/extension/view/model/time-link.js";

/** A reader of `n` samples × `width` values, value = sample × 10 + column; records what it read. */
function reader(width: number, times = (i: number) => i / 1000) {
  const reads: [number, number][] = [];
  const read = async (a: number, b: number) => {
    reads.push([a, b]);
    return {
      start: a,
      xs: Float64Array.from({ length: b - a }, (_, i) => times(a + i)),
      rows: Float64Array.from({ length: (b - a) * width }, (_, k) => (a + Math.floor(k / width)) * 10 + (k % width)),
      width,
    };
  };
  return { read, reads };
}

describe("the reads of a range", () => {
  it("reads a short range whole, in blocks that start on chunk edges, every sample kept", () => {
    const plan = planSampleRead(1_000_000, 0, 5000, 8000, 64, 10_000);
    assert.deepEqual(plan.blocks, [[0, 5000]]);
    assert.equal(plan.decimation, 1);
    assert.equal(plan.sampled, false);
    // 30,000 samples × 64 values in blocks of ≤ 500,000 values, cut on the 1000-row chunk edges.
    const wide = planSampleRead(1_000_000, 2500, 32_500, 1000, 64, 1000);
    assert.deepEqual(wide.blocks.slice(0, 3), [[2500, 9000], [9000, 16000], [16000, 23000]]);
    assert.equal(wide.blocks.at(-1)![1], 32_500);
    assert.ok(wide.blocks.every(([a, b]) => (b - a) * 64 <= 500_000), "no block over the block limit");
    assert.equal(wide.decimation, 30);
    assert.equal(wide.columns, 1000);
  });

  it("samples a range too long to read whole: one short run per stretch, never more than the limit", () => {
    const plan = planSampleRead(1_000_000, 0, 1_000_000, 1000, 64);
    assert.equal(plan.sampled, true);
    assert.equal(plan.blocks.length, 200);
    assert.equal(plan.decimation, 5000);
    assert.deepEqual(plan.blocks[1], [5000, 5156]);
    const values = plan.blocks.reduce((s, [a, b]) => s + (b - a) * 64, 0);
    assert.ok(values <= 2_000_000, `${values} values read`);
    assert.deepEqual(planSampleRead(100, -50, 500, 10, 1).blocks, [[0, 100]], "clamped to the samples there are");
  });

  it("folds blocks into min/max columns, spikes kept, and counts the values a log axis leaves out", async () => {
    const { read, reads } = reader(3);
    const plan = planSampleRead(10_000, 1000, 9000, 100, 3);
    const env = await readEnvelope(plan, [0, 2], read);
    assert.deepEqual(reads, [[1000, 9000]]);
    assert.equal(env.decimation, 80);
    assert.equal(env.count, 100);
    // Column 1 holds samples 1080–1159: column 0 of those is 10800–11590, column 2 is 10802–11592.
    assert.equal(env.lo[0][1], 10_800);
    assert.equal(env.hi[0][1], 11_590);
    assert.equal(env.hi[1][1], 11_592);
    assert.equal(env.xs[1], 1.08);
    assert.deepEqual(envelopeRanges(env), [[10_000, 89_990], [10_002, 89_992]]);
    assert.equal(env.finite, 16_000);
    assert.equal(env.nonPositive, 0);
    const signed = emptyEnvelope(1, 4, 0, 4, 1);
    foldBlock(signed, { start: 0, xs: [0, 1, 2, 3], rows: [-2, 0, 5, NaN], width: 1 }, [0]);
    assert.equal(signed.nonPositive, 2);
    assert.equal(signed.finite, 3);
    assert.deepEqual(envelopeExtent(signed, 0, 3, true), [5, 5], "a log axis sees only the positive value");
    assert.deepEqual(envelopeExtent(signed, 0, 3, false), [-2, 5]);
  });

  it("a sampled read puts each run in its own column, at the run's first time", async () => {
    const { read, reads } = reader(1);
    const plan = planSampleRead(10_000_000, 0, 10_000_000, 50, 1);
    const env = await readEnvelope(plan, [0], read);
    assert.equal(reads.length, 50);
    assert.equal(env.count, 50);
    assert.equal(env.xs[3], 600, "run 3 starts at sample 600,000 = 600 s");
    assert.equal(env.lo[0][3], 6_000_000);
    assert.equal(env.hi[0][3], (600_000 + 39_999) * 10, "a run of 40,000 samples (2,000,000 / 50)");
    assert.match(samplesCaption(0, 9_999_999, 10_000_000, env), /^samples 0–9999999 of 10000000 · decimation ×200000 \(a run of samples per point\)$/);
  });

  it("serves a range from what is read until it leaves it or a new read would be more than twice as fine", () => {
    const env = emptyEnvelope(1, 100, 1000, 9000, 80);
    assert.ok(envelopeServes(env, 1000, 8999, 80, 10_000));
    assert.ok(envelopeServes(env, 2000, 6000, 40, 10_000), "zoomed in 2×: still served");
    assert.ok(!envelopeServes(env, 500, 4000, 80, 10_000), "past the start");
    assert.ok(!envelopeServes(env, 2000, 2500, 5, 10_000), "a read now would keep 5 samples a column, not 80");
    assert.ok(envelopeServes(emptyEnvelope(1, 5000, 0, 5000, 1), 100, 120, 1, 5000), "every sample read serves any zoom");
  });

  it("a read of the whole range, sampled, is as fine as a new read of it: no read again", () => {
    const plan = planSampleRead(1_000_000, -1e6, 2e6, 3000, 64);
    const fresh = readDecimation(1_000_000, -1e6, 2e6, 3000, 64);
    assert.equal(plan.decimation, fresh);
    assert.equal(fresh, 5000);
    assert.ok(envelopeServes(emptyEnvelope(64, plan.columns, plan.start, plan.stop, plan.decimation, true), 0, 999_999, fresh, 1_000_000));
    assert.equal(readDecimation(10_000, 0, 5000, 1000, 1), 5, "5,000 samples over 1,000 columns");
    assert.equal(readDecimation(10_000, 0, 1500, 1000, 1), 1, "up to two samples a column are kept");
  });
});

describe("the path of a trace", () => {
  /** Records the points written. */
  const recorder = () => {
    const ops: string[] = [];
    const sink: PathSink = { moveTo: (x, y) => ops.push(`M${x},${y}`), lineTo: (x, y) => ops.push(`L${x},${y}`) };
    return { ops, sink };
  };

  it("writes at most two points a pixel column: the column's min, then its max", () => {
    const env = emptyEnvelope(1, 1000, 0, 1000, 1);
    foldBlock(env, { start: 0, xs: Float64Array.from({ length: 1000 }, (_, i) => i), rows: Float64Array.from({ length: 1000 }, (_, i) => i % 10), width: 1 }, [0]);
    const { ops, sink } = recorder();
    // 1000 samples over 10 pixels: 100 samples a column, values 0–9 in each.
    const n = traceEnvelopePath(env, 0, 0, { x0: 0, x1: 1000, left: 0, kx: 0.01, y: (v) => 100 - v, positive: false }, sink);
    assert.equal(n, 20);
    assert.deepEqual(ops.slice(0, 4), ["M0,100", "L0,91", "L1,100", "L1,91"]);
  });

  it("breaks the line at missing values, and on a log axis at values ≤ 0", () => {
    const env = emptyEnvelope(1, 5, 0, 5, 1);
    foldBlock(env, { start: 0, xs: [0, 1, 2, 3, 4], rows: [1, 2, NaN, 4, -1], width: 1 }, [0]);
    const { ops, sink } = recorder();
    traceEnvelopePath(env, 0, 10, { x0: 0, x1: 4, left: 0, kx: 10, y: (v) => v, positive: false }, sink);
    assert.deepEqual(ops, ["M0,11", "L10,12", "M30,14", "L40,9"], "shifted by 10 into its lane");
    const log = recorder();
    traceEnvelopePath(env, 0, 0, { x0: 0, x1: 4, left: 0, kx: 10, y: (v) => v, positive: true }, log.sink);
    assert.deepEqual(log.ops, ["M0,1", "L10,2", "M30,4"]);
  });
});

describe("log axis and time link", () => {
  it("labels a log axis with powers of ten", () => {
    assert.deepEqual(logAxisTicks(0.5, 2499.5, 6).labels, ["1", "10", "100", "1000"]);
    assert.deepEqual(logAxisTicks(0.5, 2499.5, 3).labels, ["1", "10", "100", "1000"], "every decade of a few");
    assert.deepEqual(logAxisTicks(1e-7, 1e7, 3).labels, ["1e-7", "1e-4", "0.1", "100", "100000"]);
    assert.deepEqual(logAxisTicks(1, 1e7, 8).labels.slice(-2), ["1e+6", "1e+7"]);
    assert.deepEqual(logAxisTicks(-1, 10, 4).values, [], "no log axis reaches 0");
  });

  it("sends a range to the other plots of the same store only, and keeps the last for plots opened later", () => {
    const seen: string[] = [];
    const a = joinTimeLink("/data/a.nwb.zarr", (r) => seen.push(`a ${r}`));
    const b = joinTimeLink("/data/a.nwb.zarr", (r) => seen.push(`b ${r}`));
    const other = joinTimeLink("/data/other.zarr", (r) => seen.push(`other ${r}`));
    a.publish([1, 2]);
    b.publish([3, 4]);
    assert.deepEqual(seen, ["b 1,2", "a 3,4"]);
    const late = joinTimeLink("/data/a.nwb.zarr", () => undefined);
    assert.deepEqual(late.last(), [3, 4]);
    assert.equal(other.last(), undefined);
    b.leave();
    late.leave();
    a.publish([5, 6]);
    assert.deepEqual(seen, ["b 1,2", "a 3,4"], "no member left to follow");
    assert.equal(timeLinkSize("/data/a.nwb.zarr"), 1);
    a.leave();
    other.leave();
  });
});
