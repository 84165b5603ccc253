/**
 * Symbolic links in a local store: every key is resolved component by component against the
 * store's real folder. A link that leads out of the store is refused for writes and deletes
 * always, and for reads unless `followExternalSymlinks` is set; links that stay inside keep
 * working; the store root may itself be a link; loops and dangling links give typed errors.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { HdmfZarrError, StoreError, StoreEscapeError } from "../../../src/errors.js";
import { DatasetBuilder, GroupBuilder } from "../../../src/format/builders.js";
import { convert } from "../../../src/io/convert.js";
import { ZarrIO } from "../../../src/io/zarr-io.js";
import { LocalStore } from "../../../src/store/local.js";
import { caseFolders } from "../../helpers/case-folders.js";
import { TIMEOUT } from "../bad-input/helpers.js";
import { FORMATS, snapshot } from "../../helpers/store-files.js";
import { readEverything } from "../../helpers/zarr-files.js";
import { sampleTree, writeStore } from "../../helpers/sample-tree.js";

const bytes = (...v: number[]) => new Uint8Array(v);

/** The error itself or the first of its causes that is a `cls`. */
function causeOf<E extends Error>(err: unknown, cls: abstract new (...args: never[]) => E): E | undefined {
  for (let e = err; e instanceof Error; e = e.cause) if (e instanceof cls) return e as E;
  return undefined;
}

/** Expect `run` to fail because of the link `link` leading out of the store (the error or a cause). */
async function expectEscape(run: () => Promise<unknown>, link: string): Promise<StoreEscapeError> {
  let caught: unknown;
  await run().catch((e: unknown) => (caught = e));
  assert.ok(caught !== undefined, "expected a StoreEscapeError, nothing was thrown");
  assert.ok(caught instanceof HdmfZarrError, `expected a typed error, got ${String(caught)}`);
  const escape = causeOf(caught, StoreEscapeError);
  assert.ok(escape, `expected a StoreEscapeError, got ${(caught as Error).name}: ${(caught as Error).message}`);
  assert.equal(escape.link, link);
  assert.ok(escape.message.includes(`'${link}'`), `names the link: ${escape.message}`);
  assert.ok((caught as Error).message.includes(`'${link}'`), `the outer error names the link: ${(caught as Error).message}`);
  return escape;
}

