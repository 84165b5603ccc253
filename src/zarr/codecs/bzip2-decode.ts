/**
 * A bzip2 decoder with a hard cap on its output: it stops at the first byte past `max`, and holds
 * no more than `max` bytes of output (plus one block's work table, 4 bytes per byte of the largest
 * block, 3.6 MB at most). Reads every stream of the input, one after another, as Python's
 * `bz2.decompress` does; block and stream CRCs are verified. Randomised blocks (bzip2 before 0.9.5)
 * are refused.
 */
import { BZIP2_CRC } from "./bzip2-crc.js";

/** Damaged or foreign bzip2 data: the message says what. */
export class Bzip2FormatError extends Error {}

/** The output passed the cap. */
export class Bzip2TooLarge extends Error {}

const MAX_GROUPS = 6;
const MAX_CODE = 20;
const GROUP = 50;

class BitReader {
  private acc = 0;
  private n = 0;
  pos = 0;

  constructor(private readonly b: Uint8Array) {}

  /** The next `count` (≤ 24) bits, most significant first. */
  bits(count: number): number {
    while (this.n < count) {
      if (this.pos >= this.b.length) throw new Bzip2FormatError("the data ends early");
      this.acc = ((this.acc << 8) | this.b[this.pos++]) >>> 0;
      this.n += 8;
    }
    this.n -= count;
    return (this.acc >>> this.n) & ((1 << count) - 1);
  }

  /** Drop the bits left of the current byte (a stream ends on a byte boundary). */
  alignToByte(): void {
    this.n = 0;
    this.acc = 0;
  }

  get remaining(): number {
    return this.b.length - this.pos;
  }
}

/** Output that grows up to the cap, and never past it. */
export class CappedOutput {
  buf: Uint8Array;
  len = 0;

  constructor(
    private readonly max: number,
    hint: number,
  ) {
    this.buf = new Uint8Array(Math.min(max, Math.max(hint, 1024)));
  }

  /** Room for `extra` more bytes, or Bzip2TooLarge. */
  reserve(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    if (need > this.max) throw new Bzip2TooLarge();
    const grown = new Uint8Array(Math.min(this.max, Math.max(need, this.buf.length * 2)));
    grown.set(this.buf.subarray(0, this.len));
    this.buf = grown;
  }
}

/** Decode tables of one Huffman group, as canonical codes (bzip2's limit / base / perm). */
interface Table {
  minLen: number;
  limit: Int32Array;
  base: Int32Array;
  perm: Uint16Array;
}

function makeTable(lengths: Uint8Array, alphaSize: number): Table {
  let minLen = MAX_CODE;
  let maxLen = 0;
  for (let i = 0; i < alphaSize; i++) {
    minLen = Math.min(minLen, lengths[i]);
    maxLen = Math.max(maxLen, lengths[i]);
  }
  const perm = new Uint16Array(alphaSize);
  let p = 0;
  for (let len = minLen; len <= maxLen; len++) for (let s = 0; s < alphaSize; s++) if (lengths[s] === len) perm[p++] = s;
  const limit = new Int32Array(MAX_CODE + 2).fill(-1);
  const base = new Int32Array(MAX_CODE + 2);
  let code = 0;
  let index = 0;
  for (let len = minLen; len <= maxLen; len++) {
    let count = 0;
    for (let s = 0; s < alphaSize; s++) if (lengths[s] === len) count++;
    // Codes of this length run from `code`, their symbols from `index` in perm.
    base[len] = code - index;
    code += count;
    index += count;
    limit[len] = code - 1;
    code <<= 1;
  }
  // Past the longest length nothing matches: the decoder reports a bad code there.
  limit[maxLen + 1] = 0x7fffffff;
  return { minLen, limit, base, perm };
}

