/**
 * References and links through ZarrIO: resolveRef (group, dataset, root, bad path), soft links read
 * back as LinkBuilders of the very target builders, external links between two stores in one
 * folder, and files whose sources are in the hdmf-zarr 0.10.x style (relative to the parent folder).
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DanglingLinkError, DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder, ZarrIO } from "../../../src/index.js";
import { sampleTree } from "./helpers.js";
import { FORMATS, diskAttributes, type Format } from "../../helpers/store-files.js";
import { datasetNumbers, writeFile } from "../../helpers/zarr-files.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const tmp = tempFolders("zarr-io-references");
after(() => tmp.cleanup());

const linksKey = (fmt: Format) => (fmt === 3 ? "_LINKS" : "zarr_link");

/** Rewrite every metadata document of a store's root (own and consolidated copies) with `edit` on its text. */
function editRootMetadataText(store: string, edit: (text: string) => string): void {
  for (const name of readdirSync(store)) {
    if (!["zarr.json", ".zattrs", ".zmetadata"].includes(name)) continue;
    const file = join(store, name);
    writeFileSync(file, edit(readFileSync(file, "utf8")));
  }
}

/** Two stores in one folder: `other.zarr` (group /og with dataset /og/od) and `main.zarr` linking into it. */
async function twoFiles(fmt: Format) {
  const dir = tmp.make();
  const other = join(dir, "other.zarr");
  const od = new DatasetBuilder("od", [7, 8, 9]);
  const og = new GroupBuilder("og", { datasets: [od], attributes: { from: "other" } });
  await writeFile(other, new GroupBuilder("root", { groups: [og] }), fmt);
  const main = join(dir, "main.zarr");
  const root = new GroupBuilder("root", { attributes: { ext_ref: new ReferenceBuilder(od) } });
  root.setLink(new LinkBuilder(og, "ext_group"));
  root.setLink(new LinkBuilder(od, "ext_data"));
  await writeFile(main, root, fmt);
  return { dir, main, other };
}

