/**
 * ZarrDataIO: wraps dataset data with how to store it (chunks, fill value, codecs, linking),
 * like hdmf-zarr's ZarrDataIO. The 0.14 arguments (`compressors`, `filters`) apply to Zarr v3
 * writes; `compressor` and `filters` as numcodecs JSON apply to legacy Zarr v2 writes.
 */
import { DataIOBase, type DataIOSettings } from "../format/data-io.js";

export interface ZarrDataIOOptions extends DataIOSettings {
  /** Alias of `fillValue`, the Python spelling. */
  fillvalue?: unknown;
}

export class ZarrDataIO extends DataIOBase {
  readonly data: unknown;
  private readonly settings: DataIOSettings;

  constructor(data: unknown, options: ZarrDataIOOptions = {}) {
    super();
    this.data = data;
    const { fillvalue, ...rest } = options;
    this.settings = { ...rest, fillValue: rest.fillValue ?? fillvalue };
  }

  /** The storage settings, including `linkData` (hdmf-zarr's `get_io_params`). */
  getIoSettings(): DataIOSettings {
    return { ...this.settings };
  }

  /** Same as getIoSettings, the name hdmf-zarr uses. */
  getIoParams(): DataIOSettings {
    return this.getIoSettings();
  }
}
