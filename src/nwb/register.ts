/** Register the typed NWB classes in a type map, so reads produce them (and their subtypes derive from them). */
import type { ContainerClass } from "../build/container.js";
import type { TypeMap } from "../build/type-map.js";
import { Position, SpatialSeries } from "./behavior.js";
import { Device, ElectricalSeries, ElectrodeGroup } from "./ecephys.js";
import { ElectrodesTable } from "./electrodes-table.js";
import { NWBContainer, NWBDataInterface } from "./nwb-container.js";
import { NWBFile } from "./nwb-file.js";
import { Images, ImageSeries } from "./image.js";
import { Fluorescence, ImageSegmentation, ImagingPlane, OpticalChannel, PlaneSegmentation, RoiResponseSeries, TwoPhotonSeries } from "./ophys.js";
import { ProcessingModule } from "./processing-module.js";
import { Subject } from "./subject.js";
import { TimeIntervals, Units } from "./tables.js";
import { TimeSeries } from "./time-series.js";

/** The typed NWB classes, bases before the types derived from them. */
export const NWB_CLASSES = [
  NWBContainer, NWBDataInterface, NWBFile, Subject, Device, ElectrodeGroup, TimeSeries, ElectricalSeries,
  SpatialSeries, Position, ProcessingModule, Units, TimeIntervals, ElectrodesTable, ImageSeries, Images, OpticalChannel, ImagingPlane,
  TwoPhotonSeries, PlaneSegmentation, ImageSegmentation, RoiResponseSeries, Fluorescence,
] as const;

/** Use the typed NWB classes for their core types (types the loaded core lacks are skipped). */
export function registerNwbClasses(typeMap: TypeMap): TypeMap {
  for (const cls of NWB_CLASSES) {
    if (typeMap.hasType(cls.typeName, "core")) typeMap.registerClass("core", cls.typeName, cls as unknown as ContainerClass);
  }
  return typeMap;
}
