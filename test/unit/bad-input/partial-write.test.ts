/**
 * Bad input, writes that stop part way: a dataset that cannot be converted, or a store whose
 * `set` starts failing after N writes, must end in an IncompleteWriteError listing what was not
 * written; the file must open afterwards, and everything it does not list must read back exactly.
 * What it lists is either absent or refused by readers (IncompleteWriteError), never fill values.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { HdmfZarrError, IncompleteWriteError, StoreError } from "../../../src/errors.js";
import { DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder } from "../../../src/format/builders.js";
import { ZarrIO } from "../../../src/io/zarr-io.js";
import { LocalStore } from "../../../src/store/local.js";
import type { WritableStore } from "../../../src/store/types.js";
import type { ZarrDataset } from "../../../src/format/zarr-dataset.js";
import type { Mode } from "../../../src/io/modes.js";
import { TIMEOUT, expectTyped } from "./helpers.js";
import { FORMATS } from "../../helpers/store-files.js";
import { allDatasets, plainValues, readEverything, READ_MODES } from "../../helpers/zarr-files.js";
import { tempFolder, removeFolder } from "../../helpers/temp-folders.js";

/** Values of the plain tree's datasets, by path. */
const PLAIN: Record<string, unknown[]> = {
  "/g/d": [7, -8],
  "/a": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  "/b": [0.5, 1.5],
  "/c": ["x", "yy", "zzz"],
};

/** A tree of groups and datasets only; `/a` has four chunks, so a failure can fall inside it. */
function plainTree(extra: DatasetBuilder[] = []): GroupBuilder {
  return new GroupBuilder("root", {
    groups: [new GroupBuilder("g", { datasets: [new DatasetBuilder("d", PLAIN["/g/d"], { dtype: "int64" })], attributes: { note: "g" } })],
    datasets: [
      new DatasetBuilder("a", PLAIN["/a"], { dtype: "int32", chunks: [3] }),
      new DatasetBuilder("b", PLAIN["/b"], { dtype: "float64" }),
      new DatasetBuilder("c", PLAIN["/c"], { dtype: "text" }),
      ...extra,
    ],
    attributes: { title: "partial" },
  });
}

/** The same tree plus a link `/g/lnk` → `/a` and a root attribute reference → `/b`. */
function linkedTree(): GroupBuilder {
  const root = plainTree();
  (root.groups.get("g") as GroupBuilder).setLink(new LinkBuilder(root.datasets.get("a")!, "lnk"));
  root.attributes.ref = new ReferenceBuilder(root.datasets.get("b")!);
  return root;
}

/** A local store whose `set` fails: from write number `failAt` on (persistent), or only there (transient). */
class FailingStore implements WritableStore {
  readonly inner: LocalStore;
  readonly description: string;
  writes = 0;
  constructor(root: string, readonly failAt = Infinity, readonly persistent = true) {
    this.inner = new LocalStore(root);
    this.description = this.inner.description;
  }
  get(key: string) { return this.inner.get(key); }
  getRange(key: string, offset: number, length?: number) { return this.inner.getRange(key, offset, length); }
  has(key: string) { return this.inner.has(key); }
  list(prefix: string) { return this.inner.list(prefix); }
  delete(key: string) { return this.inner.delete(key); }
  deletePrefix(prefix: string) { return this.inner.deletePrefix(prefix); }
  async set(key: string, value: Uint8Array): Promise<void> {
    this.writes++;
    if (this.writes === this.failAt || (this.persistent && this.writes > this.failAt)) {
      throw new StoreError(`no space left on device (simulated) writing '${key}'`, { store: this.description, path: key });
    }
    await this.inner.set(key, value);
  }
}

/** Every group, dataset and link path of a builder tree. */
function treePaths(root: GroupBuilder): string[] {
  const out = [root.path];
  for (const g of root.groups.values()) out.push(...treePaths(g));
  for (const d of root.datasets.values()) out.push(d.path);
  for (const l of root.links.values()) out.push(l.path);
  return out;
}

