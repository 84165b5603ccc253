/**
 * Consolidated metadata is parsed node by node, when a node is first asked for: opening a store
 * and listing its groups parse no node, a node with bad metadata fails (with a MetadataError naming
 * it) only when it is asked for, and a malformed consolidated document as a whole still fails at open.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MetadataError } from "../../../src/errors.js";
import { MemoryStore } from "../../../src/store/memory.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { parseJsonExact } from "../../../src/zarr/json-exact.js";
import type { ArrayMetadata, ZarrFormat } from "../../../src/zarr/metadata-types.js";
import { parseV2Array } from "../../../src/zarr/metadata-v2.js";
import { parseV3Node } from "../../../src/zarr/metadata-v3.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const STORE = "lazy-store";

function int32Array(format: ZarrFormat, length: number): ArrayMetadata {
  const where = { store: STORE, path: "/" };
  const meta = format === 3
    ? parseV3Node({
      zarr_format: 3, node_type: "array", shape: [length], data_type: "int32",
      chunk_grid: { name: "regular", configuration: { chunk_shape: [2] } },
      chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
      fill_value: 0, codecs: [{ name: "bytes", configuration: { endian: "little" } }], attributes: {},
    }, where)
    : parseV2Array({
      zarr_format: 2, shape: [length], chunks: [2], dtype: "<i4", fill_value: 0, order: "C", filters: null, compressor: null,
    }, {}, where);
  assert.equal(meta.nodeType, "array");
  return meta as ArrayMetadata;
}

/** A consolidated store: /a, /g/h/x and /g/h/bad (int32 arrays holding their index plus an offset), /g/h/sub. */
async function consolidatedStore(format: ZarrFormat): Promise<MemoryStore> {
  const store = new MemoryStore(undefined, STORE);
  const h = await ZarrHierarchy.create(store, format, { title: "root" });
  await h.createGroup("g");
  await h.createGroup("g/h", { level: 2 });
  await h.createGroup("g/h/sub");
  for (const [path, offset] of [["a", 0], ["g/h/x", 10], ["g/h/bad", 20]] as const) {
    const array = await h.createArray(path, int32Array(format, 5));
    await array.set(null, { dtype: array.dtype, shape: [5], data: Int32Array.from({ length: 5 }, (_, i) => offset + i) });
  }
  await h.consolidate();
  return store;
}

/** Edit the consolidated document of a store in place. */
async function editConsolidated(store: MemoryStore, format: ZarrFormat, edit: (metadata: Record<string, any>, doc: Record<string, any>) => void): Promise<void> {
  const key = format === 3 ? "zarr.json" : ".zmetadata";
  const doc = parseJsonExact(decoder.decode(await store.get(key))) as Record<string, any>;
  edit(format === 3 ? doc.consolidated_metadata.metadata : doc.metadata, doc);
  await store.set(key, encoder.encode(JSON.stringify(doc)));
}

/** Spoil the consolidated entry of /g/h/bad (a negative shape). */
function spoilBad(format: ZarrFormat) {
  return (metadata: Record<string, any>) => {
    metadata[format === 3 ? "g/h/bad" : "g/h/bad/.zarray"].shape = [-3];
  };
}

async function values(h: ZarrHierarchy, path: string): Promise<number[]> {
  return [...((await (await h.openArray(path)).get()).data as Int32Array)];
}

const isBadNodeError = (e: unknown) => e instanceof MetadataError && e.store === STORE && e.path === "/g/h/bad";

for (const format of [3, 2] as const) {
  describe(`lazily parsed consolidated metadata, Zarr v${format}`, () => {
    it("reads values and attributes through lazily parsed nodes", async () => {
      const h = await ZarrHierarchy.open(await consolidatedStore(format));
      assert.ok(h.isConsolidated);
      assert.deepEqual(await h.listChildren(""), ["a", "g"]);
      assert.deepEqual(await h.listChildren("g/h"), ["bad", "sub", "x"]);
      assert.deepEqual(await values(h, "g/h/x"), [10, 11, 12, 13, 14]);
      assert.deepEqual(await values(h, "a"), [0, 1, 2, 3, 4]);
      assert.deepEqual((await h.requireNode("g/h")).attributes, { level: 2 });
      assert.equal((await h.requireNode("g/h/sub")).nodeType, "group");
      assert.equal(await h.getNode("g/nothing"), undefined);
      // the same metadata object each time: parsed once
      assert.equal(await h.getNode("g/h/x"), await h.getNode("g/h/x"));
    });

    it("opens and lists a store whose deep node has bad metadata; that node fails when asked for", async () => {
      const store = await consolidatedStore(format);
      await editConsolidated(store, format, spoilBad(format));
      const h = await ZarrHierarchy.open(store);
      assert.deepEqual(await h.listChildren("g/h"), ["bad", "sub", "x"]);
      assert.deepEqual(await values(h, "g/h/x"), [10, 11, 12, 13, 14]);
      await assert.rejects(h.getNode("g/h/bad"), isBadNodeError);
      await assert.rejects(h.requireNode("/g/h/bad/"), isBadNodeError);
      await assert.rejects(h.openArray("g/h/bad"), isBadNodeError);
      // a rewrite of the walk (consolidate) meets it too
      await assert.rejects(h.walk(), isBadNodeError);
    });

    it("a malformed consolidated document as a whole still fails at open", async () => {
      const store = await consolidatedStore(format);
      await editConsolidated(store, format, (_, doc) => {
        if (format === 3) doc.consolidated_metadata.metadata = [];
        else doc.metadata = "none";
      });
      await assert.rejects(ZarrHierarchy.open(store), (e) => e instanceof MetadataError && e.store === STORE);
    });

    it("bad root metadata in the consolidated document still fails at open", async () => {
      const store = await consolidatedStore(format);
      await editConsolidated(store, format, (metadata, doc) => {
        if (format === 3) doc.attributes = [1];
        else metadata[".zattrs"] = [1];
      });
      await assert.rejects(ZarrHierarchy.open(store), (e) => e instanceof MetadataError && e.store === STORE && e.path === "/");
    });

    it("writes after a lazy open see every node: removal, rewrite and consolidation", async () => {
      const store = await consolidatedStore(format);
      const h = await ZarrHierarchy.open(store);
      await h.deleteNode("g/h/bad");
      await h.setAttributes("a", { unit: "m" });
      assert.deepEqual(await h.listChildren("g/h"), ["sub", "x"]);
      assert.equal(await h.getNode("g/h/bad"), undefined);
      await h.consolidate();
      const again = await ZarrHierarchy.open(store);
      assert.ok(again.isConsolidated);
      assert.deepEqual([...(await again.walk()).keys()].sort(), ["", "a", "g", "g/h", "g/h/sub", "g/h/x"]);
      assert.deepEqual((await again.requireNode("a")).attributes, { unit: "m" });
      assert.deepEqual((await again.requireNode("")).attributes, { title: "root" });
      assert.deepEqual(await values(again, "g/h/x"), [10, 11, 12, 13, 14]);
    });
  });
}
