/**
 * The items of an object chunk as numpy's `tolist()` gives them: nested lists, one level per
 * dimension (a 2×3 chunk is two lists of three). numcodecs' MsgPack and JSON codecs store them so.
 */

/** Flat items (C order) as nested lists of `shape`, as numpy's `tolist()` makes them. */
export function nestRows(flat: unknown[], shape: readonly number[]): unknown[] {
  let level = flat;
  for (let d = shape.length - 1; d > 0; d--) {
    const n = shape[d];
    const next: unknown[] = [];
    for (let i = 0; i < level.length; i += n) next.push(level.slice(i, i + n));
    level = next;
  }
  return level;
}

/** Nested lists of `shape` as flat items; undefined when the nesting does not match the shape. */
export function flattenRows(nested: unknown[], shape: readonly number[]): unknown[] | undefined {
  let level = nested;
  if (level.length !== (shape[0] ?? 1)) return undefined;
  for (let d = 1; d < shape.length; d++) {
    const next: unknown[] = [];
    for (const row of level) {
      if (!Array.isArray(row) || row.length !== shape[d]) return undefined;
      for (const v of row) next.push(v);
    }
    level = next;
  }
  return level;
}
