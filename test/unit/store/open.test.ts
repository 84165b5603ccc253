import assert from "node:assert/strict";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, it } from "node:test";
import { InvalidArgumentError, ReadOnlyError } from "../../../src/errors.js";
import { HttpStore } from "../../../src/store/http.js";
import { LocalStore } from "../../../src/store/local.js";
import { MemoryStore } from "../../../src/store/memory.js";
import { openStore } from "../../../src/store/open.js";
import { S3Store } from "../../../src/store/s3/s3-store.js";
import { isRemote, normalizeUrl, s3ToHttps } from "../../../src/store/url.js";

describe("url helpers", () => {
  it("tells remote targets from local paths", () => {
    assert.equal(isRemote("https://dandiarchive.s3.amazonaws.com/zarr/x"), true);
    assert.equal(isRemote("HTTP://host/x.zarr"), true);
    assert.equal(isRemote("s3://dandiarchive/zarr/x"), true);
    assert.equal(isRemote(new URL("http://host/x")), true);
    assert.equal(isRemote("/data/file.nwb.zarr"), false);
    assert.equal(isRemote("relative/https/file.zarr"), false);
    assert.equal(isRemote("file:///data/x.zarr"), false);
    assert.equal(isRemote(new URL("file:///data/x.zarr")), false);
  });

  it("maps s3:// to the public HTTPS address", () => {
    assert.equal(s3ToHttps("s3://dandiarchive/zarr/abc/"), "https://dandiarchive.s3.amazonaws.com/zarr/abc/");
    assert.equal(s3ToHttps("s3://bucket"), "https://bucket.s3.amazonaws.com/");
    assert.equal(s3ToHttps("s3://my.bucket/k"), "https://s3.amazonaws.com/my.bucket/k");
    assert.throws(() => s3ToHttps("s3:///key"), InvalidArgumentError);
    assert.throws(() => s3ToHttps("s3://Bad_Bucket/k"), InvalidArgumentError);
  });

  it("normalises URLs: no trailing slash or fragment, query kept", () => {
    assert.equal(normalizeUrl("https://host/a/b.zarr/"), "https://host/a/b.zarr");
    assert.equal(normalizeUrl("https://host"), "https://host");
    assert.equal(normalizeUrl("https://host/x.zarr/?sig=a/b#f"), "https://host/x.zarr?sig=a/b");
    assert.equal(normalizeUrl("s3://dandiarchive/zarr/x/"), "https://dandiarchive.s3.amazonaws.com/zarr/x");
    assert.equal(normalizeUrl(new URL("http://h:8888/files/a%20b.zarr")), "http://h:8888/files/a%20b.zarr");
    assert.throws(() => normalizeUrl("ftp://host/x"), InvalidArgumentError);
    assert.throws(() => normalizeUrl("not a url"), InvalidArgumentError);
    assert.throws(() => normalizeUrl("https://user:pw@host/x"), InvalidArgumentError);
  });
});

describe("openStore", () => {
  it("passes store instances through", () => {
    const m = new MemoryStore();
    assert.equal(openStore(m, { writable: true }), m);
    const h = new HttpStore("https://example.org/x.zarr");
    assert.equal(openStore(h, { writable: false }), h);
    assert.throws(() => openStore(h, { writable: true }), (e: unknown) => e instanceof ReadOnlyError && e.store === "https://example.org/x.zarr");
  });

  it("opens s3:// as an S3Store at the bucket's address, and http(s):// read-only", () => {
    const s = openStore("s3://dandiarchive/zarr/abc", { writable: false, http: { anon: true, client_kwargs: { region_name: "us-east-1" } } });
    assert.ok(s instanceof S3Store);
    assert.equal(s.description, "s3://dandiarchive/zarr/abc");
    assert.equal(s.url, "https://dandiarchive.s3.amazonaws.com/zarr/abc");
    assert.throws(
      () => openStore("https://host/x.zarr?token=secret", { writable: true }),
      (e: unknown) => e instanceof ReadOnlyError && e.store === "https://host/x.zarr" && !e.message.includes("secret"),
    );
  });

  it("opens local paths as LocalStore at the absolute path", () => {
    const rel = openStore("some/dir.zarr", { writable: true });
    assert.ok(rel instanceof LocalStore);
    assert.equal(rel.description, resolve("some/dir.zarr"));
    assert.equal((openStore(pathToFileURL("/tmp/a b.zarr")) as LocalStore).root, "/tmp/a b.zarr");
    assert.equal((openStore("file:///tmp/x.zarr") as LocalStore).root, "/tmp/x.zarr");
    assert.equal((openStore("~/x.zarr") as LocalStore).root, resolve(homedir(), "x.zarr"));
    assert.throws(() => openStore(new URL("ftp://host/x")), InvalidArgumentError);
  });
});
