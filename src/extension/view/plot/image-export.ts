/**
 * Saving a uPlot plot as an image, for every plot whose axis text is an SVG overlay above uPlot's
 * canvas (line plots, stacked traces, spike rasters and interval bars).
 */
import type uPlot from "uplot";

/** The overlay's text with its computed colour and font written in, so it draws the same outside the page. */
export function inlinedOverlay(overlay: SVGSVGElement): SVGSVGElement {
  const copy = overlay.cloneNode(true) as SVGSVGElement;
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  const src = overlay.querySelectorAll("text"), dst = copy.querySelectorAll("text");
  src.forEach((t, i) => {
    const css = getComputedStyle(t);
    dst[i].setAttribute("fill", css.fill);
    dst[i].setAttribute("font-size", css.fontSize);
    dst[i].setAttribute("font-family", css.fontFamily);
    dst[i].removeAttribute("class");
  });
  return copy;
}

/** A PNG of the plot as shown: the canvas on the background colour, with the overlay's text drawn over it. */
export async function exportPng(u: uPlot, overlay: SVGSVGElement, background: string): Promise<Blob | null> {
  const source = u.ctx.canvas;
  const out = document.createElement("canvas");
  out.width = source.width;
  out.height = source.height;
  const ctx = out.getContext("2d");
  if (!ctx) return null;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(source, 0, 0);
  const labels = new XMLSerializer().serializeToString(inlinedOverlay(overlay));
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(labels)}`;
  await img.decode();
  ctx.drawImage(img, 0, 0, out.width, out.height);
  return new Promise((ok) => out.toBlob((b) => ok(b), "image/png"));
}
