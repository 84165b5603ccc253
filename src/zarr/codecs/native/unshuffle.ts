/**
 * The inverse of Blosc's byte shuffle and bit shuffle, in plain TypeScript. Byte shuffle stores
 * byte k of every element together ("plane" k); bit shuffle stores bit b of byte k of every
 * element together (one bit row per bit, elements in order, least significant bit first).
 */

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Interleave the `typesize` planes of `src` (plane k = `src[k*n, (k+1)*n)`, byte k of each of
 * `n` elements) into `n` elements at `dst[dstOffset]`; elements before `from` are left alone
 * (another routine did them).
 */
export function byteUnshuffle(src: Uint8Array, n: number, typesize: number, dst: Uint8Array, dstOffset: number, from = 0): void {
  if (src.length < n * typesize || dstOffset + n * typesize > dst.length) throw new RangeError("shuffled block does not fit");
  let done = from;
  // Whole 32-bit words in and out where alignment allows (4 elements per step, not 1 byte);
  // the rest, and other sizes, byte by byte.
  const aligned = from === 0 && LITTLE_ENDIAN_HOST && (src.byteOffset | (dst.byteOffset + dstOffset) | n) % 4 === 0;
  if (aligned && typesize === 4) done = unshuffle4(src, n, dst, dstOffset);
  else if (aligned && typesize === 8) done = unshuffle8(src, n, dst, dstOffset);
  else if (aligned && typesize === 2) done = unshuffle2(src, n, dst, dstOffset);
  for (let k = 0; k < typesize; k++) {
    for (let i = done, s = k * n + done, o = dstOffset + done * typesize + k; i < n; i++, s++, o += typesize) dst[o] = src[s];
  }
}

/** 4×4 byte transposes: four words of four planes become four 4-byte elements. */
function unshuffle4(src: Uint8Array, n: number, dst: Uint8Array, dstOffset: number): number {
  const q = n >>> 2;
  const s = new Int32Array(src.buffer, src.byteOffset, 4 * q);
  const d = new Int32Array(dst.buffer, dst.byteOffset + dstOffset, 4 * q);
  for (let k = 0, o = 0; k < q; k++, o += 4) {
    const a = s[k], b = s[q + k], c = s[2 * q + k], e = s[3 * q + k];
    const t0 = (a & 0x00ff00ff) | ((b & 0x00ff00ff) << 8);
    const t1 = ((a >>> 8) & 0x00ff00ff) | (b & 0xff00ff00);
    const t2 = (c & 0x00ff00ff) | ((e & 0x00ff00ff) << 8);
    const t3 = ((c >>> 8) & 0x00ff00ff) | (e & 0xff00ff00);
    d[o] = (t0 & 0xffff) | (t2 << 16);
    d[o + 1] = (t1 & 0xffff) | (t3 << 16);
    d[o + 2] = (t0 >>> 16) | (t2 & 0xffff0000);
    d[o + 3] = (t1 >>> 16) | (t3 & 0xffff0000);
  }
  return 4 * q;
}

/** As `unshuffle4`, for the low and the high four planes of 8-byte elements. */
function unshuffle8(src: Uint8Array, n: number, dst: Uint8Array, dstOffset: number): number {
  const q = n >>> 2;
  const s = new Int32Array(src.buffer, src.byteOffset, 8 * q);
  const d = new Int32Array(dst.buffer, dst.byteOffset + dstOffset, 8 * q);
  for (let k = 0, o = 0; k < q; k++, o += 8) {
    for (let half = 0; half < 2; half++) {
      const p = 4 * half * q + k;
      const a = s[p], b = s[p + q], c = s[p + 2 * q], e = s[p + 3 * q];
      const t0 = (a & 0x00ff00ff) | ((b & 0x00ff00ff) << 8);
      const t1 = ((a >>> 8) & 0x00ff00ff) | (b & 0xff00ff00);
      const t2 = (c & 0x00ff00ff) | ((e & 0x00ff00ff) << 8);
      const t3 = ((c >>> 8) & 0x00ff00ff) | (e & 0xff00ff00);
      d[o + half] = (t0 & 0xffff) | (t2 << 16);
      d[o + 2 + half] = (t1 & 0xffff) | (t3 << 16);
      d[o + 4 + half] = (t0 >>> 16) | (t2 & 0xffff0000);
      d[o + 6 + half] = (t1 >>> 16) | (t3 & 0xffff0000);
    }
  }
  return 4 * q;
}

