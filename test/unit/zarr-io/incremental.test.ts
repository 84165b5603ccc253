/**
 * The incremental write API of ZarrIO in modes `a` and `r+`: writeGroup, writeDataset, writeLink,
 * writeAttributes and consolidateMetadata, checked on disk (exact JSON) and by reading back.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder, ZarrIO } from "../../../src/index.js";
import { sampleTree } from "./helpers.js";
import { FORMATS, diskArrayMeta, diskAttributes, type Format } from "../../helpers/store-files.js";
import { datasetNumbers, readTree, writeFile } from "../../helpers/zarr-files.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const tmp = tempFolders("zarr-io-incremental");
after(() => tmp.cleanup());

const linksKey = (fmt: Format) => (fmt === 3 ? "_LINKS" : "zarr_link");

/** An attribute reference exactly as hdmf-zarr writes it (object ids are null for builders without one). */
function refJson(fmt: Format, source: string, path: string): unknown {
  if (fmt === 3) return { _REFERENCE: { source, path } };
  return { zarr_dtype: "object", value: { object_id: null, path, source, source_object_id: null } };
}

/** A file with the sample tree, returned with its path. */
async function sampleFile(fmt: Format, name = "main.zarr"): Promise<string> {
  const path = join(tmp.make(), name);
  await writeFile(path, sampleTree().root, fmt);
  return path;
}

