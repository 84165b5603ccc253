/**
 * The NWB layer: typed classes for the most used NWB core types (thin facades over the generic
 * containers, fields by spec name, camelCase getters) and NWBZarrIO.
 */
export { NWBContainer, NWBDataInterface } from "./nwb-container.js";
export { ContainerCollection, type ContainerType } from "./container-collection.js";
export { NWBFile, type NWBFileInit, type ElectrodeColumns, type ElectrodeRow } from "./nwb-file.js";
export { ElectrodesTable, type ElectrodesTableInit } from "./electrodes-table.js";
export { timeSeriesReference, type TimeSeriesReference } from "./time-series-reference.js";
export { Subject, type SubjectInit } from "./subject.js";
export { Device, ElectrodeGroup, ElectricalSeries, type DeviceInit, type ElectrodeGroupInit, type ElectricalSeriesInit } from "./ecephys.js";
export { TimeSeries, type TimeSeriesInit } from "./time-series.js";
export { SpatialSeries, Position, type SpatialSeriesInit, type PositionInit } from "./behavior.js";
export { ImageSeries, Images, numberListField, type ImageSeriesInit, type ImagesInit } from "./image.js";
export {
  OpticalChannel, ImagingPlane, TwoPhotonSeries, PlaneSegmentation, ImageSegmentation, RoiResponseSeries, Fluorescence,
  type OpticalChannelInit, type ImagingPlaneInit, type TwoPhotonSeriesInit, type PlaneSegmentationInit, type PixelMaskEntry,
  type ImageSegmentationInit, type RoiResponseSeriesInit, type FluorescenceInit,
} from "./ophys.js";
export { ProcessingModule, type ProcessingModuleInit } from "./processing-module.js";
export { Units, TimeIntervals, type UnitsInit, type TimeIntervalsInit, type UnitRow, type IntervalRow } from "./tables.js";
export { MemoryData, seriesData, type SeriesData } from "./series-data.js";
export { loadScalars, SMALL_DATASET } from "./field-values.js";
export { registerNwbClasses, NWB_CLASSES } from "./register.js";
export { loadNwbTypes } from "./load-types.js";
export { NWBZarrIO, type NWBZarrIOOptions, type NWBExportOptions } from "./nwb-zarr-io.js";
