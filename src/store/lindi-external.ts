/**
 * LINDI leaves datasets of many chunks in their HDF5 file: the array's `.zarray` is in the
 * reference file (chunk shape = the HDF5 chunk shape, HDF5 filters mapped to numcodecs filters,
 * no compressor), its chunk references are not, and its `.zattrs` carries
 * `_EXTERNAL_ARRAY_LINK: {link_type: "hdf5_dataset", url, name}`. This file reads that link and
 * the chunk shape; the reference store then finds each chunk in the HDF5 file's chunk index
 * (`hdf5/chunk-index.ts`). No Node imports (browser bundle).
 */
import { ReferenceFileError, type ErrorLocation } from "../errors.js";

/** Where LINDI says an array's chunks are: the dataset `name` of the HDF5 file at `url`. */
export interface ExternalArrayLink {
  url: string;
  name: string;
  /** The array's chunk shape, from its `.zarray`. */
  chunks: number[];
}

const ATTRIBUTE = "_EXTERNAL_ARRAY_LINK";

function parse(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // the Zarr layer reports a bad document when it reads it
  }
}

/**
 * The external array link of an array, from the texts of its `.zattrs` and `.zarray`; undefined
 * when it has none. A link of another type, or malformed, is a ReferenceFileError.
 */
export function externalArrayLink(zattrs: string | undefined, zarray: string | undefined, where: ErrorLocation): ExternalArrayLink | undefined {
  const link = parse(zattrs)?.[ATTRIBUTE];
  if (link === undefined) return undefined;
  const { link_type: type, url, name } = (link ?? {}) as Record<string, unknown>;
  if (type !== "hdf5_dataset") throw new ReferenceFileError(`${ATTRIBUTE} of link_type ${JSON.stringify(type)} cannot be read (only "hdf5_dataset")`, where);
  if (typeof url !== "string" || typeof name !== "string") throw new ReferenceFileError(`${ATTRIBUTE} needs a string url and name, got ${JSON.stringify(link)}`, where);
  const meta = parse(zarray);
  const chunks = meta?.chunks;
  if (!Array.isArray(chunks) || !chunks.every((c) => Number.isSafeInteger(c) && (c as number) > 0)) {
    throw new ReferenceFileError(`the array with ${ATTRIBUTE} has no valid .zarray chunks`, where);
  }
  if (meta?.dimension_separator === "/") throw new ReferenceFileError(`an array with ${ATTRIBUTE} and dimension_separator "/" is not supported`, where);
  return { url, name, chunks: chunks as number[] };
}
