/**
 * The spec cache through ZarrIO: `writeBuilder(b, { cacheSpec })`, `.specloc`, the layout of the cached
 * documents on disk, readSpecCache/loadNamespaces (with hdmf-zarr's choice among several cached
 * versions), and the cache staying out of the data tree. Both conventions.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { GroupBuilder, ZarrIO, type CachedNamespace } from "../../../src/index.js";
import { sampleTree } from "./helpers.js";
import { FORMATS, diskArrayMeta, diskAttributes, listFiles } from "../../helpers/store-files.js";
import { readTree, writeFile } from "../../helpers/zarr-files.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const tmp = tempFolders("zarr-io-spec-cache");
after(() => tmp.cleanup());

/** A minimal namespace of one version: its `namespace` document and one schema source. */
function namespace(name: string, version: string): CachedNamespace {
  return {
    name, version,
    documents: { namespace: { namespaces: [{ name, version }] }, base: { groups: [{ data_type_def: `Thing${version}` }] } },
  };
}

for (const fmt of FORMATS) {
  describe(`ZarrIO spec cache (Zarr v${fmt})`, () => {
    it("writeBuilder with cacheSpec stores each document under specifications/<ns>/<version> and sets .specloc", async () => {
      const path = join(tmp.make(), "main.zarr");
      const ns = namespace("ns", "1.0.0");
      await writeFile(path, sampleTree().root, fmt, { cacheSpec: [ns] });
      assert.equal(diskAttributes(path, "", fmt)[".specloc"], "specifications");
      const files = listFiles(path).filter((f) => f.startsWith("specifications/"));
      const metaName = fmt === 3 ? "zarr.json" : ".zarray";
      for (const source of ["namespace", "base"]) assert.ok(files.includes(`specifications/ns/1.0.0/${source}/${metaName}`), files.join(", "));
      const meta = diskArrayMeta(path, "specifications/ns/1.0.0/namespace", fmt);
      if (fmt === 3) {
        assert.equal(meta.data_type, "string");
        assert.deepEqual(meta.shape, []);
      } else {
        // As hdmf-zarr ≤ 0.13 writes it: one JSON text in a [1] object array, json2 codec, marked scalar.
        assert.deepEqual(meta.shape, [1]);
        assert.equal(meta.dtype, "|O");
        assert.equal(meta.compressor, null);
        assert.equal(meta.filters[0].id, "json2");
        assert.equal(diskAttributes(path, "specifications/ns/1.0.0/namespace", fmt).zarr_dtype, "scalar");
      }

      const io = new ZarrIO(path, "r");
      const cache = await io.readSpecCache();
      assert.deepEqual([...cache.keys()], ["ns"]);
      assert.deepEqual([...cache.get("ns")!.keys()], ["1.0.0"]);
      assert.deepEqual(cache.get("ns")!.get("1.0.0"), ns.documents);
      assert.deepEqual(await io.loadNamespaces(), [ns]);
      await io.close();
      assert.deepEqual(await ZarrIO.loadNamespaces(path), [ns]);
    });

    it("the spec cache is not part of the data tree", async () => {
      const path = join(tmp.make(), "main.zarr");
      await writeFile(path, sampleTree().root, fmt, { cacheSpec: [namespace("ns", "1.0.0")] });
      for (const mode of ["r", "r-"] as const) {
        const root = await readTree(path, mode);
        assert.deepEqual([...root.groups.keys()], ["sub"]);
        assert.equal(".specloc" in root.attributes, false);
      }
    });

    it("with 2.9.0 and 2.11.0 cached, both are kept and loadNamespaces picks 2.9.0 as hdmf-zarr does", async () => {
      const path = join(tmp.make(), "main.zarr");
      await writeFile(path, new GroupBuilder("root"), fmt, { cacheSpec: [namespace("core", "2.11.0"), namespace("other", "0.1.0")] });
      const io = new ZarrIO(path, "a"); // a later session adds a version: existing ones stay
      await io.cacheSpec([namespace("core", "2.9.0")]);
      await io.consolidateMetadata();
      await io.close();
      const reader = new ZarrIO(path, "r");
      const cache = await reader.readSpecCache();
      assert.deepEqual([...cache.get("core")!.keys()].sort(), ["2.11.0", "2.9.0"]);
      const loaded = await reader.loadNamespaces();
      assert.deepEqual(loaded.map((n) => [n.name, n.version]).sort(), [["core", "2.9.0"], ["other", "0.1.0"]]);
      assert.deepEqual(loaded.find((n) => n.name === "core")!.documents, namespace("core", "2.9.0").documents);
      await reader.close();
    });

    it("a file without a spec cache has none to load", async () => {
      const path = join(tmp.make(), "main.zarr");
      await writeFile(path, sampleTree().root, fmt);
      assert.equal(".specloc" in diskAttributes(path, "", fmt), false);
      const io = new ZarrIO(path, "r");
      assert.equal((await io.readSpecCache()).size, 0);
      assert.deepEqual(await io.loadNamespaces(), []);
      await io.close();
    });
  });
}
