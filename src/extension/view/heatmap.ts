/** Heatmaps and image frames: the zoomable heatmap view (loaded lazily) and RGB(A) frames as images. */
import { finiteRange } from "./model/downsample.js";
import { el } from "./dom.js";
import type { HeatmapHandle, HeatmapSource, HeatmapViewOptions } from "./heatmap/view.js";

export type { HeatmapHandle, HeatmapSource } from "./heatmap/view.js";

/** The heatmap view (axes, colorbar, toolbar, zoom), its module and uPlot loaded on first use. */
export async function mountHeatmap(source: HeatmapSource, options: HeatmapViewOptions): Promise<HeatmapHandle> {
  const { mountHeatmapView } = await import("./heatmap/view.js");
  return mountHeatmapView(source, options);
}

/**
 * An `img.jp-HdmfZarr-frame` of one RGB(A) frame, `height × width × 3|4` (values scaled to bytes);
 * single-channel frames take the heatmap view. The image source is a PNG our code made, never file text.
 */
export function frameImage(values: ArrayLike<number>, shape: readonly number[]): HTMLImageElement {
  const [h, w, ch = 1] = shape;
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, w);
  canvas.height = Math.max(1, h);
  const ctx = canvas.getContext("2d");
  if (ctx && h > 0 && w > 0) {
    const [lo, hi] = finiteRange(values);
    const scale = hi <= 255 && lo >= 0 ? 1 : 255 / (hi - lo || 1);
    const base = scale === 1 ? 0 : lo;
    const img = ctx.createImageData(w, h);
    for (let p = 0; p < w * h; p++) {
      for (let k = 0; k < 3; k++) img.data[p * 4 + k] = (values[p * ch + Math.min(k, ch - 1)] - base) * scale;
      img.data[p * 4 + 3] = ch === 4 ? (values[p * ch + 3] - base) * scale : 255;
    }
    ctx.putImageData(img, 0, 0);
  }
  const image = el("img", "frame");
  image.alt = `frame ${h} × ${w}`;
  image.src = canvas.toDataURL("image/png");
  // Small frames are enlarged (pixelated) to a readable size; large ones shrink with the pane.
  image.style.width = `${Math.min(512, Math.max(w, 256))}px`;
  return image;
}
