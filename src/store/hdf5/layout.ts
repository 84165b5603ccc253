/**
 * The header messages of a dataset that say where its values are: the dataspace (shape and
 * maximum shape), the data layout (versions 1 to 4) and whether a filter pipeline is present.
 * No Node imports (browser bundle).
 */
import type { Cursor } from "./cursor.js";
import type { MetadataReader } from "./metadata-reader.js";
import { MSG, type HeaderMessage } from "./object-header.js";

/** Chunk index types of layout message version 4. */
export const INDEX_TYPE = { singleChunk: 1, implicit: 2, fixedArray: 3, extensibleArray: 4, btreeV2: 5 } as const;

/** Where a dataset's values are, as its layout message says. */
export type DataLayout =
  | { kind: "contiguous"; address: number | undefined; size: number }
  | { kind: "compact" }
  | { kind: "virtual" }
  | {
      kind: "chunked";
      /** Layout message version: ≤ 3 index with a v1 B-tree, 4 names its index type. */
      version: number;
      /** Chunk shape, one entry per dataset dimension. */
      chunk: number[];
      elementSize: number;
      /** Layout flags of version 4 (bit 1: a single chunk that is filtered). */
      flags: number;
      /** 0 (v1 B-tree) for versions ≤ 3, else one of {@link INDEX_TYPE}. */
      indexType: number;
      /** The parameters of the index type, in order. */
      params: number[];
      /** The index's address (the chunk itself for a single chunk, the first chunk for an implicit index). */
      address: number | undefined;
    };

/** What the chunk index reader needs to know of a dataset. */
export interface DatasetInfo {
  shape: number[];
  /** Maximum shape; -1 for an unlimited dimension. */
  maxShape: number[];
  layout: DataLayout;
  /** Whether chunks pass through filters (their stored sizes then vary). */
  filtered: boolean;
}

function only(m: MetadataReader, messages: HeaderMessage[], type: number, name: string, what: string): Cursor {
  const found = messages.filter((x) => x.type === type);
  if (found.length !== 1) throw m.fail(`${what} has ${found.length} ${name} messages, expected 1 (is it a dataset?)`);
  if (found[0].flags & 0x02) throw m.fail(`${what} has a shared ${name} message, which is not supported`);
  return m.cursor(found[0].data);
}

/** Shape, layout and filters of the dataset whose header messages are `messages`. */
export function datasetInfo(m: MetadataReader, messages: HeaderMessage[], what: string): DatasetInfo {
  const { shape, maxShape } = dataspace(m, only(m, messages, MSG.dataspace, "dataspace", what), what);
  const layout = dataLayout(m, only(m, messages, MSG.layout, "data layout", what), shape.length, what);
  const pipeline = messages.find((x) => x.type === MSG.filterPipeline);
  const filtered = pipeline !== undefined && pipeline.data.byteLength > 1 && pipeline.data[1] > 0;
  return { shape, maxShape, layout, filtered };
}

function dataspace(m: MetadataReader, c: Cursor, what: string): { shape: number[]; maxShape: number[] } {
  const version = c.u8();
  const rank = c.u8();
  const flags = c.u8();
  if (version === 1) c.skip(5);
  else if (version === 2) c.skip(1);
  else throw m.fail(`${what}: dataspace message version ${version} is not supported`);
  if (rank > 32) throw m.fail(`${what}: the dataspace has ${rank} dimensions (HDF5 allows 32)`);
  const shape = Array.from({ length: rank }, () => c.length());
  const maxShape = flags & 1 ? Array.from({ length: rank }, () => (unlimited(c) ? -1 : c.length())) : shape.slice();
  return { shape, maxShape };
}

/** Whether the next length field is all ones (H5S_UNLIMITED); consumes it if so. */
function unlimited(c: Cursor): boolean {
  const n = c.sizes.length;
  if (c.remaining < n || !c.bytes.subarray(c.pos, c.pos + n).every((b) => b === 0xff)) return false;
  c.skip(n);
  return true;
}

function dataLayout(m: MetadataReader, c: Cursor, rank: number, what: string): DataLayout {
  const version = c.u8();
  // Version 5 (HDF5 2.0, for filtered chunks) encodes what is read here as version 4 does.
  if (version < 1 || version > 5) throw m.fail(`${what}: data layout message version ${version} is not supported`);
  if (version <= 2) {
    const dimensionality = c.u8();
    const cls = c.u8();
    c.skip(5);
    const address = cls === 0 ? undefined : c.address();
    const dims = Array.from({ length: dimensionality }, () => c.u32());
    if (cls === 2) return chunked(m, version, dims, 0, 0, [], address, rank, what);
    return cls === 1 ? { kind: "contiguous", address, size: dims.reduce((a, b) => a * b, 1) } : { kind: "compact" };
  }
  const cls = c.u8();
  if (cls === 0) return { kind: "compact" };
  if (cls === 1) return { kind: "contiguous", address: c.address(), size: c.length() };
  if (cls === 3) return { kind: "virtual" };
  if (cls !== 2) throw m.fail(`${what}: unknown data layout class ${cls}`);
  if (version === 3) {
    const dimensionality = c.u8();
    const address = c.address();
    const dims = Array.from({ length: dimensionality }, () => c.u32());
    return chunked(m, version, dims, 0, 0, [], address, rank, what);
  }
  const flags = c.u8();
  const dimensionality = c.u8();
  const encoded = c.u8();
  if (encoded < 1 || encoded > 8) throw m.fail(`${what}: chunk dimensions encoded in ${encoded} bytes`);
  const dims = Array.from({ length: dimensionality }, () => c.uint(encoded));
  const indexType = c.u8();
  const params: number[] = [];
  switch (indexType) {
    case INDEX_TYPE.singleChunk:
      if (flags & 0x02) params.push(c.length(), c.u32());
      break;
    case INDEX_TYPE.implicit:
      break;
    case INDEX_TYPE.fixedArray:
      params.push(c.u8());
      break;
    case INDEX_TYPE.extensibleArray:
      params.push(c.u8(), c.u8(), c.u8(), c.u8(), c.u8());
      break;
    case INDEX_TYPE.btreeV2:
      params.push(c.u32(), c.u8(), c.u8());
      break;
    default:
      throw m.fail(`${what}: unknown chunk index type ${indexType}`);
  }
  return chunked(m, version, dims, flags, indexType, params, c.address(), rank, what);
}

function chunked(
  m: MetadataReader, version: number, dims: number[], flags: number, indexType: number, params: number[], address: number | undefined, rank: number, what: string,
): DataLayout {
  // The chunk dimensions carry one more entry than the dataspace: the size of one element.
  if (dims.length !== rank + 1) throw m.fail(`${what}: the layout has ${dims.length} chunk dimensions for a dataspace of ${rank}`);
  if (dims.some((d) => d < 1)) throw m.fail(`${what}: a chunk dimension is 0`);
  return { kind: "chunked", version, chunk: dims.slice(0, rank), elementSize: dims[rank], flags, indexType, params, address };
}
