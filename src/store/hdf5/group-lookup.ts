/**
 * Finding an object by its path, one group at a time: old-style groups (a symbol table message:
 * a v1 B-tree of symbol table nodes and a local heap of names) and new-style groups with compact
 * link storage (link messages in the header) and with dense link storage (over 8 links in files
 * written with libver='latest': a v2 B-tree of name hashes over a fractal heap).
 * No Node imports (browser bundle).
 */
import { readBtreeV1 } from "./btree-v1.js";
import { readBtreeV2 } from "./btree-v2.js";
import { FractalHeap, lookup3 } from "./fractal-heap.js";
import type { Cursor } from "./cursor.js";
import type { MetadataReader } from "./metadata-reader.js";
import { MSG, readObjectHeader, type HeaderMessage } from "./object-header.js";
import { cachedTable, type SymbolTable } from "./superblock.js";

/** An object found: its header, and for an old-style group the symbol table its entry caches. */
interface Found {
  header: number;
  table?: SymbolTable;
}

/** Most members an old-style group may have before we give up on it. */
const MAX_GROUP_MEMBERS = 1_000_000;
/** Symbol table nodes are allocated for 2K entries (K = 4 by default); the first read allows for 16. */
const SNOD_ENTRIES_GUESS = 16;
/** Bytes read past a local heap's header in the hope of taking its data segment too. */
const LOCAL_HEAP_GUESS = 1024;

/**
 * The object header address of the object at `path` ("a/b/c", below the root). A group whose
 * symbol table its parent's entry caches is searched without reading its object header.
 */
export async function findObject(m: MetadataReader, root: Found, path: string): Promise<number> {
  let found = root;
  let at = "/";
  for (const name of path.split("/").filter((s) => s !== "")) {
    const child = found.table
      ? await symbolTableChild(m, found.table, name, at)
      : await childOf(m, await readObjectHeader(m, found.header, `the group '${at}'`), name, at);
    if (child === undefined) throw m.fail(`the HDF5 file has no object '${name}' in the group '${at}'`);
    found = child;
    at = at === "/" ? `/${name}` : `${at}/${name}`;
  }
  return found.header;
}

async function childOf(m: MetadataReader, messages: HeaderMessage[], name: string, group: string): Promise<Found | undefined> {
  const table = messages.find((x) => x.type === MSG.symbolTable);
  if (table) {
    const c = m.cursor(table.data);
    const btree = c.address();
    const heap = c.address();
    if (btree === undefined || heap === undefined) throw m.fail(`the group '${group}' has an undefined symbol table address`);
    return symbolTableChild(m, { btree, heap }, name, group);
  }
  for (const msg of messages) {
    if (msg.type !== MSG.link) continue;
    const link = decodeLink(m.cursor(msg.data), m, group);
    if (link.name === name) return hardLink(m, link, group);
  }
  const info = messages.find((x) => x.type === MSG.linkInfo);
  if (info) {
    const c = m.cursor(info.data);
    c.skip(1);
    if (c.u8() & 1) c.skip(8);
    const heap = c.address();
    const names = c.address();
    if (heap !== undefined && names !== undefined) return denseChild(m, heap, names, name, group);
  }
  return undefined;
}

/**
 * A link of a group with dense link storage: the name index (a v2 B-tree of name hashes and heap
 * IDs) gives the candidates, the fractal heap their link messages.
 */
async function denseChild(m: MetadataReader, heapAddr: number, index: number, name: string, group: string): Promise<Found | undefined> {
  const what = `the group '${group}'`;
  const [heap, { records }] = await Promise.all([
    FractalHeap.open(m, heapAddr, what),
    readBtreeV2(m, index, { types: [5], maxRecords: MAX_GROUP_MEMBERS, limit: "1,000,000 links", what }),
  ]);
  const hash = lookup3(new TextEncoder().encode(name));
  for (const record of records) {
    const c = m.cursor(record);
    if (c.u32() !== hash) continue;
    const link = decodeLink(m.cursor(await heap.object(record.subarray(4))), m, group);
    if (link.name === name) return hardLink(m, link, group);
  }
  return undefined;
}

/** The object a link leads to; only hard links are followed. */
function hardLink(m: MetadataReader, link: { name: string; kind: string; address?: number }, group: string): Found {
  if (link.address === undefined) throw m.fail(`'${link.name}' in the group '${group}' is a ${link.kind} link, which is not supported here`);
  return { header: link.address };
}