for (const fmt of FORMATS) {
  describe(`ZarrIO references and links (Zarr v${fmt})`, () => {
    it("resolveRef finds a group, a dataset and the root (named 'root', by '/' or '')", async () => {
      const path = join(tmp.make(), "main.zarr");
      await writeFile(path, sampleTree().root, fmt);
      const io = new ZarrIO(path, "r");
      const root = await io.readBuilder();
      const group = await io.resolveRef({ source: ".", path: "/sub" });
      assert.equal(group.name, "sub");
      assert.equal(group.builder, root.groups.get("sub"));
      assert.equal(group.source, path);
      const data = await io.resolveRef({ source: ".", path: "/sub/data" });
      assert.equal(data.name, "data");
      assert.equal(data.builder, await io.getBuilder("/sub/data"));
      const top = await io.resolveRef({ source: ".", path: "/" });
      assert.equal(top.name, "root");
      assert.equal(top.builder, root);
      const empty = await io.resolveRef({ source: ".", path: "" });
      assert.equal(empty.name, "root");
      assert.equal(empty.builder, root);
      const viaBuilder = await io.resolveRef(root.attributes.ref as ReferenceBuilder);
      assert.equal(viaBuilder.builder, root.get("sub/data"));
      await io.close();
    });

    it("resolveRef of a missing path is a DanglingLinkError naming the path and the file", async () => {
      const path = join(tmp.make(), "main.zarr");
      await writeFile(path, sampleTree().root, fmt);
      const io = new ZarrIO(path, "r");
      await assert.rejects(
        io.resolveRef({ source: ".", path: "/sub/nothing" }),
        (e: unknown) => e instanceof DanglingLinkError && e.path === "/sub/nothing" && e.store === path && e.message.includes("/sub/nothing"),
      );
      await io.close();
    });

    it(
      "resolveRef with an empty path finds the root, as hdmf-zarr does for a path of None or ''",
      async () => {
        const path = join(tmp.make(), "main.zarr");
        await writeFile(path, sampleTree().root, fmt);
        const io = new ZarrIO(path, "r");
        const top = await io.resolveRef({ source: ".", path: "" });
        assert.equal(top.name, "root");
        assert.equal(top.builder, await io.readBuilder());
        await io.close();
      },
    );

    it("links to a group and to a dataset read back as LinkBuilders of the target builders", async () => {
      const path = join(tmp.make(), "main.zarr");
      await writeFile(path, sampleTree().root, fmt);
      assert.deepEqual(diskAttributes(path, "", fmt)[linksKey(fmt)], [
        { source: ".", path: "/sub", name: "link_group" },
        { source: ".", path: "/sub/data", name: "link_data" },
      ]);
      for (const mode of ["r", "r-"] as const) {
        const io = new ZarrIO(path, mode);
        const root = await io.readBuilder();
        const lg = root.links.get("link_group")!;
        const ld = root.links.get("link_data")!;
        assert.ok(lg instanceof LinkBuilder && ld instanceof LinkBuilder);
        assert.equal(lg.name, "link_group");
        assert.equal(lg.builder, root.groups.get("sub"));
        assert.equal(ld.builder, root.get("sub/data"));
        assert.equal(root.get("link_data"), ld);
        assert.equal(root.get("link_group/data"), root.get("sub/data")); // paths pass through links
        await io.close();
      }
    });

    it("external links between two stores in one folder: relative source on disk, other file's builders on read", async () => {
      const { main, other } = await twoFiles(fmt);
      assert.deepEqual(diskAttributes(main, "", fmt)[linksKey(fmt)], [
        { source: "../other.zarr", path: "/og", name: "ext_group" },
        { source: "../other.zarr", path: "/og/od", name: "ext_data" },
      ]);
      const io = new ZarrIO(main, "r");
      const root = await io.readBuilder();
      const group = root.links.get("ext_group")!.builder;
      const data = root.links.get("ext_data")!.builder;
      assert.equal(group.source, other);
      assert.equal(group.path, "/og");
      assert.deepEqual(group.attributes, { from: "other" });
      assert.equal(data.source, other);
      assert.equal((group as GroupBuilder).datasets.get("od"), data); // one tree per other file
      assert.deepEqual(await datasetNumbers(data), [7, 8, 9]);
      assert.equal((root.attributes.ext_ref as ReferenceBuilder).builder, data);
      const resolved = await io.resolveRef({ source: "../other.zarr", path: "/og" });
      assert.equal(resolved.name, "og");
      assert.equal(resolved.builder, group);
      assert.equal(resolved.source, other);
      await io.close();
    });

    it("0.10.x-style sources (relative to the parent folder) resolve: the store's own name, and a sibling store", async () => {
      const { main, other } = await twoFiles(fmt);
      editRootMetadataText(main, (t) => t.replaceAll('"../other.zarr"', '"other.zarr"'));
      const self = join(tmp.make(), "main.zarr");
      await writeFile(self, sampleTree().root, fmt);
      editRootMetadataText(self, (t) => t.replace(/"source":(\s*)"\."/g, '"source":$1"main.zarr"'));
      assert.equal((diskAttributes(self, "", fmt)[linksKey(fmt)] as { source: string }[])[0].source, "main.zarr");

      for (const mode of ["r", "r-"] as const) {
        const io = new ZarrIO(self, mode);
        const root = await io.readBuilder();
        assert.equal(root.links.get("link_group")!.builder, root.groups.get("sub"));
        assert.equal(root.links.get("link_data")!.builder, root.get("sub/data"));
        assert.equal((root.attributes.ref as ReferenceBuilder).builder, root.get("sub/data"));
        assert.equal((await io.resolveRef({ source: "main.zarr", path: "/sub" })).builder, root.groups.get("sub"));
        await io.close();

        const ext = new ZarrIO(main, mode);
        const extRoot = await ext.readBuilder();
        assert.equal(extRoot.links.get("ext_data")!.builder.source, other);
        assert.deepEqual(await datasetNumbers(extRoot.links.get("ext_data")!.builder), [7, 8, 9]);
        await ext.close();
      }
    });
  });
}
