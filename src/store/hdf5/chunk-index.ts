/**
 * Where each chunk of an HDF5 dataset is: the chunk index of one dataset, read over byte ranges
 * (a local file or HTTP Range requests) when first asked for, then kept. Reads the superblock
 * once per file, walks the groups to the dataset, reads its layout and then its index: a v1
 * B-tree (layout version ≤ 3, what h5py writes by default), or, for layout versions 4 and 5, a
 * single chunk, an implicit index, a fixed array, an extensible array or a v2 B-tree. Virtual and
 * compact datasets raise `Hdf5IndexError`. No Node imports (browser bundle).
 */
import type { RangeReader } from "../range-reader.js";
import { readBtreeV1 } from "./btree-v1.js";
import { readBtreeV2 } from "./btree-v2.js";
import { readExtensibleArray } from "./extensible-array.js";
import { readEntry, readFixedArray } from "./fixed-array.js";
import { findObject } from "./group-lookup.js";
import { INDEX_TYPE, datasetInfo, type DatasetInfo } from "./layout.js";
import { DEFAULT_HDF5_LIMITS, MetadataReader, type Hdf5Limits } from "./metadata-reader.js";
import { readObjectHeader } from "./object-header.js";
import { readSuperblock, type Superblock } from "./superblock.js";

/** One stored chunk: its bytes in the file and the filters skipped on it (bit i: filter i). */
export interface ChunkLocation {
  /** Byte offset in the file. */
  offset: number;
  /** Stored (filtered) size in bytes. */
  length: number;
  filterMask: number;
}

/** The chunk index of one dataset. */
export interface ChunkIndex {
  /** The dataset's path in the HDF5 file. */
  readonly dataset: string;
  readonly shape: readonly number[];
  readonly chunkShape: readonly number[];
  /** The chunk at grid coordinates `coords`; undefined for a chunk never written (fill value). */
  lookup(coords: readonly number[]): ChunkLocation | undefined;
}

/** The chunk-grid key of `coords`, as in the map of a {@link ChunkIndex}. */
const keyOf = (coords: readonly number[]) => coords.join(".");

/** Chunk indexes of the datasets of one HDF5 file, each read once on first use. */
export class Hdf5ChunkIndexReader {
  private readonly limits: Hdf5Limits;
  private superblock?: Promise<Superblock>;
  private readonly indexes = new Map<string, Promise<ChunkIndex>>();

  /**
   * @param reader the HDF5 file's bytes
   * @param limits caps on the metadata read for one dataset
   */
  constructor(
    readonly reader: RangeReader,
    limits: Partial<Hdf5Limits> = {},
  ) {
    this.limits = { ...DEFAULT_HDF5_LIMITS, ...limits };
  }

  /** The index of the dataset at `path` ("/a/b" or "a/b"); concurrent first calls share one read. */
  chunkIndex(path: string): Promise<ChunkIndex> {
    const name = "/" + path.split("/").filter((s) => s !== "").join("/");
    let found = this.indexes.get(name);
    if (!found) {
      found = this.read(name);
      this.indexes.set(name, found);
      // A failed read (a network error, say) is tried again on the next call.
      found.catch(() => this.indexes.delete(name));
    }
    return found;
  }

  private async read(name: string): Promise<ChunkIndex> {
    const where = { store: this.reader.description, path: name };
    this.superblock ??= this.readStart().catch((e: unknown) => {
      this.superblock = undefined;
      throw e;
    });
    const sb = await this.superblock;
    const m = new MetadataReader(this.reader, sb, where, this.limits);
    const header = await findObject(m, { header: sb.root, table: sb.rootTable }, name);
    const info = datasetInfo(m, await readObjectHeader(m, header, `the dataset '${name}'`), "the dataset");
    return buildIndex(m, sb, name, info);
  }

  /** The superblock, and the first bytes of the file (up to its end). */
  private async readStart(): Promise<Superblock> {
    const sb = await readSuperblock(this.reader, { store: this.reader.description });
    const head = await this.reader.read(0, Math.min(HEAD_BYTES, sb.base + sb.eof));
    return { ...sb, head };
  }
}

/**
 * How many bytes of the file's start are read once, after the superblock: the root group and
 * often much of the metadata near it (h5py writes metadata first) then cost no request.
 */
const HEAD_BYTES = 16 << 10;