/** A link message: the name and, for a hard link, the target's object header address. */
function decodeLink(c: Cursor, m: MetadataReader, group: string): { name: string; kind: string; address?: number } {
  const version = c.u8();
  if (version !== 1) throw m.fail(`the group '${group}' has a link message of version ${version}`);
  const flags = c.u8();
  const type = flags & 0x08 ? c.u8() : 0;
  if (flags & 0x04) c.skip(8);
  if (flags & 0x10) c.skip(1);
  const length = c.uint(1 << (flags & 3));
  const name = new TextDecoder().decode(c.bytesOf(length));
  if (type === 0) return { name, kind: "hard", address: c.address() };
  return { name, kind: type === 1 ? "soft" : type === 64 ? "external" : `type-${type}` };
}

async function symbolTableChild(m: MetadataReader, table: SymbolTable, name: string, group: string): Promise<Found | undefined> {
  const what = `the group '${group}'`;
  const heap = readLocalHeap(m, table.heap, what);
  heap.catch(() => undefined); // awaited below; a failure is reported there
  // A key is the heap offset of a name; a child holds the names after its left key, up to its right key.
  const wanted = new TextEncoder().encode(name);
  const nameAt = async (key: Uint8Array) => heapName(m, await heap, m.cursor(key).length(), what);
  const select = async (before: Uint8Array, after: Uint8Array) => compareBytes(wanted, await nameAt(before)) > 0 && compareBytes(wanted, await nameAt(after)) <= 0;
  const [leaves, names] = await Promise.all([
    readBtreeV1(m, table.btree, { nodeType: 0, keySize: m.sizes.length, k: 16, maxEntries: MAX_GROUP_MEMBERS, what, select }),
    heap,
  ]);
  const entrySize = 2 * m.sizes.offset + 24;
  const nodes = await Promise.all(leaves.map(async ({ child }) => {
    let c = await m.read(child, 8 + SNOD_ENTRIES_GUESS * entrySize, `${what}: a symbol table node`, true);
    c.signature("SNOD", `${what}: symbol table node at address ${child}`);
    c.skip(2);
    const count = c.u16();
    if (c.bytes.byteLength < 8 + count * entrySize) c = await m.read(child, 8 + count * entrySize, `${what}: a symbol table node`);
    c.pos = 8;
    return { c, count };
  }));
  for (const { c, count } of nodes) {
    for (let i = 0; i < count; i++) {
      const nameOffset = c.uint(m.sizes.offset);
      const header = c.address();
      const cached = cachedTable(c);
      if (compareBytes(heapName(m, names, nameOffset, what), wanted) === 0) {
        if (header === undefined) throw m.fail(`'${name}' in ${what} is a soft link, which is not supported here`);
        return { header, table: cached };
      }
    }
  }
  return undefined;
}

/**
 * The data segment of a local heap (the names of an old-style group's members). It usually
 * follows the heap's header, so the first read takes both.
 */
async function readLocalHeap(m: MetadataReader, addr: number, what: string): Promise<Uint8Array> {
  const headerSize = 8 + 2 * m.sizes.length + m.sizes.offset;
  const c = await m.read(addr, headerSize + LOCAL_HEAP_GUESS, `${what}: the local heap`, true);
  c.signature("HEAP", `${what}: local heap at address ${addr}`);
  c.skip(4);
  const size = c.length();
  c.skip(m.sizes.length); // the free list (may be "undefined": all ones)
  const data = c.address();
  if (data !== undefined && data >= addr + headerSize && data + size <= addr + c.bytes.byteLength) {
    m.checkRange(data, size, `${what}: the local heap's data`);
    return c.bytes.subarray(data - addr, data - addr + size);
  }
  return (await m.read(data, size, `${what}: the local heap's data`)).bytes;
}

/** The null-terminated name at `offset` of a local heap's data. */
function heapName(m: MetadataReader, heap: Uint8Array, offset: number, what: string): Uint8Array {
  const end = heap.indexOf(0, offset);
  if (offset >= heap.byteLength || end < 0) throw m.fail(`${what}: a name lies outside the local heap`);
  return heap.subarray(offset, end);
}

/** Byte order, as HDF5 orders names (strcmp). */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
