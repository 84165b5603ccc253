import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import { InvalidArgumentError, ReadOnlyError, StoreError } from "../../../src/errors.js";
import { FileRangeReader } from "../../../src/store/file-range-reader.js";
import { openStore } from "../../../src/store/open.js";
import { HttpRangeReader } from "../../../src/store/range-reader.js";
import { LocalStore } from "../../../src/store/local.js";
import { ZipStore } from "../../../src/store/zip.js";
import { readZipDirectory } from "../../../src/store/zip-directory.js";
import { openZipFile } from "../../../src/store/zip-node.js";
import { startHttpServer, type TestHttpServer } from "../../helpers/http-server.js";
import { ZARR_V3_GENERIC_FIXTURES } from "../../helpers/fixture-paths.js";
import { zipFile } from "../bad-input/memory-inputs.js";
import { tempFolder } from "../../helpers/temp-folders.js";

const SOURCE = resolve(ZARR_V3_GENERIC_FIXTURES, "valid_stores/single_array.zarr");
const KEYS = ["c/0/0", "c/0/1", "c/1/0", "c/1/1", "zarr.json"];

/**
 * Builds the test archives with Python's zipfile from a copy of SOURCE. zip64.zip lowers
 * zipfile's ZIP64 thresholds so that a small archive gets the ZIP64 end records and ZIP64 extra
 * fields a multi-gigabyte one would; an unpatched zipfile then checks every archive's CRCs.
 */
const BUILD_ZIPS = String.raw`
import os, shutil, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
tree = os.path.join(out, "single_array.zarr")
shutil.copytree(src, tree)

def build(name, method, dirs=False, comment=b""):
    with zipfile.ZipFile(os.path.join(out, name), "w", compression=method) as zf:
        for folder, subdirs, files in os.walk(tree):
            subdirs.sort()
            rel = os.path.relpath(folder, tree).replace(os.sep, "/")
            if dirs and rel != ".":
                zf.write(folder, rel)
            for f in sorted(files):
                zf.write(os.path.join(folder, f), f if rel == "." else rel + "/" + f)
        zf.comment = comment

build("stored.zip", zipfile.ZIP_STORED, comment=b"made for a test")
build("deflated.zip", zipfile.ZIP_DEFLATED, dirs=True)
build("bzip2.zip", zipfile.ZIP_BZIP2)
limits = (zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT)
zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT = 100, 1
build("zip64.zip", zipfile.ZIP_DEFLATED)
zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT = limits
for name in ["stored.zip", "deflated.zip", "zip64.zip"]:
    with zipfile.ZipFile(os.path.join(out, name)) as zf:
        assert zf.testzip() is None, name
`;

const disk = (key: string) => new Uint8Array(readFileSync(join(SOURCE, key)));

