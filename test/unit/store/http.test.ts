import assert from "node:assert/strict";
import { request } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { InvalidArgumentError, StoreError } from "../../../src/errors.js";
import { HttpStore, type HttpStoreOptions } from "../../../src/store/http.js";
import { startHttpServer, type TestHttpServer } from "../../helpers/http-server.js";
import { FIXTURES_DIR } from "../../helpers/fixture-paths.js";

const FIXTURES = FIXTURES_DIR;
const STORE_PATH = "/zarr-v2/zarr_tutorial.nwb.zarr";
const ZMETA = new Uint8Array(readFileSync(join(FIXTURES, STORE_PATH, ".zmetadata")));

/** A raw GET with an unnormalised path, as a hostile client would send it. */
function rawGet(server: TestHttpServer, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((ok, fail) => {
    const req = request({ host: "127.0.0.1", port: server.port, path, headers }, (res) => {
      let body = "";
      res.setEncoding("latin1");
      res.on("data", (d) => (body += d));
      res.on("end", () => ok({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", fail);
    req.end();
  });
}

describe("HttpStore against a real HTTP server", () => {
  let server: TestHttpServer;
  const open = (opts: HttpStoreOptions = {}) => new HttpStore(server.url + STORE_PATH, { backoffMs: 5, ...opts });

  before(async () => {
    server = await startHttpServer(FIXTURES);
  });
  after(() => server.close());
  beforeEach(() => {
    server.failNext(0);
    server.hangNext(0);
    server.delayMs = 0;
    server.ignoreRange = false;
    server.stats.reset();
  });

  it("reads a key's bytes exactly as on disk; describes itself by its base URL", async () => {
    const s = open();
    assert.equal(s.description, server.url + STORE_PATH);
    assert.deepEqual(await s.get(".zmetadata"), ZMETA);
    assert.equal(server.stats.count(STORE_PATH + "/.zmetadata"), 1);
  });

  it("reads byte ranges with Range requests", async () => {
    const s = open();
    assert.deepEqual(await s.getRange(".zmetadata", 100, 50), ZMETA.subarray(100, 150));
    assert.deepEqual(await s.getRange(".zmetadata", -20), ZMETA.subarray(ZMETA.length - 20));
    assert.deepEqual(await s.getRange(".zmetadata", -20, 5), ZMETA.subarray(ZMETA.length - 20, ZMETA.length - 15));
    assert.deepEqual(await s.getRange(".zmetadata", ZMETA.length - 7), ZMETA.subarray(ZMETA.length - 7));
    assert.deepEqual(await s.getRange(".zmetadata", ZMETA.length - 3, 100), ZMETA.subarray(ZMETA.length - 3));
    assert.deepEqual(await s.getRange(".zmetadata", ZMETA.length + 10, 4), new Uint8Array(0)); // 416
    assert.deepEqual(await s.getRange(".zmetadata", 10, 0), new Uint8Array(0));
    assert.deepEqual(
      server.stats.log.slice(0, 4).map((r) => [r.range, r.status]),
      [["bytes=100-149", 206], ["bytes=-20", 206], ["bytes=-20", 206], [`bytes=${ZMETA.length - 7}-`, 206]],
    );
    assert.equal(server.stats.log[5].status, 416);
  });

  it("slices the body when the server ignores Range and answers 200", async () => {
    server.ignoreRange = true;
    const s = open();
    assert.deepEqual(await s.getRange(".zmetadata", 100, 50), ZMETA.subarray(100, 150));
    assert.deepEqual(await s.getRange(".zmetadata", -20, 5), ZMETA.subarray(ZMETA.length - 20, ZMETA.length - 15));
    assert.equal(server.stats.log[0].status, 200);
  });

  it("reads a missing key as undefined (404) and answers has()", async () => {
    const s = open();
    assert.equal(await s.get("acquisition/nope/0.0"), undefined);
    assert.equal(await s.getRange("acquisition/nope/0.0", 0, 10), undefined);
    assert.equal(await s.get("acquisition"), undefined); // a folder is not a key
    assert.equal(await s.has(".zgroup"), true);
    assert.equal(await s.has("nope"), false);
    assert.deepEqual(server.stats.log.map((r) => r.status), [404, 404, 404, 200, 404]);
  });

  it("treats 403 as an error by default and as missing with missingAs403", async () => {
    server.failNext(1, 403);
    await assert.rejects(open().get(".zgroup"), (e: unknown) => e instanceof StoreError && /403/.test(e.message) && /missingAs403/.test(e.message));
    server.failNext(1, 403);
    assert.equal(await open({ missingAs403: true }).get(".zgroup"), undefined);
    assert.equal(server.stats.total, 2); // 403 is never retried
  });

  it("does not retry other client errors", async () => {
    server.failNext(3, 400);
    await assert.rejects(open().get(".zgroup"), /HTTP 400/);
    assert.equal(server.stats.total, 1);
  });

  it("retries after 5xx answers and then succeeds", async () => {
    server.failNext(2, 503);
    assert.deepEqual(await open({ retries: 4 }).get(".zmetadata"), ZMETA);
    assert.equal(server.stats.count(STORE_PATH + "/.zmetadata"), 3);
    assert.deepEqual(server.stats.log.map((r) => r.status), [503, 503, 200]);
  });

  it("gives a StoreError naming the URL and last status after too many failures", async () => {
    server.failNext(10, 503);
    const s = open({ retries: 2 });
    await assert.rejects(s.get(".zmetadata"), (e: unknown) => {
      assert.ok(e instanceof StoreError);
      assert.equal(e.store, s.description);
      assert.equal(e.path, ".zmetadata");
      assert.ok(e.message.includes(`${server.url}${STORE_PATH}/.zmetadata`), e.message);
      assert.match(e.message, /3 attempt\(s\).*HTTP 503/);
      return true;
    });
    assert.equal(server.stats.total, 3);
  });

  it("times out a request that gets no answer, then retries", async () => {
    server.hangNext(1);
    const s = open({ timeoutMs: 200, retries: 1 });
    assert.deepEqual(await s.get(".zmetadata"), ZMETA);
    assert.equal(server.stats.total, 2);
    server.hangNext(2);
    await assert.rejects(s.get(".zgroup"), (e: unknown) => e instanceof StoreError && /timed out after 200 ms/.test(e.message));
  });

  it("reports network errors after retries", async () => {
    const closed = await startHttpServer(FIXTURES);
    const url = closed.url;
    await closed.close();
    const s = new HttpStore(url, { retries: 1, backoffMs: 1 });
    await assert.rejects(s.get("x"), (e: unknown) => e instanceof StoreError && /network error.*ECONNREFUSED/.test(e.message));
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    server.delayMs = 10;
    const keys = Array.from({ length: 50 }, (_, i) => (i % 2 ? ".zgroup" : ".zattrs"));
    const s = open({ concurrency: 4 });
    const got = await Promise.all(keys.map((k) => s.get(k)));
    assert.ok(got.every((b) => b !== undefined && b.length > 0));
    assert.equal(server.stats.total, 50);
    assert.equal(server.stats.maxInFlight, 4);
    // Control: a wider bound really lets more through, so the server's count can see it.
    server.stats.reset();
    const wide = open({ concurrency: 16 });
    await Promise.all(keys.map((k) => wide.get(k)));
    assert.ok(server.stats.maxInFlight > 4 && server.stats.maxInFlight <= 16, `maxInFlight ${server.stats.maxInFlight}`);
  });

  it("URL-encodes keys per segment, sends headers, keeps the base query, and rejects escaping keys", async () => {
    const s = new HttpStore(`${server.url}${STORE_PATH}/?token=a%20b#frag`, { headers: { "x-test": "yes" } });
    assert.equal(s.description, server.url + STORE_PATH);
    assert.deepEqual(await s.get(".zmetadata"), ZMETA);
    assert.equal(await s.get("a b/c#d?e%f"), undefined);
    const [first, second] = server.stats.log;
    assert.equal(first.headers["x-test"], "yes");
    assert.equal(second.path, `${STORE_PATH}/a b/c#d?e%f`);
    await assert.rejects(s.get("../../hdf5/x.nwb"), InvalidArgumentError);
    await assert.rejects(s.get("/abs"), InvalidArgumentError);
    assert.equal(server.stats.total, 2);
  });
});

describe("test HTTP server", () => {
  let server: TestHttpServer;
  before(async () => {
    server = await startHttpServer(join(FIXTURES, "zarr-v2"));
  });
  after(() => server.close());

  it("refuses path traversal", async () => {
    for (const p of ["/../README.md", "/%2e%2e/README.md", "/zarr_tutorial.nwb.zarr/..%2F..%2FREADME.md"]) {
      const res = await rawGet(server, p);
      assert.equal(res.status, 403, p);
    }
  });

  it("answers Range requests with 206 and Content-Range, and 416 past the end", async () => {
    const size = ZMETA.length;
    const part = await rawGet(server, "/zarr_tutorial.nwb.zarr/.zmetadata", { range: "bytes=0-9" });
    assert.equal(part.status, 206);
    assert.equal(part.headers["content-range"], `bytes 0-9/${size}`);
    assert.equal(part.body, Buffer.from(ZMETA.subarray(0, 10)).toString("latin1"));
    const past = await rawGet(server, "/zarr_tutorial.nwb.zarr/.zmetadata", { range: `bytes=${size}-` });
    assert.equal(past.status, 416);
    assert.equal(past.headers["content-range"], `bytes */${size}`);
  });
});
