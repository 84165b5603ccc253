/**
 * Bad input, links and references: a link or reference to something missing is a
 * DanglingLinkError naming the link and its target; a `source` that leaves the folder holding the
 * file (`../..`, an absolute path, a URL) is a LinkOutsideStoreError, and nothing outside is read
 * or written. Links between two files that point at each other must not make the reader loop.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DanglingLinkError, LinkOutsideStoreError } from "../../../src/errors.js";
import { DatasetBuilder, GroupBuilder, ReferenceBuilder } from "../../../src/format/builders.js";
import type { ZarrDataset } from "../../../src/format/zarr-dataset.js";
import { ZarrIO } from "../../../src/io/zarr-io.js";
import type { ZarrFormat } from "../../../src/zarr/metadata-types.js";
import { TIMEOUT, copyStore, editNodeAttributes, expectTyped } from "./helpers.js";
import { runIsolated } from "./isolated.js";
import { FORMATS, chunkFile, editNodeMetadata, snapshot } from "../../helpers/store-files.js";
import { SAMPLE_VALUES, writeStore } from "../../helpers/sample-tree.js";
import { tempFolder, removeFolder } from "../../helpers/temp-folders.js";
import { readEverything, READ_MODES } from "../../helpers/zarr-files.js";

const linksKey = (format: ZarrFormat) => (format === 3 ? "_LINKS" : "zarr_link");

/** Point the link `/g/lnk` somewhere else. */
function retarget(dir: string, format: ZarrFormat, target: { source?: string; path?: string }): void {
  editNodeAttributes(dir, format, "g", (a) => {
    a[linksKey(format)] = [{ source: ".", path: "/x", name: "lnk", ...target }];
  });
}

/** Point the root attribute reference `ref` somewhere else. */
function retargetAttribute(dir: string, format: ZarrFormat, target: { source?: string; path?: string }): void {
  editNodeAttributes(dir, format, "", (a) => {
    if (format === 3) a.ref._REFERENCE = { source: ".", path: "/x", ...target };
    else a.ref.value = { object_id: null, source_object_id: null, source: ".", path: "/x", ...target };
  });
}

/** v2 only: replace the chunk of `/refs` by an uncompressed json2 chunk holding one reference element. */
function retargetElementV2(dir: string, target: { source: string; path: string }): void {
  editNodeMetadata(dir, 2, "refs", (d) => { d.compressor = null; });
  const element = { object_id: null, path: target.path, source: target.source, source_object_id: null };
  writeFileSync(chunkFile(dir, "refs", 2), JSON.stringify([element, "|O", [1]]));
}

/** Sources that leave the folder holding a store at <tmp>/outer/inner/work-N.zarr. */
const OUTSIDE_SOURCES = [
  "../../elsewhere.zarr",
  "../../../elsewhere.zarr",
  "sub/../../../elsewhere.zarr",
  "/etc",
  "file:///etc",
  "http://127.0.0.1:9/elsewhere.zarr",
  "s3://bucket/elsewhere.zarr",
];