/** The byte offset of the first occurrence of `needle` in `hay`. */
function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe("ZipStore", () => {
  let tmp: string;
  before(() => {
    tmp = tempFolder("store-zip");
    execFileSync("python3", ["-c", BUILD_ZIPS, SOURCE, tmp], { stdio: ["ignore", "ignore", "inherit"] });
    // Bytes before the archive (a self-extractor stub) shift every offset; readers must cope.
    const junk = new Uint8Array(1000).fill(0x5a);
    for (const name of ["stored", "zip64"]) {
      writeFileSync(join(tmp, `prefixed-${name}.zip`), Buffer.concat([junk, readFileSync(join(tmp, `${name}.zip`))]));
    }
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("the fixture holds the keys the tests expect", async () => {
    const local = new LocalStore(SOURCE);
    assert.deepEqual(await local.list(""), { keys: ["zarr.json"], prefixes: ["c"] });
    assert.deepEqual(readdirSync(join(SOURCE, "c")).sort(), ["0", "1"]);
  });

  for (const name of ["stored", "deflated", "zip64", "prefixed-stored", "prefixed-zip64"]) {
    it(`reads every key byte for byte and lists folders (${name}.zip)`, async () => {
      const path = join(tmp, `${name}.zip`);
      const store = openStore(path);
      assert.ok(store instanceof ZipStore);
      assert.equal(store.description, path);
      assert.deepEqual(await store.keys(), KEYS);
      for (const key of KEYS) {
        const want = disk(key);
        assert.deepEqual(await store.get(key), want, key);
        assert.deepEqual(await store.getRange(key, 5, 20), want.subarray(5, 25), key);
        assert.deepEqual(await store.getRange(key, -7), want.subarray(want.length - 7), key);
        assert.deepEqual(await store.getRange(key, want.length + 3, 4), new Uint8Array(0), key);
        assert.equal(await store.has(key), true);
      }
      assert.deepEqual(await store.list(""), { keys: ["zarr.json"], prefixes: ["c"] });
      assert.deepEqual(await store.list("c/"), { keys: [], prefixes: ["0", "1"] });
      assert.deepEqual(await store.list("c/1"), { keys: ["0", "1"], prefixes: [] });
      assert.deepEqual(await store.list("nope"), { keys: [], prefixes: [] });
      assert.equal(await store.get("nope"), undefined);
      assert.equal(await store.get("c"), undefined); // a folder, with or without a folder entry
      assert.equal(await store.get("c/0"), undefined);
      assert.equal(await store.getRange("c/0/9", 0, 4), undefined);
      assert.equal(await store.has("c/2/0"), false);
    });
  }

  it("reads the ZIP64 records: sizes and offsets come from the ZIP64 extra fields", async () => {
    const dir = await readZipDirectory(new FileRangeReader(join(tmp, "zip64.zip")));
    const raw = readFileSync(join(tmp, "zip64.zip"));
    assert.notEqual(indexOfBytes(raw, Uint8Array.of(0x50, 0x4b, 0x06, 0x06)), -1); // ZIP64 end record present
    assert.equal(dir.entries.length, 5);
    for (const e of dir.entries) {
      assert.equal(e.size, disk(e.name).length, e.name);
      assert.equal(e.method, 8);
    }
    // Offsets past the lowered threshold were written as 0xFFFFFFFF plus the ZIP64 field.
    assert.ok(dir.entries.some((e) => e.headerOffset > 100));
  });

  it("inflates with DecompressionStream when given no inflater (the browser path)", async () => {
    const store = new ZipStore(new FileRangeReader(join(tmp, "deflated.zip")));
    for (const key of KEYS) assert.deepEqual(await store.get(key), disk(key), key);
  });

  it("reads the central directory once", async () => {
    let reads = 0;
    const file = new FileRangeReader(join(tmp, "stored.zip"));
    const counting = { description: file.description, size: () => file.size(), read: (o: number, n: number) => (reads++, file.read(o, n)) };
    const store = new ZipStore(counting);
    await Promise.all(KEYS.map((k) => store.get(k)));
    const afterFirst = reads;
    await Promise.all(KEYS.map((k) => store.get(k)));
    // A small archive fits in the tail read: 1 read for the directory, then 1 per key (header + data together).
    assert.equal(afterFirst, 1 + KEYS.length);
    assert.equal(reads, afterFirst + KEYS.length); // data offsets are remembered: one read per key
  });

  it("openStore: .zip paths and file URLs give a ZipStore, a folder named .zip stays a folder", () => {
    const path = join(tmp, "stored.zip");
    assert.ok(openStore(pathToFileURL(path)) instanceof ZipStore);
    assert.ok(openStore(path.replace(/\.zip$/, ".ZIP")) instanceof ZipStore);
    mkdirSync(join(tmp, "folder.zarr.zip"));
    assert.ok(openStore(join(tmp, "folder.zarr.zip"), { writable: true }) instanceof LocalStore);
  });

  it("refuses to write and names the archive", () => {
    const path = join(tmp, "stored.zip");
    assert.throws(() => openStore(path, { writable: true }), (e: unknown) => e instanceof ReadOnlyError && e.store === path);
    assert.throws(() => openStore("http://127.0.0.1:1/x/y.zarr.zip", { writable: true }), (e: unknown) => e instanceof ReadOnlyError && /zip archives are read-only/.test(e.message));
  });

  it("answers a truncated archive with a StoreError naming the file", async () => {
    const whole = readFileSync(join(tmp, "deflated.zip"));
    for (const keep of [whole.length - 10, Math.floor(whole.length / 2), 15]) {
      const path = join(tmp, `truncated-${keep}.zip`);
      writeFileSync(path, whole.subarray(0, keep));
      const store = openZipFile(path);
      await assert.rejects(store.get("zarr.json"), (e: unknown) => {
        assert.ok(e instanceof StoreError, String(e));
        assert.equal(e.store, path);
        assert.ok(e.message.includes(path), e.message);
        assert.match(e.message, /truncated/);
        return true;
      });
    }
  });

  it("answers a missing file, damaged data and unsupported methods with StoreErrors", async () => {
    const missing = join(tmp, "missing.zip");
    await assert.rejects(openZipFile(missing).get("zarr.json"), (e: unknown) => e instanceof StoreError && e.store === missing && /no such file/.test(e.message));

    // Flip one byte inside a stored chunk: its CRC no longer matches.
    const bytes = readFileSync(join(tmp, "stored.zip"));
    const at = indexOfBytes(bytes, disk("c/1/0"));
    assert.ok(at > 0);
    bytes[at + 100] ^= 0xff;
    const damaged = join(tmp, "damaged.zip");
    writeFileSync(damaged, bytes);
    const store = openZipFile(damaged);
    await assert.rejects(store.get("c/1/0"), (e: unknown) => e instanceof StoreError && e.path === "c/1/0" && /CRC-32/.test(e.message));
    assert.deepEqual(await store.get("c/1/1"), disk("c/1/1"));

    const bz = openZipFile(join(tmp, "bzip2.zip"));
    assert.deepEqual(await bz.list("c/0"), { keys: ["0", "1"], prefixes: [] });
    await assert.rejects(bz.get("zarr.json"), (e: unknown) => e instanceof StoreError && /method 12 \(bzip2\) is not supported/.test(e.message));

    const notZip = join(tmp, "not.zip");
    writeFileSync(notZip, "x".repeat(5000));
    await assert.rejects(openZipFile(notZip).has("zarr.json"), (e: unknown) => e instanceof StoreError && /not a valid zip file/.test(e.message));
  });

  describe("over HTTP", () => {
    let server: TestHttpServer;
    before(async () => {
      server = await startHttpServer(tmp);
    });
    after(() => server.close());

    for (const name of ["deflated", "zip64"]) {
      it(`reads keys with Range requests (${name}.zip)`, async () => {
        server.stats.reset();
        const store = openStore(`${server.url}/${name}.zip?token=t`);
        assert.ok(store instanceof ZipStore);
        assert.equal(store.description, `${server.url}/${name}.zip`);
        for (const key of KEYS) assert.deepEqual(await store.get(key), disk(key), key);
        assert.deepEqual(await store.list!("c"), { keys: [], prefixes: ["0", "1"] });
        assert.ok(server.stats.log.every((r) => r.path === `/${name}.zip`));
        assert.ok(server.stats.log.slice(1).every((r) => r.range !== undefined && r.status === 206));
        // HEAD for the size, one tail read, then one read per key.
        assert.equal(server.stats.total, 2 + KEYS.length);
      });
    }

    it("answers a missing archive with a StoreError naming the URL", async () => {
      const reader = HttpRangeReader.fromUrl(`${server.url}/nope.zip`, { retries: 0 });
      await assert.rejects(new ZipStore(reader).get("zarr.json"), (e: unknown) => e instanceof StoreError && e.store === `${server.url}/nope.zip` && /not found/.test(e.message));
    });
  });
});

describe("ZipStore size limits", () => {
  const DATA = Buffer.from("0123456789".repeat(10));
  const file = join(tempFolder("hdmf-zarr-zip-limits"), "limits.zip");
  before(() => writeFileSync(file, zipFile([{ name: "k", data: DATA, method: 0, size: DATA.length }])));
  after(() => rmSync(join(file, ".."), { recursive: true, force: true }));

  it("refuses a maxEntryBytes that is not a whole number of bytes >= 1", () => {
    for (const bad of [0, -5, 2.5]) assert.throws(() => openZipFile(file, { maxEntryBytes: bad }), InvalidArgumentError);
  });

  it("refuses an entry past maxEntryBytes or the reader's limit, from the directory", async () => {
    await assert.rejects(openZipFile(file, { maxEntryBytes: 99 }).get("k"), (e: unknown) =>
      e instanceof StoreError && e.path === "k" && /the zip entry holds 100 bytes, more than 99 bytes \(the limit set by maxEntryBytes/.test(e.message));
    await assert.rejects(openZipFile(file).get("k", { limit: { bytes: 10, option: "maxMetadataBytes" } }), /the limit set by maxMetadataBytes/);
    assert.deepEqual(await openZipFile(file).get("k", { limit: { bytes: 100 } }), new Uint8Array(DATA));
  });

  it("refuses a central directory past maxEntryBytes", async () => {
    await assert.rejects(openZipFile(file, { maxEntryBytes: 10 }).keys(), /central directory takes \d+ bytes, more than 10 bytes/);
  });
});
