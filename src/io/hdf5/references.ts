/**
 * HDF5 object references → object paths. h5wasm decodes references in datasets and attributes,
 * but gives compound members of reference type as empty lists; those are read here from the raw
 * bytes of the records.
 */
import type { ErrorLocation } from "../../errors.js";
import type { H5Module, H5Reference } from "./h5wasm-api.js";
import { Hdf5ReadError } from "./errors.js";

/** Whether a value is an h5wasm reference. */
export function isH5Reference(v: unknown): v is H5Reference {
  return !!v && typeof v === "object" && (v as H5Reference).ref_data instanceof Uint8Array;
}

/** The absolute path an object reference points to. */
export function referencedPath(Module: H5Module, fileId: bigint, ref: Uint8Array, where: ErrorLocation): string {
  if (ref.every((b) => b === 0)) throw new Hdf5ReadError("the dataset holds an empty (null) object reference", where);
  let name: string;
  try {
    name = Module.get_referenced_name(fileId, ref, true);
  } catch (e) {
    throw new Hdf5ReadError(`an object reference cannot be resolved: ${(e as Error).message}`, where, { cause: e });
  }
  if (!name) throw new Hdf5ReadError("an object reference points to nothing", where);
  return name.startsWith("/") ? name : "/" + name;
}

/**
 * The raw bytes of the records of a compound dataset in a hyper-slab (`offset`, `count`; both
 * empty for a scalar): `recordSize` bytes per record, in the dataset's own layout.
 */
export function readRawRecords(
  Module: H5Module, fileId: bigint, path: string, recordSize: number,
  slab: { offset: number[]; count: number[] }, where: ErrorLocation,
): Uint8Array {
  const n = slab.count.reduce((a, b) => a * b, 1);
  if (n === 0) return new Uint8Array(0);
  const total = n * recordSize;
  const ptr = Module._malloc(total);
  if (!ptr) throw new Hdf5ReadError(`cannot allocate ${total} bytes in the HDF5 reader's memory`, where);
  try {
    const scalar = slab.count.length === 0;
    const status = Module.get_dataset_data(
      fileId, path, scalar ? null : slab.count.map(BigInt), scalar ? null : slab.offset.map(BigInt), scalar ? null : slab.count.map(() => 1n), BigInt(ptr),
    );
    if (status < 0) throw new Hdf5ReadError("reading the raw records failed", where);
    return Module.HEAPU8.slice(ptr, ptr + total);
  } finally {
    Module._free(ptr);
  }
}
