/**
 * The HDF5 chunk index reader on small files built byte by byte here (superblock v0, old-style
 * root group, one dataset with a v1 B-tree of chunks), then broken on purpose: truncated,
 * cyclic, pointing outside the file, with huge counts, over the caps. Each is a typed error
 * naming the file and dataset, read with a bounded number of requests.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Hdf5IndexError, ReferenceFileError, StoreError } from "../../../src/errors.js";
import { Hdf5ChunkIndexReader } from "../../../src/store/hdf5/chunk-index.js";
import { lookup3 } from "../../../src/store/hdf5/fractal-heap.js";
import type { Hdf5Limits } from "../../../src/store/hdf5/metadata-reader.js";
import { checkRead, shortRead, type RangeReader } from "../../../src/store/range-reader.js";
import { ReferenceStore } from "../../../src/store/reference-store.js";

/** A file in memory that counts its reads. */
class MemoryReader implements RangeReader {
  readonly description = "/data/test.h5";
  reads = 0;
  constructor(readonly bytes: Uint8Array) {}
  async size(): Promise<number> {
    return this.bytes.byteLength;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    checkRead(this.description, offset, length);
    this.reads++;
    const out = this.bytes.slice(offset, offset + length);
    if (out.byteLength !== length) throw shortRead(this.description, offset, length, out.byteLength);
    return out;
  }
}

const UNDEF = -1;
/** Where the builder puts each structure. */
const AT = { root: 96, groupTree: 136, heap: 184, heapData: 216, snod: 232, dataset: 280, layout: 280 + 16 + 8 + 16 + 8, chunkTree: 352 };

/** Little-endian writes at absolute positions; -1 writes HDF5's undefined address. */
class Bytes {
  readonly data: Uint8Array;
  constructor(size: number) {
    this.data = new Uint8Array(size);
  }
  u8(at: number, v: number): void {
    this.data[at] = v;
  }
  u16(at: number, v: number): void {
    this.data[at] = v & 0xff;
    this.data[at + 1] = v >> 8;
  }
  u32(at: number, v: number): void {
    for (let i = 0; i < 4; i++) this.data[at + i] = (v / 2 ** (8 * i)) & 0xff;
  }
  u64(at: number, v: number): void {
    for (let i = 0; i < 8; i++) this.data[at + i] = v === UNDEF ? 0xff : Math.floor(v / 2 ** (8 * i)) & 0xff;
  }
  text(at: number, s: string): void {
    this.data.set(new TextEncoder().encode(s), at);
  }
}

/**
 * A file with one dataset "/d": 1-D uint8, `chunks` chunks of 4 elements, each 4 stored bytes
 * (values 10*i .. 10*i+3), indexed by one leaf node of a v1 B-tree. `skip` chunks are not written.
 */
