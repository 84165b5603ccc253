/**
 * ZarrDataIO: wraps dataset data with how to store it (chunks, fill value, codecs, linking),
 * like hdmf-zarr's ZarrDataIO. The 0.14 arguments (`compressors`, `filters`) apply to Zarr v3
 * writes; `compressor` and `filters` as numcodecs JSON apply to legacy Zarr v2 writes.
 */
import { DataIOBase, type DataIOSettings } from "../format/data-io.js";
import type { CodecJSON } from "../zarr/codecs/types.js";
import type { Hdf5Dataset } from "./hdf5/dataset.js";
import { datasetFilterMapping, hdf5StorageSettings, warnDropped } from "./hdf5/storage-settings.js";

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

  /**
   * Wrap an HDF5 dataset (read with h5wasm, see `Hdf5IO`) with the storage settings hdmf-zarr's
   * `from_h5py_dataset` derives: its chunk shape and its filters mapped to Zarr codecs (dropped
   * filters are reported as process warnings). `options` override what is derived.
   */
  static fromHdf5Dataset(ds: Hdf5Dataset, options: ZarrDataIOOptions = {}): ZarrDataIO {
    const { settings, dropped } = hdf5StorageSettings(ds);
    warnDropped(ds, dropped);
    return new ZarrDataIO(ds, { ...settings, ...options });
  }

  /** The Zarr v3 codecs standing for an HDF5 dataset's filters (hdmf-zarr's `hdf5_to_zarr_filters`); dropped filters warn. */
  static hdf5ToZarrFilters(ds: Hdf5Dataset): CodecJSON[] {
    const m = datasetFilterMapping(ds);
    warnDropped(ds, m.dropped);
    return m.compressors;
  }
}
