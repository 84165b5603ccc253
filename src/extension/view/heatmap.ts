/** Heatmaps and image frames (gray or RGB(A)): the zoomable heatmap view, loaded lazily. */
import type { HeatmapHandle, HeatmapSource, HeatmapViewOptions } from "./heatmap/view.js";

export type { HeatmapHandle, HeatmapSource } from "./heatmap/view.js";

/** The heatmap view (axes, colorbar, toolbar, zoom), its module and uPlot loaded on first use. */
export async function mountHeatmap(source: HeatmapSource, options: HeatmapViewOptions): Promise<HeatmapHandle> {
  const { mountHeatmapView } = await import("./heatmap/view.js");
  return mountHeatmapView(source, options);
}
