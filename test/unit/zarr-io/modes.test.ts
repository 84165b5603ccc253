/**
 * ZarrIO file modes (r, r-, r+, a, w, w-), canRead, isRemote (with a real HTTP server) and disposal,
 * on real files in temporary folders, in both conventions.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { after, describe, it } from "node:test";
import {
  DatasetBuilder, GroupBuilder, InvalidArgumentError, NodeNotFoundError, ReadOnlyError, StoreExistsError,
  UnsupportedWriteError, ZarrIO, type LinkBuilder, type ReferenceBuilder,
} from "../../../src/index.js";
import { LocalStore } from "../../../src/store/local.js";
import { startHttpServer } from "../../helpers/http-server.js";
import { sampleTree } from "./helpers.js";
import { FORMATS, diskAttributes, editDiskAttributes, listFiles } from "../../helpers/store-files.js";
import { datasetNumbers, datasetValues, readTree, writeFile } from "../../helpers/zarr-files.js";
import { readJson } from "../../helpers/json-files.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const tmp = tempFolders("zarr-io-modes");
after(() => tmp.cleanup());

for (const fmt of FORMATS) {
  describe(`ZarrIO modes (Zarr v${fmt})`, () => {
    it("'r' reads consolidated metadata, 'r-' each node's own metadata", async () => {
      const path = join(tmp.make(), "main.zarr");
      await writeFile(path, sampleTree().root, fmt);
      if (fmt === 3) assert.equal(readJson(join(path, "zarr.json")).consolidated_metadata.kind, "inline");
      else assert.ok(readJson(join(path, ".zmetadata")).metadata["sub/.zattrs"]);
      // Edit the node's own document only: the consolidated copy still says a=1.
      editDiskAttributes(path, "sub", fmt, (a) => (a.a = 2));
      assert.equal(diskAttributes(path, "sub", fmt).a, 2);
      assert.equal((await readTree(path, "r")).groups.get("sub")!.attributes.a, 1);
      assert.equal((await readTree(path, "r-")).groups.get("sub")!.attributes.a, 2);
    });

    it("'r' falls back to node metadata when nothing is consolidated", async () => {
      const path = join(tmp.make(), "plain.zarr");
      await writeFile(path, sampleTree().root, fmt, { consolidateMetadata: false });
      if (fmt === 3) assert.ok(!readJson(join(path, "zarr.json")).consolidated_metadata);
      else assert.equal(existsSync(join(path, ".zmetadata")), false);
      const root = await readTree(path, "r");
      assert.deepEqual([...root.groups.keys()], ["sub"]);
      assert.equal(root.groups.get("sub")!.attributes.a, 1);
    });

    it("'r+' writes to an existing file and keeps what is there", async () => {
      const path = join(tmp.make(), "main.zarr");
      await writeFile(path, sampleTree().root, fmt);
      const io = new ZarrIO(path, "r+");
      await io.writeAttributes("/sub", { b: "two" });
      await io.close();
      assert.deepEqual(diskAttributes(path, "sub", fmt), { a: 1, b: "two" });
      const reader = new ZarrIO(path, "r-");
      const root = await reader.readBuilder();
      assert.deepEqual(root.groups.get("sub")!.attributes, { a: 1, b: "two" });
      assert.deepEqual(await datasetNumbers(root.get("sub/data")), [1, 2, 3, 4, 5, 6]);
      await reader.close();
    });

    it("'r+' on a missing path fails and creates nothing", async () => {
      const path = join(tmp.make(), "missing.zarr");
      await assert.rejects(new ZarrIO(path, "r+").open(), (e: unknown) => e instanceof NodeNotFoundError && e.store === path);
      assert.equal(existsSync(path), false);
    });

    it("'a' creates a missing file in the asked format, then appends to it", async () => {
      const path = join(tmp.make(), "new.zarr");
      const first = new ZarrIO(path, "a", { zarrFormat: fmt });
      await first.writeGroup("/", new GroupBuilder("one", { attributes: { n: 1 } }));
      await first.consolidateMetadata();
      await first.close();
      assert.ok(existsSync(join(path, fmt === 3 ? "zarr.json" : ".zgroup")));
      // The second session states no format: the file's own format is kept.
      const second = new ZarrIO(path, "a");
      await second.writeDataset("/one", new DatasetBuilder("values", [5, 6]));
      await second.consolidateMetadata();
      assert.equal(second.zarrFormat, fmt);
      await second.close();
      assert.ok(existsSync(join(path, "one", "values", fmt === 3 ? "zarr.json" : ".zarray")));
      const io = new ZarrIO(path, "r");
      const root = await io.readBuilder();
      assert.equal(root.groups.get("one")!.attributes.n, 1);
      assert.deepEqual(await datasetNumbers(root.get("one/values")), [5, 6]);
      await io.close();
    });

    it("'w' replaces an existing Zarr store: old nodes are gone", async () => {
      const path = join(tmp.make(), "main.zarr");
      await writeFile(path, sampleTree().root, fmt);
      const other = fmt === 3 ? 2 : 3; // replace with the other format, so stray metadata of the old one would show
      await writeFile(path, new GroupBuilder("root", { groups: [new GroupBuilder("fresh")] }), other);
      const files = listFiles(path);
      assert.ok(!files.some((f) => f.startsWith("sub/") || f.startsWith("names/")), files.join(", "));
      const oldRootDocs = fmt === 3 ? ["zarr.json"] : [".zgroup", ".zattrs", ".zmetadata"];
      assert.ok(!files.some((f) => oldRootDocs.includes(f)), files.join(", "));
      const root = await readTree(path, "r-");
      assert.deepEqual([...root.groups.keys()], ["fresh"]);
      assert.equal(root.datasets.size, 0);
      assert.equal(root.links.size, 0);
    });

    it(
      "a closed 'w' ZarrIO used again does not erase the file it wrote",
      async () => {
        const path = join(tmp.make(), "main.zarr");
        const io = new ZarrIO(path, "w", { zarrFormat: fmt });
        await io.writeBuilder(sampleTree().root);
        await io.close();
        await io.writeAttributes("/", { late: 1 }).catch(() => undefined); // refusing is fine; erasing is not
        assert.deepEqual([...(await readTree(path, "r-")).groups.keys()], ["sub"]);
      },
    );

    it("'w-' refuses an existing store and leaves it untouched; creates a missing one", async () => {
      const path = join(tmp.make(), "main.zarr");
      await writeFile(path, sampleTree().root, fmt);
      const before = listFiles(path);
      await assert.rejects(
        new ZarrIO(path, "w-", { zarrFormat: fmt }).writeBuilder(new GroupBuilder("root")),
        (e: unknown) => e instanceof StoreExistsError && e.store === path,
      );
      assert.deepEqual(listFiles(path), before);
      const fresh = join(tmp.make(), "fresh.zarr");
      const io = new ZarrIO(fresh, "w-", { zarrFormat: fmt });
      await io.writeBuilder(new GroupBuilder("root", { attributes: { ok: true } }));
      await io.close();
      assert.equal((await readTree(fresh)).attributes.ok, true);
    });

    it("'w' on a folder holding other files needs forceOverwrite", async () => {
      const path = join(tmp.make(), "folder");
      mkdirSync(path);
      writeFileSync(join(path, "notes.txt"), "keep me");
      await assert.rejects(
        new ZarrIO(path, "w", { zarrFormat: fmt }).writeBuilder(new GroupBuilder("root")),
        (e: unknown) => e instanceof StoreExistsError && e.store === path && /forceOverwrite/.test(e.message),
      );
      assert.equal(readFileSync(join(path, "notes.txt"), "utf8"), "keep me");
      const io = new ZarrIO(path, "w", { zarrFormat: fmt, forceOverwrite: true });
      await io.writeBuilder(sampleTree().root);
      await io.close();
      assert.equal(existsSync(join(path, "notes.txt")), false);
      assert.deepEqual([...(await readTree(path)).groups.keys()], ["sub"]);
    });

    it("'w' with forceOverwrite replaces a plain file", async () => {
      const path = join(tmp.make(), "plain.zarr");
      writeFileSync(path, "not a store");
      const io = new ZarrIO(path, "w", { zarrFormat: fmt, forceOverwrite: true });
      await io.writeBuilder(sampleTree().root);
      await io.close();
      assert.deepEqual([...(await readTree(path)).groups.keys()], ["sub"]);
    });

    it("'w' without forceOverwrite refuses a plain file", async () => {
      const path = join(tmp.make(), "plain.zarr");
      writeFileSync(path, "not a store");
      await assert.rejects(
        new ZarrIO(path, "w", { zarrFormat: fmt }).writeBuilder(new GroupBuilder("root")),
        (e: unknown) => e instanceof StoreExistsError && e.store === path,
      );
      assert.equal(readFileSync(path, "utf8"), "not a store");
    });

    it("a file can be named by a path, a relative path, a file:// URL or a LocalStore", async () => {
      const dir = tmp.make();
      const targets = [
        join(dir, "plain.zarr"),
        relative(process.cwd(), join(dir, "relative.zarr")),
        pathToFileURL(join(dir, "url.zarr")),
        new LocalStore(join(dir, "store.zarr")),
      ];
      for (const target of targets) {
        const io = new ZarrIO(target, "w", { zarrFormat: fmt });
        await io.writeBuilder(sampleTree().root);
        await io.close();
      }
      for (const name of ["plain", "relative", "url", "store"]) {
        const path = join(dir, `${name}.zarr`);
        assert.equal(await ZarrIO.canRead(path), true, name);
        const io = new ZarrIO(path, "r");
        assert.deepEqual(await datasetNumbers((await io.readBuilder()).get("sub/data")), [1, 2, 3, 4, 5, 6], name);
        assert.equal(io.abspath, path);
        await io.close();
      }
    });

    it("canRead is false for a missing path and true after a write", async () => {
      const path = join(tmp.make(), "main.zarr");
      assert.equal(await ZarrIO.canRead(path), false);
      await writeFile(path, new GroupBuilder("root"), fmt);
      assert.equal(await ZarrIO.canRead(path), true);
    });

    it("reads a written file back over HTTP with consolidated metadata in one document", async () => {
      const dir = tmp.make();
      await writeFile(join(dir, "main.zarr"), sampleTree().root, fmt);
      const server = await startHttpServer(dir);
      try {
        const io = new ZarrIO(`${server.url}/main.zarr`, "r");
        assert.equal(io.isRemote(), true);
        const root = await io.readBuilder();
        // Opening reads metadata only: v3's zarr.json and v2's .zmetadata are asked for at once (one
        // round trip whatever the format), and one of them holds every node.
        const metaKeys = server.stats.log.map((r) => r.path).sort();
        assert.deepEqual(metaKeys, ["/main.zarr/.zmetadata", "/main.zarr/zarr.json"]);
        assert.equal(root.groups.get("sub")!.attributes.a, 1);
        assert.deepEqual(await datasetNumbers(root.get("sub/data")), [1, 2, 3, 4, 5, 6]);
        assert.deepEqual(await datasetValues(root.get("names")), ["x", "y"]);
        assert.equal((root.links.get("link_data") as LinkBuilder).builder, root.get("sub/data"));
        assert.equal((root.attributes.ref as ReferenceBuilder).builder, root.get("sub/data"));
        await io.close();
      } finally {
        await server.close();
      }
    });
  });
}

describe("ZarrIO modes (any format)", () => {
  it("an unknown mode is an InvalidArgumentError naming the mode and the path", () => {
    const path = join(tmp.make(), "x.zarr");
    assert.throws(
      () => new ZarrIO(path, "rw" as never),
      (e: unknown) => e instanceof InvalidArgumentError && /'rw'/.test(e.message) && e.store === path,
    );
  });

  it("objectCodec 'pickle' is refused at construction", () => {
    assert.throws(() => new ZarrIO(join(tmp.make(), "x.zarr"), "w", { objectCodec: "pickle" }), UnsupportedWriteError);
  });

  it("read-only modes refuse writes", async () => {
    const path = join(tmp.make(), "main.zarr");
    await writeFile(path, sampleTree().root, 3);
    for (const mode of ["r", "r-"] as const) {
      const io = new ZarrIO(path, mode);
      await assert.rejects(io.writeAttributes("/sub", { x: 1 }), ReadOnlyError);
      await assert.rejects(io.writeBuilder(new GroupBuilder("root")), ReadOnlyError);
      await io.close();
    }
    assert.deepEqual(diskAttributes(path, "sub", 3), { a: 1 });
  });

  it("canRead is false for a plain folder and a plain file", async () => {
    const dir = tmp.make();
    mkdirSync(join(dir, "folder"));
    writeFileSync(join(dir, "folder", "notes.txt"), "x");
    writeFileSync(join(dir, "file.zarr"), "x");
    assert.equal(await ZarrIO.canRead(join(dir, "folder")), false);
    assert.equal(await ZarrIO.canRead(join(dir, "file.zarr")), false);
  });

  it("isRemote is false for a local path and true for an http URL; remote writes are refused", async () => {
    assert.equal(new ZarrIO(join(tmp.make(), "x.zarr"), "r").isRemote(), false);
    assert.equal(new ZarrIO("http://127.0.0.1:9/x.zarr", "r").isRemote(), true);
    assert.equal(new ZarrIO(new URL("https://example.org/x.zarr"), "r").isRemote(), true);
    await assert.rejects(new ZarrIO("http://127.0.0.1:9/x.zarr", "a").open(), ReadOnlyError);
  });

  // `await using io = …` calls this method; `npx tsc` here resolves to TypeScript 5.0 (tslab's), which cannot parse it.
  it("Symbol.asyncDispose (what 'await using' calls) closes the store", async () => {
    const path = join(tmp.make(), "main.zarr");
    await writeFile(path, sampleTree().root, 3);
    /** A real local store that counts close() calls. */
    class CountingStore extends LocalStore {
      closed = 0;
      override async close(): Promise<void> {
        this.closed++;
      }
    }
    const store = new CountingStore(path);
    const io = new ZarrIO(store, "r");
    try {
      assert.equal((await io.readBuilder()).groups.get("sub")!.attributes.a, 1);
      assert.equal(store.closed, 0);
    } finally {
      await io[Symbol.asyncDispose]();
    }
    assert.equal(store.closed, 1);
  });
});
