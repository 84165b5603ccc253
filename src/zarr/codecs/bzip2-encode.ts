/**
 * A bzip2 encoder (the format of Python's `bz2` and bzip2 1.0): run-length step, Burrows–Wheeler
 * transform by prefix doubling with radix sorts (O(n log n) on any input), move-to-front with
 * zero-run codes, and Huffman tables refined over groups of 50 symbols as bzip2 does. Written here
 * because the JavaScript bzip2 encoder on npm (compressjs, unmaintained) is about five times slower.
 */

import { BZIP2_CRC } from "./bzip2-crc.js";

const BLOCK_MAGIC = [0x3141, 0x5926, 0x5359];
const END_MAGIC = [0x1772, 0x4538, 0x5090];
const GROUP = 50;
const MAX_CODE = 17;

class BitWriter {
  private buf: Uint8Array;
  private pos = 0;
  private acc = 0;
  private n = 0;

  constructor(size: number) {
    this.buf = new Uint8Array(Math.max(size, 64));
  }

  /** Write the low `count` (≤ 24) bits of `value`, most significant first. */
  bits(count: number, value: number): void {
    this.acc = (this.acc << count) | (value & ((1 << count) - 1));
    this.n += count;
    while (this.n >= 8) {
      if (this.pos === this.buf.length) {
        const grown = new Uint8Array(this.buf.length * 2);
        grown.set(this.buf);
        this.buf = grown;
      }
      this.n -= 8;
      this.buf[this.pos++] = (this.acc >>> this.n) & 0xff;
    }
    this.acc &= (1 << this.n) - 1;
  }

  u32(v: number): void {
    this.bits(16, v >>> 16);
    this.bits(16, v & 0xffff);
  }

  /** The bytes written, the last one padded with zero bits. */
  finish(): Uint8Array {
    if (this.n > 0) this.bits(8 - this.n, 0);
    return this.buf.slice(0, this.pos);
  }
}

/**
 * The sorted order of the cyclic rotations of `s`: prefix doubling from two-byte prefixes, each round a radix sort of
 * (rank, rank of the rotation k further) pairs, until every rank differs. Equal rotations (a
 * periodic block) keep any order, which leaves the transform the same.
 */
function sortRotations(s: Uint8Array): Int32Array {
  const n = s.length;
  const sa = new Int32Array(n);
  const tmp = new Int32Array(n);
  let rank = new Int32Array(n);
  let next = new Int32Array(n);
  // First round: a counting sort by each rotation's first two bytes.
  const count = new Int32Array(Math.max(65536, n) + 1);
  for (let i = 0; i < n; i++) rank[i] = (s[i] << 8) | s[i + 1 < n ? i + 1 : 0];
  for (let i = 0; i < n; i++) count[rank[i] + 1]++;
  for (let i = 1; i <= 65536; i++) count[i] += count[i - 1];
  for (let i = 0; i < n; i++) sa[count[rank[i]]++] = i;
  let classes = 65536;
  for (let k = 2; k < n; k <<= 1) {
    // Ordered by the second key: rotation i - k in the order of rotation i.
    for (let j = 0; j < n; j++) {
      let i = sa[j] - k;
      if (i < 0) i += n;
      tmp[j] = i;
    }
    // Stable counting sort by the first key.
    count.fill(0, 0, classes + 1);
    for (let j = 0; j < n; j++) count[rank[tmp[j]] + 1]++;
    for (let c = 1; c <= classes; c++) count[c] += count[c - 1];
    for (let j = 0; j < n; j++) sa[count[rank[tmp[j]]]++] = tmp[j];
    // New ranks.
    next[sa[0]] = 0;
    let r = 0;
    for (let j = 1; j < n; j++) {
      const a = sa[j - 1];
      const b = sa[j];
      let ak = a + k;
      if (ak >= n) ak -= n;
      let bk = b + k;
      if (bk >= n) bk -= n;
      if (rank[a] !== rank[b] || rank[ak] !== rank[bk]) r++;
      next[b] = r;
    }
    [rank, next] = [next, rank];
    classes = r + 1;
    if (classes === n) break;
  }
  return sa;
}

