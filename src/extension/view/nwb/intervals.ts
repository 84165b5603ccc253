/**
 * TimeIntervals (trials, epochs, …) as bars from `start_time` to `stop_time` on a time axis, one
 * lane per row or per value of a chosen column (e.g. `tags`), a page of rows at a time.
 */
import type { Entity } from "../../provider/data-provider.js";
import { pageOf } from "../model/paging.js";
import type { TableModel } from "../model/dynamic-table.js";
import { colourBy, colourIndex, rowLanes, valueLanes } from "../model/events.js";
import { pager } from "../table-view.js";
import { columnSelect, columnValues, eventSection, legend, loadEventPlot, type EventViewContext } from "./event-view.js";

const DEFAULT_COLOUR = "#4e79a7";
const BY_ROW = "(row)";

/** Whether a table has the columns of TimeIntervals (`start_time` and `stop_time`, not ragged). */
export function hasIntervals(model: TableModel): boolean {
  return ["start_time", "stop_time"].every((n) => model.columns.some((c) => c.name === n && !c.indexPaths.length));
}

/** Mount the interval bars of the TimeIntervals table `e` (model `model`) in `host`, `pageSize` rows a page. */
export async function intervalsView(host: HTMLElement, e: Entity, model: TableModel, pageSize: number, ctx: EventViewContext): Promise<void> {
  const col = (name: string) => model.columns.find((c) => c.name === name)!;
  const ids = model.columns.find((c) => c.name === "id");
  const laneCols = model.columns.filter((c) => !["id", "start_time", "stop_time"].includes(c.name) && !c.region && c.indexPaths.length <= 1);
  const sec = eventSection(host, "Intervals", "intervalsView", ctx);
  let page = 0;
  let laneBy = BY_ROW;
  const draw = () =>
    sec.run(async () => {
      const p = pageOf(model.readableRows, pageSize, page);
      const by = laneCols.find((c) => c.name === laneBy);
      const [starts, stops, labels, values, { eventPlot }] = await Promise.all([
        ctx.provider.getValues(col("start_time").dataPath, [[p.start, p.stop]]),
        ctx.provider.getValues(col("stop_time").dataPath, [[p.start, p.stop]]),
        ids ? columnValues(ctx.provider, model, ids, p.start, p.stop) : Promise.resolve(Array.from({ length: p.stop - p.start }, (_, i) => p.start + i)),
        by ? columnValues(ctx.provider, model, by, p.start, p.stop) : Promise.resolve(null),
        loadEventPlot(),
      ]);
      const lanes = values ? valueLanes(values) : rowLanes(labels);
      const colouring = colourBy(values, DEFAULT_COLOUR);
      const count = p.stop - p.start;
      const { index, colours } = colourIndex(colouring.colours, count, DEFAULT_COLOUR);
      const marks = {
        x0: Float64Array.from(starts.numbers ?? starts.values.map(Number)),
        x1: Float64Array.from(stops.numbers ?? stops.values.map(Number)),
        lane: Uint32Array.from(lanes.lane),
        colour: Uint16Array.from(index),
        colours,
      };
      const plot = eventPlot({ marks, lanes: lanes.labels, xTitle: "time (s)", style: "bars", name: `${e.name}-intervals`, kind: "intervals", link: ctx.provider.location || undefined });
      return [plot, legend(colouring, laneBy), pager(p, model.readableRows, (next) => ((page = next), void draw()))];
    });
  if (laneCols.length) sec.controls.append(columnSelect("lanes", "lanes by", [BY_ROW, ...laneCols.map((c) => c.name)], laneBy, (v) => ((laneBy = v), void draw())));
  await draw();
}
