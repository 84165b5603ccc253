/**
 * Size limits of the Zarr layer: how large a metadata document, and a chunk whose elements vary in
 * size, may be. A chunk of fixed-size elements needs no option: it can only hold its shape times
 * its element size, and decoders stop there. The store layer has its own (HttpStore
 * `maxResponseBytes`, ZipStore `maxEntryBytes`).
 */
import { InvalidArgumentError, type ErrorLocation } from "../errors.js";
import type { ByteLimit } from "../store/capped-read.js";

/** Options that raise or lower the limits (ZarrIO, ZarrHierarchy, ZarrArray). */
export interface ReadLimits {
  /**
   * Most bytes one metadata document may hold (`zarr.json`, `.zarray`, `.zattrs`, `.zgroup`,
   * `.zmetadata`), after any transfer encoding is undone. Default 64 MiB.
   */
  maxMetadataBytes?: number;
  /**
   * Most bytes one chunk of variable-size elements (vlen-utf8, vlen-bytes, json2, pickle) may
   * decode to, and the most such a chunk may take in the store. Default 128 MiB.
   */
  maxChunkBytes?: number;
}

export const DEFAULT_MAX_METADATA_BYTES = 64 << 20;
export const DEFAULT_MAX_CHUNK_BYTES = 128 << 20;

function limit(option: keyof ReadLimits, value: number | undefined, fallback: number, where: ErrorLocation): ByteLimit {
  const bytes = value ?? fallback;
  if (typeof bytes !== "number" || !Number.isSafeInteger(bytes) || bytes < 1) {
    throw new InvalidArgumentError(`${option} must be a whole number of bytes >= 1, got ${String(value)}`, where);
  }
  return { bytes, option };
}

/** The metadata limit in force, checked. */
export function metadataLimit(options: ReadLimits, where: ErrorLocation = {}): ByteLimit {
  return limit("maxMetadataBytes", options.maxMetadataBytes, DEFAULT_MAX_METADATA_BYTES, where);
}

/** The variable-size chunk limit in force, checked. */
export function chunkLimit(options: ReadLimits, where: ErrorLocation = {}): ByteLimit {
  return limit("maxChunkBytes", options.maxChunkBytes, DEFAULT_MAX_CHUNK_BYTES, where);
}
