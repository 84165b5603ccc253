/**
 * What the NWB event views (Units raster, TimeIntervals bars) share: their context, a section
 * whose content is replaced on each read, a column select and the legend of a colouring.
 */
import type { DataProvider } from "../../provider/data-provider.js";
import type { JsonValue } from "../../../repr/payload/types.js";
import { el, errorBox, labelledSelect } from "../dom.js";
import { readTableRows, type TableColumnModel, type TableModel } from "../model/dynamic-table.js";
import type { Colouring } from "../model/events.js";

/** What an event view needs from the Display pane. */
export interface EventViewContext {
  provider: DataProvider;
  /** False once another entity was selected: late answers are dropped. */
  isCurrent(): boolean;
}

/** The plot module (uPlot) loads when an event plot is first shown. */
export const loadEventPlot = () => import("./event-plot.js");

/** `div.jp-HdmfZarr-view.<cls>` titled `title`, and a `run` that replaces its body (errors shown in it). */
export function eventSection(host: HTMLElement, title: string, cls: string, ctx: EventViewContext): { controls: HTMLElement; run(f: () => Promise<Node[]>): Promise<void> } {
  const wrap = el("div", `view ${cls}`);
  const controls = el("div", "controls");
  const body = el("div", "viewBody");
  wrap.append(el("h4", "sectionTitle", title), controls, body);
  host.append(wrap);
  let ticket = 0;
  return {
    controls,
    async run(f) {
      const mine = ++ticket;
      let nodes: Node[];
      try {
        nodes = await f();
      } catch (e) {
        nodes = [errorBox(e)];
      }
      if (mine === ticket && ctx.isCurrent()) body.replaceChildren(...nodes);
    },
  };
}

/** A labelled select (`select.jp-HdmfZarr-eventSelect[data-control=<name>]`) of `options`. */
export function columnSelect(name: string, label: string, options: readonly string[], value: string, onChange: (v: string) => void): HTMLElement {
  return labelledSelect(name, label, options, value, onChange, { wrap: "sliderRow", label: "sliderLabel", select: "eventSelect" }).wrap;
}

/** The legend of `c` (`div.jp-HdmfZarr-eventLegend`): swatches with labels, or a gradient with its ends. */
export function legend(c: Colouring, title: string): HTMLElement {
  const box = el("div", "eventLegend");
  box.setAttribute("data-kind", c.legend.kind);
  if (c.legend.kind === "none") return box;
  box.append(el("span", "eventLegendTitle", title));
  if (c.legend.kind === "categories") {
    for (const e of c.legend.entries.slice(0, 20)) {
      const item = el("span", "eventLegendItem");
      const sw = el("span", "eventSwatch");
      sw.style.background = e.colour;
      item.append(sw, el("span", "", e.label));
      box.append(item);
    }
    if (c.legend.entries.length > 20) box.append(el("span", "", `… ${c.legend.entries.length - 20} more`));
  } else {
    const bar = el("span", "eventGradient");
    bar.style.background = `linear-gradient(to right, ${c.legend.colours.join(", ")})`;
    box.append(el("span", "eventLegendItem", String(Number(c.legend.min.toPrecision(6)))), bar, el("span", "eventLegendItem", String(Number(c.legend.max.toPrecision(6)))));
  }
  return box;
}

/** The cells of rows `[start, stop)` of one column (reads that column only). */
export async function columnValues(provider: DataProvider, model: TableModel, col: TableColumnModel, start: number, stop: number): Promise<JsonValue[]> {
  const rows = await readTableRows(provider, { ...model, columns: [col] }, start, stop);
  return rows.map((r) => r[0]);
}
