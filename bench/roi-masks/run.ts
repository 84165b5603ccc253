/**
 * ROI view and trajectory model cost: the work the page does for one page of ROIs (outlines,
 * bounds, label plane, pixel-mask rasterizing) on a SIDE × SIDE plane, and the time colours of one
 * trajectory window (5000 samples).
 * Usage: node --import tsx bench/roi-masks/run.ts [SIDE] [ROIS] [REPEATS]   (defaults 512, 50, 20)
 */
import { labelPlane, maskBounds, maskOutline, rasterizeEntries, type MaskEntry, type MaskPlane } from "../../src/extension/view/model/roi-masks.js";
import { timeColourIndex, timeLegend } from "../../src/extension/view/model/trajectory.js";

const side = Number(process.argv[2] ?? 512);
const count = Number(process.argv[3] ?? 50);
const repeats = Number(process.argv[4] ?? 20);

/** ROI k: a disc of radius 8 somewhere on the plane. */
const entries: MaskEntry[][] = Array.from({ length: count }, (_, k) => {
  const cx = 20 + ((k * 37) % (side - 40)), cy = 20 + ((k * 61) % (side - 40));
  const out: MaskEntry[] = [];
  for (let x = cx - 8; x <= cx + 8; x++) for (let y = cy - 8; y <= cy + 8; y++) if ((x - cx) ** 2 + (y - cy) ** 2 <= 64) out.push({ x, y, weight: 1 });
  return out;
});
const masks: MaskPlane[] = entries.map((e) => rasterizeEntries(e, side, side));

function time(label: string, f: () => unknown): void {
  f();
  const t0 = performance.now();
  for (let i = 0; i < repeats; i++) f();
  console.log(`${label.padEnd(34)} ${((performance.now() - t0) / repeats).toFixed(2)} ms`);
}

console.log(`${count} ROIs on ${side} × ${side}, mean of ${repeats} runs`);
time("rasterize pixel masks", () => entries.map((e) => rasterizeEntries(e, side, side)));
time("outlines", () => masks.map((m) => maskOutline(m)));
time("bounds", () => masks.map(maskBounds));
time("label plane", () => labelPlane(masks, side, side));
const times = Float64Array.from({ length: 5000 }, (_, i) => i / 30);
time("trajectory time colours (5000)", () => (timeColourIndex(times, 0, times[4999]), timeLegend(times)));