function buildFile(chunks = 5, skip: number[] = []): { b: Bytes; chunkAt: (i: number) => number; eof: number } {
  const written = Array.from({ length: chunks }, (_, i) => i).filter((i) => !skip.includes(i));
  const keySize = 8 + 8 * 2;
  const nodeSize = 24 + (written.length + 1) * keySize + written.length * 8;
  const firstChunk = AT.chunkTree + nodeSize;
  const eof = firstChunk + 4 * chunks;
  const b = new Bytes(eof);
  // Superblock v0: sizes of offsets and lengths 8, group K 4/16, no flags.
  b.data.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], 0);
  b.u8(13, 8);
  b.u8(14, 8);
  b.u16(16, 4);
  b.u16(18, 16);
  b.u64(24, 0);
  b.u64(32, UNDEF);
  b.u64(40, eof);
  b.u64(48, UNDEF);
  b.u64(56, 0); // root entry: name offset, header address, no cache
  b.u64(64, AT.root);
  // Root group object header v1: one symbol table message.
  objectHeader(b, AT.root, [[0x11, 16, (at) => (b.u64(at, AT.groupTree), b.u64(at + 8, AT.heap))]]);
  // Group B-tree: one leaf pointing at one symbol table node.
  b.text(AT.groupTree, "TREE");
  b.u8(AT.groupTree + 4, 0);
  b.u16(AT.groupTree + 6, 1);
  b.u64(AT.groupTree + 8, UNDEF);
  b.u64(AT.groupTree + 16, UNDEF);
  b.u64(AT.groupTree + 24, 0);
  b.u64(AT.groupTree + 32, AT.snod);
  b.u64(AT.groupTree + 40, 8);
  // Local heap: "" at 0, "d" at 8.
  b.text(AT.heap, "HEAP");
  b.u64(AT.heap + 8, 16);
  b.u64(AT.heap + 16, UNDEF);
  b.u64(AT.heap + 24, AT.heapData);
  b.text(AT.heapData + 8, "d");
  b.text(AT.snod, "SNOD");
  b.u8(AT.snod + 4, 1);
  b.u16(AT.snod + 6, 1);
  b.u64(AT.snod + 8, 8);
  b.u64(AT.snod + 16, AT.dataset);
  // The dataset: a dataspace of 4*chunks elements and a chunked layout (version 3).
  objectHeader(b, AT.dataset, [
    [0x01, 16, (at) => (b.u8(at, 1), b.u8(at + 1, 1), b.u64(at + 8, 4 * chunks))],
    [0x08, 24, (at) => (b.u8(at, 3), b.u8(at + 1, 2), b.u8(at + 2, 2), b.u64(at + 3, AT.chunkTree), b.u32(at + 11, 4), b.u32(at + 15, 1))],
  ]);
  b.text(AT.chunkTree, "TREE");
  b.u8(AT.chunkTree + 4, 1);
  b.u16(AT.chunkTree + 6, written.length);
  b.u64(AT.chunkTree + 8, UNDEF);
  b.u64(AT.chunkTree + 16, UNDEF);
  written.forEach((i, n) => {
    const key = AT.chunkTree + 24 + n * (keySize + 8);
    b.u32(key, 4);
    b.u64(key + 8, 4 * i);
    b.u64(key + keySize, firstChunk + 4 * i);
  });
  b.u64(AT.chunkTree + 24 + written.length * (keySize + 8) + 8, 4 * chunks);
  for (let i = 0; i < chunks; i++) b.data.set([10 * i, 10 * i + 1, 10 * i + 2, 10 * i + 3], firstChunk + 4 * i);
  return { b, chunkAt: (i) => firstChunk + 4 * i, eof };
}

/** A version 1 object header with the given messages [type, size, write]. */
function objectHeader(b: Bytes, at: number, messages: [number, number, (at: number) => void][]): void {
  b.u8(at, 1);
  b.u16(at + 2, messages.length);
  b.u32(at + 4, 1);
  b.u32(at + 8, messages.reduce((n, [, size]) => n + 8 + size, 0));
  let p = at + 16;
  for (const [type, size, write] of messages) {
    b.u16(p, type);
    b.u16(p + 2, size);
    write(p + 8);
    p += 8 + size;
  }
}

async function rejectsTyped(promise: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof Hdf5IndexError, String(e));
    assert.match(e.message, message);
    assert.equal(e.store, "/data/test.h5");
    assert.equal(e.path, "/d");
    return true;
  });
}

const indexOf = (bytes: Uint8Array, limits?: Partial<Hdf5Limits>) => new Hdf5ChunkIndexReader(new MemoryReader(bytes), limits).chunkIndex("/d");

