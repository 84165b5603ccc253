/**
 * Ragged column values → flat values plus index ends, as DynamicTable stores them: a list of rows
 * (each a list) becomes the concatenated rows and, per row, where it ends. Index ends are stored in
 * the smallest unsigned type that holds them, as hdmf does.
 */

/** The smallest unsigned typed array holding every value. */
export function indexArray(ends: number[]): Uint8Array | Uint16Array | Uint32Array | BigUint64Array {
  const max = ends.length ? Math.max(...ends) : 0;
  if (max < 2 ** 8) return Uint8Array.from(ends);
  if (max < 2 ** 16) return Uint16Array.from(ends);
  if (max < 2 ** 32) return Uint32Array.from(ends);
  return BigUint64Array.from(ends.map(BigInt));
}

/** Split one level of nesting: rows → concatenated values and each row's end. */
export function flattenOnce(rows: readonly unknown[]): { values: unknown[]; ends: number[] } {
  const values: unknown[] = [];
  const ends: number[] = [];
  for (const r of rows) {
    if (Array.isArray(r)) values.push(...r);
    else if (ArrayBuffer.isView(r)) values.push(...Array.from(r as unknown as ArrayLike<unknown>));
    else values.push(r);
    ends.push(values.length);
  }
  return { values, ends };
}
