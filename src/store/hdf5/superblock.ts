/**
 * The HDF5 superblock (versions 0 to 3): the sizes of addresses and lengths, the base and end of
 * file addresses, and where the root group's object header is. No Node imports (browser bundle).
 */
import { Hdf5IndexError, StoreError, type ErrorLocation } from "../../errors.js";
import type { RangeReader } from "../range-reader.js";
import { Cursor } from "./cursor.js";
import type { FileLayout } from "./metadata-reader.js";

/** Where an old-style group's members are: its v1 B-tree and its local heap of names. */
export interface SymbolTable {
  btree: number;
  heap: number;
}

/**
 * The scratch-pad of a symbol table entry: cache type 1 holds the group's symbol table, which
 * saves reading the group's object header.
 */
export function cachedTable(c: Cursor): SymbolTable | undefined {
  const type = c.u32();
  c.skip(4);
  const start = c.pos;
  const btree = type === 1 ? c.address() : undefined;
  const heap = type === 1 ? c.address() : undefined;
  c.pos = start + 16;
  return btree !== undefined && heap !== undefined ? { btree, heap } : undefined;
}

/** The superblock's facts. */
export interface Superblock extends FileLayout {
  version: number;
  /** Object header address of the root group. */
  root: number;
  /** v0/v1: the root group's symbol table (B-tree and local heap), cached in the superblock. */
  rootTable?: SymbolTable;
  /** v0/v1: K of v1 B-tree nodes indexing chunks (32 unless the superblock says otherwise). */
  chunkBtreeK: number;
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
/** Enough for every superblock version with 8-byte addresses. */
const SUPERBLOCK_BYTES = 128;
/** The signature is at 0, 512, 1024, 2048 … (after a user block); this many places are tried. */
const PLACES = 8;

/** The bytes a superblock at `offset` would hold; past the first place, a file too short ends the search. */
async function readAt(reader: RangeReader, offset: number): Promise<Uint8Array | undefined> {
  try {
    return await reader.read(offset, SUPERBLOCK_BYTES);
  } catch (e) {
    if (offset > 0 && e instanceof StoreError) return undefined;
    throw e;
  }
}

/** Find and decode the superblock of `reader`'s file; `where` names it in errors. */
export async function readSuperblock(reader: RangeReader, where: ErrorLocation): Promise<Superblock> {
  const fail = (m: string) => new Hdf5IndexError(m, where);
  for (let i = 0; i < PLACES; i++) {
    const at = i === 0 ? 0 : 256 << i;
    const bytes = await readAt(reader, at);
    if (bytes === undefined) break;
    if (!SIGNATURE.every((b, j) => bytes[j] === b)) continue;
    const version = bytes[8];
    if (version <= 1) return decodeV0(new Cursor(bytes, { offset: bytes[13], length: bytes[14] }, fail), version, fail);
    if (version <= 3) return decodeV2(new Cursor(bytes, { offset: bytes[9], length: bytes[10] }, fail), version, at, fail);
    throw fail(`superblock version ${version} is not supported (0 to 3 are)`);
  }
  throw fail("not an HDF5 file: no superblock signature found");
}

function checkSizes(c: Cursor, fail: (m: string) => Error): void {
  const ok = (n: number) => n === 2 || n === 4 || n === 8;
  if (!ok(c.sizes.offset) || !ok(c.sizes.length)) throw fail(`bad superblock: sizes of offsets ${c.sizes.offset} and lengths ${c.sizes.length}`);
}

function decodeV0(c: Cursor, version: number, fail: (m: string) => Error): Superblock {
  checkSizes(c, fail);
  c.skip(16);
  c.skip(4); // group leaf and internal K (groups are searched by reading their nodes whole)
  c.skip(4); // file consistency flags
  let chunkBtreeK = 32;
  if (version === 1) {
    chunkBtreeK = c.u16();
    c.skip(2);
  }
  const base = c.address() ?? 0;
  c.address(); // free-space info
  const eof = c.address();
  c.address(); // driver info
  // The root group's symbol table entry: link name offset, object header address, cache.
  c.address();
  const root = c.address();
  const rootTable = cachedTable(c);
  if (eof === undefined || root === undefined) throw fail("bad superblock: undefined end-of-file or root group address");
  return { version, sizes: c.sizes, base, eof, root, rootTable, chunkBtreeK: Math.max(1, chunkBtreeK) };
}

function decodeV2(c: Cursor, version: number, at: number, fail: (m: string) => Error): Superblock {
  checkSizes(c, fail);
  c.skip(12);
  const base = c.address() ?? at;
  c.address(); // superblock extension
  const eof = c.address();
  const root = c.address();
  if (eof === undefined || root === undefined) throw fail("bad superblock: undefined end-of-file or root group address");
  return { version, sizes: c.sizes, base, eof, root, chunkBtreeK: 32 };
}