for (const format of FORMATS) {
  describe(`dangling links and references, Zarr v${format}`, () => {
    let tmp: string;
    let base: string;
    let n = 0;
    before(async () => {
      tmp = tempFolder(`hdmf-zarr-bad-links-v${format}`);
      base = await writeStore(join(tmp, "base.zarr"), format);
    });
    after(() => removeFolder(tmp));
    const work = () => copyStore(base, join(tmp, `work-${n++}.zarr`));

    it("a link to a missing path is a DanglingLinkError naming the link's group, its name and the target", { timeout: TIMEOUT }, async () => {
      const dir = work();
      retarget(dir, format, { path: "/missing/thing" });
      for (const mode of READ_MODES) {
        await expectTyped(() => readEverything(dir, mode), DanglingLinkError, { store: dir, path: "/g/lnk", mentions: ["/missing/thing"] });
      }
    });

    it("a link to a missing file beside this one is a DanglingLinkError naming the source", { timeout: TIMEOUT }, async () => {
      const dir = work();
      retarget(dir, format, { source: "../no-such-file.zarr" });
      for (const mode of READ_MODES) {
        await expectTyped(() => readEverything(dir, mode), DanglingLinkError, { store: dir, path: "/g/lnk", mentions: ["../no-such-file.zarr"] });
      }
    });

    it("a link into another file that lacks the path is a DanglingLinkError naming the target", { timeout: TIMEOUT }, async () => {
      const dir = work();
      await writeStore(join(tmp, `other-${n}.zarr`), format, new GroupBuilder("root", { datasets: [new DatasetBuilder("y", [1], { dtype: "int32" })] }));
      retarget(dir, format, { source: `../other-${n}.zarr`, path: "/x" });
      await expectTyped(() => readEverything(dir), DanglingLinkError, { store: dir, path: "/g/lnk", mentions: ["/x"] });
    });

    it("an attribute reference to a missing path is a DanglingLinkError naming the owner and the target", { timeout: TIMEOUT }, async () => {
      const dir = work();
      retargetAttribute(dir, format, { path: "/nothere" });
      for (const mode of READ_MODES) {
        await expectTyped(() => readEverything(dir, mode), DanglingLinkError, { store: dir, path: "/", mentions: ["/nothere"] });
      }
    });

    it("a dataset of references to a missing path opens, and reading it is a DanglingLinkError naming the dataset and the target", { timeout: TIMEOUT }, async () => {
      const dir = work();
      // Copy in the chunk of a reference dataset that points at '/nothere' in its own file.
      const other = join(tmp, `refsrc-${n}.zarr`);
      const target = new DatasetBuilder("nothere", [1], { dtype: "int32" });
      await writeStore(other, format, new GroupBuilder("root", { datasets: [target, new DatasetBuilder("refs", [new ReferenceBuilder(target)], { dtype: "object" })] }));
      copyFileSync(chunkFile(other, "refs", format), chunkFile(dir, "refs", format));
      for (const mode of READ_MODES) {
        const io = new ZarrIO(dir, mode);
        const refs = (await io.getBuilder("/refs")) as DatasetBuilder;
        await expectTyped(() => (refs.data as ZarrDataset).get(), DanglingLinkError, { store: dir, path: "/refs", mentions: ["/nothere"] });
        await io.close();
      }
    });
  });

  describe(`links and references that leave the store's folder, Zarr v${format}`, () => {
    let tmp: string;
    let base: string;
    let outside: string[];
    let n = 0;
    before(async () => {
      tmp = tempFolder(`hdmf-zarr-bad-outside-v${format}`);
      mkdirSync(join(tmp, "outer", "inner"), { recursive: true });
      base = await writeStore(join(tmp, "outer", "inner", "base.zarr"), format);
      // Real files with the linked path wherever a resolver might look, so a followed link would succeed.
      outside = [join(tmp, "outer", "elsewhere.zarr"), join(tmp, "elsewhere.zarr")];
      for (const dir of outside) await writeStore(dir, format);
    });
    after(() => removeFolder(tmp));
    const work = () => copyStore(base, join(tmp, "outer", "inner", `work-${n++}.zarr`));

    const check = async (dir: string, path: string, source: string, read: () => Promise<unknown>) => {
      const before = outside.map((d) => snapshot(d));
      await expectTyped(read, LinkOutsideStoreError, { store: dir, path, mentions: [source] });
      assert.deepEqual(outside.map((d) => snapshot(d)), before, "nothing outside changed");
    };

    for (const source of OUTSIDE_SOURCES) {
      it(`a link with source '${source}' is a LinkOutsideStoreError`, { timeout: TIMEOUT }, async () => {
        const dir = work();
        retarget(dir, format, { source, path: source === "/etc" ? "/passwd" : "/x" });
        for (const mode of READ_MODES) await check(dir, "/g/lnk", source, () => readEverything(dir, mode));
      });

      it(`an attribute reference with source '${source}' is a LinkOutsideStoreError`, { timeout: TIMEOUT }, async () => {
        const dir = work();
        retargetAttribute(dir, format, { source, path: "/x" });
        for (const mode of READ_MODES) await check(dir, "/", source, () => readEverything(dir, mode));
      });

      if (format === 2) {
        it(`a dataset reference element with source '${source}' is a LinkOutsideStoreError when read`, { timeout: TIMEOUT }, async () => {
          const dir = work();
          retargetElementV2(dir, { source, path: "/x" });
          for (const mode of READ_MODES) await check(dir, "/refs", source, () => readEverything(dir, mode));
        });
      }
    }

    it("a link to a file beside this one (inside the folder) still resolves", { timeout: TIMEOUT }, async () => {
      const dir = work();
      await writeStore(join(tmp, "outer", "inner", "sibling.zarr"), format);
      retarget(dir, format, { source: "../sibling.zarr", path: "/g/y" });
      const io = new ZarrIO(dir, "r");
      const root = await io.readBuilder();
      const linked = (root.get("g") as GroupBuilder).links.get("lnk")!.builder as DatasetBuilder;
      assert.deepEqual(Array.from((await (linked.data as ZarrDataset).get()).data), SAMPLE_VALUES["/g/y"]);
      assert.equal(linked.source, join(tmp, "outer", "inner", "sibling.zarr"));
      await io.close();
    });
  });

  describe(`links between files that point at each other, Zarr v${format}`, () => {
    let tmp: string;
    before(() => {
      tmp = tempFolder(`hdmf-zarr-bad-cycle-v${format}`);
    });
    after(() => removeFolder(tmp));

    it(
      "two files linking to each other read without re-opening each other forever",
      { timeout: 30_000 },
      async () => {
        const tree = (v: number) => new GroupBuilder("root", { datasets: [new DatasetBuilder("x", [v], { dtype: "int32" })], groups: [new GroupBuilder("g")] });
        const a = await writeStore(join(tmp, "a.zarr"), format, tree(1));
        const b = await writeStore(join(tmp, "b.zarr"), format, tree(2));
        editNodeAttributes(a, format, "g", (attrs) => { attrs[linksKey(format)] = [{ source: "../b.zarr", path: "/x", name: "to_b" }]; });
        editNodeAttributes(b, format, "g", (attrs) => { attrs[linksKey(format)] = [{ source: "../a.zarr", path: "/x", name: "to_a" }]; });
        // In a child process, so that a reader that never stops can be stopped.
        const result = await runIsolated("read", { dir: a, modes: ["r"] }, 5_000);
        assert.equal(result.kind, "finished", `the read of a.zarr did not finish: ${JSON.stringify(result)}`);
        const done = result.messages.find((m) => m.type === "done");
        assert.deepEqual(done && done.type === "done" ? done.outcomes.map((o) => o.outcome) : undefined, [{ kind: "ok" }]);
      },
    );
  });
}
