/**
 * Fractal heaps ("FRHP"), where new-style groups with many links keep their link messages: an
 * object is found from its heap ID by walking the heap's doubling table of indirect ("FHIB") and
 * direct ("FHDB") blocks, and only the object's bytes are read. Managed and tiny objects are
 * read; huge objects and filtered heaps raise the caller's typed error. No Node imports.
 */
import type { MetadataReader } from "./metadata-reader.js";

const MAX_NESTING = 64;

/** An open fractal heap. */
export class FractalHeap {
  private constructor(
    private readonly m: MetadataReader,
    private readonly what: string,
    private readonly p: {
      width: number; start: number; maxDirect: number; root: number | undefined; rootRows: number;
      offsetSize: number; lengthSize: number; maxDirectRows: number;
    },
  ) {}

  /** The heap whose header is at `addr`; `what` names its owner in errors. */
  static async open(m: MetadataReader, addr: number, what: string): Promise<FractalHeap> {
    const O = m.sizes.offset;
    const L = m.sizes.length;
    const c = await m.read(addr, 4 + 1 + 2 + 2 + 1 + 4 + 12 * L + 3 * O + 2 + 2 * L + 2 + 2 + O + 2 + 4, `${what}: the fractal heap header`, true);
    c.signature("FRHP", `${what}: fractal heap header`);
    c.skip(1);
    c.skip(2); // heap ID length
    const filters = c.u16();
    c.skip(1);
    const maxManaged = c.u32();
    c.length();
    c.address();
    c.length();
    c.address();
    for (let i = 0; i < 8; i++) c.length();
    const width = c.u16();
    const start = c.length();
    const maxDirect = c.length();
    const maxHeapBits = c.u16();
    c.skip(2);
    const root = c.address();
    const rootRows = c.u16();
    if (filters > 0) throw m.fail(`${what}: a filtered fractal heap is not supported`);
    const pow2 = (n: number) => n > 0 && Number.isInteger(Math.log2(n));
    if (!pow2(width) || !pow2(start) || !pow2(maxDirect) || maxDirect < start || maxHeapBits < 1 || maxHeapBits > 53) {
      throw m.fail(`${what}: fractal heap of width ${width}, blocks of ${start} to ${maxDirect} bytes, ${maxHeapBits} offset bits`);
    }
    const offsetSize = Math.ceil(maxHeapBits / 8);
    const lengthSize = Math.min(Math.floor((Math.log2(maxDirect) + 7) / 8), Math.floor(Math.log2(Math.max(1, maxManaged)) / 8) + 1);
    const maxDirectRows = Math.log2(maxDirect) - Math.log2(start) + 2;
    return new FractalHeap(m, what, { width, start, maxDirect, root, rootRows, offsetSize, lengthSize, maxDirectRows });
  }

  /** The bytes of the object whose heap ID is `id`. */
  async object(id: Uint8Array): Promise<Uint8Array> {
    const { m, what, p } = this;
    const c = m.cursor(id);
    const flags = c.u8();
    const type = (flags >> 4) & 3;
    if (type === 2) return c.bytesOf((flags & 0x0f) + 1); // tiny: the object is the ID's own bytes
    if (type !== 0) throw m.fail(`${what}: a huge fractal heap object is not supported`);
    const offset = c.uint(p.offsetSize);
    const length = c.uint(p.lengthSize);
    let block = p.root;
    let blockOffset = 0;
    let rows = p.rootRows;
    for (let depth = 0; depth < MAX_NESTING; depth++) {
      if (rows === 0) return (await m.read(block === undefined ? undefined : block + offset - blockOffset, length, `${what}: a fractal heap object`)).bytes;
      const { row, column, rowStart, size } = this.place(offset - blockOffset);
      if (row >= rows) throw m.fail(`${what}: heap offset ${offset} lies past the heap's blocks`);
      const direct = Math.min(rows, p.maxDirectRows) * p.width;
      const indirect = Math.max(0, rows - p.maxDirectRows) * p.width;
      const prefix = 5 + m.sizes.offset + p.offsetSize;
      const ib = await m.read(block, prefix + (direct + indirect) * m.sizes.offset + 4, `${what}: a fractal heap indirect block`);
      ib.signature("FHIB", `${what}: fractal heap indirect block at address ${block}`);
      const entry = row < p.maxDirectRows ? row * p.width + column : direct + (row - p.maxDirectRows) * p.width + column;
      ib.pos = prefix + entry * m.sizes.offset;
      const child = ib.address();
      if (child === undefined) throw m.fail(`${what}: heap offset ${offset} lies in a block never written`);
      block = child;
      blockOffset += rowStart + column * size;
      // A direct block: the object is at its offset from the block's start. An indirect block of
      // `size` bytes has as many rows as make up that size.
      rows = row < p.maxDirectRows ? 0 : Math.log2(size) - Math.log2(p.start * p.width) + 1;
    }
    throw m.fail(`${what}: fractal heap blocks nest deeper than ${MAX_NESTING} levels`);
  }

  /** The row and column of the doubling table that hold `offset`, the row's first offset and block size. */
  private place(offset: number): { row: number; column: number; rowStart: number; size: number } {
    const { width, start } = this.p;
    if (offset < width * start) return { row: 0, column: Math.floor(offset / start), rowStart: 0, size: start };
    const row = Math.floor(Math.log2(offset / (width * start))) + 1;
    const size = start * 2 ** (row - 1);
    const rowStart = width * size;
    return { row, column: Math.floor((offset - rowStart) / size), rowStart, size };
  }
}

/** Bob Jenkins' lookup3 hash ("hashlittle"), which HDF5 uses to index link names. */
export function lookup3(k: Uint8Array, initval = 0): number {
  const rot = (x: number, n: number) => (x << n) | (x >>> (32 - n));
  let a = (0xdeadbeef + k.length + initval) | 0;
  let b = a;
  let c = a;
  let i = 0;
  let length = k.length;
  const word = (at: number, n: number) => {
    let v = 0;
    for (let j = 0; j < n; j++) v |= k[at + j] << (8 * j);
    return v;
  };
  while (length > 12) {
    a = (a + word(i, 4)) | 0;
    b = (b + word(i + 4, 4)) | 0;
    c = (c + word(i + 8, 4)) | 0;
    a = (a - c) | 0; a ^= rot(c, 4); c = (c + b) | 0;
    b = (b - a) | 0; b ^= rot(a, 6); a = (a + c) | 0;
    c = (c - b) | 0; c ^= rot(b, 8); b = (b + a) | 0;
    a = (a - c) | 0; a ^= rot(c, 16); c = (c + b) | 0;
    b = (b - a) | 0; b ^= rot(a, 19); a = (a + c) | 0;
    c = (c - b) | 0; c ^= rot(b, 4); b = (b + a) | 0;
    length -= 12;
    i += 12;
  }
  if (length === 0) return c >>> 0;
  a = (a + word(i, Math.min(4, length))) | 0;
  if (length > 4) b = (b + word(i + 4, Math.min(4, length - 4))) | 0;
  if (length > 8) c = (c + word(i + 8, length - 8)) | 0;
  c ^= b; c = (c - rot(b, 14)) | 0;
  a ^= c; a = (a - rot(c, 11)) | 0;
  b ^= a; b = (b - rot(a, 25)) | 0;
  c ^= b; c = (c - rot(b, 16)) | 0;
  a ^= c; a = (a - rot(c, 4)) | 0;
  b ^= a; b = (b - rot(a, 14)) | 0;
  c ^= b; c = (c - rot(b, 24)) | 0;
  return c >>> 0;
}
