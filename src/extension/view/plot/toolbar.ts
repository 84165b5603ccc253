/**
 * The small toolbar of the line and trace plots: Reset (the whole window read), and exports as PNG
 * (the plot as shown) and SVG (grid, lines and labels as vector shapes), saved as downloads.
 */
import { actionButton, el } from "../dom.js";
import { fileBase } from "../model/file-name.js";

/** What the toolbar's buttons do. */
export interface PlotToolbarActions {
  reset(): void;
  png(): Promise<Blob | null>;
  svg(): Blob | null;
  /** Base name of the downloaded files. */
  name: string;
}

/** Save `blob` as a download named `file`. */
function download(blob: Blob, file: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = file;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once started; give it a moment before letting go of the URL.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `div.jp-HdmfZarr-plotToolbar` with Reset, PNG and SVG buttons and a hint of the gestures. */
export function plotToolbar(actions: PlotToolbarActions): HTMLElement {
  const bar = el("div", "plotToolbar");
  const reset = actionButton("plot-reset", "Reset", "show the whole window again (Home)");
  reset.addEventListener("click", () => actions.reset());
  const png = actionButton("plot-png", "PNG", "save the plot as a PNG image");
  png.addEventListener("click", () => {
    void actions.png().then((b) => b && download(b, `${fileBase(actions.name)}.png`));
  });
  const svgButton = actionButton("plot-svg", "SVG", "save the plot as an SVG drawing");
  svgButton.addEventListener("click", () => {
    const b = actions.svg();
    if (b) download(b, `${fileBase(actions.name)}.svg`);
  });
  bar.append(reset, png, svgButton, el("span", "plotHint", "drag: zoom · wheel: zoom x · shift-drag, ←/→: pan"));
  return bar;
}
