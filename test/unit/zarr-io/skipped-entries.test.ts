/**
 * `skippedEntries` of a legacy (Zarr v2) read node by node (mode 'r-', or no `.zmetadata`):
 * folders without Zarr metadata are listed with a reason and left out of the tree. In mode 'r' a
 * consolidated file is what its `.zmetadata` names and its folders are not listed (opening stays
 * one read). Nothing is listed for a complete file or a Zarr v3 one. The lists against hdmf-zarr
 * 0.14's are in test/interop/skipped-entries.test.ts.
 */
import assert from "node:assert/strict";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder, ZarrIO } from "../../../src/index.js";
import { writeFile } from "../../helpers/zarr-files.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const tmp = tempFolders("skipped-entries");
after(() => tmp.cleanup());

const tree = () => new GroupBuilder("root", {
  groups: [new GroupBuilder("g", { datasets: [new DatasetBuilder("d", [1, 2, 3])] })],
  datasets: [new DatasetBuilder("x", [4, 5])],
});

async function read(dir: string, mode: "r" | "r-") {
  const io = new ZarrIO(dir, mode);
  try {
    const before = io.skippedEntries;
    const root = await io.readBuilder();
    return { before, skipped: io.skippedEntries, groups: [...root.groups.keys()], datasets: [...root.datasets.keys()] };
  } finally {
    await io.close();
  }
}

describe("skippedEntries", () => {
  it("a legacy file read node by node: folders without metadata are listed in tree order", async () => {
    const dir = join(tmp.make(), "v2.zarr");
    await writeFile(dir, tree(), 2);
    mkdirSync(join(dir, "b-junk"));
    mkdirSync(join(dir, "g", "empty"));
    mkdirSync(join(dir, ".hidden"));
    const check = (got: Awaited<ReturnType<typeof read>>) => {
      assert.deepEqual(got.before, []);
      assert.deepEqual(got.skipped.map((e) => e.path), ["/b-junk", "/g/empty"]);
      assert.ok(got.skipped.every((e) => /without Zarr metadata/.test(e.reason)));
      assert.deepEqual(got.groups, ["g"]);
      assert.deepEqual(got.datasets, ["x"]);
    };
    check(await read(dir, "r-"));
    // Without .zmetadata, mode 'r' reads node by node too.
    rmSync(join(dir, ".zmetadata"));
    check(await read(dir, "r"));
  });

  it("a consolidated legacy file in mode 'r' is what .zmetadata names; mode 'r-' reads a node written after it", async () => {
    const dir = join(tmp.make(), "late.zarr");
    await writeFile(dir, tree(), 2);
    cpSync(join(dir, "x"), join(dir, "y"), { recursive: true });
    mkdirSync(join(dir, "b-junk"));
    const r = await read(dir, "r");
    assert.deepEqual(r.skipped, []);
    assert.deepEqual(r.datasets, ["x"]);
    const direct = await read(dir, "r-");
    assert.deepEqual(direct.skipped.map((e) => e.path), ["/b-junk"]);
    assert.deepEqual(direct.datasets.sort(), ["x", "y"]);
  });

  it("a complete legacy file and a Zarr v3 file list nothing", async () => {
    const v2 = join(tmp.make(), "ok.zarr");
    await writeFile(v2, tree(), 2);
    const v3 = join(tmp.make(), "v3.zarr");
    await writeFile(v3, tree(), 3);
    mkdirSync(join(v3, "junk"));
    for (const mode of ["r", "r-"] as const) {
      assert.deepEqual((await read(v2, mode)).skipped, []);
      assert.deepEqual((await read(v3, mode)).skipped, []);
    }
  });
});
