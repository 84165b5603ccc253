/** A heatmap and an image frame, painted on a canvas by our code with a colormap. */
import type { ColormapName } from "../browser-settings.js";
import { paintValues } from "./model/colormap.js";
import { finiteRange } from "./model/downsample.js";
import { el } from "./dom.js";

/** Largest side of a heatmap on screen (CSS pixels). */
const DISPLAY_SIZE = 384;
/** Largest cell of a small heatmap (CSS pixels). */
const MAX_CELL = 24;

/** A `canvas.jp-HdmfZarr-heatmap` of a `rows × cols` block (C order), scaled to its own range. */
export function heatmap(values: ArrayLike<number>, rows: number, cols: number, colormap: ColormapName): HTMLCanvasElement {
  const canvas = el("canvas", "heatmap");
  paint(canvas, values, rows, cols, colormap);
  // Cells are stretched to fill at most DISPLAY_SIZE on each side, never more than MAX_CELL pixels.
  canvas.style.width = `${Math.round(cols * Math.min(MAX_CELL, DISPLAY_SIZE / Math.max(1, cols)))}px`;
  canvas.style.height = `${Math.round(rows * Math.min(MAX_CELL, DISPLAY_SIZE / Math.max(1, rows)))}px`;
  return canvas;
}

function paint(canvas: HTMLCanvasElement, values: ArrayLike<number>, rows: number, cols: number, colormap: ColormapName): void {
  canvas.width = Math.max(1, cols);
  canvas.height = Math.max(1, rows);
  const [lo, hi] = finiteRange(values);
  canvas.title = `${rows} × ${cols}, values ${lo} … ${hi}`;
  const ctx = canvas.getContext("2d");
  if (!ctx || rows === 0 || cols === 0) return;
  const img = ctx.createImageData(cols, rows);
  img.data.set(paintValues(values, lo, hi, colormap));
  ctx.putImageData(img, 0, 0);
}

/**
 * An `img.jp-HdmfZarr-frame` of one frame: `height × width` (gray, or the colormap given) or `height × width × 3|4`
 * (RGB(A), values scaled to bytes). The image source is a PNG our code made, never file text.
 */
export function frameImage(values: ArrayLike<number>, shape: readonly number[], colormap: ColormapName): HTMLImageElement {
  const [h, w, ch = 1] = shape;
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, w);
  canvas.height = Math.max(1, h);
  const ctx = canvas.getContext("2d");
  if (ctx && h > 0 && w > 0) {
    if (ch === 1) paint(canvas, values, h, w, colormap);
    else {
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
  }
  const image = el("img", "frame");
  image.alt = `frame ${h} × ${w}`;
  image.src = canvas.toDataURL("image/png");
  // Small frames are enlarged (pixelated) to a readable size; large ones shrink with the pane.
  image.style.width = `${Math.min(512, Math.max(w, 256))}px`;
  return image;
}
