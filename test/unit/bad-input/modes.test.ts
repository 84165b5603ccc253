/**
 * Bad input, file modes: writes to a file opened read-only (`r`, `r-`) give a ReadOnlyError and
 * leave every byte on disk as it was; `w-` refuses an existing store and `w` refuses a folder
 * that is not a Zarr store (unless `forceOverwrite`), again without touching anything.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { HdmfZarrError, NodeNotFoundError, ReadOnlyError, StoreExistsError } from "../../../src/errors.js";
import { DatasetBuilder, GroupBuilder, LinkBuilder } from "../../../src/format/builders.js";
import { ZarrIO } from "../../../src/io/zarr-io.js";
import { LocalStore } from "../../../src/store/local.js";
import type { ReadableStore } from "../../../src/store/types.js";
import { TIMEOUT, copyStore, expectTyped } from "./helpers.js";
import { FORMATS, snapshot } from "../../helpers/store-files.js";
import { SAMPLE_VALUES, writeStore } from "../../helpers/sample-tree.js";
import { tempFolder, removeFolder } from "../../helpers/temp-folders.js";
import { readEverything, READ_MODES } from "../../helpers/zarr-files.js";

/** Every write method of ZarrIO, each with a target node path it should name. */
const WRITES: [string, string, (io: ZarrIO) => Promise<unknown>][] = [
  ["writeBuilder", "/", (io) => io.writeBuilder(new GroupBuilder("root", { datasets: [new DatasetBuilder("z", [9], { dtype: "int32" })] }))],
  ["writeAttributes", "/g", (io) => io.writeAttributes("/g", { added: 1 })],
  ["writeDataset", "/g/n", (io) => io.writeDataset("/g", new DatasetBuilder("n", [1, 2], { dtype: "int32" }))],
  ["writeGroup", "/h", (io) => io.writeGroup("/", new GroupBuilder("h"))],
  ["writeLink", "/g/l2", async (io) => {
    const root = await io.readBuilder();
    await io.writeLink("/g", new LinkBuilder(root.get("x") as DatasetBuilder, "l2"));
  }],
  ["consolidateMetadata", "/", (io) => io.consolidateMetadata()],
];

for (const format of FORMATS) {
  describe(`writes to a read-only file, Zarr v${format}`, () => {
    let tmp: string;
    let base: string;
    let n = 0;
    before(async () => {
      tmp = tempFolder(`hdmf-zarr-bad-readonly-v${format}`);
      base = await writeStore(join(tmp, "base.zarr"), format);
    });
    after(() => removeFolder(tmp));
    const work = () => copyStore(base, join(tmp, `work-${n++}.zarr`));

    for (const mode of READ_MODES) {
      for (const [name, , write] of WRITES) {
        it(`${name} in mode '${mode}' is a ReadOnlyError and the store is byte-identical afterwards`, { timeout: TIMEOUT }, async () => {
          const dir = work();
          const before = snapshot(dir);
          // Before anything was read, and after the tree was read.
          await expectTyped(() => write(new ZarrIO(dir, mode)), ReadOnlyError, { store: dir, path: ["/", "/g", "/g/n", "/h", "/g/l2"], mentions: [mode] });
          const io = new ZarrIO(dir, mode);
          await io.readBuilder();
          await expectTyped(() => write(io), ReadOnlyError, { store: dir, path: ["/", "/g", "/g/n", "/h", "/g/l2"] });
          assert.deepEqual(snapshot(dir), before);
          // Still the same file.
          const values = await readEverything(dir, mode);
          for (const [path, expected] of Object.entries(SAMPLE_VALUES)) assert.deepEqual(values.get(path), expected);
        });
      }

      it(`in mode '${mode}' a writable store instance is still refused writes`, { timeout: TIMEOUT }, async () => {
        const dir = work();
        const before = snapshot(dir);
        const io = new ZarrIO(new LocalStore(dir), mode);
        await expectTyped(() => io.writeAttributes("/g", { added: 1 }), ReadOnlyError, { store: dir, path: ["/", "/g"] });
        await expectTyped(() => io.writeBuilder(new GroupBuilder("root")), ReadOnlyError, { store: dir, path: "/" });
        assert.deepEqual(snapshot(dir), before);
      });
    }

    for (const [name, target, write] of WRITES.filter(([, t]) => t !== "/")) {
      it(
        `the ReadOnlyError of ${name} names the node being written (${target})`,
        { timeout: TIMEOUT },
        async () => {
          const dir = work();
          await expectTyped(() => write(new ZarrIO(dir, "r")), ReadOnlyError, { store: dir, path: [target, target.slice(0, target.lastIndexOf("/")) || "/"].filter((p) => p !== "/") });
        },
      );
    }

    for (const mode of ["r+", "a", "w", "w-"] as const) {
      it(`a store that cannot be written, in mode '${mode}', is a ReadOnlyError and nothing changes`, { timeout: TIMEOUT }, async () => {
        const dir = work();
        const before = snapshot(dir);
        const inner = new LocalStore(dir);
        const readOnly: ReadableStore = { description: inner.description, get: (k) => inner.get(k), list: (p) => inner.list(p) };
        const err = await new ZarrIO(readOnly, mode).writeBuilder(new GroupBuilder("root")).then(() => undefined, (e: unknown) => e);
        assert.ok(err instanceof ReadOnlyError, `ReadOnlyError, got ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}`);
        assert.equal(err.store, dir);
        assert.ok(err.message.includes(`'${dir}'`), err.message);
        assert.deepEqual(snapshot(dir), before);
      });
    }

    it(
      "the ReadOnlyError for a store that cannot be written names the root node",
      { timeout: TIMEOUT },
      async () => {
        const dir = work();
        const inner = new LocalStore(dir);
        const readOnly: ReadableStore = { description: inner.description, get: (k) => inner.get(k), list: (p) => inner.list(p) };
        await expectTyped(() => new ZarrIO(readOnly, "r+").writeBuilder(new GroupBuilder("root")), ReadOnlyError, { store: dir, path: "/" });
      },
    );
  });
}