/** Huffman code lengths for `freq`, none longer than MAX_CODE (frequencies halved until so). */
function codeLengths(freq: Int32Array | number[], out: Uint8Array): void {
  const n = out.length;
  const w = Array.from({ length: n }, (_, i) => Math.max(1, freq[i]));
  for (;;) {
    // Two-queue Huffman over the sorted leaves.
    const order = [...w.keys()].sort((a, b) => w[a] - w[b]);
    const weight: number[] = order.map((i) => w[i]);
    const parent = new Int32Array(2 * n).fill(-1);
    const nodes: number[] = [];
    let leaf = 0;
    let inner = 0;
    const take = (): number => {
      if (leaf < n && (inner >= nodes.length || weight[leaf] <= weight[n + inner])) return leaf++;
      return n + inner++;
    };
    for (let m = 0; m < n - 1; m++) {
      const a = take();
      const b = take();
      nodes.push(m);
      weight[n + m] = weight[a] + weight[b];
      parent[a] = n + m;
      parent[b] = n + m;
    }
    let longest = 0;
    for (let l = 0; l < n; l++) {
      let d = 0;
      for (let p = parent[l]; p !== -1; p = parent[p]) d++;
      out[order[l]] = d;
      longest = Math.max(longest, d);
    }
    if (longest <= MAX_CODE) return;
    for (let i = 0; i < n; i++) w[i] = 1 + (w[i] >> 1);
  }
}

/** Canonical codes for `lengths` (bzip2 assigns them by length, then by symbol). */
function canonicalCodes(lengths: Uint8Array): Int32Array {
  const codes = new Int32Array(lengths.length);
  let code = 0;
  for (let len = 1; len <= MAX_CODE; len++) {
    for (let s = 0; s < lengths.length; s++) if (lengths[s] === len) codes[s] = code++;
    code <<= 1;
  }
  return codes;
}