/** One block into `out`; returns its CRC (checked against the stored one). */
function block(r: BitReader, out: CappedOutput, tt: Uint32Array, blockMax: number): number {
  const storedCrc = r.bits(16) * 65536 + r.bits(16);
  if (r.bits(1)) throw new Bzip2FormatError("randomised blocks (bzip2 before 0.9.5) are not supported");
  const origPtr = r.bits(24);

  const seqToUnseq = new Uint8Array(256);
  let nInUse = 0;
  const used16 = r.bits(16);
  for (let i = 0; i < 16; i++) {
    if (!(used16 & (0x8000 >> i))) continue;
    const bits = r.bits(16);
    for (let j = 0; j < 16; j++) if (bits & (0x8000 >> j)) seqToUnseq[nInUse++] = i * 16 + j;
  }
  if (nInUse === 0) throw new Bzip2FormatError("a block uses no byte values");
  const alphaSize = nInUse + 2;

  const nGroups = r.bits(3);
  const nSelectors = r.bits(15);
  if (nGroups < 2 || nGroups > MAX_GROUPS || nSelectors < 1) throw new Bzip2FormatError(`bad table counts (${nGroups} tables, ${nSelectors} selectors)`);
  const order = Uint8Array.from({ length: nGroups }, (_, i) => i);
  const selectors = new Uint8Array(nSelectors);
  for (let i = 0; i < nSelectors; i++) {
    let j = 0;
    while (r.bits(1)) if (++j >= nGroups) throw new Bzip2FormatError("bad selector");
    const g = order[j];
    order.copyWithin(1, 0, j);
    order[0] = g;
    selectors[i] = g;
  }
  const tables: Table[] = [];
  const lengths = new Uint8Array(alphaSize);
  for (let g = 0; g < nGroups; g++) {
    let cur = r.bits(5);
    for (let s = 0; s < alphaSize; s++) {
      for (;;) {
        if (cur < 1 || cur > MAX_CODE) throw new Bzip2FormatError(`bad code length ${cur}`);
        if (!r.bits(1)) break;
        cur += r.bits(1) ? -1 : 1;
      }
      lengths[s] = cur;
    }
    tables.push(makeTable(lengths, alphaSize));
  }

  // Huffman symbols → move-to-front → the block's last column (into the low bytes of tt).
  const eob = alphaSize - 1;
  const counts = new Int32Array(256);
  const mtf = Uint8Array.from({ length: 256 }, (_, i) => i);
  let count = 0;
  let run = 0;
  let runBit = 1;
  let selector = 0;
  let left = 0;
  let table = tables[0];
  for (;;) {
    if (left === 0) {
      if (selector >= nSelectors) throw new Bzip2FormatError("more symbols than selectors");
      table = tables[selectors[selector++]];
      left = GROUP;
    }
    left--;
    let len = table.minLen;
    let code = r.bits(len);
    while (code > table.limit[len]) {
      if (++len > MAX_CODE) throw new Bzip2FormatError("bad Huffman code");
      code = (code << 1) | r.bits(1);
    }
    const index = code - table.base[len];
    if (index < 0 || index >= alphaSize) throw new Bzip2FormatError("bad Huffman code");
    const sym = table.perm[index];
    if (sym <= 1) {
      // RUNA / RUNB: a run of the front byte, its length in bijective base 2.
      run += (sym + 1) * runBit;
      runBit <<= 1;
      if (run > blockMax) throw new Bzip2FormatError("a run longer than the block");
      continue;
    }
    if (run > 0) {
      if (count + run > blockMax) throw new Bzip2FormatError("a block longer than its stream's block size");
      const b = seqToUnseq[mtf[0]];
      counts[b] += run;
      tt.fill(b, count, count + run);
      count += run;
      run = 0;
      runBit = 1;
    }
    if (sym === eob) break;
    if (count >= blockMax) throw new Bzip2FormatError("a block longer than its stream's block size");
    const pos = sym - 1;
    const v = mtf[pos];
    mtf.copyWithin(1, 0, pos);
    mtf[0] = v;
    const b = seqToUnseq[v];
    counts[b]++;
    tt[count++] = b;
  }
  if (origPtr >= count) throw new Bzip2FormatError(`start pointer ${origPtr} is past the block's ${count} bytes`);

  // Inverse transform: tt[i] = byte | (index of the next byte) << 8.
  const start = new Int32Array(256);
  for (let i = 0, sum = 0; i < 256; i++) {
    start[i] = sum;
    sum += counts[i];
  }
  for (let i = 0; i < count; i++) {
    const b = tt[i] & 0xff;
    tt[start[b]++] |= i << 8;
  }

  // Walk it, undoing the run-length step (4 equal bytes, then a count of more) as the bytes come.
  let crc = 0xffffffff;
  let t = tt[origPtr] >>> 8;
  let prev = -1;
  let same = 0;
  for (let i = 0; i < count; i++) {
    const cell = tt[t];
    const b = cell & 0xff;
    t = cell >>> 8;
    if (same === 4) {
      out.reserve(b);
      out.buf.fill(prev, out.len, out.len + b);
      out.len += b;
      for (let k = 0; k < b; k++) crc = ((crc << 8) ^ BZIP2_CRC[((crc >>> 24) ^ prev) & 0xff]) >>> 0;
      same = 0;
      prev = -1;
      continue;
    }
    same = b === prev ? same + 1 : 1;
    prev = b;
    out.reserve(1);
    out.buf[out.len++] = b;
    crc = ((crc << 8) ^ BZIP2_CRC[((crc >>> 24) ^ b) & 0xff]) >>> 0;
  }
  crc = ~crc >>> 0;
  if (crc !== storedCrc) throw new Bzip2FormatError(`block CRC 0x${crc.toString(16)} differs from the stored 0x${storedCrc.toString(16)}`);
  return crc;
}

/** Every stream of `data`, decoded; Bzip2TooLarge at the first byte past `max`. */
export function bzip2Decode(data: Uint8Array, max: number): Uint8Array {
  const r = new BitReader(data);
  const out = new CappedOutput(max, data.length * 4);
  let tt: Uint32Array | undefined;
  do {
    if (r.bits(8) !== 0x42 || r.bits(8) !== 0x5a || r.bits(8) !== 0x68) throw new Bzip2FormatError(`not a bzip2 stream at byte ${r.pos - 3}`);
    const level = r.bits(8) - 0x30;
    if (level < 1 || level > 9) throw new Bzip2FormatError(`bad block size digit in the stream header at byte ${r.pos - 1}`);
    const blockMax = level * 100000;
    if (!tt || tt.length < blockMax) tt = new Uint32Array(blockMax);
    let combined = 0;
    for (;;) {
      const magic = r.bits(24) * 16777216 + r.bits(24);
      if (magic === 0x314159265359) {
        const crc = block(r, out, tt, blockMax);
        combined = (((combined << 1) | (combined >>> 31)) ^ crc) >>> 0;
      } else if (magic === 0x177245385090) {
        const stored = r.bits(16) * 65536 + r.bits(16);
        if (stored !== combined) throw new Bzip2FormatError(`stream CRC 0x${combined.toString(16)} differs from the stored 0x${stored.toString(16)}`);
        r.alignToByte();
        break;
      } else throw new Bzip2FormatError("bad block header");
    }
  } while (r.remaining > 0);
  return out.buf.subarray(0, out.len);
}
