/**
 * RGB(A) image cells as canvas pixels (DOM-free): the colour frames of an ImageSeries
 * (`frame × rows × columns × 3|4`), painted by the heatmap view in its RGB mode.
 */
import { finiteExtent } from "./heatmap-scale.js";

/** The pixels of a window and how its values were mapped to bytes. */
export interface RgbPixels {
  /** RGBA bytes, one pixel per cell, C order. */
  rgba: Uint8ClampedArray;
  /** The finite value range scaled onto 0–255; null when the values were bytes already (0–255). */
  scaled: [number, number] | null;
}

/**
 * `cells` cells of `channels` values each (3: RGB, 4: RGBA) as RGBA bytes. Values within 0–255
 * are taken as bytes; any other range is scaled from its finite min–max onto 0–255 (alpha too,
 * by the same map). A missing alpha is opaque; a non-finite value paints 0.
 */
export function rgbPixels(values: ArrayLike<number>, cells: number, channels: number): RgbPixels {
  const rgba = new Uint8ClampedArray(cells * 4);
  const extent = finiteExtent(values);
  const bytes = !extent || (extent[0] >= 0 && extent[1] <= 255);
  const base = bytes ? 0 : extent[0];
  const k = bytes ? 1 : 255 / (extent[1] - extent[0] || 1);
  const byte = (v: number) => (Number.isFinite(v) ? Math.round((v - base) * k) : 0);
  for (let p = 0; p < cells; p++) {
    for (let c = 0; c < 3; c++) rgba[p * 4 + c] = byte(values[p * channels + Math.min(c, channels - 1)]);
    rgba[p * 4 + 3] = channels >= 4 ? byte(values[p * channels + 3]) : 255;
  }
  return { rgba, scaled: bytes || !extent ? null : extent };
}