/** Open a file and read every dataset: its values, or the IncompleteWriteError of one whose write did not finish. */
async function readEach(dir: string, mode: Mode): Promise<Map<string, unknown[] | IncompleteWriteError>> {
  const io = new ZarrIO(dir, mode);
  try {
    const out = new Map<string, unknown[] | IncompleteWriteError>();
    for (const ds of allDatasets(await io.readBuilder())) {
      const got = await (ds.data as ZarrDataset).get().then((nd) => plainValues(nd.data), (e: unknown) => {
        if (e instanceof IncompleteWriteError) return e;
        throw e;
      });
      out.set(ds.path, got);
    }
    return out;
  } finally {
    await io.close();
  }
}

/**
 * Check a file after a failed write: it opens, what `incomplete` leaves out reads back exactly,
 * and a dataset it lists is absent or refused — never read as fill values.
 */
async function checkAfterFailure(dir: string, err: IncompleteWriteError, tree: GroupBuilder, expected: Record<string, unknown[]>): Promise<void> {
  const all = treePaths(tree);
  assert.ok(err.incomplete.length > 0, "something is listed as not written");
  for (const p of err.incomplete) assert.ok(all.includes(p), `listed path ${p} is a node of the tree`);
  assert.ok(err.incomplete.includes("/"), "the root is incomplete while its children are");
  for (const mode of READ_MODES) {
    const values = await readEach(dir, mode);
    for (const [path, got] of values) {
      if (got instanceof IncompleteWriteError) assert.ok(err.incomplete.includes(path), `${mode}: ${path} is refused, so the write listed it`);
      else if (err.incomplete.includes(path) && expected[path]) assert.deepEqual(got, expected[path], `${mode}: ${path} read without an error, so it must be exact`);
    }
    for (const [path, want] of Object.entries(expected)) {
      if (err.incomplete.includes(path)) continue;
      assert.deepEqual(values.get(path), want, `${mode}: ${path} was written completely and must read back`);
    }
  }
}

