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
  | { kind: "timeseries"; data: Entity }
  | { kind: "frames"; data: Entity }
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

/** What to show for `e` (looks at a group's `data`, `timestamps` and `starting_time` children). */
export async function displayKindOf(provider: DataProvider, e: Entity): Promise<DisplayKind> {
  if (e.kind === "link") return { kind: "none", reason: "a link: follow it to see its target" };
  if (e.kind === "dataset" || e.kind === "reference") return { kind: "dataset", views: datasetViews(e) };
  if (isDynamicTable(e)) return { kind: "dynamic-table" };
  const data = await provider.getEntity(childPath(e.path, "data")).catch(() => undefined);
  if (data && data.kind === "dataset" && isNumericDtype(data.dtype) && (data.shape?.length ?? 0) > 0) {
    const imageLike = (data.shape?.length ?? 0) >= 3 || /Image|TwoPhoton|OnePhoton/.test(e.type?.name ?? "");
    if (imageLike && (data.shape?.length ?? 0) >= 3) return { kind: "frames", data };
    return { kind: "timeseries", data };
  }
  return { kind: "none", reason: "a group: pick a dataset, a table or a series in the tree" };
}
