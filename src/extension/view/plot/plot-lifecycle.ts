/**
 * What every uPlot view does over its life in the page: it is made once its element has a width,
 * follows the element's width, repaints its canvas in the new colours when JupyterLab's theme
 * changes, and lets go of uPlot and its observers once the view leaves the page (another node or
 * window shown).
 */

/** The hooks of one view. */
export interface PlotLifecycle {
  /** The element has a width for the first time: make the plot. */
  create(width: number): void;
  /** The element's width changed (the plot exists). */
  resize(width: number): void;
  /** JupyterLab's theme changed: read the colours again and redraw. */
  retheme(): void;
  /** The view left the page: destroy the plot. */
  destroy(): void;
}

/** Watch `area` (the plot's element) inside `root` (the view) and call `hooks` as its life goes. */
export function watchPlot(root: HTMLElement, area: HTMLElement, hooks: PlotLifecycle): void {
  let made = false;
  const resize = new ResizeObserver(() => {
    if (!root.isConnected) {
      // Not in the page yet (an output drawn before JupyterLab attached its cell): made once it is.
      if (!made) return;
      resize.disconnect();
      theme.disconnect();
      hooks.destroy();
      made = false;
      return;
    }
    const width = Math.floor(area.clientWidth);
    if (width <= 0) return;
    if (!made) {
      made = true;
      hooks.create(width);
    } else hooks.resize(width);
  });
  const theme = new MutationObserver(() => {
    if (made) hooks.retheme();
  });
  theme.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-light", "data-jp-theme-name"] });
  resize.observe(area);
}
