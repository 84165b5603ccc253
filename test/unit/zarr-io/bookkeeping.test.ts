/**
 * ZarrIO bookkeeping (hdmf-zarr's get_written, get_builder_exists_on_disk, get_builder_disk_path,
 * get_zarr_parent_path, get_builder, get_type) on real files, in both conventions.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder, NodeNotFoundError, ZarrIO, ZarrDataset } from "../../../src/index.js";
import { sampleTree } from "./helpers.js";
import { FORMATS } from "../../helpers/store-files.js";
import { tempFolders } from "../../helpers/temp-folders.js";
import { writeFile } from "../../helpers/zarr-files.js";

const tmp = tempFolders("zarr-io-bookkeeping");
after(() => tmp.cleanup());

for (const fmt of FORMATS) {
  describe(`ZarrIO bookkeeping (Zarr v${fmt})`, () => {
    it("getWritten is false before a write and true after it; with checkOnDisk it also looks for the node", async () => {
      const { root, sub, data, names } = sampleTree();
      const io = new ZarrIO(join(tmp.make(), "main.zarr"), "w", { zarrFormat: fmt });
      for (const b of [root, sub, data]) assert.equal(await io.getWritten(b), false);
      await io.writeBuilder(root);
      for (const b of [root, sub, data, names]) {
        assert.equal(await io.getWritten(b), true, b.path);
        assert.equal(await io.getWritten(b, true), true, b.path);
      }
      const never = new DatasetBuilder("never", [1]);
      sub.setDataset(never);
      assert.equal(await io.getWritten(never), false);
      assert.equal(await io.getWritten(never, true), false);
      await io.close();
    });

    it(
      "getWritten is true for written links and for datasets written as links, as hdmf-zarr records them",
      async () => {
        const dir = tmp.make();
        const other = join(dir, "other.zarr");
        await writeFile(other, new GroupBuilder("root", { datasets: [new DatasetBuilder("od", [7, 8])] }), fmt);
        const reader = new ZarrIO(other, "r");
        const od = (await reader.readBuilder()).datasets.get("od")!;
        const { root } = sampleTree();
        const linked = root.setDataset(new DatasetBuilder("linked", od.data));
        const io = new ZarrIO(join(dir, "main.zarr"), "w", { zarrFormat: fmt });
        await io.writeBuilder(root);
        assert.equal(await io.getWritten(root.links.get("link_group")!), true);
        assert.equal(await io.getWritten(root.links.get("link_data")!), true);
        assert.equal(await io.getWritten(linked), true);
        await io.close();
        await reader.close();
      },
    );

    it(
      "getWritten is true for builders read from the file, as hdmf-zarr records them",
      async () => {
        const path = join(tmp.make(), "main.zarr");
        await writeFile(path, sampleTree().root, fmt);
        const io = new ZarrIO(path, "a");
        const root = await io.readBuilder();
        assert.equal(await io.getWritten(root), true);
        assert.equal(await io.getWritten(root.get("sub/data")!), true);
        await io.close();
      },
    );

    it("getBuilderExistsOnDisk is true for written nodes and false for others", async () => {
      const { root, sub, data } = sampleTree();
      const io = new ZarrIO(join(tmp.make(), "main.zarr"), "w", { zarrFormat: fmt });
      await io.writeBuilder(root);
      for (const b of [root, sub, data]) assert.equal(await io.getBuilderExistsOnDisk(b), true, b.path);
      const never = sub.setGroup(new GroupBuilder("never"));
      assert.equal(await io.getBuilderExistsOnDisk(never), false);
      await io.close();
    });

    it(
      "getBuilderExistsOnDisk looks at the disk, not at what this ZarrIO remembers",
      async () => {
        const path = join(tmp.make(), "main.zarr");
        const { root, data } = sampleTree();
        const io = new ZarrIO(path, "w", { zarrFormat: fmt });
        await io.writeBuilder(root);
        rmSync(join(path, "sub", "data"), { recursive: true });
        assert.equal(await io.getBuilderExistsOnDisk(data), false);
        assert.equal(await io.getWritten(data, true), false);
        await io.close();
      },
    );

    it("getBuilderDiskPath (the node's place on disk, as hdmf-zarr gives it) and getZarrParentPath", async () => {
      const { root, sub, data } = sampleTree();
      const path = join(tmp.make(), "main.zarr");
      const io = new ZarrIO(path, "w", { zarrFormat: fmt });
      assert.equal(io.getBuilderDiskPath(root), `${path}/`);
      assert.equal(io.getBuilderDiskPath(sub), `${path}/sub`);
      assert.equal(io.getBuilderDiskPath(data), `${path}/sub/data`);
      assert.equal(io.getBuilderDiskPath(data, "/elsewhere/f.zarr"), "/elsewhere/f.zarr/sub/data");
      assert.equal(io.getZarrParentPath(data), "/sub");
      assert.equal(io.getZarrParentPath(sub), "/");
      assert.equal(io.getZarrParentPath(root), "/");
      await io.close();
    });

    it("getBuilder returns the read builder at a path, with or without a leading slash", async () => {
      const path = join(tmp.make(), "main.zarr");
      await writeFile(path, sampleTree().root, fmt);
      const io = new ZarrIO(path, "r");
      const root = await io.readBuilder();
      assert.equal(await io.getBuilder("/"), root);
      assert.equal(await io.getBuilder("/sub"), root.groups.get("sub"));
      assert.equal(await io.getBuilder("sub/data"), root.get("sub/data"));
      const data = (await io.getBuilder("/sub/data")) as DatasetBuilder;
      assert.ok(data instanceof DatasetBuilder && data.data instanceof ZarrDataset);
      assert.equal(data.source, path);
      await assert.rejects(
        io.getBuilder("/sub/missing"),
        (e: unknown) => e instanceof NodeNotFoundError && e.path === "/sub/missing" && e.store === path,
      );
      await io.close();
    });

    it(
      "after writeBuilder, getBuilder and resolveRef of the same ZarrIO find the written builders",
      async () => {
        const { root, data } = sampleTree();
        const io = new ZarrIO(join(tmp.make(), "main.zarr"), "w", { zarrFormat: fmt });
        await io.writeBuilder(root);
        assert.equal(await io.getBuilder("/sub/data"), data);
        assert.equal((await io.resolveRef({ source: ".", path: "/sub/data" })).builder, data);
        await io.close();
      },
    );
  });
}

describe("ZarrIO.getType", () => {
  it("names the dtype hdmf-zarr records for plain data", () => {
    assert.equal(ZarrIO.getType([1, 2]), "int64");
    assert.equal(ZarrIO.getType([1.5]), "float64");
    assert.equal(ZarrIO.getType([1, 2.5]), "float64");
    assert.equal(ZarrIO.getType(["a"]), "str");
    assert.equal(ZarrIO.getType([[1, 2], [3, 4]]), "int64");
    assert.equal(ZarrIO.getType(new Float32Array([1])), "float32");
    assert.equal(ZarrIO.getType([true]), "bool");
  });
});
