/**
 * Chunk coordinates ⇄ store keys, relative to the array's own folder:
 * v3 `default` encoding → `c/1/2` (`c` for a 0-d array, `c.1.2` with the "." separator);
 * v2 encoding → `1.2` or `1/2` (`0` for a 0-d array).
 */
import type { ChunkKeyEncoding } from "./metadata-types.js";

/** The key of the chunk at `coords`, relative to the array folder (the caller joins the array path). */
export function chunkKey(coords: readonly number[], encoding: ChunkKeyEncoding): string {
  const sep = encoding.separator;
  if (encoding.kind === "default") return coords.length === 0 ? "c" : "c" + sep + coords.join(sep);
  return coords.length === 0 ? "0" : coords.join(sep);
}

const DIGITS = /^(0|[1-9][0-9]*)$/;

/**
 * The chunk coordinates named by a relative key, or `undefined` when the key is not a chunk key
 * of an `ndim`-dimensional array in this encoding (e.g. `.zarray`, `zarr.json`, `c/x`).
 */
export function parseChunkKey(key: string, encoding: ChunkKeyEncoding, ndim: number): number[] | undefined {
  const sep = encoding.separator;
  let rest = key;
  if (encoding.kind === "default") {
    if (ndim === 0) return key === "c" ? [] : undefined;
    if (!key.startsWith("c" + sep)) return undefined;
    rest = key.slice(2);
  } else if (ndim === 0) {
    return key === "0" ? [] : undefined;
  }
  const parts = rest.split(sep);
  if (parts.length !== ndim || !parts.every((p) => DIGITS.test(p))) return undefined;
  return parts.map(Number);
}
