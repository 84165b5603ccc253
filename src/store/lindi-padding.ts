/**
 * LINDI splits a large contiguous HDF5 dataset into Zarr chunks of one size; the last one points
 * at the bytes that remain, so its reference is shorter than a chunk. LINDI's own store pads such
 * a chunk with zero bytes, and so does this one, for the only arrays where that is well defined:
 * uncompressed, unfiltered arrays of fixed-size numbers. Reading the array's `.zarray` document
 * here is the one place the byte layer looks at Zarr metadata, as LINDI's store does. No Node imports.
 */

/** The size an uncompressed chunk of the array holds, from its `.zarray` text; undefined when it may not be padded. */
export function paddedChunkSize(zarrayText: string): number | undefined {
  let meta: unknown;
  try {
    meta = JSON.parse(zarrayText);
  } catch {
    return undefined; // the Zarr layer reports a bad document when it reads it
  }
  if (typeof meta !== "object" || meta === null) return undefined;
  const { chunks, dtype, compressor, filters } = meta as Record<string, unknown>;
  if (compressor !== null || (filters !== null && filters !== undefined && !(Array.isArray(filters) && filters.length === 0))) return undefined;
  const itemsize = /^[<>|=][iuf]([1-9][0-9]?)$/.exec(typeof dtype === "string" ? dtype : "")?.[1];
  if (itemsize === undefined || !Array.isArray(chunks) || !chunks.every((c) => Number.isSafeInteger(c) && c > 0)) return undefined;
  const size = (chunks as number[]).reduce((a, b) => a * b, Number(itemsize));
  return Number.isSafeInteger(size) ? size : undefined;
}

/** Whether the last segment of `key` names a v2 chunk ("0", "3.1.0"). */
export function isChunkKey(key: string): boolean {
  return /^\d+(\.\d+)*$/.test(key.slice(key.lastIndexOf("/") + 1));
}

/** The key of the `.zarray` document of the array holding chunk `key`. */
export function zarrayKeyOf(key: string): string {
  const slash = key.lastIndexOf("/");
  return slash < 0 ? ".zarray" : `${key.slice(0, slash)}/.zarray`;
}

/** `bytes` followed by zeros up to `size`. */
export function padWithZeros(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  out.set(bytes);
  return out;
}