/** Two planes of 2-byte elements: a word of each gives four elements (two words out). */
function unshuffle2(src: Uint8Array, n: number, dst: Uint8Array, dstOffset: number): number {
  const q = n >>> 2;
  const s = new Int32Array(src.buffer, src.byteOffset, 2 * q);
  const d = new Int32Array(dst.buffer, dst.byteOffset + dstOffset, 2 * q);
  for (let k = 0, o = 0; k < q; k++, o += 2) {
    const a = s[k], b = s[q + k];
    d[o] = (a & 0xff) | ((b & 0xff) << 8) | ((a & 0xff00) << 8) | ((b & 0xff00) << 16);
    d[o + 1] = ((a >>> 16) & 0xff) | ((b >>> 8) & 0xff00) | ((a >>> 8) & 0xff0000) | (b & 0xff000000);
  }
  return 4 * q;
}

/**
 * Undo Blosc's bit shuffle of one block: `src` holds `blockBytes` shuffled bytes of
 * `typesize`-byte elements; the result goes to `dst[dstOffset, dstOffset + blockBytes)`.
 * As in c-blosc, only a whole multiple of 8 elements is bit-shuffled (else the block was
 * stored as is), and the bytes after the last whole element are copied unchanged.
 */
export function bitUnshuffle(src: Uint8Array, blockBytes: number, typesize: number, dst: Uint8Array, dstOffset: number): void {
  if (src.length < blockBytes || dstOffset + blockBytes > dst.length) throw new RangeError("bit-shuffled block does not fit");
  const count = Math.floor(blockBytes / typesize);
  if (count % 8 !== 0) {
    dst.set(src.subarray(0, blockBytes), dstOffset);
    return;
  }
  const rowBytes = count / 8;
  for (let k = 0; k < typesize; k++) {
    // The 8 bit rows of byte k of the elements; each row holds one bit of `count` elements.
    const row = k * 8 * rowBytes;
    for (let g = 0; g < rowBytes; g++) {
      // Row b's byte g holds bit b of elements 8g..8g+7: an 8×8 bit matrix to transpose.
      const s = row + g;
      let lo = src[s] | (src[s + rowBytes] << 8) | (src[s + 2 * rowBytes] << 16) | (src[s + 3 * rowBytes] << 24);
      let hi = src[s + 4 * rowBytes] | (src[s + 5 * rowBytes] << 8) | (src[s + 6 * rowBytes] << 16) | (src[s + 7 * rowBytes] << 24);
      // 8×8 bit transpose of the 64-bit word hi:lo (byte b = row b), in three swap steps.
      let t = (lo ^ (lo >>> 7)) & 0x00aa00aa;
      lo ^= t ^ (t << 7);
      t = (hi ^ (hi >>> 7)) & 0x00aa00aa;
      hi ^= t ^ (t << 7);
      t = (lo ^ (lo >>> 14)) & 0x0000cccc;
      lo ^= t ^ (t << 14);
      t = (hi ^ (hi >>> 14)) & 0x0000cccc;
      hi ^= t ^ (t << 14);
      t = (lo ^ ((lo >>> 28) | (hi << 4))) & 0xf0f0f0f0;
      lo ^= t;
      hi ^= t >>> 4;
      // Byte m of the transposed word is byte k of element 8g + m.
      const o = dstOffset + 8 * g * typesize + k;
      dst[o] = lo;
      dst[o + typesize] = lo >>> 8;
      dst[o + 2 * typesize] = lo >>> 16;
      dst[o + 3 * typesize] = lo >>> 24;
      dst[o + 4 * typesize] = hi;
      dst[o + 5 * typesize] = hi >>> 8;
      dst[o + 6 * typesize] = hi >>> 16;
      dst[o + 7 * typesize] = hi >>> 24;
    }
  }
  const done = count * typesize;
  if (done < blockBytes) dst.set(src.subarray(done, blockBytes), dstOffset + done);
}
