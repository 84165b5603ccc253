/**
 * core optical physiology: OpticalChannel, ImagingPlane, TwoPhotonSeries, PlaneSegmentation (ROIs
 * as pixel or image masks), ImageSegmentation, RoiResponseSeries (traces of ROIs, a region into a
 * PlaneSegmentation) and Fluorescence.
 */
import { InvalidArgumentError } from "../errors.js";
import type { Container, ContainerInit } from "../build/container.js";
import { ContainerMap } from "../build/container-map.js";
import { DynamicTable, type DynamicTableInit, type TableRecord } from "../build/common/dynamic-table.js";
import { DynamicTableRegion } from "../build/common/dynamic-table-region.js";
import { plainValue } from "../build/nd-values.js";
import { numberField, plain, requireArgs, textField } from "./field-values.js";
import type { Device } from "./ecephys.js";
import { ImageSeries, numberListField, type ImageSeriesInit } from "./image.js";
import { ContainerCollection, fieldMembers } from "./container-collection.js";
import { NWBContainer, NWBDataInterface } from "./nwb-container.js";
import { requireSpec } from "./spec-check.js";
import { TimeSeries, type TimeSeriesInit } from "./time-series.js";

/** The containers of a many-member field (spec name `key`), by name; `label` is the getter's name. */
function mapField<T extends Container>(holder: NWBContainer, key: string, label: string): ContainerCollection<T> {
  return new ContainerCollection(label, holder, undefined, fieldMembers<T>(holder.get(key)));
}

/** What OpticalChannel constructors accept. */
export interface OpticalChannelInit extends ContainerInit {
  description?: string;
  /** Emission wavelength in nm. */
  emissionLambda?: number;
}

/** One optical channel of an imaging plane (a color filter, an emission wavelength). */
export class OpticalChannel extends NWBContainer {
  static override typeName = "OpticalChannel";

  constructor(init: OpticalChannelInit) {
    super(init);
    if (init.fromFile) return;
    requireArgs("OpticalChannel", init.name, init, ["description", "emissionLambda"]);
    this.set("description", init.description);
    this.set("emission_lambda", init.emissionLambda);
  }

  get description(): string | undefined {
    return textField(this, "description");
  }
  /** Emission wavelength in nm. */
  get emissionLambda(): number | undefined {
    return numberField(this, "emission_lambda");
  }
}

/** What ImagingPlane constructors accept. */
export interface ImagingPlaneInit extends ContainerInit {
  /** One channel or several (at least one). */
  opticalChannel?: OpticalChannel | OpticalChannel[];
  device?: Device;
  /** Excitation wavelength in nm. */
  excitationLambda?: number;
  indicator?: string;
  location?: string;
  description?: string;
  /** Frames per second. */
  imagingRate?: number;
  /** Physical location of each pixel (x, y[, z]), deprecated by NWB in favour of origin/grid spacing. */
  manifold?: unknown;
  conversion?: number;
  unit?: string;
  originCoords?: number[];
  originCoordsUnit?: string;
  gridSpacing?: number[];
  gridSpacingUnit?: string;
  referenceFrame?: string;
}

/** The plane imaged: where, with what indicator, light and device. */
export class ImagingPlane extends NWBContainer {
  static override typeName = "ImagingPlane";

  constructor(init: ImagingPlaneInit) {
    super(init);
    if (init.fromFile) return;
    requireArgs("ImagingPlane", init.name, init, ["opticalChannel", "device", "excitationLambda", "indicator", "location"]);
    const channels = Array.isArray(init.opticalChannel) ? init.opticalChannel : [init.opticalChannel!];
    if (!channels.length) throw new InvalidArgumentError(`ImagingPlane '${init.name}' needs at least one optical channel`, { path: init.name });
    for (const ch of channels) this.add(ch, "optical_channels");
    const set = (k: string, v: unknown) => v !== undefined && this.set(k, v);
    set("description", init.description);
    set("excitation_lambda", init.excitationLambda);
    set("imaging_rate", init.imagingRate);
    set("indicator", init.indicator);
    set("location", init.location);
    set("manifold", init.manifold);
    if (init.manifold !== undefined) {
      set("manifold__conversion", init.conversion);
      set("manifold__unit", init.unit);
    }
    set("origin_coords", init.originCoords);
    if (init.originCoords !== undefined) set("origin_coords__unit", init.originCoordsUnit ?? "meters");
    set("grid_spacing", init.gridSpacing);
    if (init.gridSpacing !== undefined) set("grid_spacing__unit", init.gridSpacingUnit ?? "meters");
    set("reference_frame", init.referenceFrame);
    this.set("device", init.device);
  }

