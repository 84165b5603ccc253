/**
 * The spike raster of a Units table: one lane per unit of the page shown (labelled by its id), a
 * tick per spike time, coloured by a column of the table. Reads only the page's ids, the index
 * ends of its units and their spike-time ranges (one contiguous read), and the colour column.
 */
import type { Entity } from "../../provider/data-provider.js";
import { pageOf } from "../model/paging.js";
import type { TableModel } from "../model/dynamic-table.js";
import { colourBy, colourIndex, indexWindow, raggedRanges, rowLanes, spikeMarks } from "../model/events.js";
import { pager } from "../table-view.js";
import { columnSelect, columnValues, eventSection, legend, loadEventPlot, type EventViewContext } from "./event-view.js";

/** Units per page of the raster. */
export const RASTER_UNITS = 50;
/** The colour of every tick when no column colours them. */
const DEFAULT_COLOUR = "#4e79a7";
const NO_COLOUR = "(none)";

/** Whether a table is a Units table with spike times (`spike_times` indexed by `spike_times_index`). */
export function hasSpikeTimes(model: TableModel): boolean {
  return model.columns.some((c) => c.name === "spike_times" && c.indexPaths.length === 1);
}

/** Mount the raster of the Units table `e` (model `model`) in `host`. */
export async function unitsRaster(host: HTMLElement, e: Entity, model: TableModel, ctx: EventViewContext): Promise<void> {
  const spikes = model.columns.find((c) => c.name === "spike_times" && c.indexPaths.length === 1)!;
  const ids = model.columns.find((c) => c.name === "id");
  const scalars = model.columns.filter((c) => c.name !== "id" && !c.indexPaths.length && !c.region);
  const sec = eventSection(host, "Spike raster", "unitsRaster", ctx);
  let page = 0;
  let colourCol = NO_COLOUR;
  const draw = () =>
    sec.run(async () => {
      const p = pageOf(model.readableRows, RASTER_UNITS, page);
      const [w0, w1] = indexWindow(p.start, p.stop);
      const col = scalars.find((c) => c.name === colourCol);
      const [index, labels, colourValues, { eventPlot }] = await Promise.all([
        ctx.provider.getValues(spikes.indexPaths[0], [[w0, w1]]),
        ids ? columnValues(ctx.provider, model, ids, p.start, p.stop) : Promise.resolve(Array.from({ length: p.stop - p.start }, (_, i) => p.start + i)),
        col ? columnValues(ctx.provider, model, col, p.start, p.stop) : Promise.resolve(null),
        loadEventPlot(),
      ]);
      const ranges = raggedRanges(index.numbers ?? index.values.map(Number), p.start);
      const first = ranges.length ? ranges[0][0] : 0, last = ranges.length ? ranges[ranges.length - 1][1] : 0;
      const times = last > first ? (await ctx.provider.getValues(spikes.dataPath, [[first, last]])).numbers ?? new Float64Array(0) : new Float64Array(0);
      const colouring = colourBy(colourValues, DEFAULT_COLOUR);
      const { index: rowColour, colours } = colourIndex(colouring.colours, ranges.length, DEFAULT_COLOUR);
      const marks = { ...spikeMarks(times, ranges, first, rowColour), colours };
      const plot = eventPlot({ marks, lanes: rowLanes(labels).labels, xTitle: "time (s)", style: "ticks", name: `${e.name}-raster`, kind: "raster", link: ctx.provider.location || undefined });
      return [plot, legend(colouring, colourCol), pager(p, model.readableRows, (next) => ((page = next), void draw()), "units")];
    });
  if (scalars.length) sec.controls.append(columnSelect("colour", "colour by", [NO_COLOUR, ...scalars.map((c) => c.name)], colourCol, (v) => ((colourCol = v), void draw())));
  await draw();
}
