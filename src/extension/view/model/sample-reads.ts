/**
 * What a trace plot reads for an x range: the samples of the range, in blocks of at most
 * `blockValues` values (aligned to the array's chunks), reduced as they arrive to min/max per pixel
 * column; or, for a range whose values exceed `maxValues`, a run of samples at the start of each of
 * at most `maxRuns` stretches, each run one column. The array is never read whole at once, and one
 * update never reads more than `maxValues` values.
 */
import { emptyEnvelope, foldBlock, type Envelope, type SampleBlock } from "./downsample.js";

/** The bounds of one update's reads. */
export interface ReadLimits {
  /** Most values (samples × channels of a row) one update reads. */
  maxValues: number;
  /** Most values one request reads. */
  blockValues: number;
  /** Most runs a sampled update reads (one request each). */
  maxRuns: number;
}

export const READ_LIMITS: ReadLimits = { maxValues: 2_000_000, blockValues: 500_000, maxRuns: 200 };

/** The reads of one update. */
export interface SamplePlan {
  /** Samples `[start, stop)` covered. */
  start: number;
  stop: number;
  /** `[a, b)` sample ranges to read, in order. */
  blocks: [number, number][];
  /** Samples per column of the envelope (1: every sample kept). */
  decimation: number;
  /** Columns of the envelope. */
  columns: number;
  /** Each block is a sampled run standing for `decimation` samples (the range was too long to read whole). */
  sampled: boolean;
}

/**
 * Samples per column of a read of `[start, stop)` for `columns` columns (what {@link planSampleRead}
 * would plan, without making the plan: a plot asks it at every move).
 */
export function readDecimation(total: number, start: number, stop: number, columns: number, rowValues: number, limits: ReadLimits = READ_LIMITS): number {
  const a = Math.max(0, Math.min(total, Math.floor(start))), b = Math.max(a, Math.min(total, Math.ceil(stop)));
  const span = b - a, cols = Math.max(1, Math.floor(columns));
  if (span * Math.max(1, rowValues) > limits.maxValues) return Math.ceil(span / Math.max(1, Math.min(cols, limits.maxRuns)));
  return span > 2 * cols ? Math.ceil(span / cols) : 1;
}

/**
 * The reads of samples `[start, stop)` (clamped to `[0, total)`) for `columns` pixel columns, rows
 * of `rowValues` values, stored in chunks of `chunkRows` rows (0 when unknown).
 */
export function planSampleRead(total: number, start: number, stop: number, columns: number, rowValues: number, chunkRows = 0, limits: ReadLimits = READ_LIMITS): SamplePlan {
  const a = Math.max(0, Math.min(total, Math.floor(start))), b = Math.max(a, Math.min(total, Math.ceil(stop)));
  const span = b - a, perRow = Math.max(1, rowValues), cols = Math.max(1, Math.floor(columns));
  // Up to two samples a column are drawn as they are; more are reduced to the column's min and max.
  const decimation = readDecimation(total, a, b, cols, perRow, limits);
  if (span * perRow <= limits.maxValues) {
    let rows = Math.max(1, Math.floor(limits.blockValues / perRow));
    if (chunkRows > 0 && rows >= chunkRows) rows -= rows % chunkRows;
    const blocks: [number, number][] = [];
    // Blocks start on chunk edges, so no chunk is decoded for two blocks.
    for (let s = a; s < b; ) {
      const aligned = chunkRows > 0 && rows >= chunkRows ? Math.floor(s / chunkRows) * chunkRows + rows : s + rows;
      const e = Math.min(b, aligned);
      blocks.push([s, e]);
      s = e;
    }
    return { start: a, stop: b, blocks, decimation, columns: Math.ceil(span / decimation), sampled: false };
  }
  const runs = Math.max(1, Math.min(cols, limits.maxRuns));
  const step = span / runs;
  const runLength = Math.max(1, Math.min(Math.floor(step), Math.floor(limits.maxValues / perRow / runs), Math.floor(limits.blockValues / perRow)));
  const blocks: [number, number][] = [];
  for (let k = 0; k < runs; k++) {
    const s = a + Math.floor(k * step);
    blocks.push([s, Math.min(b, s + runLength)]);
  }
  return { start: a, stop: b, blocks, decimation, columns: runs, sampled: true };
}

/** Reads one block of samples: times and rows. */
export type BlockReader = (start: number, stop: number) => Promise<SampleBlock>;

/** Read `plan`'s blocks (at most `concurrency` at once) and fold them into an envelope of `picks.length` traces. */
export async function readEnvelope(plan: SamplePlan, picks: readonly number[], read: BlockReader, concurrency = 4): Promise<Envelope> {
  const env = emptyEnvelope(picks.length, plan.columns, plan.start, plan.stop, plan.decimation, plan.sampled);
  let next = 0;
  const worker = async () => {
    while (next < plan.blocks.length) {
      const k = next++;
      const [a, b] = plan.blocks[k];
      foldBlock(env, await read(a, b), picks, plan.sampled ? k : undefined);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plan.blocks.length) }, worker));
  return env;
}

/**
 * Whether `env` can show samples `[first, last]` without a new read: it covers them, and a read
 * made now (`decimation` samples a column) would not be more than twice as fine.
 */
export function envelopeServes(env: Envelope | undefined, first: number, last: number, decimation: number, total: number): boolean {
  if (!env) return false;
  const a = Math.max(0, Math.floor(first + 1e-6)), b = Math.min(total, Math.ceil(last - 1e-6) + 1);
  if (a < env.start || b > env.stop) return false;
  return env.decimation <= 2 * Math.max(1, decimation);
}

/** What a plot shows, in words: `samples 0–4999 of 10000 · decimation ×5 (min/max per point)`. */
export function samplesCaption(first: number, last: number, total: number, env: Envelope | undefined): string {
  // Sample indices computed from times carry float noise (6000 − 1e-10): that is still 6000.
  const a = Math.max(0, Math.floor(first + 1e-6)), b = Math.max(a, Math.min(total - 1, Math.ceil(last - 1e-6)));
  const parts = [`samples ${a}–${b} of ${total}`];
  if (env && env.decimation > 1) parts.push(`decimation ×${env.decimation} (${env.sampled ? "a run of samples per point" : "min/max per point"})`);
  return parts.join(" · ");
}