describe("HDF5 chunk index", () => {
  it("finds every chunk of a dataset in an old-style group, and no chunk never written", async () => {
    const { b, chunkAt } = buildFile(6, [2]);
    const index = await indexOf(b.data);
    assert.deepEqual(index.shape, [24]);
    assert.deepEqual(index.chunkShape, [4]);
    for (const i of [0, 1, 3, 4, 5]) assert.deepEqual(index.lookup([i]), { offset: chunkAt(i), length: 4, filterMask: 0 });
    assert.equal(index.lookup([2]), undefined);
    assert.equal(index.lookup([6]), undefined);
  });

  it("reads a dataset's index once, even when asked for by many at the same time", async () => {
    const reader = new MemoryReader(buildFile(5).b.data);
    const file = new Hdf5ChunkIndexReader(reader);
    const [a, b2] = await Promise.all([file.chunkIndex("/d"), file.chunkIndex("d")]);
    assert.equal(a, b2);
    const reads = reader.reads;
    assert.ok(reads <= 8, `${reads} reads`);
    await file.chunkIndex("/d");
    assert.equal(reader.reads, reads);
  });

  it("names a missing dataset and a file that is not HDF5", async () => {
    await assert.rejects(new Hdf5ChunkIndexReader(new MemoryReader(buildFile().b.data)).chunkIndex("/nope"), /no object 'nope' in the group '\/'/);
    await assert.rejects(indexOf(new Uint8Array(4096).fill(7)), (e: unknown) => e instanceof Hdf5IndexError && /no superblock signature/.test(e.message));
  });

  it("refuses a truncated file with a typed error", async () => {
    const { b, eof } = buildFile();
    await assert.rejects(indexOf(b.data.slice(0, AT.chunkTree + 10)), (e: unknown) => e instanceof StoreError && /file ends early/.test(e.message));
    // The superblock says the file ends before the chunk B-tree.
    b.u64(40, AT.chunkTree);
    await rejectsTyped(indexOf(b.data), /lies outside the file \(end of file at 352\)/);
    void eof;
  });

  it("refuses addresses outside the file", async () => {
    const { b } = buildFile();
    b.u64(AT.layout + 3, 2 ** 40);
    await rejectsTyped(indexOf(b.data), /at address 1099511627776\) lies outside the file/);
    const c = buildFile();
    c.b.u64(AT.chunkTree + 24 + 24, 10 ** 9); // the first chunk
    await rejectsTyped(indexOf(c.b.data), /a chunk \(4 bytes at address 1000000000\) lies outside the file/);
  });

  it("refuses a B-tree whose node points at itself, or at a node of the wrong level", async () => {
    const { b } = buildFile(3);
    b.u8(AT.chunkTree + 5, 1); // level 1: its children are nodes, the first of which is itself
    b.u64(AT.chunkTree + 24 + 24, AT.chunkTree);
    await rejectsTyped(indexOf(b.data), /reached twice \(a cycle or a shared subtree\)/);
    const c = buildFile(3);
    c.b.u8(AT.chunkTree + 5, 2);
    c.b.u64(AT.chunkTree + 24 + 24, AT.groupTree); // a group node, level 0
    await rejectsTyped(indexOf(c.b.data), /has type 0, expected 1/);
  });

  it("refuses huge counts without reading them", async () => {
    const { b } = buildFile(3);
    b.u16(AT.chunkTree + 6, 65535);
    const reader = new MemoryReader(b.data);
    await assert.rejects(new Hdf5ChunkIndexReader(reader).chunkIndex("/d"), (e: unknown) => e instanceof Hdf5IndexError && /lies outside the file/.test(e.message));
    assert.ok(reader.reads < 12);
    await rejectsTyped(indexOf(buildFile(5).b.data, { maxChunks: 4 }), /more than 4 entries \(limit maxChunks\)/);
    await rejectsTyped(indexOf(buildFile(5).b.data, { maxMetadataBytes: 600 }), /more than 600 bytes of metadata \(limit maxMetadataBytes\)/);
  });

  it("refuses object header continuations that form a cycle", async () => {
    const built = buildFile();
    // Replace the dataset's dataspace message by a continuation to a block (appended to the
    // file) that continues to itself.
    const block = built.eof;
    const b = new Bytes(block + 24);
    b.data.set(built.b.data);
    b.u64(40, block + 24);
    b.u16(AT.dataset + 16, 0x10);
    b.u64(AT.dataset + 24, block);
    b.u64(AT.dataset + 32, 24);
    b.u16(block, 0x10);
    b.u16(block + 2, 16);
    b.u64(block + 8, block);
    b.u64(block + 16, 24);
    await rejectsTyped(indexOf(b.data), /continuation blocks form a cycle/);
  });

  it("refuses layouts it cannot index, naming them", async () => {
    const { b } = buildFile();
    b.u8(AT.layout + 1, 0); // compact
    await rejectsTyped(indexOf(b.data), /compact layout is not supported/);
    const v = buildFile();
    v.b.u8(AT.layout + 1, 3);
    await rejectsTyped(indexOf(v.b.data), /virtual layout is not supported/);
    const c = buildFile();
    c.b.u8(AT.layout, 4);
    c.b.data.set([2, 0, 2, 1, 4, 1, 9], AT.layout + 1); // chunked, flags, dimensionality, 1-byte dims, index type 9
    await rejectsTyped(indexOf(c.b.data), /unknown chunk index type 9/);
  });

  it("refuses a fixed array index whose count disagrees with the chunk grid, or is huge", async () => {
    const built = buildFile(5);
    const header = built.eof;
    const b = new Bytes(header + 28);
    b.data.set(built.b.data);
    b.u64(40, header + 28);
    // Layout version 4: chunked, 1-D chunks of 4 one-byte elements, a fixed array (10 page bits).
    b.data.set([4, 2, 0, 2, 1, 4, 1, 3, 10], AT.layout);
    b.u64(AT.layout + 9, header);
    b.text(header, "FAHD");
    b.data.set([0, 0, 8, 10], header + 4);
    b.u64(header + 8, 10 ** 12);
    b.u64(header + 16, UNDEF);
    await rejectsTyped(indexOf(b.data), /the fixed array holds 1000000000000 entries, the chunk grid needs 5/);
    b.u64(header + 8, 5);
    assert.equal((await indexOf(b.data)).lookup([0]), undefined); // no data block: nothing written
    await rejectsTyped(indexOf(b.data, { maxChunks: 3 }), /holds 5 entries, more than 3 \(limit maxChunks\)/);
  });

  it("hashes link names as HDF5 does (lookup3)", () => {
    assert.equal(lookup3(new Uint8Array(0)), 0xdeadbeef);
    assert.equal(lookup3(new TextEncoder().encode("Four score and seven years ago")), 0x17770551);
  });
});

