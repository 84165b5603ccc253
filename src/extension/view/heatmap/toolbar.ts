/** The heatmap view's toolbar: colormap, domain (auto, symmetric, min–max typed in), scale, Reset, PNG. */
import type { ColormapName } from "../../browser-settings.js";
import { COLORMAP_NAMES, formatNumber, type DomainMode, type ScaleKind } from "../model/heatmap-scale.js";
import { actionButton, el } from "../dom.js";

/** What the toolbar sets. */
export interface ToolbarState {
  colormap: ColormapName;
  mode: DomainMode;
  scale: ScaleKind;
  custom: { lo: number; hi: number };
}

/** A labelled `select[data-control]` of fixed options. */
function choice<T extends string>(control: string, label: string, options: readonly T[], value: T, onChange: (v: T) => void): { wrap: HTMLElement; select: HTMLSelectElement } {
  const wrap = el("label", "heatmapControl");
  const select = el("select", "heatmapSelect");
  select.setAttribute("data-control", control);
  select.setAttribute("aria-label", label);
  for (const o of options) {
    const opt = el("option", "", o);
    opt.value = o;
    select.append(opt);
  }
  select.value = value;
  select.addEventListener("change", () => onChange(select.value as T));
  wrap.append(el("span", "heatmapControlLabel", label), select);
  return { wrap, select };
}

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

/** Build the toolbar; `onChange` gets the whole state after any change, `onReset` and `onExport` the buttons. */
export function heatmapToolbar(initial: ToolbarState, onChange: (s: ToolbarState) => void, onReset: () => void, onExport: () => void): Toolbar {
  let state = { ...initial, custom: { ...initial.custom } };
  const emit = () => onChange({ ...state, custom: { ...state.custom } });
  const bar = el("div", "heatmapToolbar");
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", "heatmap controls");
  const cmap = choice("colormap", "colormap", COLORMAP_NAMES, state.colormap, (v) => ((state.colormap = v), emit()));
  const mode = choice<DomainMode>("domain", "domain", ["auto", "symmetric", "custom"], state.mode, (v) => ((state.mode = v), emit()));
  const lo = numberInput("min", "domain min", (v) => ((state.custom.lo = v), (state.mode = "custom"), (mode.select.value = "custom"), emit()));
  const hi = numberInput("max", "domain max", (v) => ((state.custom.hi = v), (state.mode = "custom"), (mode.select.value = "custom"), emit()));
  const range = el("span", "heatmapControl");
  range.append(lo, el("span", "heatmapControlLabel", "–"), hi);
  const scale = choice<ScaleKind>("scale", "scale", ["linear", "log"], state.scale, (v) => ((state.scale = v), emit()));
  const reset = actionButton("reset", "Reset", "reset zoom, domain and scale");
  reset.addEventListener("click", onReset);
  const exportPng = actionButton("export-png", "PNG", "export the view as a PNG image");
  exportPng.addEventListener("click", onExport);
  bar.append(cmap.wrap, mode.wrap, range, scale.wrap, reset, exportPng);
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
