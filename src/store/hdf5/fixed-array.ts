/**
 * The fixed array chunk index (layout version 4, datasets whose maximum shape is fixed): a header
 * ("FAHD") and a data block ("FADB") of one entry per chunk of the grid, in C order. A large data
 * block is paged: a bitmap says which pages were written, and the pages follow the block, each
 * read once, in parallel. No Node imports (browser bundle).
 */
import type { Cursor } from "./cursor.js";
import type { MetadataReader } from "./metadata-reader.js";

/** One entry of a chunk index: address (undefined: never written), stored size, filter mask. */
export interface IndexEntry {
  address: number | undefined;
  length: number;
  filterMask: number;
}

/** What the layout says of the array. */
export interface FixedArraySpec {
  /** Entries the grid needs (the header must agree). */
  count: number;
  filtered: boolean;
  /** Size of an unfiltered chunk. */
  chunkBytes: number;
  pageBits: number;
  what: string;
}

/** Decode one chunk index entry: filtered entries carry their size and filter mask. */
export function readEntry(c: Cursor, filtered: boolean, sizeBytes: number, chunkBytes: number): IndexEntry {
  const address = c.address();
  if (!filtered) return { address, length: chunkBytes, filterMask: 0 };
  const length = c.uint(sizeBytes);
  return { address, length, filterMask: c.u32() };
}

/** The written entries of the fixed array whose header is at `addr`, by linear chunk index. */
export async function readFixedArray(m: MetadataReader, addr: number, spec: FixedArraySpec): Promise<[number, IndexEntry][]> {
  const O = m.sizes.offset;
  const h = await m.read(addr, 12 + m.sizes.length + O, `${spec.what}: the fixed array header`);
  h.signature("FAHD", `${spec.what}: fixed array header`);
  h.skip(2);
  const entrySize = h.u8();
  const pageBits = h.u8();
  const count = h.length();
  const block = h.address();
  const sizeBytes = entrySize - O - 4;
  if (count !== spec.count) throw m.fail(`${spec.what}: the fixed array holds ${count} entries, the chunk grid needs ${spec.count}`);
  if (count > m.limits.maxChunks) throw m.fail(`${spec.what}: the fixed array holds ${count} entries, more than ${m.limits.maxChunks} (limit maxChunks)`);
  if (entrySize !== (spec.filtered ? O + 4 + sizeBytes : O) || (spec.filtered && (sizeBytes < 1 || sizeBytes > 8)) || pageBits > 32) {
    throw m.fail(`${spec.what}: fixed array entries of ${entrySize} bytes, page bits ${pageBits}`);
  }
  const out: [number, IndexEntry][] = [];
  if (block === undefined) return out; // no chunk written yet
  const decode = (c: Cursor, first: number, n: number) => {
    for (let i = 0; i < n; i++) {
      const e = readEntry(c, spec.filtered, sizeBytes, spec.chunkBytes);
      if (e.address !== undefined) out.push([first + i, e]);
    }
  };
  const prefix = 6 + O;
  const perPage = 2 ** pageBits;
  if (count <= perPage) {
    const c = await m.read(block, prefix + count * entrySize + 4, `${spec.what}: the fixed array data block`);
    c.signature("FADB", `${spec.what}: fixed array data block`);
    c.pos = prefix;
    decode(c, 0, count);
    return out;
  }
  const pages = Math.ceil(count / perPage);
  const bitmapBytes = Math.ceil(pages / 8);
  const c = await m.read(block, prefix + bitmapBytes + 4, `${spec.what}: the fixed array data block`);
  c.signature("FADB", `${spec.what}: fixed array data block`);
  c.pos = prefix;
  const bitmap = c.bytesOf(bitmapBytes);
  const pageStart = block + prefix + bitmapBytes + 4;
  const pageSize = perPage * entrySize + 4;
  await Promise.all(Array.from({ length: pages }, async (_, p) => {
    // The bitmap's bits run from the most significant bit of each byte.
    if (!(bitmap[p >> 3] & (0x80 >> (p & 7)))) return;
    const n = Math.min(perPage, count - p * perPage);
    const page = await m.read(pageStart + p * pageSize, n * entrySize + 4, `${spec.what}: a fixed array page`);
    decode(page, p * perPage, n);
  }));
  return out;
}
