/** core SpatialSeries and Position (a set of SpatialSeries). */
import type { ContainerInit } from "../build/container.js";
import { ContainerCollection, fieldMembers } from "./container-collection.js";
import { textField } from "./field-values.js";
import { NWBDataInterface } from "./nwb-container.js";
import { TimeSeries, type TimeSeriesInit } from "./time-series.js";

/** What SpatialSeries constructors accept. */
export interface SpatialSeriesInit extends TimeSeriesInit {
  referenceFrame?: string;
}

/** Positions or directions over time (data: time × 1, 2 or 3). */
export class SpatialSeries extends TimeSeries {
  static override typeName = "SpatialSeries";
  static override defaultUnit = "meters";

  constructor(init: SpatialSeriesInit) {
    super(init);
    if (init.fromFile) return;
    if (init.referenceFrame !== undefined) this.set("reference_frame", init.referenceFrame);
  }

  get referenceFrame(): string | undefined {
    return textField(this, "reference_frame");
  }
}

/** What Position constructors accept (name defaults to "Position"). */
export interface PositionInit extends Omit<ContainerInit, "name"> {
  name?: string;
  spatialSeries?: SpatialSeries[];
}

/** Position of the subject: one or more SpatialSeries. */
export class Position extends NWBDataInterface {
  static override typeName = "Position";

  constructor(init: PositionInit = {}) {
    super({ ...init, name: init.name ?? "Position" });
    for (const s of init.spatialSeries ?? []) this.add(s);
  }

  /** The series, by name. */
  get spatialSeries(): ContainerCollection<SpatialSeries> {
    return new ContainerCollection("spatialSeries", this, undefined, fieldMembers<SpatialSeries>(this.get("spatial_series")));
  }

  addSpatialSeries(series: SpatialSeries): SpatialSeries {
    return this.add(series, "spatial_series");
  }
}
