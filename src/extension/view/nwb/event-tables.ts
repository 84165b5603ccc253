/**
 * The plot above an NWB event table: the spike raster of a Units table, the interval bars of a
 * TimeIntervals table. Its errors stay in its own box, so the table below still shows.
 */
import type { Entity } from "../../provider/data-provider.js";
import { el, errorBox } from "../dom.js";
import { loadTable } from "../model/dynamic-table.js";
import type { EventViewContext } from "./event-view.js";
import { hasIntervals, intervalsView } from "./intervals.js";
import { hasSpikeTimes, unitsRaster } from "./units-raster.js";

/** Mount the plot of the event table `e` (`kind` from `displayKindOf`) in `host`; `pageSize` rows of intervals a page. */
export async function eventTablePlot(host: HTMLElement, e: Entity, kind: "units" | "intervals", pageSize: number, ctx: EventViewContext): Promise<void> {
  const box = el("div", "eventTablePlot");
  host.append(box);
  try {
    const model = await loadTable(ctx.provider, e);
    if (!ctx.isCurrent()) return;
    if (kind === "units" && hasSpikeTimes(model)) await unitsRaster(box, e, model, ctx);
    else if (kind === "intervals" && hasIntervals(model)) await intervalsView(box, e, model, pageSize, ctx);
  } catch (err) {
    if (ctx.isCurrent()) box.append(errorBox(err));
  }
}
