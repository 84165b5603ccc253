/**
 * The small toolbar of the line and trace plots: Reset, exports as PNG (the plot as shown) and SVG
 * (grid, lines and labels as vector shapes), saved as downloads, and a linear/log y toggle.
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
  /** A linear/log y toggle (`button[data-action=plot-log]`, pressed when log); absent without it. */
  logY?(log: boolean): void;
  /** More controls at the end of the bar (the time link's toggle). */
  extra?: HTMLElement[];
}

/** Save `blob` as a download named `file`. */
export function download(blob: Blob, file: string): void {
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
  bar.append(reset, png, svgButton);
  if (actions.logY) {
    const log = actionButton("plot-log", "log y", "linear or logarithmic y axis (a log axis leaves values ≤ 0 out)");
    log.setAttribute("aria-pressed", "false");
    log.addEventListener("click", () => {
      const on = log.getAttribute("aria-pressed") !== "true";
      log.setAttribute("aria-pressed", String(on));
      actions.logY!(on);
    });
    bar.append(log);
  }
  bar.append(...(actions.extra ?? []), el("span", "plotHint", "drag: zoom · wheel: zoom x · shift-drag, ←/→: pan"));
  return bar;
}