  get description(): string | undefined {
    return textField(this, "description");
  }
  /** Excitation wavelength in nm. */
  get excitationLambda(): number | undefined {
    return numberField(this, "excitation_lambda");
  }
  /** Frames per second. */
  get imagingRate(): number | undefined {
    return numberField(this, "imaging_rate");
  }
  get indicator(): string | undefined {
    return textField(this, "indicator");
  }
  get location(): string | undefined {
    return textField(this, "location");
  }
  get originCoords(): number[] | undefined {
    return numberListField(this, "origin_coords");
  }
  get originCoordsUnit(): string | undefined {
    return textField(this, "origin_coords__unit");
  }
  get gridSpacing(): number[] | undefined {
    return numberListField(this, "grid_spacing");
  }
  get gridSpacingUnit(): string | undefined {
    return textField(this, "grid_spacing__unit");
  }
  get referenceFrame(): string | undefined {
    return textField(this, "reference_frame");
  }
  /** The device (a link). */
  get device(): Device | undefined {
    return this.get<Device>("device");
  }
  /** The optical channels, by name. */
  get opticalChannels(): ContainerCollection<OpticalChannel> {
    return mapField(this, "optical_channels", "opticalChannels");
  }
}

/** What TwoPhotonSeries constructors accept. */
export interface TwoPhotonSeriesInit extends ImageSeriesInit {
  imagingPlane?: ImagingPlane;
  /** Width, height[, depth] of the field of view, in meters. */
  fieldOfView?: number[];
  pmtGain?: number;
  /** Lines imaged per second. */
  scanLineRate?: number;
}

/** Frames of a two-photon microscope, from one imaging plane. */
export class TwoPhotonSeries extends ImageSeries {
  static override typeName = "TwoPhotonSeries";

  constructor(init: TwoPhotonSeriesInit) {
    super(init);
    if (init.fromFile) return;
    requireArgs("TwoPhotonSeries", init.name, init, ["imagingPlane"]);
    this.set("imaging_plane", init.imagingPlane);
    if (init.fieldOfView !== undefined) this.set("field_of_view", init.fieldOfView);
    if (init.pmtGain !== undefined) this.set("pmt_gain", init.pmtGain);
    if (init.scanLineRate !== undefined) this.set("scan_line_rate", init.scanLineRate);
  }

  /** The imaging plane (a link). */
  get imagingPlane(): ImagingPlane | undefined {
    return this.get<ImagingPlane>("imaging_plane");
  }
  /** Width, height[, depth] of the field of view, in meters. */
  get fieldOfView(): number[] | undefined {
    return numberListField(this, "field_of_view");
  }
  get pmtGain(): number | undefined {
    return numberField(this, "pmt_gain");
  }
  get scanLineRate(): number | undefined {
    return numberField(this, "scan_line_rate");
  }
}

/** One pixel of an ROI's pixel mask. */
export interface PixelMaskEntry {
  x: number;
  y: number;
  weight: number;
}

/** What PlaneSegmentation constructors accept (name defaults to "PlaneSegmentation"). */
export interface PlaneSegmentationInit extends Omit<DynamicTableInit, "name"> {
  name?: string;
  imagingPlane?: ImagingPlane;
  /** Image series the ROIs were found in (links). */
  referenceImages?: ImageSeries[];
  /** One list of weighted pixels per ROI. */
  pixelMasks?: PixelMaskEntry[][];
  /** One x × y (or x × y × z) weight image per ROI. */
  imageMasks?: unknown[];
}

/** Regions of interest of one imaging plane: one row per ROI, masks as columns. */
export class PlaneSegmentation extends DynamicTable {
  static override typeName = "PlaneSegmentation";
  static override namespace = "core";

  constructor(init: PlaneSegmentationInit = {}) {
    super({ ...init, name: init.name ?? "PlaneSegmentation" });
    if (init.fromFile) return;
    requireSpec(PlaneSegmentation, this.name);
    requireArgs("PlaneSegmentation", this.name, init, ["description", "imagingPlane"]);
    this.set("imaging_plane", init.imagingPlane);
    const refs = this.group("reference_images");
    for (const s of init.referenceImages ?? []) refs.add(s, "image_series");
    if (init.imageMasks !== undefined) {
      this.addColumn({ name: "image_mask", description: "Image masks for each ROI", data: init.imageMasks });
    }
    if (init.pixelMasks !== undefined) {
      this.addColumn({ name: "pixel_mask", description: "Pixel masks for each ROI", data: init.pixelMasks, index: true });
    }
  }

  /** The imaging plane (a link). */
  get imagingPlane(): ImagingPlane | undefined {
    return this.get<ImagingPlane>("imaging_plane");
  }

  /** The image series the ROIs were found in. */
  get referenceImages(): ImageSeries[] {
    const v = this.get("reference_images");
    const group = v as { fields?: Map<string, unknown> } | undefined;
    const series = group?.fields?.get("image_series");
    if (series instanceof ContainerMap) return [...series.values()] as ImageSeries[];
    return series instanceof ImageSeries ? [series] : [];
  }

