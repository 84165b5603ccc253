/**
 * Errors of the HDF5 side of export. Each names the HDF5 file, the object path and the problem.
 */
import { HdmfZarrError, type ErrorLocation } from "../../errors.js";

/** An HDF5 file or object could not be opened or read. */
export class Hdf5ReadError extends HdmfZarrError {}

/**
 * A dataset is compressed with a filter this HDF5 build cannot decode (h5wasm would return
 * wrong values without an error), so it is not read at all.
 */
export class UnsupportedHdf5FilterError extends HdmfZarrError {
  readonly filterId: number;
  constructor(message: string, where: ErrorLocation, filterId: number, options?: { cause?: unknown }) {
    super(message, where, options);
    this.filterId = filterId;
  }
}

/** An HDF5 construct with no counterpart in hdmf-zarr (region references, unknown types). */
export class UnsupportedHdf5FeatureError extends HdmfZarrError {}
