/**
 * DOM helpers of the views. Text from a file (names, attribute values, strings) only ever reaches
 * the page through `textContent` and through a few attributes that cannot run code (`data-*`,
 * `title`, `class`, numeric SVG geometry); nothing here writes HTML from strings.
 */
import { formatValue } from "../../repr/text/format-text.js";
import type { JsonValue } from "../../repr/payload/types.js";

/** Class prefix of every element the views make. */
export const PREFIX = "jp-HdmfZarr-";

/** An element with optional classes (without the prefix) and text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, classes = "", text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const names = classes.split(/\s+/).filter(Boolean).map((c) => PREFIX + c);
  if (names.length) node.classList.add(...names);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A button with a `data-action` (the hook tests and keyboard users rely on). */
export function actionButton(action: string, label: string, title?: string): HTMLButtonElement {
  const b = el("button", "button", label);
  b.type = "button";
  b.setAttribute("data-action", action);
  if (title) b.title = title;
  return b;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element with numeric or fixed attributes set by our code. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/** A value as the text of a cell: compact numbers, bare strings, `→ /path` for references. */
export function cellText(v: JsonValue): string {
  return formatValue(v, { numbers: "compact", maxLength: 160 });
}

/** A value as the text of an attribute row (longer). */
export function valueText(v: JsonValue): string {
  return formatValue(v, { maxLength: 2000 });
}

/** An error message box. */
export function errorBox(e: unknown): HTMLElement {
  return el("div", "error", e instanceof Error ? e.message : String(e));
}

/** Remove every child of a node. */
export function clear(node: Element): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** A labelled range slider (`input[type=range].jp-HdmfZarr-slider`). */
export function slider(label: string, min: number, max: number, value: number, onInput: (v: number) => void): HTMLElement {
  const wrap = el("label", "sliderRow");
  const name = el("span", "sliderLabel", label);
  const input = el("input", "slider");
  input.type = "range";
  input.min = String(min);
  input.max = String(Math.max(min, max));
  input.step = "1";
  input.value = String(value);
  const out = el("span", "sliderValue", String(value));
  input.setAttribute("aria-label", label);
  input.addEventListener("input", () => {
    out.textContent = input.value;
    onInput(Number(input.value));
  });
  wrap.append(name, input, out);
  return wrap;
}

/** The classes (without the prefix) of a {@link labelledSelect}'s label, its text and the select. */
export interface SelectClasses {
  wrap: string;
  label: string;
  select: string;
}

/**
 * A `select[data-control=<control>]` of fixed options inside a `label` that names it; `onChange`
 * gets the option chosen. The one select of the views' toolbars (heatmap, event plots).
 */
export function labelledSelect<T extends string>(control: string, label: string, options: readonly T[], value: T, onChange: (v: T) => void, classes: SelectClasses): { wrap: HTMLElement; select: HTMLSelectElement } {
  const wrap = el("label", classes.wrap);
  const select = el("select", classes.select);
  select.setAttribute("data-control", control);
  select.setAttribute("aria-label", label);
  for (const o of options) {
    const opt = el("option", "", o);
    opt.value = o;
    select.append(opt);
  }
  select.value = value;
  // The options are ours, so the value read back is one of them.
  select.addEventListener("change", () => onChange(select.value as T));
  wrap.append(el("span", classes.label, label), select);
  return { wrap, select };
}

/** Move a {@link slider} to `value` (its shown value too) and set its largest value, without an input event. */
export function setSlider(wrap: HTMLElement, value: number, max: number): void {
  const input = wrap.querySelector<HTMLInputElement>(`input.${PREFIX}slider`);
  const out = wrap.querySelector(`.${PREFIX}sliderValue`);
  if (!input) return;
  input.max = String(Math.max(Number(input.min), max));
  input.value = String(value);
  if (out) out.textContent = String(value);
}

/** Follow the pointer over the whole window until the button is released: a drag begun on a plot may leave it. */
export function followDrag(move: (m: MouseEvent) => void): void {
  const up = () => (window.removeEventListener("mousemove", move), window.removeEventListener("mouseup", up));
  window.addEventListener("mousemove", move);
  window.addEventListener("mouseup", up);
}
