import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ReadOnlyError, ReferenceFileError, StoreError, StoreNotFoundError } from "../../../src/errors.js";
import { FileRangeReader } from "../../../src/store/file-range-reader.js";
import { openStore } from "../../../src/store/open.js";
import { ReferenceStore } from "../../../src/store/reference-store.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { startHttpServer, type TestHttpServer } from "../../helpers/http-server.js";
import { removeFolder, tempFolder } from "../../helpers/temp-folders.js";

// data.bin: 16 bytes of padding, then six float64 values (two chunks of three), then int16 [7, -8, 9].
const FLOATS = [1.5, -2.25, 3e10, Number.MIN_VALUE, -0.125, 1e-300];
const SHORTS = [7, -8, 9];
function dataFile(): Uint8Array {
  const buf = new Uint8Array(16 + 48 + 6).fill(0xee, 0, 16);
  const view = new DataView(buf.buffer);
  FLOATS.forEach((v, i) => view.setFloat64(16 + 8 * i, v, true));
  SHORTS.forEach((v, i) => view.setInt16(64 + 2 * i, v, true));
  return buf;
}

const zarray = (shape: number[], chunks: number[], dtype: string) => ({
  zarr_format: 2, shape, chunks, dtype, compressor: null, filters: null, fill_value: 0, order: "C",
});

/** A version-1 reference file for data.bin at `url` (a template, as lindi and kerchunk write). */
function refsFor(url: string, extra: Record<string, unknown> = {}) {
  return {
    version: 1,
    templates: { u: url },
    refs: {
      ".zgroup": { zarr_format: 2 },
      ".zattrs": { title: "base64 and inline" },
      "f/.zarray": zarray([6], [3], "<f8"),
      "f/0": ["{{u}}", 16, 24],
      "f/1": ["{{u}}", 40, 24],
      "s/.zarray": JSON.stringify(zarray([3], [3], "<i2")),
      // The int16 chunk held inline, base64-encoded.
      "s/0": "base64:" + Buffer.from(dataFile().subarray(64, 70)).toString("base64"),
    },
    ...extra,
  };
}

async function values(store: ReturnType<typeof openStore>, path: string): Promise<number[]> {
  const h = await ZarrHierarchy.open(store, { consolidated: false });
  return [...((await (await h.openArray(path)).get()).data as Float64Array)];
}

