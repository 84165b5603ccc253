/** core ImageSeries (frames over time) and Images (a set of still images, by name). */
import type { Container, ContainerInit } from "../build/container.js";
import { ContainerMap } from "../build/container-map.js";
import { fieldValue, plain, textField, textListField } from "./field-values.js";
import { NWBDataInterface } from "./nwb-container.js";
import type { Device } from "./ecephys.js";
import { TimeSeries, type TimeSeriesInit } from "./time-series.js";

/** A numeric list field (a single number counts as a list of one). */
export function numberListField(holder: Container | undefined, name: string): number[] | undefined {
  const v = plain(fieldValue(holder, name));
  if (v === undefined || v === null) return undefined;
  return (Array.isArray(v) ? v.flat(Infinity) : [v]).map(Number);
}

/** What ImageSeries constructors accept (`unit` defaults to "unknown", as pynwb does). */
export interface ImageSeriesInit extends TimeSeriesInit {
  /** Pixels per dimension (x, y[, z]) of a frame. */
  dimension?: number[];
  /** How frames are stored ("raw" when in `data`). */
  format?: string;
  /** The device that recorded the frames (a link). */
  device?: Device;
}

/** Frames over time (data: frame × x × y[, z]). */
export class ImageSeries extends TimeSeries {
  static override typeName = "ImageSeries";
  static override defaultUnit = "unknown";

  constructor(init: ImageSeriesInit) {
    super(init);
    if (init.fromFile) return;
    if (init.dimension !== undefined) this.set("dimension", init.dimension);
    if (init.format !== undefined) this.set("format", init.format);
    if (init.device !== undefined) this.set("device", init.device);
  }

  /** Pixels per dimension of a frame. */
  get dimension(): number[] | undefined {
    return numberListField(this, "dimension");
  }
  get format(): string | undefined {
    return textField(this, "format");
  }
  /** Paths of external files holding the frames, when the data are not in the file. */
  get externalFile(): string[] | undefined {
    return textListField(this, "external_file");
  }
  /** The device (a link). */
  get device(): Device | undefined {
    return this.get<Device>("device");
  }
}

/** What Images constructors accept (name defaults to "Images", description to "no description", as in pynwb). */
export interface ImagesInit extends Omit<ContainerInit, "name"> {
  name?: string;
  description?: string;
  /** The images (GrayscaleImage, RGBImage, … objects). */
  images?: Container[];
}

/** A set of still images (not over time), by name. */
export class Images extends NWBDataInterface {
  static override typeName = "Images";

  constructor(init: ImagesInit = {}) {
    super({ ...init, name: init.name ?? "Images" });
    if (init.fromFile) return;
    this.set("description", init.description ?? "no description");
    for (const image of init.images ?? []) this.add(image, "base_images");
  }

  get description(): string | undefined {
    return textField(this, "description");
  }

  /** The images, by name. */
  get images(): Map<string, Container> {
    const v = this.get("base_images");
    return new Map(v instanceof ContainerMap ? [...v] : []);
  }

  addImage<T extends Container>(image: T): T {
    return this.add(image, "base_images");
  }
}
