/**
 * The trajectory view of a SpatialSeries (alone, or in a Position / CompassDirection group):
 * x against y coloured by time for data of [t, 2] (and [t, ≥3], its first two columns), a line
 * over time for [t] or [t, 1]. A slider moves a window of samples; only that window is read.
 */
import { childPath, type DataProvider, type Entity, type ValueSelection } from "../../provider/data-provider.js";
import { el, errorBox, slider } from "../dom.js";
import { windowAt } from "../model/paging.js";
import { axisTitle } from "../model/plot-axis.js";
import { timeAxisOf, timesFor } from "../model/time-axis.js";
import { splitColumns, trajectoryMode } from "../model/trajectory.js";

/** Samples the trajectory reads at once (one window). */
export const TRAJECTORY_WINDOW = 5000;

/** What the view needs from the Display pane. */
export interface SeriesViewContext {
  provider: DataProvider;
  /** False once another entity was selected: late answers are dropped. */
  isCurrent(): boolean;
}

const loadTrajectoryPlot = () => import("./trajectory-plot.js");
const loadTracePlot = () => import("../plot/trace-plot.js");

/** A text attribute, if set. */
function textAttr(e: Entity, name: string): string | undefined {
  const v = e.attributes[name];
  return typeof v === "string" && v ? v : undefined;
}

/** Fill `host` with the trajectory of the SpatialSeries `series` whose data is `data`. */
export async function trajectoryView(host: HTMLElement, series: Entity, data: Entity, ctx: SeriesViewContext): Promise<void> {
  const axis = await timeAxisOf(ctx.provider, series.path);
  const shape = data.shape ?? [];
  const total = Math.min(shape[0] ?? 0, (data.readable ?? shape)[0] ?? 0);
  const mode = trajectoryMode(shape);
  const unit = textAttr(data, "unit");
  // NWB keeps `reference_frame` as a scalar text dataset of the series.
  const frameBlock = await ctx.provider.getValues(childPath(series.path, "reference_frame"), []).catch(() => undefined);
  const frameValue = frameBlock?.values[0];
  const frame = typeof frameValue === "string" && frameValue ? frameValue : textAttr(series, "reference_frame");
  const wrap = el("div", "view");
  wrap.setAttribute("data-view", "trajectory");
  wrap.append(el("h4", "sectionTitle", `${series.type?.name ?? "SpatialSeries"}: ${mode.kind === "xy" ? "trajectory" : "position over time"}`));
  const controls = el("div", "controls");
  const body = el("div", "viewBody");
  wrap.append(controls, body);
  host.append(wrap);
  const timeTitle = axis.kind === "index" ? "sample" : "time (s)";
  let start = 0, ticket = 0;
  const draw = async () => {
    const mine = ++ticket;
    try {
      const w = windowAt(total, TRAJECTORY_WINDOW, start);
      const cols = shape.length > 1 ? Math.min(shape[1], 2) : 1;
      // Only the window, and only the first two columns of it.
      const sel: ValueSelection = shape.length > 1 ? [[w.start, w.stop], [0, cols], ...shape.slice(2).map(() => 0)] : [[w.start, w.stop]];
      const [block, times] = await Promise.all([ctx.provider.getValues(data.path, sel), timesFor(ctx.provider, axis, w.start, w.stop)]);
      const values = block.numbers ?? new Float64Array(0);
      const notes: string[] = [`samples ${w.start}–${Math.max(w.start, w.stop - 1)} of ${total}`];
      if (frame) notes.push(`reference frame: ${frame}`);
      let plot: HTMLElement;
      if (mode.kind === "xy") {
        if (mode.extraDims > 0) notes.push(`x–y of ${shape[1]} columns (the others are not drawn)`);
        const { xs, ys } = splitColumns(values, cols);
        const { trajectoryPlot } = await loadTrajectoryPlot();
        plot = trajectoryPlot({ xs, ys, times, xTitle: axisTitle("x", unit), yTitle: axisTitle("y", unit), timeTitle, name: series.name });
      } else {
        const { tracePlot } = await loadTracePlot();
        plot = tracePlot({ xs: times, traces: [{ label: series.name, ys: values }], xTitle: timeTitle, yTitle: axisTitle(series.name, unit), name: series.name });
      }
      if (mine !== ticket || !ctx.isCurrent()) return;
      body.replaceChildren(plot, el("div", "note", notes.join(" · ")));
    } catch (e) {
      if (mine === ticket && ctx.isCurrent()) body.replaceChildren(errorBox(e));
    }
  };
  if (total > TRAJECTORY_WINDOW) controls.append(slider("window start", 0, total - TRAJECTORY_WINDOW, 0, (v) => ((start = v), void draw())));
  await draw();
}
