/**
 * Opening something that is not a Zarr store says what it is: a missing path, an HDF5 file (with
 * the way to read or convert it), another file, a folder without Zarr metadata. Modes that are not
 * modes name the valid ones.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  InvalidArgumentError, MemoryStore, NodeNotFoundError, NotAZarrStoreError, NWBZarrIO, StoreNotFoundError, ZarrIO,
} from "../../../src/index.js";
import { HDF5_FIXTURES } from "../../helpers/fixture-paths.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const tmp = tempFolders("open-errors");
after(() => tmp.cleanup());

/** The error opening `path` in `mode` gives. */
async function openError(path: string, mode: "r" | "r-" | "r+" | "a" = "r"): Promise<Error> {
  const io = new ZarrIO(path, mode);
  try {
    await io.readBuilder();
  } catch (e) {
    return e as Error;
  } finally {
    await io.close();
  }
  throw new Error(`opening ${path} in mode ${mode} did not fail`);
}

describe("opening what is not a Zarr store", () => {
  it("a missing path: StoreNotFoundError saying it does not exist, in every reading mode", async () => {
    const path = join(tmp.make(), "missing.nwb.zarr");
    for (const mode of ["r", "r-", "r+"] as const) {
      const e = await openError(path, mode);
      assert.ok(e instanceof StoreNotFoundError && e instanceof NodeNotFoundError, `${mode}: ${e.name}`);
      assert.equal(
        e.message,
        `'/' in '${path}': the path does not exist: no file or folder is there. Check the path; a relative path starts at the current folder, ${process.cwd()}`,
      );
      assert.equal(e.store, path);
    }
  });

  it("a missing relative path names the absolute path it was looked for at", async () => {
    const e = await openError("no-such-file.nwb.zarr");
    assert.ok(e instanceof StoreNotFoundError);
    assert.match(e.message, new RegExp(`^'\/' in 'no-such-file\\.nwb\\.zarr': the path does not exist \\(${join(process.cwd(), "no-such-file.nwb.zarr").replace(/[.]/g, "\\.")}\\)`));
  });

  it("an HDF5 file points to Hdf5IO and convert", async () => {
    const path = join(tmp.make(), "session.nwb");
    copyFileSync(join(HDF5_FIXTURES, "2.2.0_subject_no_age__reference.nwb"), path);
    for (const mode of ["r", "r+", "a"] as const) {
      const e = await openError(path, mode);
      assert.ok(e instanceof NotAZarrStoreError, `${mode}: ${e.name}`);
      assert.equal(e.found, "hdf5-file");
      assert.equal(
        e.message,
        `'/' in '${path}': this is an HDF5 file (an NWB .nwb file), not a Zarr store: read it with \`new Hdf5IO(path)\`, ` +
          "or convert it to Zarr with `await convert(path, \"out.nwb.zarr\")` (or `npx hdmf-zarr convert`)",
      );
    }
  });

  it("an HDF5 file with a 512-byte user block is still recognised", async () => {
    const path = join(tmp.make(), "userblock.h5");
    const bytes = Buffer.alloc(1024);
    Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 512);
    writeFileSync(path, bytes);
    const e = await openError(path);
    assert.ok(e instanceof NotAZarrStoreError);
    assert.equal(e.found, "hdf5-file");
  });

  it("a plain file says it is a file and what a Zarr store is; mode 'a' does not write into it", async () => {
    const path = join(tmp.make(), "notes.txt");
    writeFileSync(path, "some notes\n");
    for (const mode of ["r", "a"] as const) {
      const e = await openError(path, mode);
      assert.ok(e instanceof NotAZarrStoreError, `${mode}: ${e.name}`);
      assert.equal(e.found, "file");
      assert.equal(
        e.message,
        `'/' in '${path}': this is a file, not a Zarr store: a Zarr store is a folder holding zarr.json (Zarr v3) or .zgroup (Zarr v2) ` +
          "at its root, or a .zip archive of one. Give the path of that folder",
      );
    }
  });

  it("a folder without Zarr metadata says so; mode 'a' makes a new store there", async () => {
    const path = join(tmp.make(), "folder");
    mkdirSync(path);
    writeFileSync(join(path, "readme.txt"), "not zarr");
    const e = await openError(path);
    assert.ok(e instanceof NotAZarrStoreError && e instanceof NodeNotFoundError);
    assert.equal(e.found, "folder");
    assert.equal(
      e.message,
      `'/' in '${path}': this folder has no Zarr metadata (zarr.json, .zgroup or .zarray) at its root, so it is not a Zarr store ` +
        "(or its root metadata was lost). Give the path of the store's root folder",
    );
    const io = new ZarrIO(path, "a");
    await io.open();
    await io.close();
    assert.ok(existsSync(join(path, "zarr.json")), "mode 'a' created the root group");
  });

  it("mode 'a' creates a missing path, as before", async () => {
    const path = join(tmp.make(), "new.zarr");
    const io = new ZarrIO(path, "a");
    await io.open();
    await io.close();
    assert.ok(existsSync(join(path, "zarr.json")));
  });

  it("an empty in-memory store in mode 'a' is still created; in mode 'r' the reader's own error stands", async () => {
    const io = new ZarrIO(new MemoryStore(), "a");
    await io.open();
    await io.close();
    const e = await openError(new MemoryStore() as never);
    assert.equal(e.constructor, NodeNotFoundError);
    assert.match(e.message, /no Zarr metadata \(zarr\.json, \.zgroup or \.zarray\) at the store root/);
  });

  it("NWBZarrIO.readNwb gives the same errors", async () => {
    const path = join(tmp.make(), "gone.nwb.zarr");
    await assert.rejects(NWBZarrIO.readNwb(path), (e: Error) => e instanceof StoreNotFoundError && e.message.startsWith(`'/' in '${path}': the path does not exist`));
  });
});

describe("modes", () => {
  const valid = "use one of 'r' (read), 'r-' (read without consolidated metadata), 'r+' (read and write an existing file), " +
    "'a' (read and write, created when missing), 'w' (create, replacing an existing Zarr store), 'w-' (create, refusing an existing path)";

  it("an unknown mode names every valid one", () => {
    assert.throws(() => new ZarrIO("x.zarr", "rw" as never), (e: Error) => {
      assert.ok(e instanceof InvalidArgumentError);
      assert.equal(e.message, `in 'x.zarr': unknown mode 'rw'; ${valid}`);
      return true;
    });
    assert.throws(() => new NWBZarrIO("x.nwb.zarr", "x" as never), { message: `in 'x.nwb.zarr': unknown mode 'x'; ${valid}` });
  });

  it("options in the mode's place say where they go", () => {
    assert.throws(() => new ZarrIO("x.zarr", { allowPickle: true } as never), {
      message: `in 'x.zarr': unknown mode an object; ${valid}; options come third: new ZarrIO(path, 'r', { … })`,
    });
  });
});