async function buildIndex(m: MetadataReader, sb: Superblock, name: string, info: DatasetInfo): Promise<ChunkIndex> {
  const { layout, shape } = info;
  if (layout.kind === "contiguous") {
    // One chunk holding the whole dataset (never written: no address).
    const map = new Map<string, ChunkLocation>();
    if (layout.address !== undefined) map.set(keyOf(shape.map(() => 0)), checked(m, sb, layout.address, layout.size, 0));
    return mapIndex(name, shape, shape.slice(), map);
  }
  if (layout.kind !== "chunked") throw m.fail(`the dataset's ${layout.kind} layout is not supported (chunked and contiguous are)`);
  const { chunk, elementSize } = layout;
  const chunkBytes = chunk.reduce((a, b) => a * b, elementSize);
  const grid = shape.map((n, i) => Math.ceil(n / chunk[i]));
  const map = new Map<string, ChunkLocation>();
  if (layout.address === undefined) return mapIndex(name, shape, chunk, map); // nothing written yet
  const add = (coords: number[], address: number | undefined, length: number, filterMask: number) => {
    if (address === undefined) return;
    if (coords.some((x, i) => x >= grid[i])) return; // a chunk beyond the current shape (the dataset shrank)
    if (map.size >= m.limits.maxChunks) throw m.fail(`the chunk index lists more than ${m.limits.maxChunks} chunks (limit maxChunks)`);
    map.set(keyOf(coords), checked(m, sb, address, length, filterMask));
  };
  const what = `the chunk index of '${name}'`;
  switch (layout.indexType) {
    case 0: {
      const rank = chunk.length;
      const leaves = await readBtreeV1(m, layout.address, { nodeType: 1, keySize: 8 + 8 * (rank + 1), k: sb.chunkBtreeK, maxEntries: m.limits.maxChunks, what });
      for (const { key, child } of leaves) {
        const c = m.cursor(key);
        const size = c.u32();
        const mask = c.u32();
        const offsets = Array.from({ length: rank }, () => c.uint(8));
        const coords = offsets.map((o, i) => o / chunk[i]);
        if (!coords.every(Number.isInteger)) throw m.fail(`${what}: a chunk offset [${offsets.join(", ")}] is not on the chunk grid`);
        add(coords, child, size, mask);
      }
      return mapIndex(name, shape, chunk, map);
    }
    case INDEX_TYPE.singleChunk: {
      const [size, mask] = layout.flags & 0x02 ? layout.params : [chunkBytes, 0];
      add(chunk.map(() => 0), layout.address, size, mask);
      return mapIndex(name, shape, chunk, map);
    }
    case INDEX_TYPE.implicit: {
      // Chunks lie one after the other, in C order over the grid of the maximum shape.
      const down = downChunks(m, info.maxShape, chunk);
      const start = layout.address;
      checked(m, sb, start, down[0] * Math.ceil(info.maxShape[0] / chunk[0]) * chunkBytes, 0);
      return {
        dataset: name, shape, chunkShape: chunk,
        lookup: (coords) => (coords.length === chunk.length && coords.every((x, i) => Number.isSafeInteger(x) && x >= 0 && x < grid[i])
          ? { offset: sb.base + start + linear(coords, down) * chunkBytes, length: chunkBytes, filterMask: 0 }
          : undefined),
      };
    }
    case INDEX_TYPE.fixedArray: {
      const down = downChunks(m, info.maxShape, chunk);
      const count = down[0] * Math.ceil(info.maxShape[0] / chunk[0]);
      const entries = await readFixedArray(m, layout.address, { count, filtered: info.filtered, chunkBytes, pageBits: layout.params[0], what });
      for (const [i, e] of entries) add(unlinear(i, down), e.address, e.length, e.filterMask);
      return mapIndex(name, shape, chunk, map);
    }
    case INDEX_TYPE.btreeV2: {
      const rank = chunk.length;
      const { type, records } = await readBtreeV2(m, layout.address, { types: [10, 11], maxRecords: m.limits.maxChunks, limit: "maxChunks", what });
      for (const record of records) {
        const c = m.cursor(record);
        // Filtered records (type 11) carry the stored size, in what the record has left, and the filter mask.
        const e = readEntry(c, type === 11, record.byteLength - m.sizes.offset - 4 - 8 * rank, chunkBytes);
        add(Array.from({ length: rank }, () => c.uint(8)), e.address, e.length, e.filterMask);
      }
      return mapIndex(name, shape, chunk, map);
    }
    case INDEX_TYPE.extensibleArray: {
      // Entries run in C order over the grid with the unlimited dimension moved first.
      const unlimited = info.maxShape.indexOf(-1);
      if (unlimited < 0 || info.maxShape.lastIndexOf(-1) !== unlimited) throw m.fail(`${what}: an extensible array index needs exactly one unlimited dimension`);
      const order = [unlimited, ...chunk.keys()].filter((d, i) => i === 0 || d !== unlimited);
      const down = downChunks(m, order.map((d) => (d === unlimited ? 0 : info.maxShape[d])), order.map((d) => chunk[d]));
      const entries = await readExtensibleArray(m, layout.address, { filtered: info.filtered, chunkBytes, what });
      for (const [i, e] of entries) {
        const swizzled = unlinear(i, down);
        const coords = new Array<number>(chunk.length);
        order.forEach((d, k) => (coords[d] = swizzled[k]));
        add(coords, e.address, e.length, e.filterMask);
      }
      return mapIndex(name, shape, chunk, map);
    }
    default:
      throw m.fail(`${what}: unknown chunk index type ${layout.indexType}`);
  }
}

/** Elements of the chunk grid (over `maxShape`) below one step of each dimension, C order. */
function downChunks(m: MetadataReader, maxShape: number[], chunk: number[]): number[] {
  if (maxShape.some((n) => n < 0)) throw m.fail("the dataset has an unlimited dimension but an index for fixed shapes");
  const down = new Array<number>(chunk.length);
  let acc = 1;
  for (let i = chunk.length - 1; i >= 0; i--) {
    down[i] = acc;
    acc *= Math.ceil(maxShape[i] / chunk[i]);
  }
  return down;
}

const linear = (coords: readonly number[], down: number[]) => coords.reduce((a, x, i) => a + x * down[i], 0);
const unlinear = (index: number, down: number[]) => down.map((step, i) => Math.floor((i === 0 ? index : index % down[i - 1]) / step));

function checked(m: MetadataReader, sb: Superblock, address: number, length: number, filterMask: number): ChunkLocation {
  m.checkRange(address, length, "a chunk");
  return { offset: sb.base + address, length, filterMask };
}

function mapIndex(dataset: string, shape: number[], chunkShape: number[], map: Map<string, ChunkLocation>): ChunkIndex {
  return { dataset, shape, chunkShape, lookup: (coords) => map.get(keyOf(coords)) };
}