/** Encode one block (run-length step already applied) with its CRC. */
function writeBlock(out: BitWriter, block: Uint8Array, crc: number): void {
  const n = block.length;
  const sa = sortRotations(block);
  let origPtr = 0;
  const inUse = new Uint8Array(256);
  for (let i = 0; i < n; i++) inUse[block[i]] = 1;
  const seqToUnseq: number[] = [];
  const unseqToSeq = new Uint8Array(256);
  for (let i = 0; i < 256; i++) if (inUse[i]) unseqToSeq[i] = seqToUnseq.push(i) - 1;
  const alphaSize = seqToUnseq.length + 2;
  const eob = alphaSize - 1;

  // Move-to-front of the last column, zero runs as RUNA/RUNB (bijective base 2).
  const mtf = new Uint16Array(n + 1);
  let m = 0;
  const order = Uint8Array.from(seqToUnseq.keys());
  let zeros = 0;
  const flushZeros = () => {
    while (zeros > 0) {
      zeros--;
      mtf[m++] = zeros & 1;
      zeros >>= 1;
    }
  };
  for (let j = 0; j < n; j++) {
    let i = sa[j] - 1;
    if (i < 0) {
      i += n;
      origPtr = j;
    }
    const sym = unseqToSeq[block[i]];
    if (order[0] === sym) {
      zeros++;
      continue;
    }
    const pos = order.indexOf(sym);
    flushZeros();
    order.copyWithin(1, 0, pos);
    order[0] = sym;
    mtf[m++] = pos + 1;
  }
  flushZeros();
  mtf[m++] = eob;

  // Tables: bzip2's group count, initial split by cumulative frequency, then four refinements.
  const freq = new Int32Array(alphaSize);
  for (let i = 0; i < m; i++) freq[mtf[i]]++;
  const nGroups = m < 200 ? 2 : m < 600 ? 3 : m < 1200 ? 4 : m < 2400 ? 5 : 6;
  const lengths = Array.from({ length: nGroups }, () => new Uint8Array(alphaSize));
  {
    let remaining = m;
    let lo = 0;
    for (let g = nGroups; g > 0; g--) {
      const target = remaining / g;
      let hi = lo - 1;
      let sum = 0;
      while (sum < target && hi < alphaSize - 1) sum += freq[++hi];
      if (hi > lo && g !== nGroups && g !== 1 && (nGroups - g) % 2 === 1) sum -= freq[hi--];
      const table = lengths[nGroups - g];
      for (let s = 0; s < alphaSize; s++) table[s] = s >= lo && s <= hi ? 0 : 15;
      lo = hi + 1;
      remaining -= sum;
    }
  }
  const nSelectors = Math.ceil(m / GROUP);
  const selectors = new Uint8Array(nSelectors);
  for (let iter = 0; iter < 4; iter++) {
    const gFreq = Array.from({ length: nGroups }, () => new Int32Array(alphaSize));
    for (let sel = 0; sel < nSelectors; sel++) {
      const end = Math.min(m, (sel + 1) * GROUP);
      let best = 0;
      let bestCost = Infinity;
      for (let g = 0; g < nGroups; g++) {
        const t = lengths[g];
        let cost = 0;
        for (let i = sel * GROUP; i < end; i++) cost += t[mtf[i]];
        if (cost < bestCost) {
          bestCost = cost;
          best = g;
        }
      }
      selectors[sel] = best;
      for (let i = sel * GROUP; i < end; i++) gFreq[best][mtf[i]]++;
    }
    for (let g = 0; g < nGroups; g++) codeLengths(gFreq[g], lengths[g]);
  }

  for (const v of BLOCK_MAGIC) out.bits(16, v);
  out.u32(crc);
  out.bits(1, 0); // not randomised
  out.bits(24, origPtr);
  let used16 = 0;
  for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) if (inUse[i * 16 + j]) used16 |= 0x8000 >> i;
  out.bits(16, used16);
  for (let i = 0; i < 16; i++) {
    if (!(used16 & (0x8000 >> i))) continue;
    let bits = 0;
    for (let j = 0; j < 16; j++) if (inUse[i * 16 + j]) bits |= 0x8000 >> j;
    out.bits(16, bits);
  }
  out.bits(3, nGroups);
  out.bits(15, nSelectors);
  const groupOrder = [...Array(nGroups).keys()];
  for (const sel of selectors) {
    const pos = groupOrder.indexOf(sel);
    for (let p = 0; p < pos; p++) out.bits(1, 1);
    out.bits(1, 0);
    groupOrder.splice(pos, 1);
    groupOrder.unshift(sel);
  }
  for (const table of lengths) {
    let cur = table[0];
    out.bits(5, cur);
    for (let s = 0; s < alphaSize; s++) {
      while (cur < table[s]) {
        out.bits(2, 2);
        cur++;
      }
      while (cur > table[s]) {
        out.bits(2, 3);
        cur--;
      }
      out.bits(1, 0);
    }
  }
  const codes = lengths.map(canonicalCodes);
  for (let sel = 0; sel < nSelectors; sel++) {
    const t = lengths[selectors[sel]];
    const c = codes[selectors[sel]];
    const end = Math.min(m, (sel + 1) * GROUP);
    for (let i = sel * GROUP; i < end; i++) out.bits(t[mtf[i]], c[mtf[i]]);
  }
}

/** `data` as a bzip2 stream with blocks of `level` × 100 000 bytes (1–9), as `bz2.compress(data, level)` makes. */
export function bzip2Encode(data: Uint8Array, level: number): Uint8Array {
  const out = new BitWriter((data.length >> 1) + 64);
  out.bits(8, 0x42);
  out.bits(8, 0x5a);
  out.bits(8, 0x68);
  out.bits(8, 0x30 + level);
  // Room for one more run of 4 bytes and its count at the block's end.
  const max = level * 100000 - 19;
  const block = new Uint8Array(max);
  let combined = 0;
  let i = 0;
  while (i < data.length) {
    let len = 0;
    let crc = 0xffffffff;
    while (i < data.length && len < max - 5) {
      const b = data[i];
      let run = 1;
      while (run < 255 && i + run < data.length && data[i + run] === b) run++;
      for (let r = 0; r < run; r++) crc = ((crc << 8) ^ BZIP2_CRC[((crc >>> 24) ^ b) & 0xff]) >>> 0;
      if (run >= 4) {
        block[len++] = b;
        block[len++] = b;
        block[len++] = b;
        block[len++] = b;
        block[len++] = run - 4;
      } else for (let r = 0; r < run; r++) block[len++] = b;
      i += run;
    }
    crc = ~crc >>> 0;
    combined = (((combined << 1) | (combined >>> 31)) ^ crc) >>> 0;
    writeBlock(out, block.subarray(0, len), crc);
  }
  for (const v of END_MAGIC) out.bits(16, v);
  out.u32(combined);
  return out.finish();
}
