/** Turns the values stored in JupyterLab's settings registry into checked BrowserSettings. */
import { DEFAULT_SETTINGS, type BrowserSettings, type ColormapName } from "./browser-settings.js";

const COLORMAPS: readonly ColormapName[] = ["viridis", "magma", "gray", "coolwarm"];

function integer(value: unknown, fallback: number, min: number): number {
  return typeof value === "number" && Number.isInteger(value) && value >= min ? value : fallback;
}

/**
 * BrowserSettings from a settings composite (`ISettings.composite`): each value that is missing or
 * out of range falls back to its default, so a hand-edited settings file cannot break a view.
 */
export function toBrowserSettings(composite: Readonly<Record<string, unknown>> | null | undefined): BrowserSettings {
  const c = composite ?? {};
  const colormap = COLORMAPS.find((name) => name === c.colormap) ?? DEFAULT_SETTINGS.colormap;
  return {
    maxTreeNodes: integer(c.maxTreeNodes, DEFAULT_SETTINGS.maxTreeNodes, 1),
    previewRows: integer(c.previewRows, DEFAULT_SETTINGS.previewRows, 1),
    previewColumns: integer(c.previewColumns, DEFAULT_SETTINGS.previewColumns, 1),
    colormap,
    allowPickle: typeof c.allowPickle === "boolean" ? c.allowPickle : DEFAULT_SETTINGS.allowPickle,
  };
}