describe("w- and w on things that exist", () => {
  let tmp: string;
  let n = 0;
  before(() => {
    tmp = tempFolder("hdmf-zarr-bad-modes");
  });
  after(() => removeFolder(tmp));

  /** A folder with someone's files in it, not a Zarr store. */
  const notAStore = () => {
    const dir = join(tmp, `folder-${n++}`);
    mkdirSync(join(dir, "figures"), { recursive: true });
    writeFileSync(join(dir, "thesis.txt"), "years of work");
    writeFileSync(join(dir, "figures", "fig1.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    return dir;
  };

  for (const format of FORMATS) {
    it(`v${format}: 'w-' on an existing store is a StoreExistsError and nothing changes`, { timeout: TIMEOUT }, async () => {
      const dir = await writeStore(join(tmp, `existing-${n++}.zarr`), format);
      const before = snapshot(dir);
      await expectTyped(() => new ZarrIO(dir, "w-", { zarrFormat: format }).writeBuilder(new GroupBuilder("root")), StoreExistsError, { store: dir, path: "/", mentions: ["w-"] });
      await expectTyped(() => new ZarrIO(dir, "w-").open(), StoreExistsError, { store: dir, path: "/" });
      assert.deepEqual(snapshot(dir), before);
      assert.deepEqual((await readEverything(dir)).get("/x"), SAMPLE_VALUES["/x"]);
    });

    it(`v${format}: 'w' on a folder that is not a Zarr store is a StoreExistsError and nothing changes`, { timeout: TIMEOUT }, async () => {
      const dir = notAStore();
      const before = snapshot(dir);
      await expectTyped(() => new ZarrIO(dir, "w", { zarrFormat: format }).writeBuilder(new GroupBuilder("root")), StoreExistsError, {
        store: dir, path: "/", mentions: ["forceOverwrite"],
      });
      assert.deepEqual(snapshot(dir), before);
    });

    it(`v${format}: 'w-' on a folder that is not a Zarr store is a StoreExistsError and nothing changes`, { timeout: TIMEOUT }, async () => {
      const dir = notAStore();
      const before = snapshot(dir);
      await expectTyped(() => new ZarrIO(dir, "w-", { zarrFormat: format }).writeBuilder(new GroupBuilder("root")), StoreExistsError, { store: dir, path: "/" });
      assert.deepEqual(snapshot(dir), before);
    });

    it(`v${format}: 'w' with forceOverwrite replaces a folder that is not a Zarr store`, { timeout: TIMEOUT }, async () => {
      const dir = notAStore();
      await writeStore(dir, format, undefined, { forceOverwrite: true });
      assert.equal(existsSync(join(dir, "thesis.txt")), false);
      assert.deepEqual((await readEverything(dir)).get("/x"), SAMPLE_VALUES["/x"]);
    });

    it(`v${format}: 'w' on an existing Zarr store replaces it`, { timeout: TIMEOUT }, async () => {
      const dir = await writeStore(join(tmp, `replace-${n++}.zarr`), format);
      await writeStore(dir, format, new GroupBuilder("root", { datasets: [new DatasetBuilder("only", [7], { dtype: "int32" })] }));
      const values = await readEverything(dir);
      assert.deepEqual([...values.keys()], ["/only"]);
    });
  }

  it("'w' on a path that is a regular file fails with a typed error and leaves the file alone", { timeout: TIMEOUT }, async () => {
    const file = join(tmp, `a-file-${n++}`);
    writeFileSync(file, "not a folder");
    const err = await new ZarrIO(file, "w").writeBuilder(new GroupBuilder("root")).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof HdmfZarrError, `typed error, got ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}`);
    assert.ok(err.message.includes(file), err.message);
    assert.equal(readFileSync(file, "utf8"), "not a folder");
  });

  it(
    "'w' on a path that is a regular file is a StoreExistsError",
    { timeout: TIMEOUT },
    async () => {
      const file = join(tmp, `a-file-${n++}`);
      writeFileSync(file, "not a folder");
      await expectTyped(() => new ZarrIO(file, "w").writeBuilder(new GroupBuilder("root")), StoreExistsError, { store: file, path: "/" });
    },
  );

  for (const [label, make] of [
    ["a missing path", (p: string) => p],
    ["an empty folder", (p: string) => (mkdirSync(p), p)],
    ["a regular file", (p: string) => (writeFileSync(p, "x"), p)],
    ["a folder of other files", () => notAStore()],
  ] as const) {
    it(`reading ${label} is a NodeNotFoundError naming the store`, { timeout: TIMEOUT }, async () => {
      const path = make(join(tmp, `nothing-${n++}`));
      for (const mode of READ_MODES) await expectTyped(() => readEverything(path, mode), NodeNotFoundError, { store: path, path: "/" });
    });
  }
});