for (const format of FORMATS) {
  describe(`writes that stop part way, Zarr v${format}`, () => {
    let tmp: string;
    let n = 0;
    before(() => {
      tmp = tempFolder(`hdmf-zarr-bad-partial-v${format}`);
    });
    after(() => removeFolder(tmp));
    const fresh = () => join(tmp, `file-${n++}.zarr`);

    for (const [label, bad] of [
      ["ragged nested lists", () => new DatasetBuilder("zbad", [[1, 2], [3]], { dtype: "int32" })],
      ["a data type that does not exist", () => new DatasetBuilder("zbad", [1], { dtype: "complex128" as never })],
      ["an attribute that cannot be JSON", () => new DatasetBuilder("zbad", [1], { dtype: "int32", attributes: { f: (() => 1) as never } })],
    ] as const) {
      it(`a dataset with ${label}, after good ones, is an IncompleteWriteError; the rest reads back`, { timeout: TIMEOUT }, async () => {
        const dir = fresh();
        const tree = plainTree([bad()]);
        const err = await expectTyped(() => new ZarrIO(dir, "w", { zarrFormat: format }).writeBuilder(tree), IncompleteWriteError, {
          store: dir, path: "/", mentions: ["/zbad"],
        });
        assert.ok(err.incomplete.includes("/zbad"));
        for (const p of Object.keys(PLAIN)) assert.ok(!err.incomplete.includes(p), `${p} was written`);
        assert.ok(err.cause instanceof HdmfZarrError, `the cause is typed: ${(err.cause as Error)?.constructor?.name}`);
        await checkAfterFailure(dir, err, tree, PLAIN);
      });
    }

    it(
      "a dataset whose attributes cannot be written leaves no node behind",
      { timeout: TIMEOUT },
      async () => {
        const dir = fresh();
        const tree = plainTree([new DatasetBuilder("zbad", [1], { dtype: "int32", attributes: { f: (() => 1) as never } })]);
        await assert.rejects(new ZarrIO(dir, "w", { zarrFormat: format }).writeBuilder(tree), IncompleteWriteError);
        for (const mode of READ_MODES) assert.equal((await readEverything(dir, mode)).has("/zbad"), false, mode);
      },
    );

    for (const [label, data, dtype] of [
      ["a string in an int32 dataset", ["abc"], "int32"],
      ["an object in an int32 dataset", [{ a: 1 }], "int32"],
      ["a function in a float64 dataset", [() => 1], "float64"],
      ["2**70 in an int64 dataset", [2n ** 70n], "int64"],
      ["a symbol in an int32 dataset", [Symbol("s")], "int32"],
    ] as const) {
      it(
        `${label} is refused with an IncompleteWriteError whose cause is typed and names the dataset`,
        { timeout: TIMEOUT },
        async () => {
          const dir = fresh();
          const tree = plainTree([new DatasetBuilder("zbad", data as unknown as unknown[], { dtype })]);
          const err = await expectTyped(() => new ZarrIO(dir, "w", { zarrFormat: format }).writeBuilder(tree), IncompleteWriteError, {
            store: dir, path: "/", mentions: ["/zbad"],
          });
          assert.ok(err.cause instanceof HdmfZarrError, `the cause is typed: ${(err.cause as Error)?.constructor?.name}`);
          assert.ok((err.cause as HdmfZarrError).message.includes("'/zbad'"), (err.cause as Error).message);
        },
      );
    }

    /** Writes of: opening a new file, writing the tree without consolidating, and a whole write. */
    const countWrites = async (tree: () => GroupBuilder) => {
      const opening = new FailingStore(fresh());
      await new ZarrIO(opening, "w", { zarrFormat: format }).open();
      const unconsolidated = new FailingStore(fresh());
      await new ZarrIO(unconsolidated, "w", { zarrFormat: format }).writeBuilder(tree(), { consolidateMetadata: false });
      const full = new FailingStore(fresh());
      await new ZarrIO(full, "w", { zarrFormat: format }).writeBuilder(tree());
      return { open: opening.writes, tree: unconsolidated.writes, total: full.writes };
    };

    const sweep = async (tree: () => GroupBuilder, expected: Record<string, unknown[]>, persistent: boolean) => {
      const counts = await countWrites(tree);
      assert.ok(counts.tree > counts.open + 5, `a full write makes several writes (${JSON.stringify(counts)})`);
      // Fail at every write after the file was created, up to the last one.
      for (let failAt = counts.open + 1; failAt <= counts.total; failAt++) {
        const dir = fresh();
        const store = new FailingStore(dir, failAt, persistent);
        const t = tree();
        const context = `write ${failAt} of ${JSON.stringify(counts)}${persistent ? " and all after it" : ""} failed`;
        const err = await new ZarrIO(store, "w", { zarrFormat: format }).writeBuilder(t).then(() => undefined, (e: unknown) => e);
        if (failAt > counts.tree) {
          // Only consolidated metadata was left to write: any typed error naming the store will do, and all data reads back.
          assert.ok(err instanceof HdmfZarrError && err.store === dir, `${context}: ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}`);
          for (const mode of READ_MODES) {
            const values = await readEverything(dir, mode);
            for (const [path, want] of Object.entries(expected)) assert.deepEqual(values.get(path), want, `${context}, ${mode}: ${path}`);
          }
          continue;
        }
        assert.ok(err instanceof IncompleteWriteError, `${context}: ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}`);
        assert.equal(err.store, dir);
        assert.ok(err.message.includes("simulated"), err.message);
        assert.ok(err.cause instanceof StoreError);
        await checkAfterFailure(dir, err, t, expected).catch((e: Error) => {
          throw new Error(`${context}: ${e.message}`, { cause: e });
        });
      }
    };

    it("a store that fails at write N and every write after it: for every N, IncompleteWriteError, and the file opens", { timeout: 60_000 }, async () => {
      await sweep(() => plainTree(), PLAIN, true);
    });

    it("a store that fails once, at write N: for every N, IncompleteWriteError, and the file opens", { timeout: 60_000 }, async () => {
      await sweep(() => plainTree(), PLAIN, false);
    });

    it("a failure while the file itself is created is a typed error naming the store", { timeout: TIMEOUT }, async () => {
      const dir = fresh();
      const err = await new ZarrIO(new FailingStore(dir, 1), "w", { zarrFormat: format }).writeBuilder(plainTree()).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof HdmfZarrError, `typed, got ${(err as Error)?.constructor?.name}`);
      assert.equal(err.store, dir);
    });

    it(
      "with links and references in the tree, the file still opens after a failure at any write",
      { timeout: 60_000 },
      async () => {
        await sweep(linkedTree, PLAIN, true);
        await sweep(linkedTree, PLAIN, false);
      },
    );
  });
}
