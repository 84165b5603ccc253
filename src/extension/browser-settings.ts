/** Settings of the store browser and the MIME renderer (the plugin's settings schema mirrors them). */

/** Colormaps the heatmap and image views can use. */
export type ColormapName = "viridis" | "magma" | "gray" | "coolwarm";

/** What a user can tune in the store browser. */
export interface BrowserSettings {
  /** Children shown per group before a "N more…" item loads the next page. */
  maxTreeNodes: number;
  /** Rows per page of a table, and rows of a heatmap window. */
  previewRows: number;
  /** Columns per page of a table, and columns of a heatmap window. */
  previewColumns: number;
  /** Colormap of heatmaps. */
  colormap: ColormapName;
}

/** Defaults used when no settings are stored. */
export const DEFAULT_SETTINGS: BrowserSettings = {
  maxTreeNodes: 200,
  previewRows: 50,
  previewColumns: 20,
  colormap: "viridis",
};
