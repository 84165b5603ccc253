import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { InvalidArgumentError, StoreError } from "../../../src/errors.js";
import { LocalStore } from "../../../src/store/local.js";
import { ZARR_TUTORIAL_FIXTURE } from "../../helpers/fixture-paths.js";
import { tempFolder } from "../../helpers/temp-folders.js";

const FIXTURE = ZARR_TUTORIAL_FIXTURE;
const bytes = (...v: number[]) => new Uint8Array(v);

/** Every file under `dir`, relative, recursively. */
function allFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe("LocalStore", () => {
  let tmp: string;
  let root: string;
  before(() => {
    tmp = tempFolder("store-local");
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));
  let n = 0;
  const fresh = () => {
    root = join(tmp, `s${n++}`, "file.zarr");
    return new LocalStore(root);
  };

  it("round-trips bytes, creating parent folders, and maps chunk keys to relative files", async () => {
    const s = fresh();
    await s.set(".zgroup", bytes(1));
    await s.set("a/0.0", bytes(2, 2));
    await s.set("b/0/0", bytes(3));
    await s.set("c/c/0/0", bytes(4));
    assert.deepEqual(await s.get("a/0.0"), bytes(2, 2));
    assert.deepEqual(readFileSync(join(root, "b", "0", "0")), Buffer.from([3]));
    assert.deepEqual(readFileSync(join(root, "c", "c", "0", "0")), Buffer.from([4]));
    assert.deepEqual(allFiles(root).sort(), [".zgroup", "a/0.0", "b/0/0", "c/c/0/0"]);
    assert.equal(await s.get("a/missing"), undefined);
    assert.equal(await s.get("a/0.0/under-a-file"), undefined); // ENOTDIR
    assert.equal(await s.get("b"), undefined); // a folder holds no bytes
    assert.equal(await s.has("a/0.0"), true);
    assert.equal(await s.has("b"), false);
    await s.set("a/0.0", bytes(9)); // overwrite
    assert.deepEqual(await s.get("a/0.0"), bytes(9));
  });

  it("reads the fixture's bytes exactly, whole and by range", async () => {
    const s = new LocalStore(FIXTURE);
    const disk = new Uint8Array(readFileSync(join(FIXTURE, ".zmetadata")));
    assert.deepEqual(await s.get(".zmetadata"), disk);
    assert.deepEqual(await s.getRange(".zmetadata", 100, 50), disk.subarray(100, 150));
    assert.deepEqual(await s.getRange(".zmetadata", -20), disk.subarray(disk.length - 20));
    assert.deepEqual(await s.getRange(".zmetadata", disk.length - 5, 100), disk.subarray(disk.length - 5));
    assert.deepEqual(await s.getRange(".zmetadata", disk.length + 5, 10), bytes());
    assert.equal(await s.getRange("nope", 0, 1), undefined);
  });

  it("lists files as keys and folders as prefixes, dot files included", async () => {
    const s = new LocalStore(FIXTURE);
    const top = await s.list("");
    assert.deepEqual(top.keys, [".zattrs", ".zgroup", ".zmetadata"]);
    assert.ok(top.prefixes.includes("acquisition") && top.prefixes.includes("specifications"));
    assert.deepEqual(top.prefixes, readdirSync(FIXTURE).filter((f) => !f.startsWith(".")).sort());
    const nested = await s.list("file_create_date/");
    assert.deepEqual(nested.prefixes, []);
    assert.deepEqual(nested.keys, readdirSync(join(FIXTURE, "file_create_date")).sort());
    assert.ok(nested.keys.includes(".zarray"));
    assert.deepEqual(await s.list("no/such/folder"), { keys: [], prefixes: [] });
    assert.deepEqual(await s.list(".zgroup"), { keys: [], prefixes: [] }); // a file, not a folder
  });

  it("writes atomically: readers see old or new bytes, never a mix, and no temp file stays", async () => {
    const s = fresh();
    const big = (v: number) => new Uint8Array(1 << 20).fill(v);
    await s.set("arr/0", big(1));
    const reads: Promise<Uint8Array | undefined>[] = [];
    const writes: Promise<void>[] = [];
    for (let v = 2; v < 10; v++) {
      writes.push(s.set("arr/0", big(v)));
      reads.push(s.get("arr/0"));
    }
    await Promise.all(writes);
    for (const r of await Promise.all(reads)) {
      assert.equal(r!.length, 1 << 20);
      assert.ok(r!.every((x) => x === r![0]), "a read saw a half-written chunk");
    }
    assert.deepEqual(allFiles(root), ["arr/0"]);
  });

  it("leaves no temp file when a write fails, and never lists leftover temp files", async () => {
    const s = fresh();
    await s.set("f", bytes(1));
    await assert.rejects(s.set("f/child", bytes(2)), (e: unknown) => e instanceof StoreError && /f\/child/.test(e.message));
    await s.set("d/x", bytes(1));
    await assert.rejects(s.set("d", bytes(2)), StoreError); // a folder is in the way
    assert.deepEqual(allFiles(root).sort(), ["d/x", "f"]);
    // A crash between write and rename leaves a temp file: it is not a key.
    writeFileSync(join(root, ".x.0123456789abcdef.hdmfzarr-tmp"), "partial");
    assert.deepEqual((await s.list("")).keys, ["f"]);
  });

  it("rejects keys that would escape the root, and writes nothing outside", async () => {
    const s = fresh();
    await s.set("inside", bytes(1));
    for (const k of ["../escape", "a/../../escape", "/etc/passwd", "a\\..\\escape", "a\0b", "", ".", "a/./b", "a//b", "C:/x"]) {
      await assert.rejects(s.set(k, bytes(1)), InvalidArgumentError, `set ${JSON.stringify(k)}`);
      await assert.rejects(s.get(k), InvalidArgumentError, `get ${JSON.stringify(k)}`);
    }
    await assert.rejects(s.deletePrefix(".."), InvalidArgumentError);
    await assert.rejects(s.list("../"), InvalidArgumentError);
    assert.equal(existsSync(join(root, "..", "escape")), false);
    assert.deepEqual(readdirSync(join(root, "..")), ["file.zarr"]);
  });

  it("deletes keys and prefixes", async () => {
    const s = fresh();
    for (const k of ["a/.zarray", "a/0.0", "a/b/0", "ab", "top"]) await s.set(k, bytes(1));
    await s.delete("top");
    await s.delete("top"); // missing: not an error
    await s.delete("nope/deeper"); // missing parent: not an error
    await assert.rejects(s.delete("a"), /deletePrefix/);
    await s.deletePrefix("a");
    await s.deletePrefix("ab"); // a key, not a folder: stays
    await s.deletePrefix("missing");
    assert.deepEqual(allFiles(root), ["ab"]);
    await s.deletePrefix("");
    assert.deepEqual(readdirSync(root), []); // emptied, folder kept
  });

  it("turns other file-system errors into StoreError naming the file", async () => {
    const s = fresh();
    await s.set("x", bytes(1));
    symlinkSync("loop", join(root, "loop")); // ELOOP on read
    await assert.rejects(s.get("loop"), (e: unknown) => {
      assert.ok(e instanceof StoreError);
      assert.equal(e.path, "loop");
      assert.equal(e.store, root);
      assert.match(e.message, /ELOOP/);
      return true;
    });
    assert.deepEqual((await s.list("")).keys, ["x"]); // the dangling link holds nothing
  });

  it("refuses a file over a cap set by an option from its size, and leaves a chunk's own cap to its decoders", async () => {
    const s = fresh();
    await s.set("zarr.json", new Uint8Array(5000));
    const option = { bytes: 4096, option: "maxMetadataBytes" };
    await assert.rejects(s.get("zarr.json", { limit: option }), (e: unknown) => {
      assert.ok(e instanceof StoreError);
      assert.equal(e.path, "zarr.json");
      assert.match(e.message, /holds 4\.88 KiB, more than 4 KiB \(the limit set by maxMetadataBytes/);
      return true;
    });
    assert.equal((await s.get("zarr.json", { limit: { bytes: 5000, option: "maxMetadataBytes" } }))?.length, 5000);
    // No option: the decoders of the chunk report a chunk past its size, naming the codec.
    assert.equal((await s.get("zarr.json", { limit: { bytes: 10 } }))?.length, 5000);
  });
});
