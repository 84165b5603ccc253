/**
 * Byte-range arithmetic shared by the stores: `(offset, length)` with a negative offset counting
 * from the end, resolved against a known size.
 */

/** Start (inclusive) and end (exclusive) of a range inside an object of `size` bytes, clamped. */
export function resolveRange(size: number, offset: number, length?: number): { start: number; end: number } {
  const start = offset < 0 ? Math.max(0, size + offset) : Math.min(offset, size);
  const end = length === undefined ? size : Math.min(size, start + Math.max(0, length));
  return { start, end };
}

/** The `(offset, length)` slice of `bytes` (a view, not a copy). */
export function sliceRange(bytes: Uint8Array, offset: number, length?: number): Uint8Array {
  const { start, end } = resolveRange(bytes.byteLength, offset, length);
  return bytes.subarray(start, end);
}
