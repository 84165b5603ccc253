/**
 * Chunk and buffer shapes from a memory budget, chosen as hdmf's GenericDataChunkIterator chooses
 * them (so a file written here is chunked like the same data written from Python): a chunk keeps
 * the proportions of the array and stays under `chunkMb`; a buffer is a block of whole chunks,
 * grown equally along every axis, under `bufferGb`.
 */

/**
 * The largest chunk under `chunkMb` megabytes (10⁶ bytes) that keeps the array's proportions:
 * axis lengths are reduced to their ratio to the shortest axis, then scaled by a common factor.
 */
export function defaultChunkShape(maxShape: readonly number[], itemSize: number, chunkMb = 10): number[] {
  if (!(chunkMb > 0)) throw new RangeError(`chunkMb must be greater than zero, got ${chunkMb}`);
  const n = maxShape.length;
  if (n === 0) return [];
  const shortest = Math.min(...maxShape);
  if (shortest <= 0) return maxShape.map((s) => Math.max(1, s));
  const chunkBytes = chunkMb * 1e6;
  let ratio = maxShape.map((s) => Math.floor(s / shortest));
  let prod = ratio.reduce((a, b) => a * b, 1);
  // Too many elements even at factor 1: divide the non-unit ratios by the smallest of them.
  while (prod * itemSize > chunkBytes && prod !== 1) {
    const step = Math.min(...ratio.filter((x) => x !== 1));
    ratio = ratio.map((x) => (x !== 1 ? Math.floor(x / step) : x));
    prod = ratio.reduce((a, b) => a * b, 1);
  }
  const k = Math.floor((chunkBytes / (prod * itemSize)) ** (1 / n));
  return ratio.map((x, d) => Math.max(1, Math.min(k * x, maxShape[d])));
}

/** A buffer of whole chunks under `bufferGb` gigabytes (10⁹ bytes), the same multiple of the chunk on every axis. */
export function defaultBufferShape(maxShape: readonly number[], chunkShape: readonly number[], itemSize: number, bufferGb = 1): number[] {
  if (!(bufferGb > 0)) throw new RangeError(`bufferGb must be greater than zero, got ${bufferGb}`);
  if (chunkShape.length === 0) return [];
  const chunkElems = chunkShape.reduce((a, b) => a * b, 1);
  const k = Math.floor((bufferGb * 1e9 / (chunkElems * itemSize)) ** (1 / chunkShape.length));
  return chunkShape.map((c, d) => Math.min(Math.max(k * c, c), Math.max(1, maxShape[d])));
}

/** The `index`-th buffer (C order of the buffer grid, first axis slowest) as start/stop per axis. */
export function bufferSelection(maxShape: readonly number[], bufferShape: readonly number[], index: number): { start: number; stop: number }[] {
  const out = new Array<{ start: number; stop: number }>(maxShape.length);
  let rest = index;
  for (let d = maxShape.length - 1; d >= 0; d--) {
    const per = Math.ceil(maxShape[d] / bufferShape[d]);
    const start = (rest % per) * bufferShape[d];
    rest = Math.floor(rest / per);
    out[d] = { start, stop: Math.min(maxShape[d], start + bufferShape[d]) };
  }
  return out;
}

/** Number of buffers covering `maxShape`. */
export function bufferCount(maxShape: readonly number[], bufferShape: readonly number[]): number {
  return maxShape.reduce((n, s, d) => n * Math.ceil(s / bufferShape[d]), 1);
}
