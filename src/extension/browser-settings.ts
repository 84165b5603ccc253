/** Settings of the store browser and the MIME renderer (the plugin's settings schema mirrors them). */

/** Colormaps the heatmap and image views can use. */
export type ColormapName = "viridis" | "magma" | "gray" | "coolwarm";

/** What a user can tune in the store browser. */
export interface BrowserSettings {
  /** Children the tree asks for at once (a page, loaded when its rows scroll into view), and the most hits a filter lists. */
  maxTreeNodes: number;
  /** Rows per page of a table, and rows of a heatmap window. */
  previewRows: number;
  /** Columns per page of a table, and columns of a heatmap window. */
  previewColumns: number;
  /** Colormap of heatmaps. */
  colormap: ColormapName;
  /**
   * Decode legacy pickle-coded object arrays (hdmf-zarr ≤ 0.13 wrote references such as the
   * electrodes' `group` column this way) with the package's allow-listed decoder, which builds
   * only plain values and never runs code from the file. Off by default, as in the library.
   */
  allowPickle: boolean;
}

/** Defaults used when no settings are stored. */
export const DEFAULT_SETTINGS: BrowserSettings = {
  maxTreeNodes: 200,
  previewRows: 50,
  previewColumns: 20,
  colormap: "viridis",
  allowPickle: false,
};