for (const fmt of FORMATS) {
  describe(`ZarrIO incremental writes (Zarr v${fmt})`, () => {
    it("writeGroup writes a subtree below an existing group, with its links and references", async () => {
      const path = await sampleFile(fmt);
      const io = new ZarrIO(path, "a");
      const root = await io.readBuilder();
      const d = new DatasetBuilder("d", [10, 20]);
      const extra = new GroupBuilder("extra", { datasets: [d], attributes: { about: d }, groups: [new GroupBuilder("inner")] });
      extra.setLink(new LinkBuilder(d, "to_d"));
      root.groups.get("sub")!.setGroup(extra); // placed in the file's tree, so its paths are /sub/extra/…
      await io.writeGroup("/sub", extra);
      await io.consolidateMetadata();
      await io.close();

      assert.deepEqual(diskAttributes(path, "sub/extra", fmt), {
        about: refJson(fmt, ".", "/sub/extra/d"),
        [linksKey(fmt)]: [{ source: ".", path: "/sub/extra/d", name: "to_d" }],
      });
      const reader = new ZarrIO(path, "r");
      const back = await reader.readBuilder();
      const g = back.get("sub/extra") as GroupBuilder;
      assert.deepEqual([...g.groups.keys()], ["inner"]);
      assert.deepEqual(await datasetNumbers(g.datasets.get("d")), [10, 20]);
      assert.equal(g.links.get("to_d")!.builder, g.datasets.get("d"));
      assert.equal((g.attributes.about as ReferenceBuilder).builder, g.datasets.get("d"));
      assert.deepEqual(await datasetNumbers(back.get("sub/data")), [1, 2, 3, 4, 5, 6]); // what was there stays
      await reader.close();
    });

    it(
      "writeGroup of a builder not yet in the tree: links inside it name the paths it is written at",
      async () => {
        const path = await sampleFile(fmt);
        const io = new ZarrIO(path, "a");
        const d = new DatasetBuilder("d", [10, 20]);
        const extra = new GroupBuilder("extra", { datasets: [d] });
        extra.setLink(new LinkBuilder(d, "to_d"));
        await io.writeGroup("/sub", extra);
        await io.consolidateMetadata();
        await io.close();
        assert.deepEqual(diskAttributes(path, "sub/extra", fmt)[linksKey(fmt)], [{ source: ".", path: "/sub/extra/d", name: "to_d" }]);
        const back = await readTree(path);
        assert.equal((back.get("sub/extra") as GroupBuilder).links.get("to_d")!.builder, back.get("sub/extra/d"));
      },
    );

    it("writeDataset adds an array with its attributes and dtype marker", async () => {
      const path = await sampleFile(fmt);
      const io = new ZarrIO(path, "r+");
      await io.writeDataset("/sub", new DatasetBuilder("extra", [1.5, -2], { attributes: { unit: "V" } }));
      await io.consolidateMetadata();
      await io.close();
      const meta = diskArrayMeta(path, "sub/extra", fmt);
      assert.deepEqual(meta.shape, [2]);
      if (fmt === 3) assert.equal(meta.data_type, "float64");
      else assert.equal(meta.dtype, "<f8");
      assert.deepEqual(diskAttributes(path, "sub/extra", fmt), { unit: "V", [fmt === 3 ? "_DTYPE" : "zarr_dtype"]: "float64" });
      const reader = new ZarrIO(path, "r");
      const back = await reader.readBuilder();
      assert.deepEqual(await datasetNumbers(back.get("sub/extra")), [1.5, -2]);
      assert.deepEqual((back.get("sub/extra") as DatasetBuilder).attributes, { unit: "V" });
      await reader.close();
    });

    it("writeLink appends to the group's link list", async () => {
      const path = await sampleFile(fmt);
      const io = new ZarrIO(path, "a");
      const root = await io.readBuilder();
      await io.writeLink("/sub", new LinkBuilder(root.get("names") as DatasetBuilder, "names_again"));
      await io.writeLink("/", new LinkBuilder(root.groups.get("sub")!, "sub_again"));
      await io.consolidateMetadata();
      await io.close();
      assert.deepEqual(diskAttributes(path, "", fmt)[linksKey(fmt)], [
        { source: ".", path: "/sub", name: "link_group" },
        { source: ".", path: "/sub/data", name: "link_data" },
        { source: ".", path: "/sub", name: "sub_again" },
      ]);
      assert.deepEqual(diskAttributes(path, "sub", fmt)[linksKey(fmt)], [{ source: ".", path: "/names", name: "names_again" }]);
      const back = await readTree(path);
      assert.equal(back.links.get("sub_again")!.builder, back.groups.get("sub"));
      assert.equal((back.get("sub") as GroupBuilder).links.get("names_again")!.builder, back.get("names"));
    });

    it("writeLink to an object of another file writes its relative source", async () => {
      const dir = tmp.make();
      const other = join(dir, "other.zarr");
      await writeFile(other, new GroupBuilder("root", { groups: [new GroupBuilder("og", { attributes: { from: "other" } })] }), fmt);
      const path = join(dir, "main.zarr");
      await writeFile(path, sampleTree().root, fmt);
      const otherIO = new ZarrIO(other, "r");
      const target = (await otherIO.readBuilder()).groups.get("og")!;
      const io = new ZarrIO(path, "a");
      const root = await io.readBuilder();
      const link = root.setLink(new LinkBuilder(target, "ext"));
      await io.writeLink("/", link);
      await io.consolidateMetadata();
      await io.close();
      await otherIO.close();
      assert.deepEqual((diskAttributes(path, "", fmt)[linksKey(fmt)] as unknown[]).at(-1), { source: "../other.zarr", path: "/og", name: "ext" });
      const back = await readTree(path);
      assert.deepEqual(back.links.get("ext")!.builder.attributes, { from: "other" });
      assert.equal(back.links.get("ext")!.builder.source, other);
    });

    it(
      "writeLink of a link builder without a parent, to another file, still writes the other file's source",
      async () => {
        const dir = tmp.make();
        const other = join(dir, "other.zarr");
        await writeFile(other, new GroupBuilder("root", { groups: [new GroupBuilder("og")] }), fmt);
        const path = join(dir, "main.zarr");
        await writeFile(path, new GroupBuilder("root"), fmt);
        const otherIO = new ZarrIO(other, "r");
        const io = new ZarrIO(path, "a");
        await io.writeLink("/", new LinkBuilder((await otherIO.readBuilder()).groups.get("og")!, "ext"));
        await io.close();
        await otherIO.close();
        assert.deepEqual(diskAttributes(path, "", fmt)[linksKey(fmt)], [{ source: "../other.zarr", path: "/og", name: "ext" }]);
      },
    );

    it("writeAttributes merges with existing attributes and writes references in the convention's form", async () => {
      const path = await sampleFile(fmt);
      const io = new ZarrIO(path, "r+");
      const root = await io.readBuilder();
      await io.writeAttributes("/sub", {
        b: 2.5, s: "text", list: [1, 2, 3], names: ["p", "q"],
        ref: new ReferenceBuilder(root.get("names") as DatasetBuilder), // a ReferenceBuilder …
        rootref: root, // … or a builder itself
      });
      await io.writeAttributes("/sub", { a: 10 }); // replaces one key, keeps the others
      await io.writeAttributes("/sub/data", { unit: "mm" });
      await io.consolidateMetadata();
      await io.close();
      assert.deepEqual(diskAttributes(path, "sub", fmt), {
        a: 10, b: 2.5, s: "text", list: [1, 2, 3], names: ["p", "q"],
        ref: refJson(fmt, ".", "/names"), rootref: refJson(fmt, ".", "/"),
      });
      assert.deepEqual(diskAttributes(path, "sub/data", fmt), { unit: "mm", [fmt === 3 ? "_DTYPE" : "zarr_dtype"]: "int64" });
      const back = await readTree(path);
      const sub = back.groups.get("sub")!;
      assert.equal(sub.attributes.a, 10);
      assert.equal((sub.attributes.ref as ReferenceBuilder).builder, back.get("names"));
      assert.equal((sub.attributes.rootref as ReferenceBuilder).builder, back);
      assert.equal((back.get("sub/data") as DatasetBuilder).attributes.unit, "mm");
    });

    it("writeAttributes with a reference to a builder read by another ZarrIO of the same file writes source '.'", async () => {
      const path = await sampleFile(fmt);
      const reader = new ZarrIO(path, "r");
      const target = (await reader.readBuilder()).groups.get("sub")!;
      const io = new ZarrIO(path, "r+"); // has not read its own tree
      await io.writeAttributes("/names", { owner: new ReferenceBuilder(target) });
      await io.close();
      await reader.close();
      assert.deepEqual(diskAttributes(path, "names", fmt).owner, refJson(fmt, ".", "/sub"));
    });

    it(
      "mode 'a': read, add a dataset to the read tree, writeBuilder(root) writes only what is new",
      async () => {
        const path = await sampleFile(fmt);
        const io = new ZarrIO(path, "a");
        const root = await io.readBuilder();
        root.groups.get("sub")!.setDataset(new DatasetBuilder("added", [42]));
        await io.writeBuilder(root);
        await io.close();
        assert.equal(diskAttributes(path, "sub", fmt)[linksKey(fmt)], undefined);
        const reader = new ZarrIO(path, "r");
        const back = await reader.readBuilder();
        assert.deepEqual([...(back.get("sub") as GroupBuilder).datasets.keys()].sort(), ["added", "data"]);
        assert.deepEqual(await datasetNumbers(back.get("sub/data")), [1, 2, 3, 4, 5, 6]);
        assert.deepEqual(await datasetNumbers(back.get("sub/added")), [42]);
        await reader.close();
      },
    );

    it("consolidateMetadata makes incremental writes visible to mode 'r'", async () => {
      const path = await sampleFile(fmt);
      const io = new ZarrIO(path, "a");
      await io.writeGroup("/", new GroupBuilder("late"));
      await io.writeDataset("/sub", new DatasetBuilder("more", [7]));
      // Not consolidated yet: 'r' sees the file as it was, 'r-' sees the new nodes.
      assert.deepEqual([...(await readTree(path, "r")).groups.keys()], ["sub"]);
      const direct = await readTree(path, "r-");
      assert.deepEqual([...direct.groups.keys()], ["late", "sub"]);
      assert.ok(direct.get("sub/more") instanceof DatasetBuilder);
      await io.consolidateMetadata();
      await io.close();
      const consolidated = await readTree(path, "r");
      assert.deepEqual([...consolidated.groups.keys()], ["late", "sub"]);
      assert.ok(consolidated.get("sub/more") instanceof DatasetBuilder);
    });
  });
}