describe("ReferenceStore over local files", () => {
  let dir: string;
  before(() => {
    dir = tempFolder("reference-store");
    writeFileSync(join(dir, "data.bin"), dataFile());
    writeFileSync(join(dir, "refs.json"), JSON.stringify(refsFor("data.bin")));
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", "up.json"), JSON.stringify(refsFor("../data.bin")));
    writeFileSync(join(dir, "abs.json"), JSON.stringify(refsFor(`file://${join(dir, "data.bin")}`)));
    writeFileSync(join(dir, "gs.json"), JSON.stringify(refsFor("gs://bucket/data.bin")));
    writeFileSync(join(dir, "missing.json"), JSON.stringify(refsFor("nothing-here.bin")));
    writeFileSync(join(dir, "short.json"), JSON.stringify(refsFor("data.bin", { refs: { ...refsFor("").refs, "f/1": ["data.bin", 40, 99] } })));
  });
  after(() => removeFolder(dir));

  it("opens a .json path as a reference store and reads exact values", async () => {
    const store = openStore(join(dir, "refs.json"));
    assert.ok(store instanceof ReferenceStore);
    assert.equal(await store.format(), "kerchunk-v1");
    assert.deepEqual(await values(store, "f"), FLOATS);
    const h = await ZarrHierarchy.open(store, { consolidated: false });
    assert.deepEqual([...(await (await h.openArray("s")).get()).data as Int16Array], SHORTS);
    assert.deepEqual((await h.requireNode("")).attributes, { title: "base64 and inline" });
  });

  it("lists, sizes and reads ranges of keys", async () => {
    const store = openStore(join(dir, "refs.json")) as ReferenceStore;
    assert.deepEqual(await store.list(""), { keys: [".zattrs", ".zgroup"], prefixes: ["f", "s"] });
    assert.deepEqual(await store.list("f"), { keys: [".zarray", "0", "1"], prefixes: [] });
    assert.deepEqual(await store.list("nope"), { keys: [], prefixes: [] });
    assert.equal(await store.getSize("f/1"), 24);
    assert.equal(await store.getSize("s/0"), 6);
    assert.equal(await store.has("f/0"), true);
    assert.equal(await store.get("f/9"), undefined);
    const tail = await store.getRange("f/1", -8);
    assert.equal(new DataView(tail!.buffer, tail!.byteOffset).getFloat64(0, true), 1e-300);
    assert.deepEqual([...(await store.getRange("s/0", 2, 2))!], [0xf8, 0xff]);
  });

  it("resolves relative paths against the reference file's folder, and file:// URLs", async () => {
    assert.deepEqual(await values(openStore(join(dir, "sub", "up.json")), "f"), FLOATS);
    assert.deepEqual(await values(openStore(join(dir, "abs.json")), "f"), FLOATS);
  });

  it("names the reference file, the key and the problem", async () => {
    const check = (message: RegExp, file: string, key: string) => (e: unknown) => {
      assert.ok(e instanceof ReferenceFileError, String(e));
      assert.match(e.message, message);
      assert.equal(e.store, join(dir, file));
      assert.equal(e.path, key);
      return true;
    };
    await assert.rejects(openStore(join(dir, "gs.json")).get("f/0"), check(/scheme 'gs:' cannot be read/, "gs.json", "f/0"));
    await assert.rejects(openStore(join(dir, "missing.json")).get("f/0"), check(/cannot read 24 bytes at offset 16 .*nothing-here\.bin.*no such file/, "missing.json", "f/0"));
    // The reference promises more bytes than the file holds.
    await assert.rejects(openStore(join(dir, "short.json")).get("f/1"), check(/cannot read 99 bytes at offset 40 .*file ends early/, "short.json", "f/1"));
    await assert.rejects(openStore(join(dir, "none.json")).get(".zgroup"), StoreNotFoundError);
    assert.throws(() => openStore(join(dir, "refs.json"), { writable: true }), ReadOnlyError);
  });

  it("reads references without a URL from the reference option 'target', resolved next to the file", async () => {
    const doc = refsFor("unused");
    doc.refs["f/0"] = [null, 16, 24] as unknown as string[];
    doc.refs["f/1"] = [null, 40, 24] as unknown as string[];
    writeFileSync(join(dir, "sub", "no-url.json"), JSON.stringify(doc));
    assert.deepEqual(await values(openStore(join(dir, "sub", "no-url.json"), { writable: false, reference: { target: "../data.bin" } }), "f"), FLOATS);
    await assert.rejects(openStore(join(dir, "sub", "no-url.json")).get("f/0"), /no URL \(null\) and no target file was given/);
  });

  it("refuses a .lindi.tar that is not one with a typed error", async () => {
    writeFileSync(join(dir, "junk.lindi.tar"), new Uint8Array(4096).fill(0x41));
    await assert.rejects(openStore(join(dir, "junk.lindi.tar")).get(".zgroup"), (e: unknown) => {
      assert.ok(e instanceof ReferenceFileError, String(e));
      assert.match(e.message, /not a \.lindi\.tar: \.tar_entry\.json is not JSON/);
      return true;
    });
    writeFileSync(join(dir, "short.lindi.tar"), new Uint8Array(600));
    await assert.rejects(openStore(join(dir, "short.lindi.tar")).get(".zgroup"), (e: unknown) => e instanceof StoreError && /file ends early/.test(e.message));
  });

  it("reads under its caps: the reference file and each value", async () => {
    await assert.rejects(openStore(join(dir, "refs.json"), { writable: false, reference: { maxReferenceBytes: 100 } }).get(".zgroup"), (e: unknown) => {
      assert.ok(e instanceof StoreError);
      assert.match(e.message, /maxReferenceBytes/);
      return true;
    });
    const store = openStore(join(dir, "refs.json"), { writable: false, reference: { maxReadBytes: 23 } });
    await assert.rejects(store.get("f/0"), /'f\/0' holds 24 bytes, more than 23 bytes \(the limit set by maxReadBytes/);
    await assert.rejects(store.get("f/0", { limit: { bytes: 10, option: "maxChunkBytes" } }), /maxChunkBytes/);
  });

  it("reads reference text already in memory, resolving against the location given", async () => {
    const text = JSON.stringify(refsFor("data.bin"));
    const location = { remote: false as const, path: join(dir, "in-memory.json") };
    // Without a local-file reader (as in a browser) a local target is a typed error.
    await assert.rejects(ReferenceStore.fromText(text, location).get("f/0"), (e: unknown) => e instanceof ReferenceFileError && /no file system/.test(e.message));
    const store = ReferenceStore.fromText(text, location, { openLocalFile: (path) => new FileRangeReader(path) });
    assert.equal(store.description, join(dir, "in-memory.json"));
    assert.deepEqual(await values(store, "f"), FLOATS);
  });

  it("pads the short last chunk of a LINDI file's split contiguous dataset with zeros", async () => {
    const doc = refsFor("data.bin", { generationMetadata: { generatedBy: "lindi" } });
    // Four float64 per chunk: the second chunk references the two values that remain.
    doc.refs["f/.zarray"] = zarray([6], [4], "<f8");
    doc.refs["f/0"] = ["{{u}}", 16, 32];
    doc.refs["f/1"] = ["{{u}}", 48, 16];
    writeFileSync(join(dir, "split.lindi.json"), JSON.stringify(doc));
    const store = openStore(join(dir, "split.lindi.json")) as ReferenceStore;
    assert.equal(await store.format(), "lindi");
    assert.equal(await store.getSize("f/1"), 32);
    assert.deepEqual(await values(store, "f"), FLOATS);
    const padded = (await store.get("f/1"))!;
    assert.deepEqual([...padded.subarray(16)], new Array(16).fill(0));
  });
});

describe("ReferenceStore over HTTP", () => {
  let dir: string;
  let server: TestHttpServer;
  before(async () => {
    dir = tempFolder("reference-http");
    writeFileSync(join(dir, "data.bin"), dataFile());
    writeFileSync(join(dir, "refs.json"), JSON.stringify(refsFor("data.bin")));
    writeFileSync(join(dir, "local.json"), JSON.stringify(refsFor(join(dir, "data.bin"))));
    writeFileSync(join(dir, "fileurl.json"), JSON.stringify(refsFor(`file://${join(dir, "data.bin")}`)));
    server = await startHttpServer(dir);
  });
  after(async () => {
    await server.close();
    removeFolder(dir);
  });

  it("fetches the reference file once and each chunk as one Range request", async () => {
    server.stats.reset();
    const store = openStore(`${server.url}/refs.json`);
    assert.ok(store instanceof ReferenceStore);
    const h = await ZarrHierarchy.open(store, { consolidated: false });
    const a = await h.openArray("f");
    assert.deepEqual([...(await a.get([{ start: 3, stop: 5 }])).data as Float64Array], FLOATS.slice(3, 5));
    assert.equal(server.stats.count("/refs.json"), 1);
    const data = server.stats.log.filter((r) => r.path === "/data.bin");
    // The chunk is stored uncompressed: the request covers just elements 3 and 4 of its 3 (bytes 40–63).
    assert.deepEqual(data.map((r) => r.range), ["bytes=40-55"]);
    // The inline int16 chunk costs no request.
    assert.deepEqual([...(await (await h.openArray("s")).get()).data as Int16Array], SHORTS);
    assert.equal(server.stats.total, 2);
  });

  it("reads a DANDI-style download URL (a trailing slash, a redirect), going to the redirect's end after the first read", async () => {
    // As DANDI: /api/assets/<id>/download/ answers 302 with a signed S3 URL of the bytes.
    server.redirect("/api/assets/a1/download/", "/s3/data.bin?X-Amz-Signature=one");
    mkdirSync(join(dir, "s3"), { recursive: true });
    writeFileSync(join(dir, "s3", "data.bin"), dataFile());
    writeFileSync(join(dir, "dandi.json"), JSON.stringify(refsFor(`${server.url}/api/assets/a1/download/`)));
    server.stats.reset();
    const store = openStore(`${server.url}/dandi.json`);
    const h = await ZarrHierarchy.open(store, { consolidated: false });
    const a = await h.openArray("f");
    assert.deepEqual([...(await a.get([{ start: 0, stop: 1 }])).data as Float64Array], FLOATS.slice(0, 1));
    assert.deepEqual([...(await a.get([{ start: 3, stop: 4 }])).data as Float64Array], FLOATS.slice(3, 4));
    const reads = () => server.stats.log.filter((r) => r.range !== undefined).map((r) => `${r.path} ${r.range} ${r.status}`);
    // The log drops trailing slashes, but only ".../download/" redirects: the 302 shows the slash was
    // kept. The second chunk goes straight to the signed URL. Each read asks for one uncompressed element.
    assert.deepEqual(reads(), ["/api/assets/a1/download bytes=16-23 302", "/s3/data.bin bytes=16-23 206", "/s3/data.bin bytes=40-47 206"]);
    // The signed URL expired: the read goes back to the download URL once, and on to the new redirect.
    server.stats.reset();
    server.redirect("/api/assets/a1/download/", "/s3/data.bin?X-Amz-Signature=two");
    server.failNext(1, 403);
    assert.deepEqual([...(await a.get([{ start: 0, stop: 1 }])).data as Float64Array], FLOATS.slice(0, 1));
    assert.deepEqual(reads(), ["/s3/data.bin bytes=16-23 403", "/api/assets/a1/download bytes=16-23 302", "/s3/data.bin bytes=16-23 206"]);
  });

  it("never reads a local file for a reference file on a server", async () => {
    for (const name of ["local.json", "fileurl.json"]) {
      server.stats.reset();
      await assert.rejects(openStore(`${server.url}/${name}`).get("f/0"), (e: unknown) => {
        assert.ok(e instanceof ReferenceFileError, String(e));
        assert.match(e.message, /refused: a reference file on a server may not point to local files/);
        assert.equal(e.path, "f/0");
        return true;
      });
      assert.equal(server.stats.total, 1); // the reference file only
    }
  });
});
