/** The colorbar of the heatmap view: a gradient with the domain's ends, ticks and the unit. */
import type { ColormapName } from "../../browser-settings.js";
import { colorAt } from "../model/colormap.js";
import { colorbarLabels, formatNumber, normalize, valueAt, type ScaleKind } from "../model/heatmap-scale.js";
import { clear, el } from "../dom.js";

/** Gradient steps painted (one pixel each, stretched). */
const STEPS = 256;

/** What the colorbar shows. */
export interface ColorbarState {
  lo: number;
  hi: number;
  scale: ScaleKind;
  colormap: ColormapName;
  unit?: string;
}

/** The colorbar's colours from its top (the domain's max) down, `steps` of them, sampling the scale the cells use. */
export function gradientColours(s: ColorbarState, steps = STEPS): [number, number, number][] {
  return Array.from({ length: steps }, (_, i) => colorAt(s.colormap, normalize(valueAt(1 - i / (steps - 1), s, s.scale), s, s.scale)));
}

/** A vertical colorbar (`div.jp-HdmfZarr-colorbar`) that {@link Colorbar.update} repaints. */
export class Colorbar {
  readonly element = el("div", "colorbar");
  private readonly unit = el("div", "colorbarUnit");
  private readonly track = el("div", "colorbarTrack");
  readonly canvas = el("canvas", "colorbarCanvas");
  private readonly labels = el("div", "colorbarLabels");

  constructor() {
    this.canvas.width = 1;
    this.canvas.height = STEPS;
    this.track.append(this.unit, this.canvas, this.labels);
    this.element.append(this.track);
  }

  /** Repaint for a domain, scale and colormap; ends and ticks are text (`data-value` holds the number). */
  update(s: ColorbarState): void {
    const ctx = this.canvas.getContext("2d");
    if (ctx) {
      const img = ctx.createImageData(1, STEPS);
      gradientColours(s).forEach((rgb, i) => img.data.set([...rgb, 255], i * 4));
      ctx.putImageData(img, 0, 0);
    }
    this.unit.textContent = s.unit ?? "";
    this.unit.hidden = !s.unit;
    clear(this.labels);
    for (const k of colorbarLabels(s)) {
      const label = el("span", k.end ? (k.t === 1 ? "colorbarTick colorbarMax" : "colorbarTick colorbarMin") : "colorbarTick", formatNumber(k.value));
      label.setAttribute("data-value", String(k.value));
      label.style.top = `${(1 - k.t) * 100}%`;
      this.labels.append(label);
    }
    this.element.setAttribute("data-domain", `${s.lo},${s.hi}`);
  }

  /** Draw the colorbar onto an exported image at (x, y), `h` high, text in `color`. */
  drawOn(ctx: CanvasRenderingContext2D, s: ColorbarState, x: number, y: number, h: number, scale: number, color: string): void {
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.canvas, x, y, 14 * scale, h);
    ctx.fillStyle = color;
    ctx.font = `${11 * scale}px sans-serif`;
    ctx.textBaseline = "middle";
    for (const k of colorbarLabels(s)) ctx.fillText(formatNumber(k.value), x + 18 * scale, y + (1 - k.t) * h);
    if (s.unit) {
      ctx.textBaseline = "bottom";
      ctx.fillText(s.unit, x, y - 4 * scale);
    }
  }
}