describe("ReferenceStore and _EXTERNAL_ARRAY_LINK", () => {
  const refs = (link: unknown, chunks = [4]) => JSON.stringify({
    version: 1,
    refs: {
      ".zgroup": { zarr_format: 2 },
      "d/.zarray": { chunks, compressor: null, dtype: "|u1", fill_value: 0, filters: null, order: "C", shape: [20], zarr_format: 2 },
      "d/.zattrs": { _EXTERNAL_ARRAY_LINK: link },
    },
  });
  const link = { link_type: "hdf5_dataset", url: "test.h5", name: "d" };
  const open = (text: string, file: Uint8Array) => {
    const opened: string[] = [];
    const store = ReferenceStore.fromText(text, { remote: false, path: "/data/x.lindi.json" }, {
      openLocalFile: (path) => (opened.push(path), new MemoryReader(file)),
    });
    return { store, opened };
  };

  it("reads the chunks from the HDF5 file, lists none of them, and has no chunk never written", async () => {
    const { b } = buildFile(5, [3]);
    const { store, opened } = open(refs(link), b.data);
    assert.deepEqual([...(await store.get("d/1"))!], [10, 11, 12, 13]);
    assert.deepEqual([...(await store.getRange("d/4", 1, 2))!], [41, 42]);
    assert.equal(await store.getSize("d/0"), 4);
    assert.equal(await store.get("d/3"), undefined);
    assert.equal(await store.has("d/3"), false);
    assert.equal(await store.has("d/2"), true);
    assert.deepEqual((await store.list("d")).keys, [".zarray", ".zattrs"]);
    assert.deepEqual(opened, ["/data/test.h5"]);
  });

  it("refuses a link of another type, a chunk shape that differs, and a local file from a remote reference", async () => {
    const { b } = buildFile();
    await assert.rejects(open(refs({ ...link, link_type: "zarr" }), b.data).store.get("d/0"), (e: unknown) => e instanceof ReferenceFileError && /link_type "zarr"/.test(e.message));
    await assert.rejects(open(refs(link, [20]), b.data).store.get("d/0"), (e: unknown) => e instanceof Hdf5IndexError && /HDF5 chunk shape \[4\] differs from the chunk shape \[20\]/.test(e.message));
    const remote = ReferenceStore.fromText(refs({ ...link, url: "/data/test.h5" }), { remote: true, url: "https://example.org/x.lindi.json" });
    await assert.rejects(remote.get("d/0"), /may not point to local files/);
  });
});