describe("LocalStore and symbolic links", () => {
  const nextCase = caseFolders("store-symlinks-");

  /** <case>/home/Documents (data/notes.txt, secret.bin) and an empty store <case>/home/work/store.zarr. */
  const layout = () => {
    const base = nextCase();
    const documents = join(base, "home", "Documents");
    mkdirSync(join(documents, "data"), { recursive: true });
    writeFileSync(join(documents, "data", "notes.txt"), "years of work");
    writeFileSync(join(documents, "secret.bin"), Buffer.from([1, 2, 3]));
    const root = join(base, "home", "work", "store.zarr");
    mkdirSync(root, { recursive: true });
    return { base, documents, root };
  };

  it("a folder link out of the store: writes, deletes, reads and listings through it are refused", async () => {
    const { documents, root } = layout();
    symlinkSync("../../Documents", join(root, "proc"));
    const before = snapshot(documents);
    const s = new LocalStore(root);
    const escape = await expectEscape(() => s.set("proc/data/0", bytes(9)), "proc");
    assert.equal(escape.target, documents);
    assert.ok(escape.message.includes(documents), escape.message);
    await expectEscape(() => s.set("proc/new/zarr.json", bytes(9)), "proc");
    await expectEscape(() => s.deletePrefix("proc/data"), "proc");
    await expectEscape(() => s.deletePrefix("proc"), "proc");
    await expectEscape(() => s.delete("proc/secret.bin"), "proc");
    await expectEscape(() => s.get("proc/secret.bin"), "proc");
    await expectEscape(() => s.getRange("proc/secret.bin", 0, 1), "proc");
    await expectEscape(() => s.has("proc/secret.bin"), "proc");
    await expectEscape(() => s.getSize("proc/secret.bin"), "proc");
    await expectEscape(() => s.list("proc"), "proc");
    await expectEscape(() => s.get("proc/missing"), "proc");
    assert.deepEqual(snapshot(documents), before);
    assert.equal(existsSync(join(documents, "new")), false);
    // The link itself is an entry of the store, so listing the store shows it (and reading it fails loudly).
    assert.deepEqual((await s.list("")).prefixes, ["proc"]);
  });

  it("a chunk or metadata file linked to a file outside is refused unless followExternalSymlinks", async () => {
    const { documents, root } = layout();
    mkdirSync(join(root, "arr"));
    symlinkSync(join(documents, "secret.bin"), join(root, "arr", "0"));
    symlinkSync("../../Documents/secret.bin", join(root, "zarr.json"));
    const s = new LocalStore(root);
    await expectEscape(() => s.get("arr/0"), "arr/0");
    await expectEscape(() => s.get("zarr.json"), "zarr.json");
    await expectEscape(() => s.getRange("arr/0", 1), "arr/0");
    // Writing or deleting the key would act on the link: refused too, the file outside untouched.
    await expectEscape(() => s.set("arr/0", bytes(7, 7)), "arr/0");
    await expectEscape(() => s.delete("arr/0"), "arr/0");
    assert.deepEqual(readFileSync(join(documents, "secret.bin")), Buffer.from([1, 2, 3]));
    const trusting = new LocalStore(root, { followExternalSymlinks: true });
    assert.deepEqual(await trusting.get("arr/0"), bytes(1, 2, 3));
    assert.deepEqual(await trusting.getRange("arr/0", 1), bytes(2, 3));
    assert.equal(await trusting.getSize("zarr.json"), 3);
    assert.equal(await trusting.has("arr/0"), true);
    // Following is for reads: writes and deletes still stay inside.
    await expectEscape(() => trusting.set("arr/0", bytes(7)), "arr/0");
    await expectEscape(() => trusting.delete("arr/0"), "arr/0");
    assert.deepEqual(readFileSync(join(documents, "secret.bin")), Buffer.from([1, 2, 3]));
  });

  it("links that stay inside the store keep working for reads, writes, listings and deletes", async () => {
    const { root } = layout();
    const s = new LocalStore(root);
    await s.set("real/a", bytes(1));
    await s.set("real/sub/b", bytes(2));
    symlinkSync("real", join(root, "alias"));
    symlinkSync("../a", join(root, "real", "sub", "a-link"));
    assert.deepEqual(await s.get("alias/a"), bytes(1));
    assert.deepEqual(await s.get("real/sub/a-link"), bytes(1));
    assert.deepEqual(await s.list("alias"), { keys: ["a"], prefixes: ["sub"] });
    await s.set("alias/c", bytes(3));
    assert.deepEqual(readFileSync(join(root, "real", "c")), Buffer.from([3]));
    await s.delete("alias/c");
    assert.equal(existsSync(join(root, "real", "c")), false);
    await s.deletePrefix("alias/sub");
    assert.equal(existsSync(join(root, "real", "sub")), false);
    assert.deepEqual(await s.get("real/a"), bytes(1));
  });

  it("the store root may be a link: it is resolved, and links are judged against the real folder", async () => {
    const { base, documents, root } = layout();
    const rootLink = join(base, "home", "store-link.zarr");
    symlinkSync(root, rootLink);
    const s = new LocalStore(rootLink);
    await s.set("x/0", bytes(5));
    assert.deepEqual(readFileSync(join(root, "x", "0")), Buffer.from([5]));
    assert.deepEqual(await s.get("x/0"), bytes(5));
    assert.deepEqual(await s.list(""), { keys: [], prefixes: ["x"] });
    // Relative to the link's folder this would stay "inside"; relative to the real folder it leaves.
    symlinkSync("../../Documents", join(root, "up"));
    await expectEscape(() => s.get("up/secret.bin"), "up");
    await s.deletePrefix("");
    assert.deepEqual(readdirSync(root), []);
    assert.ok(existsSync(rootLink) && existsSync(join(documents, "secret.bin")));
  });

  it("a link loop is a StoreError naming the link, for reads and writes", async () => {
    const { root } = layout();
    symlinkSync("loop", join(root, "loop"));
    symlinkSync("b", join(root, "a"));
    symlinkSync("a", join(root, "b"));
    const s = new LocalStore(root);
    for (const [run, link] of [
      [() => s.get("loop"), "loop"], [() => s.get("a/x"), "a"], [() => s.set("loop/x", bytes(1)), "loop"],
      [() => s.set("b/x", bytes(1)), "b"], [() => s.deletePrefix("a/x"), "a"], [() => s.list("loop"), "loop"],
    ] as const) {
      await assert.rejects(run(), (e: unknown) => {
        assert.ok(e instanceof StoreError, String(e));
        assert.match(e.message, /loop|ELOOP/);
        assert.ok(e.message.includes(`'${link}'`), e.message);
        return true;
      });
    }
    assert.deepEqual(await s.list(""), { keys: [], prefixes: [] });
  });

  it("a dangling link reads as missing, and a write through it is refused without creating its target", async () => {
    const { base, root } = layout();
    symlinkSync("nowhere", join(root, "gone"));
    symlinkSync(join(base, "outside-new"), join(root, "gone-out"));
    const s = new LocalStore(root);
    assert.equal(await s.get("gone/x"), undefined);
    assert.equal(await s.has("gone"), false);
    assert.deepEqual(await s.list("gone"), { keys: [], prefixes: [] });
    for (const link of ["gone", "gone-out"]) {
      await assert.rejects(s.set(`${link}/x`, bytes(1)), (e: unknown) => {
        assert.ok(e instanceof StoreError, String(e));
        assert.match(e.message, /dangling/);
        assert.ok(e.message.includes(`'${link}'`), e.message);
        return true;
      });
    }
    assert.equal(existsSync(join(root, "nowhere")), false);
    assert.equal(existsSync(join(base, "outside-new")), false);
  });
});

