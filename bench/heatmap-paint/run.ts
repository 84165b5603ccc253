/**
 * Heatmap repaint cost: the work the heatmap view does in the page on each change of colormap,
 * domain or scale, on one full window (HEATMAP_WINDOW² = 256 × 256 float64 values): the domain
 * (auto, symmetric, log) and the RGBA cells (linear and log), plus the colorbar's labels.
 * Usage: node --import tsx bench/heatmap-paint/run.ts [SIDE] [REPEATS]   (defaults 256, 50)
 */
import { colorbarLabels, computeDomain, paintCells } from "../../src/extension/view/model/heatmap-scale.js";

const side = Number(process.argv[2] ?? 256);
const repeats = Number(process.argv[3] ?? 50);
const values = Float64Array.from({ length: side * side }, (_, i) => Math.sin(i / 97) * 1000 + (i % side));

function time(label: string, f: () => unknown): void {
  f();
  const t0 = performance.now();
  for (let i = 0; i < repeats; i++) f();
  console.log(`${label.padEnd(34)} ${((performance.now() - t0) / repeats).toFixed(2)} ms`);
}

console.log(`${side} × ${side} values, mean of ${repeats} runs`);
time("domain auto", () => computeDomain(values, "auto", "linear"));
time("domain symmetric", () => computeDomain(values, "symmetric", "linear"));
time("domain log", () => computeDomain(values, "auto", "log"));
const d = computeDomain(values, "auto", "linear");
const logD = computeDomain(values, "auto", "log");
time("paint linear (viridis)", () => paintCells(values, d, "linear", "viridis"));
time("paint log (magma)", () => paintCells(values, logD, "log", "magma"));
time("colorbar labels", () => colorbarLabels({ ...logD, scale: "log" }));
