/**
 * Where the external fixtures live: files other software wrote, copied into this repository
 * (test/fixtures/external, with their licenses and provenance in its README) so that a plain clone
 * runs every test. Tests read them in place and copy them before writing.
 */
import { resolve } from "node:path";

/** test/fixtures/external: the root of every external fixture. */
export const FIXTURES_DIR = resolve(__dirname, "../fixtures/external");
/** NWB files in Zarr v2 written by pynwb + hdmf-zarr ≤ 0.13. */
export const ZARR_V2_FIXTURES = resolve(FIXTURES_DIR, "zarr-v2");
/** Small NWB HDF5 files from pynwb's back-compat suite. */
export const HDF5_FIXTURES = resolve(FIXTURES_DIR, "hdf5");
/** Generic Zarr v3 stores (valid and deliberately broken) from dandi-cli's tests. */
export const ZARR_V3_GENERIC_FIXTURES = resolve(FIXTURES_DIR, "zarr-v3-generic");
/** The legacy NWB file with pickled object references (no consolidated metadata). */
export const ECEPHYS_FIXTURE = resolve(ZARR_V2_FIXTURES, "ecephys_tutorial.nwb.zarr");
/** The legacy NWB file with consolidated `.zmetadata`. */
export const ZARR_TUTORIAL_FIXTURE = resolve(ZARR_V2_FIXTURES, "zarr_tutorial.nwb.zarr");
