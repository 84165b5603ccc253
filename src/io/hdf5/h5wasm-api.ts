/**
 * The part of h5wasm's API this package uses, declared here: h5wasm is ESM-only and its own
 * declarations do not resolve from a CommonJS build, so they cannot be imported as types.
 */

/** HDF5 type metadata of a dataset, attribute or compound member (h5wasm's `Metadata`). */
export interface H5Metadata {
  type: number;
  size: number;
  signed: boolean;
  littleEndian: boolean;
  vlen: boolean;
  /** Character set of a string type: 0 ASCII, 1 UTF-8. */
  cset?: number;
  shape: number[] | null;
  maxshape: number[] | null;
  chunks: number[] | null;
  total_size: number;
  ref_type?: "object" | "region";
  enum_type?: { type: number; nmembers: number; members: Record<string, number> };
  compound_type?: { nmembers: number; members: (H5Metadata & { name: string; offset: number })[] };
  array_type?: H5Metadata & { shape?: number[] };
  vlen_type?: H5Metadata;
}

/** One filter of a dataset's pipeline. */
export interface H5Filter {
  id: number;
  name: string;
  cd_values: number[];
}

/** A slice per axis: `[start, stop]`. */
export type H5Slice = [number, number];

/** An object or region reference as h5wasm returns it. */
export interface H5Reference {
  ref_data: Uint8Array;
}

export interface H5Attribute {
  metadata: H5Metadata;
  shape: number[] | null;
  readonly value: unknown;
}

export interface H5Node {
  file_id: bigint;
  path: string;
  readonly attrs: Record<string, H5Attribute>;
}

export interface H5Group extends H5Node {
  keys(): string[];
  get(name: string): unknown;
}

export interface H5Dataset extends H5Node {
  readonly metadata: H5Metadata;
  readonly shape: number[] | null;
  readonly filters: H5Filter[];
  readonly value: unknown;
  slice(ranges: H5Slice[]): unknown;
  get_dimension_labels(): (string | null)[];
}

export interface H5File extends H5Group {
  filename: string;
  close(): number;
}

/** The emscripten module behind h5wasm (low-level calls). */
export interface H5Module {
  H5G_GROUP: number;
  H5G_DATASET: number;
  H5G_LINK: number;
  H5G_UDLINK: number;
  H5G_TYPE: number;
  SIZEOF_OBJ_REF: number;
  SIZEOF_DSET_REGION_REF: number;
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  get_type(fileId: bigint, path: string): number;
  get_symbolic_link(fileId: bigint, path: string): string | null;
  get_external_link(fileId: bigint, path: string): { filename: string; obj_path: string };
  get_referenced_name(fileId: bigint, ref: Uint8Array, isObject: boolean): string;
  get_dataset_data(fileId: bigint, path: string, count: bigint[] | null, offset: bigint[] | null, strides: bigint[] | null, ptr: bigint): number;
  get_dataset_filters(fileId: bigint, path: string): H5Filter[];
}

/** The `h5wasm/node` module. */
export interface H5wasm {
  File: new (filename: string, mode?: "r") => H5File;
  Group: abstract new (...args: never[]) => H5Group;
  Dataset: abstract new (...args: never[]) => H5Dataset;
  ready: Promise<H5Module>;
}

/** The HDF5 type classes of `H5Metadata.type`. */
export const H5T = {
  INTEGER: 0, FLOAT: 1, TIME: 2, STRING: 3, BITFIELD: 4, OPAQUE: 5, COMPOUND: 6, REFERENCE: 7, ENUM: 8, VLEN: 9, ARRAY: 10,
} as const;
