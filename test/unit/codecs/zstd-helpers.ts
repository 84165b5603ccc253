/** Inputs shared by the Zstandard tests. */

/**
 * `n` bytes. Seed 0: runs of a counter between zero stretches (compresses to about a third, so
 * frames hold several compressed blocks). Any other seed: pseudo-random bytes, which zstd stores as
 * raw blocks.
 */
export function mixedBytes(n: number, seed = 0): Uint8Array {
  const out = new Uint8Array(n);
  if (seed === 0) {
    for (let i = 0; i < n; i++) out[i] = (i * 7919) % 251 < 120 ? i & 0xff : 0;
    return out;
  }
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A skippable frame (magic 0x184D2A50–5F) carrying `size` bytes of 0xAB. */
export function skippable(magic: number, size: number): Buffer {
  const b = Buffer.alloc(8 + size, 0xab);
  b.writeUInt32LE(magic, 0);
  b.writeUInt32LE(size, 4);
  return b;
}
