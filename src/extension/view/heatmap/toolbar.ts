/**
 * The heatmap view's toolbar: colormap, domain (auto, symmetric, min–max typed in), scale, Reset,
 * PNG and SVG. RGB(A) images have no colour controls: only Reset and the exports.
 */
import type { ColormapName } from "../../browser-settings.js";
import { COLORMAP_NAMES, formatNumber, type DomainMode, type ScaleKind } from "../model/heatmap-scale.js";
import { actionButton, el, labelledSelect, type SelectClasses } from "../dom.js";

/** What the toolbar sets. */
export interface ToolbarState {
  colormap: ColormapName;
  mode: DomainMode;
  scale: ScaleKind;
  custom: { lo: number; hi: number };
}

/** The heatmap toolbar's look of a select. */
const SELECT: SelectClasses = { wrap: "heatmapControl", label: "heatmapControlLabel", select: "heatmapSelect" };

/** A number input (`input[data-control=min|max]`) that applies on change (Enter or leaving it). */
function numberInput(control: string, label: string, onChange: (v: number) => void): HTMLInputElement {
  const input = el("input", "heatmapNumber");
  input.type = "number";
  input.step = "any";
  input.setAttribute("data-control", control);
  input.setAttribute("aria-label", label);
  // While the user types, the painted domain does not overwrite the field (see showDomain).
  input.addEventListener("input", () => input.setAttribute("data-editing", ""));
  input.addEventListener("change", () => {
    input.removeAttribute("data-editing");
    const v = Number(input.value);
    if (input.value.trim() !== "" && Number.isFinite(v)) onChange(v);
  });
  return input;
}

/** The toolbar element and how to show the domain in use. */
export interface Toolbar {
  element: HTMLElement;
  /** Show the domain painted (in the min/max fields, unless the user is typing in one). */
  showDomain(lo: number, hi: number): void;
  /** Put the controls back to `state` (Reset). */
  set(state: ToolbarState): void;
}

/** What the toolbar's controls and buttons call. */
export interface ToolbarActions {
  /** The whole state after any change of a control. */
  change(s: ToolbarState): void;
  reset(): void;
  png(): void;
  svg(): void;
}

/** Build the toolbar; `rgb` leaves out the colour controls (colormap, domain, scale). */
export function heatmapToolbar(initial: ToolbarState, actions: ToolbarActions, rgb = false): Toolbar {
  let state = { ...initial, custom: { ...initial.custom } };
  const emit = () => actions.change({ ...state, custom: { ...state.custom } });
  const bar = el("div", "heatmapToolbar");
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", "heatmap controls");
  const cmap = labelledSelect("colormap", "colormap", COLORMAP_NAMES, state.colormap, (v) => ((state.colormap = v), emit()), SELECT);
  const mode = labelledSelect<DomainMode>("domain", "domain", ["auto", "symmetric", "custom"], state.mode, (v) => ((state.mode = v), emit()), SELECT);
  const lo = numberInput("min", "domain min", (v) => ((state.custom.lo = v), (state.mode = "custom"), (mode.select.value = "custom"), emit()));
  const hi = numberInput("max", "domain max", (v) => ((state.custom.hi = v), (state.mode = "custom"), (mode.select.value = "custom"), emit()));
  const range = el("span", "heatmapControl");
  range.append(lo, el("span", "heatmapControlLabel", "–"), hi);
  const scale = labelledSelect<ScaleKind>("scale", "scale", ["linear", "log"], state.scale, (v) => ((state.scale = v), emit()), SELECT);
  const reset = actionButton("reset", "Reset", rgb ? "reset zoom" : "reset zoom, domain and scale");
  reset.addEventListener("click", actions.reset);
  const exportPng = actionButton("export-png", "PNG", "export the view as a PNG image");
  exportPng.addEventListener("click", actions.png);
  const exportSvg = actionButton("export-svg", "SVG", "export the view as an SVG drawing (axes and text as vectors, the cells as an embedded image)");
  exportSvg.addEventListener("click", actions.svg);
  if (rgb) bar.append(reset, exportPng, exportSvg);
  else bar.append(cmap.wrap, mode.wrap, range, scale.wrap, reset, exportPng, exportSvg);
  return {
    element: bar,
    showDomain(a, b) {
      state.custom = { lo: a, hi: b };
      for (const [input, v] of [[lo, a], [hi, b]] as const) if (!input.hasAttribute("data-editing")) input.value = formatNumber(v).includes("e") ? String(v) : formatNumber(v);
    },
    set(s) {
      state = { ...s, custom: { ...s.custom } };
      cmap.select.value = s.colormap;
      mode.select.value = s.mode;
      scale.select.value = s.scale;
    },
  };
}
