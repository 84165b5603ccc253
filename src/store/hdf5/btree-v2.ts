/**
 * Version 2 B-trees ("BTHD" header, "BTIN" internal and "BTLF" leaf nodes): the chunk index of
 * datasets with more than one unlimited dimension (layout version 4), and the name index of
 * new-style groups with dense link storage. Every record is returned;
 * the tree is read level by level, the nodes of one level in parallel. Node record counts come
 * from the parent and are checked against what a node can hold; an address seen twice is an
 * error. No Node imports (browser bundle).
 */
import type { MetadataReader } from "./metadata-reader.js";

/** What the caller expects of the tree. */
export interface BtreeV2Spec {
  /** The record types accepted (5: link names, 10: unfiltered chunks, 11: filtered chunks). */
  types: number[];
  /** Most records accepted, and the option that sets it. */
  maxRecords: number;
  limit: string;
  what: string;
}

/** Checksum, signature, version and type around each node's records. */
const PREFIX = 10;
const MAX_DEPTH = 64;

/** Bytes that encode any count up to `n` (HDF5's H5VM_limit_enc_size). */
const encSize = (n: number) => Math.floor(Math.log2(Math.max(1, n)) / 8) + 1;

/** The records of the tree whose header is at `addr` (views into the nodes read). */
export async function readBtreeV2(m: MetadataReader, addr: number, spec: BtreeV2Spec): Promise<{ type: number; records: Uint8Array[] }> {
  const O = m.sizes.offset;
  const h = await m.read(addr, 22 + O + m.sizes.length, `${spec.what}: the v2 B-tree header`);
  h.signature("BTHD", `${spec.what}: v2 B-tree header`);
  h.skip(1);
  const type = h.u8();
  const nodeSize = h.u32();
  const recordSize = h.u16();
  const depth = h.u16();
  h.skip(2);
  const root = h.address();
  const rootRecords = h.u16();
  const total = h.length();
  if (!spec.types.includes(type)) throw m.fail(`${spec.what}: v2 B-tree of record type ${type}, expected ${spec.types.join(" or ")}`);
  if (total > spec.maxRecords) throw m.fail(`${spec.what}: the v2 B-tree holds ${total} records, more than ${spec.maxRecords} (limit ${spec.limit})`);
  if (depth > MAX_DEPTH || recordSize < 1 || nodeSize <= PREFIX + recordSize || nodeSize > 1 << 24) {
    throw m.fail(`${spec.what}: v2 B-tree of depth ${depth}, node size ${nodeSize}, record size ${recordSize}`);
  }
  if (root === undefined || total === 0) return { type, records: [] };
  // Per level (0: leaves), how many records a node holds, and the bytes of a subtree's total count.
  const maxRecords = [Math.floor((nodeSize - PREFIX) / recordSize)];
  const cumulative = [maxRecords[0]];
  const cumulativeSize = [0];
  const countSize = encSize(maxRecords[0]);
  const pointerSize = (d: number) => O + countSize + (d > 1 ? cumulativeSize[d - 1] : 0);
  for (let d = 1; d <= depth; d++) {
    maxRecords[d] = Math.floor((nodeSize - PREFIX - pointerSize(d)) / (recordSize + pointerSize(d)));
    cumulative[d] = (maxRecords[d] + 1) * cumulative[d - 1] + maxRecords[d];
    cumulativeSize[d] = encSize(cumulative[d]);
  }
  const records: Uint8Array[] = [];
  const seen = new Set<number>();
  let frontier = [{ addr: root, count: rootRecords }];
  for (let d = depth; d >= 0; d--) {
    for (const node of frontier) {
      if (seen.has(node.addr)) throw m.fail(`${spec.what}: v2 B-tree node at address ${node.addr} is reached twice`);
      seen.add(node.addr);
      if (node.count > maxRecords[d]) throw m.fail(`${spec.what}: a v2 B-tree node claims ${node.count} records, more than the ${maxRecords[d]} it can hold`);
    }
    const next: { addr: number; count: number }[] = [];
    const nodes = await Promise.all(frontier.map((node) => m.read(node.addr, nodeSize, `${spec.what}: a v2 B-tree node`, true)));
    nodes.forEach((c, i) => {
      c.signature(d === 0 ? "BTLF" : "BTIN", `${spec.what}: v2 B-tree node at address ${frontier[i].addr}`);
      c.skip(2);
      for (let r = 0; r < frontier[i].count; r++) records.push(c.bytesOf(recordSize));
      if (records.length > spec.maxRecords) throw m.fail(`${spec.what}: the v2 B-tree holds more than ${spec.maxRecords} records (limit ${spec.limit})`);
      if (d === 0) return;
      for (let r = 0; r <= frontier[i].count; r++) {
        const child = c.address();
        const count = c.uint(countSize);
        if (d > 1) c.skip(cumulativeSize[d - 1]);
        if (child === undefined) throw m.fail(`${spec.what}: a v2 B-tree node has an undefined child address`);
        next.push({ addr: child, count });
      }
    });
    frontier = next;
  }
  return { type, records };
}
