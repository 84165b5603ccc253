/**
 * The Zarr storage settings of an exported HDF5 dataset, as hdmf-zarr's
 * `ZarrDataIO.from_h5py_dataset` chooses them: the HDF5 chunk shape, and codecs mapped from the
 * HDF5 filters (none mapped: the writer's defaults). h5wasm does not expose a dataset's fill value,
 * so the writer's default (zero, empty text) is used, which is HDF5's default too.
 */
import type { DataIOSettings } from "../../data/index.js";
import type { Hdf5Dataset } from "./dataset.js";
import { mapHdf5Filters, type ZarrFilterMapping } from "./filters.js";

/** Map a dataset's filters (shuffle element size from its HDF5 type; never shuffle text or references). */
export function datasetFilterMapping(ds: Hdf5Dataset): ZarrFilterMapping {
  const isObject = ds.kind.kind === "text" || ds.kind.kind === "reference";
  return mapHdf5Filters(ds.filters, ds.metadata.size, isObject);
}

/** Settings for a ZarrDataIO wrapping the dataset, and the filters that had to be dropped. */
export function hdf5StorageSettings(ds: Hdf5Dataset): { settings: DataIOSettings; dropped: string[] } {
  const m = datasetFilterMapping(ds);
  const settings: DataIOSettings = {};
  if (!ds.isScalar && ds.chunks) settings.chunks = ds.chunks.slice();
  if (m.compressors.length) {
    settings.compressors = m.compressors;
    // legacy arrays: the mapped codecs as filters, no compressor on top
    settings.filters = m.v2Filters;
    settings.compressor = false;
  }
  return { settings, dropped: m.dropped };
}

/** Report dropped filters the way Python warns: one process warning per filter. */
export function warnDropped(ds: Hdf5Dataset, dropped: string[]): void {
  for (const message of dropped) process.emitWarning(`${ds.path}: ${message}`, "Hdf5FilterWarning");
}
