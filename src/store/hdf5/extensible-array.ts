/**
 * The extensible array chunk index (layout version 4, datasets with one unlimited dimension): a
 * header ("EAHD"), an index block ("EAIB") holding the first entries and the addresses of the
 * first data blocks and of secondary blocks ("EASB"), which hold the addresses of further data
 * blocks ("EADB"); large data blocks are paged. Only blocks below the array's highest written
 * index are read, each level's blocks in parallel. No Node imports (browser bundle).
 */
import type { Cursor } from "./cursor.js";
import { readEntry, type IndexEntry } from "./fixed-array.js";
import type { MetadataReader } from "./metadata-reader.js";

/** What the layout says of the array. */
export interface ExtensibleArraySpec {
  filtered: boolean;
  chunkBytes: number;
  what: string;
}

/** A data block to read: its address, the index of its first entry, its entries, its page bitmap. */
interface DataBlock {
  addr: number;
  first: number;
  count: number;
  /** For a paged block, the secondary block's page bitmap (bit i: page i of its blocks in order) and the block's first bit. */
  pages?: { bitmap: Uint8Array; first: number };
}

/** The written entries of the extensible array whose header is at `addr`, by entry index. */
export async function readExtensibleArray(m: MetadataReader, addr: number, spec: ExtensibleArraySpec): Promise<[number, IndexEntry][]> {
  const O = m.sizes.offset;
  const L = m.sizes.length;
  const h = await m.read(addr, 16 + 6 * L + O + 4, `${spec.what}: the extensible array header`);
  h.signature("EAHD", `${spec.what}: extensible array header`);
  h.skip(2);
  const entrySize = h.u8();
  const maxBits = h.u8();
  const indexEntries = h.u8();
  const minElements = h.u8();
  const minPointers = h.u8();
  const pageBits = h.u8();
  h.skip(4 * L);
  const used = h.length(); // the highest index set, plus one
  h.length();
  const indexBlock = h.address();
  const sizeBytes = entrySize - O - 4;
  const bad = entrySize !== (spec.filtered ? O + 4 + sizeBytes : O) || (spec.filtered && (sizeBytes < 1 || sizeBytes > 8))
    || maxBits < 1 || maxBits > 53 || pageBits > 32 || !isPowerOfTwo(minElements) || !isPowerOfTwo(minPointers);
  if (bad) throw m.fail(`${spec.what}: extensible array of entries of ${entrySize} bytes, ${maxBits} index bits, blocks of ${minElements} and ${minPointers}`);
  if (used > m.limits.maxChunks) throw m.fail(`${spec.what}: the extensible array holds ${used} entries, more than ${m.limits.maxChunks} (limit maxChunks)`);
  const out: [number, IndexEntry][] = [];
  if (indexBlock === undefined || used === 0) return out;
  const decode = (c: Cursor, first: number, n: number) => {
    for (let i = 0; i < n; i++) {
      const e = readEntry(c, spec.filtered, sizeBytes, spec.chunkBytes);
      if (e.address !== undefined && first + i < used) out.push([first + i, e]);
    }
  };

  // Super block s holds 2^floor(s/2) data blocks of 2^floor((s+1)/2) * minElements entries each.
  const superBlocks = 1 + maxBits - Math.log2(minElements);
  const info: { blocks: number; entries: number; start: number; firstBlock: number }[] = [];
  for (let s = 0, start = 0, firstBlock = 0; s < superBlocks; s++) {
    const blocks = 2 ** Math.floor(s / 2);
    const entries = 2 ** Math.floor((s + 1) / 2) * minElements;
    info.push({ blocks, entries, start: indexEntries + start, firstBlock });
    start += blocks * entries;
    firstBlock += blocks;
  }
  const inIndex = 2 * Math.log2(minPointers);
  const blockAddrs = 2 * (minPointers - 1);
  const superAddrs = superBlocks - inIndex;
  if (superAddrs < 0) throw m.fail(`${spec.what}: extensible array with ${inIndex} super blocks in its index block, of ${superBlocks}`);
  const ib = await m.read(indexBlock, 6 + O + indexEntries * entrySize + (blockAddrs + superAddrs) * O + 4, `${spec.what}: the extensible array index block`);
  ib.signature("EAIB", `${spec.what}: extensible array index block`);
  ib.pos = 6 + O;
  decode(ib, 0, indexEntries);
  const offsetBytes = Math.ceil(maxBits / 8);
  const perPage = 2 ** pageBits;
  const blocks: DataBlock[] = [];
  const direct = Array.from({ length: blockAddrs }, () => ib.address());
  for (let s = 0; s < Math.min(inIndex, superBlocks); s++) {
    for (let j = 0; j < info[s].blocks; j++) {
      const first = info[s].start + j * info[s].entries;
      const at = direct[info[s].firstBlock + j];
      if (at !== undefined && first < used) blocks.push({ addr: at, first, count: info[s].entries });
    }
  }
  const supers = Array.from({ length: superAddrs }, () => ib.address());
  await Promise.all(supers.map(async (at, k) => {
    const s = inIndex + k;
    if (at === undefined || info[s].start >= used) return;
    const { blocks: n, entries } = info[s];
    const pageInit = entries > perPage ? Math.ceil(entries / perPage / 8) : 0;
    const c = await m.read(at, 6 + O + offsetBytes + n * pageInit + n * O + 4, `${spec.what}: an extensible array secondary block`);
    c.signature("EASB", `${spec.what}: extensible array secondary block at address ${at}`);
    c.pos = 6 + O + offsetBytes;
    const bitmaps = c.bytesOf(n * pageInit);
    for (let j = 0; j < n; j++) {
      const block = c.address();
      const first = info[s].start + j * entries;
      if (block !== undefined && first < used) blocks.push({ addr: block, first, count: entries, pages: pageInit ? { bitmap: bitmaps, first: j * Math.ceil(entries / perPage) } : undefined });
    }
  }));
  if (blocks.reduce((n, b) => n + b.count, 0) > 2 * m.limits.maxChunks + indexEntries) {
    throw m.fail(`${spec.what}: the extensible array's blocks hold more than ${m.limits.maxChunks} entries (limit maxChunks)`);
  }
  const prefix = 6 + O + offsetBytes;
  await Promise.all(blocks.map(async (b) => {
    if (!b.pages) {
      const c = await m.read(b.addr, prefix + b.count * entrySize + 4, `${spec.what}: an extensible array data block`);
      c.signature("EADB", `${spec.what}: extensible array data block at address ${b.addr}`);
      c.pos = prefix;
      decode(c, b.first, b.count);
      return;
    }
    // Pages follow the block's prefix and checksum, each with its own checksum.
    const pageSize = perPage * entrySize + 4;
    await Promise.all(Array.from({ length: Math.ceil(b.count / perPage) }, async (_, p) => {
      const bit = b.pages!.first + p;
      if (!(b.pages!.bitmap[bit >> 3] & (0x80 >> (bit & 7))) || b.first + p * perPage >= used) return;
      const page = await m.read(b.addr + prefix + 4 + p * pageSize, perPage * entrySize + 4, `${spec.what}: an extensible array page`);
      decode(page, b.first + p * perPage, perPage);
    }));
  }));
  return out;
}

const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;
