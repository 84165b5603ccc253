/** core ImageSeries (frames over time) and Images (a set of still images, by name). */
import { shapeOf } from "../data/index.js";
import type { Container, ContainerInit } from "../build/container.js";
import { InvalidArgumentError } from "../errors.js";
import type { NdArray } from "../zarr/dtype.js";
import { fieldValue, numberField, plain, textField, textListField } from "./field-values.js";
import { ContainerCollection, fieldMembers } from "./container-collection.js";
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
  /**
   * Paths or URLs of files holding the frames, instead of `data` (then `format` is "external" and
   * `data` an empty 3-D array, as pynwb writes it).
   */
  externalFile?: string | string[];
  /** Index of the first frame of each external file (default [0] for a single file). */
  startingFrame?: number[];
  /** Frames across all external files (NWB asks for it with a rate, as data is empty). */
  numSamples?: number;
}

/** The empty 3-D array pynwb stores as the data of a series whose frames are in external files. */
function emptyFrames(): NdArray {
  return { dtype: { kind: "numeric", name: "uint8", endian: "little" }, shape: [0, 0, 0], data: new Uint8Array(0) };
}

/** The init with pynwb's rules for external files applied (checked before the series is made). */
function externalInit(init: ImageSeriesInit, typeName: string): ImageSeriesInit {
  if (init.fromFile || init.externalFile === undefined) return init;
  const where = { path: init.name };
  const files = Array.isArray(init.externalFile) ? init.externalFile : [init.externalFile];
  if (init.data !== undefined && (shapeOf(init.data)[0] ?? 0) !== 0) {
    throw new InvalidArgumentError(`${typeName} '${init.name}': give either 'externalFile' or 'data', not both`, where);
  }
  if (init.format !== undefined && init.format !== "external") {
    throw new InvalidArgumentError(`${typeName} '${init.name}': format must be 'external' when externalFile is given, not '${init.format}'`, where);
  }
  const startingFrame = init.startingFrame ?? (files.length === 1 ? [0] : undefined);
  if (startingFrame === undefined || startingFrame.length !== files.length) {
    throw new InvalidArgumentError(`${typeName} '${init.name}': 'startingFrame' needs one frame index per external file (${files.length})`, where);
  }
  return { ...init, externalFile: files, startingFrame, data: emptyFrames(), format: "external" };
}

/** Frames over time (data: frame × x × y[, z]), or frames in external files. */
export class ImageSeries extends TimeSeries {
  static override typeName = "ImageSeries";
  static override defaultUnit = "unknown";
  static override readonly missingDataShape = [0, 0, 0];

  constructor(init: ImageSeriesInit) {
    const full = externalInit(init, new.target.typeName);
    super(full);
    if (full.fromFile) return;
    const set = (k: string, v: unknown) => v !== undefined && this.set(k, v);
    set("dimension", full.dimension);
    set("external_file", full.externalFile);
    set("external_file__starting_frame", full.startingFrame);
    set("num_samples", full.numSamples);
    set("format", full.format);
    set("device", full.device);
  }

  /** Index of the first frame of each external file. */
  get startingFrame(): number[] | undefined {
    return numberListField(this, "external_file__starting_frame");
  }
  /** Frames across all external files, when given. */
  get numSamples(): number | undefined {
    return numberField(this, "num_samples");
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
  get images(): ContainerCollection {
    return new ContainerCollection("images", this, undefined, fieldMembers(this.get("base_images")));
  }

  addImage<T extends Container>(image: T): T {
    return this.add(image, "base_images");
  }
}
