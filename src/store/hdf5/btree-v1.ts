/**
 * Version 1 B-trees ("TREE" nodes), which index the members of old-style groups (node type 0) and
 * the chunks of datasets with layout message version ≤ 3 (type 1, what h5py writes by default).
 * The tree is read level by level, the nodes of one level in parallel (over HTTP each node is a
 * request, so the depth, not the node count, sets the latency). Every node is read once: an
 * address seen twice, or a child whose level is not its parent's minus one, is an error.
 * No Node imports (browser bundle).
 */
import type { MetadataReader } from "./metadata-reader.js";

/** What one tree indexes. */
export interface BtreeV1Spec {
  /** 0: group members, 1: chunks. */
  nodeType: 0 | 1;
  /** Bytes of one key. */
  keySize: number;
  /** Nodes hold up to 2K children: the first read of a node is sized for that many. */
  k: number;
  /** Most leaf entries accepted. */
  maxEntries: number;
  /** Names the tree in errors ("the chunk index of '/x'"). */
  what: string;
  /**
   * Which children to follow, given the keys on either side of each (the subtree holds what lies
   * between them): a search reads one path instead of the whole tree. Default: every child.
   */
  select?: (before: Uint8Array, after: Uint8Array) => boolean | Promise<boolean>;
}

/** One child of a node: the keys before and after it (views) and its address. */
export interface LeafEntry {
  key: Uint8Array;
  next: Uint8Array;
  child: number;
}

const MAX_DEPTH = 64;

/** Every leaf entry of the tree rooted at `root` (that `spec.select` keeps), in key order. */
export async function readBtreeV1(m: MetadataReader, root: number, spec: BtreeV1Spec): Promise<LeafEntry[]> {
  const O = m.sizes.offset;
  const header = 8 + 2 * O;
  const nodeSize = (entries: number) => header + (entries + 1) * spec.keySize + entries * O;
  const seen = new Set<number>();
  let level: number | undefined;
  let frontier = [root];
  for (let depth = 0; ; depth++) {
    if (depth > MAX_DEPTH) throw m.fail(`${spec.what}: the B-tree is deeper than ${MAX_DEPTH} levels`);
    for (const addr of frontier) {
      if (seen.has(addr)) throw m.fail(`${spec.what}: B-tree node at address ${addr} is reached twice (a cycle or a shared subtree)`);
      seen.add(addr);
    }
    const nodes = await Promise.all(frontier.map(async (addr) => {
      let c = await m.read(addr, nodeSize(2 * spec.k), `${spec.what}: a B-tree node`, true);
      c.signature("TREE", `${spec.what}: B-tree node at address ${addr}`);
      const type = c.u8();
      const nodeLevel = c.u8();
      const entries = c.u16();
      if (type !== spec.nodeType) throw m.fail(`${spec.what}: B-tree node at address ${addr} has type ${type}, expected ${spec.nodeType}`);
      if (c.bytes.byteLength < nodeSize(entries)) c = await m.read(addr, nodeSize(entries), `${spec.what}: a B-tree node`);
      c.pos = header;
      const children: LeafEntry[] = [];
      let key = c.bytesOf(spec.keySize);
      for (let i = 0; i < entries; i++) {
        const child = c.address();
        const next = c.bytesOf(spec.keySize);
        if (child === undefined) throw m.fail(`${spec.what}: B-tree node at address ${addr} has an undefined child address`);
        if (!spec.select || (await spec.select(key, next))) children.push({ key, next, child });
        key = next;
      }
      return { addr, level: nodeLevel, children };
    }));
    let count = 0;
    for (const node of nodes) {
      const expected = level === undefined ? node.level : level;
      if (node.level !== expected) throw m.fail(`${spec.what}: B-tree node at address ${node.addr} has level ${node.level}, expected ${expected}`);
      count += node.children.length;
    }
    if (count > spec.maxEntries) throw m.fail(`${spec.what}: the B-tree lists more than ${spec.maxEntries} entries (limit maxChunks)`);
    const children = nodes.flatMap((n) => n.children);
    const nodeLevel = nodes[0]?.level ?? 0;
    if (nodeLevel === 0) return children;
    level = nodeLevel - 1;
    frontier = children.map((e) => e.child);
  }
}
