/** Colormaps for heatmaps and single-channel frames: a value in [0, 1] → RGB bytes. */
import type { ColormapName } from "../../browser-settings.js";

type Rgb = [number, number, number];

/** Anchor colours, evenly spaced from 0 to 1, linearly interpolated between. */
const ANCHORS: Record<ColormapName, Rgb[]> = {
  viridis: [[68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142], [31, 158, 137], [53, 183, 121], [109, 205, 89], [180, 222, 44], [253, 231, 37]],
  magma: [[0, 0, 4], [28, 16, 68], [79, 18, 123], [129, 37, 129], [181, 54, 122], [229, 80, 100], [251, 135, 97], [254, 194, 135], [252, 253, 191]],
  gray: [[0, 0, 0], [255, 255, 255]],
  coolwarm: [[59, 76, 192], [124, 159, 249], [192, 212, 245], [242, 203, 183], [238, 133, 105], [180, 4, 38]],
};

/** The colour of `t` (clamped to [0, 1]; NaN → transparent black is left to the caller). */
export function colorAt(name: ColormapName, t: number): Rgb {
  const a = ANCHORS[name] ?? ANCHORS.viridis;
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (a.length - 1);
  const i = Math.min(a.length - 2, Math.floor(x));
  const f = x - i;
  return [0, 1, 2].map((k) => Math.round(a[i][k] + (a[i + 1][k] - a[i][k]) * f)) as Rgb;
}

/** A 256-entry lookup table (RGB triplets) for fast painting. */
export function colorTable(name: ColormapName): Uint8Array {
  const out = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) out.set(colorAt(name, i / 255), i * 3);
  return out;
}
