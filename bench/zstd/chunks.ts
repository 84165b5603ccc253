/**
 * Chunks shaped like the arrays NWB files hold, made from a seeded generator so every run
 * compresses the same bytes:
 * - int16 extracellular voltage: 384 channels (a Neuropixels probe) stored time-major, each
 *   channel AR(1) noise plus a shared slow wave and sparse spikes, as an acquisition system writes it;
 * - float32 processed signal: 128 channels of random walk (the array of bench/read-array).
 */
import { prng } from "../../test/helpers/prng.js";

/** Standard normal numbers (Box–Muller). */
function normal(seed: number): () => number {
  const u = prng(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

export interface Chunk {
  label: string;
  bytes: Uint8Array;
}

/** `byteLength` bytes (rounded down to whole rows) of 384-channel int16 voltage. */
export function ephysInt16(byteLength: number, seed = 1): Chunk {
  const channels = 384;
  const rows = Math.floor(byteLength / (channels * 2));
  const out = new Int16Array(rows * channels);
  const noise = normal(seed);
  const spikes = prng(seed + 1);
  const state = new Float64Array(channels);
  for (let t = 0; t < rows; t++) {
    const lfp = 40 * Math.sin((2 * Math.PI * t) / 3000) + 15 * Math.sin((2 * Math.PI * t) / 170);
    for (let c = 0; c < channels; c++) {
      state[c] = 0.9 * state[c] + 8 * noise();
      let v = state[c] + lfp;
      if (spikes() < 2e-4) v -= 150 + 100 * spikes();
      out[t * channels + c] = Math.round(v);
    }
  }
  return { label: `int16 ${channels} ch`, bytes: new Uint8Array(out.buffer) };
}

/** `byteLength` bytes (rounded down to whole rows) of 128-channel float32 random walks. */
export function randomWalkFloat32(byteLength: number, seed = 2): Chunk {
  const channels = 128;
  const rows = Math.floor(byteLength / (channels * 4));
  const out = new Float32Array(rows * channels);
  const noise = normal(seed);
  const level = new Float64Array(channels);
  for (let t = 0; t < rows; t++) {
    for (let c = 0; c < channels; c++) out[t * channels + c] = level[c] += noise();
  }
  return { label: `float32 ${channels} ch`, bytes: new Uint8Array(out.buffer) };
}