  private checkRoi(roi: number, column: string): number {
    const row = roi < 0 ? this.length + roi : roi;
    if (!Number.isInteger(row) || row < 0 || row >= this.length) {
      throw new InvalidArgumentError(`ROI ${roi} is out of range (the table has ${this.length} ROIs)`, { path: this.containerPath });
    }
    if (!this.colnames.includes(column)) throw new InvalidArgumentError(`the plane segmentation has no ${column} column`, { path: this.containerPath });
    return row;
  }

  /** The weighted pixels of one ROI (reads only that ROI's part of the ragged column). */
  async pixelMask(roi: number): Promise<PixelMaskEntry[]> {
    const row = this.checkRoi(roi, "pixel_mask");
    const [pixels] = await this.readColumn("pixel_mask", row, row + 1);
    return Array.from(pixels as ArrayLike<Record<string, unknown>>, (p) => ({
      x: Number(plainValue(p.x)), y: Number(plainValue(p.y)), weight: Number(plainValue(p.weight)),
    }));
  }

  /** The weight image of one ROI, as nested lists (x × y[, z]). */
  async imageMask(roi: number): Promise<unknown> {
    const row = this.checkRoi(roi, "image_mask");
    const [mask] = await this.readColumn("image_mask", row, row + 1);
    return plain(mask);
  }

  /** A region of ROIs (rows of this table), for a RoiResponseSeries' `rois`. */
  createRoiTableRegion(region: number[], description: string, name = "rois"): DynamicTableRegion {
    for (const r of region) this.checkRoi(r, this.colnames[0] ?? "id");
    return new DynamicTableRegion({ name, description, data: region, table: this });
  }
}

/** What ImageSegmentation constructors accept (name defaults to "ImageSegmentation"). */
export interface ImageSegmentationInit extends Omit<ContainerInit, "name"> {
  name?: string;
  planeSegmentations?: PlaneSegmentation[];
}

/** The plane segmentations of a processing module. */
export class ImageSegmentation extends NWBDataInterface {
  static override typeName = "ImageSegmentation";

  constructor(init: ImageSegmentationInit = {}) {
    super({ ...init, name: init.name ?? "ImageSegmentation" });
    for (const ps of init.planeSegmentations ?? []) this.addPlaneSegmentation(ps);
  }

  /** The plane segmentations, by name. */
  get planeSegmentations(): ContainerCollection<PlaneSegmentation> {
    return mapField(this, "plane_segmentations", "planeSegmentations");
  }

  addPlaneSegmentation(ps: PlaneSegmentation): PlaneSegmentation {
    return this.add(ps, "plane_segmentations");
  }
}

/** What RoiResponseSeries constructors accept. */
export interface RoiResponseSeriesInit extends TimeSeriesInit {
  /** The ROIs the columns of `data` belong to (see PlaneSegmentation.createRoiTableRegion). */
  rois?: DynamicTableRegion;
}

/** Traces of ROIs (data: time × ROIs). */
export class RoiResponseSeries extends TimeSeries {
  static override typeName = "RoiResponseSeries";

  constructor(init: RoiResponseSeriesInit) {
    super(init);
    if (init.fromFile) return;
    requireArgs("RoiResponseSeries", init.name, init, ["rois"]);
    this.set("rois", init.rois);
  }

  /** The ROIs: a region into a PlaneSegmentation. */
  get rois(): DynamicTableRegion | undefined {
    return this.get<DynamicTableRegion>("rois");
  }

  /** The PlaneSegmentation the ROIs are rows of. */
  get planeSegmentation(): PlaneSegmentation | undefined {
    const t = this.rois?.table;
    return t instanceof PlaneSegmentation ? t : undefined;
  }

  /** The row numbers of the ROIs, in column order of `data`. */
  async roiIndices(): Promise<number[]> {
    const rois = this.rois;
    if (rois === undefined) return [];
    return (await rois.rows(0, rois.length, { resolveRegions: false })).map((v) => Number(plainValue(v)));
  }

  /** The ROIs as rows of their PlaneSegmentation (records with id and masks). */
  async roiRecords(): Promise<TableRecord[]> {
    const rois = this.rois;
    if (rois === undefined) return [];
    return (await rois.rows(0, rois.length)) as TableRecord[];
  }
}

/** What Fluorescence constructors accept (name defaults to "Fluorescence"). */
export interface FluorescenceInit extends Omit<ContainerInit, "name"> {
  name?: string;
  roiResponseSeries?: RoiResponseSeries[];
}

/** Fluorescence traces of ROIs: one or more RoiResponseSeries. */
export class Fluorescence extends NWBDataInterface {
  static override typeName = "Fluorescence";

  constructor(init: FluorescenceInit = {}) {
    super({ ...init, name: init.name ?? "Fluorescence" });
    for (const s of init.roiResponseSeries ?? []) this.addRoiResponseSeries(s);
  }

  /** The series, by name. */
  get roiResponseSeries(): ContainerCollection<RoiResponseSeries> {
    return mapField(this, "roi_response_series", "roiResponseSeries");
  }

  addRoiResponseSeries(series: RoiResponseSeries): RoiResponseSeries {
    return this.add(series, "roi_response_series");
  }
}
