/**
 * Which view the Display pane shows for an entity: a DynamicTable as a table, a TimeSeries as a
 * line plot over time (ImageSeries as frames), a numeric 1-d dataset as a line plot and a table,
 * a numeric 2-d or n-d dataset as a heatmap and a table, anything else as a table of values.
 */
import { childPath, type DataProvider, type Entity } from "../../provider/data-provider.js";
import { isNumericDtype } from "../../provider/value-block.js";
import { isDynamicTable } from "./dynamic-table.js";

/** The views of the Display pane. */
export type DisplayKind =
  | { kind: "dynamic-table" }
  /** A Units table: a spike raster above the table. */
  | { kind: "units" }
  /** A TimeIntervals table (trials, epochs): interval bars above the table. */
  | { kind: "intervals" }
  | { kind: "timeseries"; data: Entity }
  | { kind: "frames"; data: Entity }
  /** A SpatialSeries (or a Position / CompassDirection group's first): a trajectory coloured by time. */
  | { kind: "trajectory"; series: Entity; data: Entity }
  /** A PlaneSegmentation: ROI masks over the imaging plane, above the table. */
  | { kind: "plane-segmentation" }
  | { kind: "dataset"; views: ("line" | "heatmap" | "table")[] }
  | { kind: "none"; reason: string };

/** The views a dataset takes. */
export function datasetViews(e: Entity): ("line" | "heatmap" | "table")[] {
  const nd = e.shape?.length ?? 0;
  const numeric = isNumericDtype(e.dtype);
  if (!numeric || nd === 0) return ["table"];
  if (nd === 1) return ["line", "table"];
  return ["heatmap", "table"];
}

/** A Units table (it lists `spike_times`) or a TimeIntervals table (`start_time` and `stop_time`), else undefined. */
export function eventTableKind(e: Entity): { kind: "units" } | { kind: "intervals" } | undefined {
  const names = Array.isArray(e.attributes.colnames) ? e.attributes.colnames : [];
  if (names.includes("spike_times")) return { kind: "units" };
  if (names.includes("start_time") && names.includes("stop_time")) return { kind: "intervals" };
  return undefined;
}

/** What to show for `e` (looks at a group's `data`, `timestamps` and `starting_time` children). */
export async function displayKindOf(provider: DataProvider, e: Entity): Promise<DisplayKind> {
  if (e.kind === "link") return { kind: "none", reason: "a link: follow it to see its target" };
  if (e.kind === "dataset" || e.kind === "reference") return { kind: "dataset", views: datasetViews(e) };
  if (e.type?.name === "PlaneSegmentation") return { kind: "plane-segmentation" };
  if (isDynamicTable(e)) return eventTableKind(e) ?? { kind: "dynamic-table" };
  const spatial = await spatialSeriesOf(provider, e);
  if (spatial) return spatial;
  const data = await provider.getEntity(childPath(e.path, "data")).catch(() => undefined);
  if (data && data.kind === "dataset" && isNumericDtype(data.dtype) && (data.shape?.length ?? 0) > 0) {
    const imageLike = (data.shape?.length ?? 0) >= 3 || /Image|TwoPhoton|OnePhoton/.test(e.type?.name ?? "");
    if (imageLike && (data.shape?.length ?? 0) >= 3) return { kind: "frames", data };
    return { kind: "timeseries", data };
  }
  return { kind: "none", reason: "a group: pick a dataset, a table or a series in the tree" };
}

/** Groups that hold SpatialSeries (the trajectory view shows their first one). */
const SPATIAL_HOLDERS = new Set(["Position", "CompassDirection"]);

/** The trajectory of a SpatialSeries, or of the first SpatialSeries of a Position / CompassDirection group. */
async function spatialSeriesOf(provider: DataProvider, e: Entity): Promise<DisplayKind | null> {
  let series: Entity | undefined = e.type?.name === "SpatialSeries" ? e : undefined;
  if (!series && SPATIAL_HOLDERS.has(e.type?.name ?? "")) {
    const page = await provider.getChildren(e.path, 0, 100).catch(() => undefined);
    series = page?.entries.find((c) => c.kind === "group" && c.type?.name === "SpatialSeries");
  }
  if (!series) return null;
  const data = await provider.getEntity(childPath(series.path, "data")).catch(() => undefined);
  if (!data || data.kind !== "dataset" || !isNumericDtype(data.dtype) || (data.shape?.length ?? 0) === 0) return null;
  return { kind: "trajectory", series, data };
}
