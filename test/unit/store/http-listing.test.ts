import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { after, before, beforeEach, describe, it } from "node:test";
import { StoreError } from "../../../src/errors.js";
import { HttpStore, type HttpStoreOptions } from "../../../src/store/http.js";
import { LocalStore } from "../../../src/store/local.js";
import type { ReadableStore, StoreListing } from "../../../src/store/types.js";
import { startHttpServer, type TestHttpServer } from "../../helpers/http-server.js";
import { FIXTURES_DIR } from "../../helpers/fixture-paths.js";

const FIXTURES = FIXTURES_DIR;
const STORE_PATH = "/zarr-v2/ecephys_tutorial.nwb.zarr";
const local = new LocalStore(FIXTURES + STORE_PATH);

/** Every key of a store, found by listing folder by folder. */
async function walk(store: ReadableStore, prefix = ""): Promise<string[]> {
  const { keys, prefixes }: StoreListing = await store.list!(prefix);
  const join = (name: string) => (prefix ? `${prefix}/${name}` : name);
  const below = await Promise.all(prefixes.map((p) => walk(store, join(p))));
  return [...keys.map(join), ...below.flat()].sort();
}

const cannotList = (path: string) => (e: unknown) => {
  assert.ok(e instanceof StoreError, String(e));
  assert.equal(e.path, path);
  assert.match(e.message, /cannot list folders/);
  assert.match(e.message, /consolidated metadata/);
  return true;
};

describe("HttpStore.list over a directory index", () => {
  let server: TestHttpServer;
  const open = (opts: HttpStoreOptions = {}) => new HttpStore(server.url + STORE_PATH, { backoffMs: 1, ...opts });

  before(async () => {
    server = await startHttpServer(FIXTURES, { directoryListing: "html" });
  });
  after(() => server.close());
  beforeEach(() => {
    server.directoryListing = "html";
    server.failNext(0);
    server.stats.reset();
  });

  for (const format of ["html", "json"] as const) {
    it(`lists the root and nested folders like the local store, dot files included (${format})`, async () => {
      server.directoryListing = format;
      const s = open();
      const root = await s.list!("");
      assert.deepEqual(root, await local.list(""));
      assert.ok(root.keys.includes(".zattrs") && root.keys.includes(".zgroup"), root.keys.join());
      assert.ok(root.prefixes.includes("acquisition") && root.prefixes.includes("specifications"));
      for (const prefix of ["acquisition", "acquisition/ElectricalSeries", "acquisition/ElectricalSeries/data/", "specifications/core/2.5.0"]) {
        assert.deepEqual(await s.list!(prefix), await local.list(prefix), prefix);
      }
      assert.deepEqual((await s.list!("acquisition/ElectricalSeries")).keys, [".zattrs", ".zgroup"]);
      assert.equal(server.stats.log[0].path, STORE_PATH);
      assert.equal(server.stats.log[1].path, STORE_PATH + "/acquisition");
    });
  }

  it("finds every key of the store by walking folders", async () => {
    server.directoryListing = "json";
    const viaHttp = await walk(open());
    assert.equal(viaHttp.length, 190);
    assert.deepEqual(viaHttp, await walk(local));
  });

  it("ignores parent, sort and off-site links in HTML pages", async () => {
    // The test server's pages carry "../", an absolute parent link, "?C=N;O=D" sort links and a
    // link to example.org/<same path>/decoy; none of them may show up as an entry.
    const listing = await open().list!("acquisition");
    assert.deepEqual(listing, { keys: [".zgroup"], prefixes: ["ElectricalSeries"] });
  });

  it("reads a missing nested folder as empty once the root is known to list", async () => {
    const s = open();
    assert.deepEqual(await s.list!("acquisition/nope"), { keys: [], prefixes: [] });
    assert.deepEqual(server.stats.log.map((r) => [r.path, r.status]), [
      [STORE_PATH + "/acquisition/nope", 404],
      [STORE_PATH, 200],
    ]);
    assert.deepEqual(await s.list!("nope/deeper"), { keys: [], prefixes: [] });
    assert.equal(server.stats.total, 3); // the root is asked only once
    // A key is not a folder.
    assert.deepEqual(await s.list!(".zgroup"), { keys: [], prefixes: [] });
  });

  it("throws a StoreError suggesting consolidated metadata when the server shows no index", async () => {
    server.directoryListing = "none";
    const s = open();
    await assert.rejects(s.list!(""), cannotList(""));
    await assert.rejects(s.list!("acquisition"), cannotList("acquisition"));
    await assert.rejects(s.list!("acquisition"), (e: unknown) => e instanceof Error && e.message.includes(`${server.url}${STORE_PATH}/acquisition/`));
  });

  it("throws the same error for 403 and for answers that are not an index", async () => {
    server.failNext(1, 403);
    await assert.rejects(open().list!("acquisition"), (e: unknown) => cannotList("acquisition")(e) && /HTTP 403/.test((e as Error).message));
    server.failNext(1, 200); // 200 with a plain-text body
    await assert.rejects(open().list!(""), (e: unknown) => cannotList("")(e) && /not a directory index/.test((e as Error).message));
  });

  it("has no list method with listing: 'none'", async () => {
    const none = open({ listing: "none" });
    assert.equal("list" in none, false);
    assert.equal(typeof (none as ReadableStore).list, "undefined");
    assert.equal(none.listing, "none");
    assert.equal(typeof open().list, "function");
    assert.throws(() => open({ listing: "yes" as never }), /listing must be/);
  });

  it("tells the size of a key", async () => {
    const s = open();
    assert.equal(await s.size(".zattrs"), (await local.get(".zattrs"))!.length);
    assert.equal(await s.size("nope"), undefined);
  });
});

describe("HttpStore.list against Python's http.server", () => {
  let child: ChildProcess;
  let url: string;
  before(async () => {
    child = spawn("python3", ["-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory", FIXTURES, "0"], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    let out = "";
    child.stdout!.setEncoding("utf8");
    const port = await new Promise<string>((ok, fail) => {
      child.stdout!.on("data", (d: string) => {
        out += d;
        const m = /port (\d+)/.exec(out);
        if (m) ok(m[1]);
      });
      child.once("exit", (code) => fail(new Error(`python3 http.server exited with ${code}`)));
    });
    url = `http://127.0.0.1:${port}${STORE_PATH}`;
  });
  after(async () => {
    child.kill();
    if (child.exitCode === null) await once(child, "exit");
  });

  it("lists folders from its HTML pages exactly as the local store does", async () => {
    const s = new HttpStore(url);
    assert.deepEqual(await s.list!(""), await local.list(""));
    assert.deepEqual(await s.list!("units"), await local.list("units"));
    assert.deepEqual(await walk(s, "general"), await walk(local, "general"));
  });
});