for (const format of FORMATS) {
  describe(`ZarrIO over a store holding a link out of it, Zarr v${format}`, () => {
    const nextCase = caseFolders(`store-symlinks-io-v${format}-`);

    /** Someone's Zarr file in Documents (with a plain folder `data` beside its nodes), and a store whose `proc` links to it. */
    const layout = async () => {
      const base = nextCase();
      const documents = await writeStore(join(base, "Documents"), format);
      mkdirSync(join(documents, "data"));
      writeFileSync(join(documents, "data", "notes.txt"), "years of work");
      const root = await writeStore(join(base, "work", "store.zarr"), format);
      symlinkSync("../../Documents", join(root, "proc"));
      return { base, documents, root };
    };

    for (const mode of ["a", "r+"] as const) {
      it(`mode '${mode}': writing a dataset under the link is refused and nothing outside changes`, { timeout: TIMEOUT }, async () => {
        const { documents, root } = await layout();
        const before = snapshot(documents);
        const io = new ZarrIO(root, mode);
        await expectEscape(() => io.writeDataset("/proc", new DatasetBuilder("data", [1, 2, 3], { dtype: "int32" })), "proc");
        await io.close();
        const tree = new GroupBuilder("root", { groups: [new GroupBuilder("proc", { datasets: [new DatasetBuilder("data", [1], { dtype: "int32" })] })] });
        const io2 = new ZarrIO(root, mode);
        await expectEscape(() => io2.writeBuilder(tree), "proc");
        await io2.close();
        assert.deepEqual(snapshot(documents), before);
      });
    }

    it("reading or converting a store with a chunk linked outside is refused unless followExternalSymlinks", { timeout: TIMEOUT }, async () => {
      const base = nextCase();
      const root = await writeStore(join(base, "store.zarr"), format, sampleTree());
      const outside = join(base, "outside-chunk");
      const chunk = format === 3 ? join(root, "x", "c", "0") : join(root, "x", "0");
      writeFileSync(outside, readFileSync(chunk));
      rmSync(chunk);
      symlinkSync(outside, chunk);
      const key = format === 3 ? "x/c/0" : "x/0";
      await expectEscape(() => readEverything(root, "r-"), key);
      await expectEscape(() => convert(root, join(base, "copy.zarr")), key);
      assert.equal(existsSync(join(base, "copy.zarr")), false);
      const values = await readEverything(root, "r-", { followExternalSymlinks: true });
      assert.deepEqual(values.get("/x"), [1, 2, 3, 4, 5, 6]);
      await convert(root, join(base, "copy.zarr"), { followExternalSymlinks: true });
      assert.deepEqual((await readEverything(join(base, "copy.zarr"))).get("/x"), [1, 2, 3, 4, 5, 6]);
    });
  });
}
