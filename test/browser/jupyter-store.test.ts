/**
 * JupyterStore against a real Jupyter server (the one the browser tests start), run from Node with
 * explicit server settings: keys through /files/ with the token, byte ranges (206), a missing
 * chunk as undefined (404), sizes, listing through the contents API, Zarr v2's dot files (served
 * by the configuration `install-lab --allow-hidden` wrote, no command-line flag), and what the
 * server has at a store's path.
 */
import assert from "node:assert/strict";
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { ServerConnection } from "@jupyterlab/services";
import { JupyterStore, serverPath } from "../../src/extension/jupyter-store.js";
import { labPerFile } from "./lab.js";
import { FIXTURE_V2, writeChunked } from "./stores.js";


const session = labPerFile(async (contents) => {
    await writeChunked(join(contents, "data", "chunked.zarr"));
    cpSync(FIXTURE_V2, join(contents, "data", "ecephys.nwb.zarr"), { recursive: true });
  });
const skipped = (t: TestContext) => session.skipped(t);

function store(path: string, token = session.lab.token): JupyterStore {
  const serverSettings = ServerConnection.makeSettings({ baseUrl: `${session.lab.url}/`, wsUrl: session.lab.url.replace("http", "ws") + "/", token });
  return new JupyterStore(path, { serverSettings });
}

describe("JupyterStore", () => {
  it("strips drive prefixes and slashes from file-browser paths", () => {
    assert.equal(serverPath("RTC:data/x.zarr/"), "data/x.zarr");
    assert.equal(serverPath("/data/x.zarr"), "data/x.zarr");
    assert.equal(serverPath("a:b/c.zarr"), "a:b/c.zarr".slice(2));
  });

  it("makes absolute paths inside the server's root relative to it", () => {
    assert.equal(serverPath("/srv/root/data/x.zarr", "/srv/root"), "data/x.zarr");
    assert.equal(serverPath("/srv/root/data/x.zarr/", "/srv/root/"), "data/x.zarr");
    assert.equal(serverPath("/root/work/x.zarr", "~/work"), "x.zarr", "a root under the home folder, as the page config names it");
    assert.equal(serverPath("/srv/root", "/srv/root"), "");
    // Not inside the root (nor a sibling sharing its name's start): read from the root, as before.
    assert.equal(serverPath("/srv/rooted/x.zarr", "/srv/root"), "srv/rooted/x.zarr");
    assert.equal(serverPath("/data/x.zarr", "/"), "data/x.zarr");
  });

  it("refuses a path that would leave /files/ ('..', encoded traversal) before any request", () => {
    const settings = ServerConnection.makeSettings({ baseUrl: "http://127.0.0.1:9/", token: "x" });
    for (const path of ["../../etc/passwd", "data/../../x.zarr", "data/%2e%2e/x.zarr", "data\\..\\x.zarr"]) {
      assert.throws(() => new JupyterStore(path, { serverSettings: settings }), /is not a path inside the Jupyter server's root/, path);
    }
    assert.equal(new JupyterStore("./data//x.zarr/", { serverSettings: settings }).path, "data/x.zarr");
  });

  it("reads keys, ranges, sizes and missing chunks through /files/", async (t) => {
    if (skipped(t)) return;
    const s = store("data/chunked.zarr");
    const disk = readFileSync(join(session.lab.contents, "data", "chunked.zarr", "signal", "c", "3"));
    assert.deepEqual(await s.get("signal/c/3"), new Uint8Array(disk));
    assert.deepEqual(await s.getRange("signal/c/3", 2, 5), new Uint8Array(disk.subarray(2, 7)));
    assert.equal(await s.getSize("signal/c/3"), disk.byteLength);
    assert.equal(await s.get("signal/c/100"), undefined, "a chunk past the grid is missing (404)");
    assert.equal(await s.has("zarr.json"), true);
    const root = JSON.parse(new TextDecoder().decode(await s.get("zarr.json")));
    assert.equal(root.zarr_format, 3);
  });

  it("lists folders through the contents API", async (t) => {
    if (skipped(t)) return;
    const s = store("data/chunked.zarr");
    assert.deepEqual(await s.list(""), { keys: ["zarr.json"], prefixes: ["grid", "signal"] });
    const chunks = await s.list("signal/c");
    assert.equal(chunks.keys.length, 100);
    assert.deepEqual(await s.list("nothing/here"), { keys: [], prefixes: [] });
  });

  it("reads and lists Zarr v2 dot files (this fixture has no .zmetadata)", async (t) => {
    if (skipped(t)) return;
    const s = store("data/ecephys.nwb.zarr");
    const zgroup = JSON.parse(new TextDecoder().decode(await s.get(".zgroup")));
    assert.equal(zgroup.zarr_format, 2);
    const listed = await s.list("");
    assert.deepEqual(listed.keys, [".zattrs", ".zgroup"]);
    assert.ok(listed.prefixes.includes("acquisition") && listed.prefixes.includes("general"));
  });

  it("tells what the server has at a store's path: a folder, a file, or nothing", async (t) => {
    if (skipped(t)) return;
    assert.equal(await store("data/ecephys.nwb.zarr").entry(), "directory");
    assert.equal(await store("data/chunked.zarr/zarr.json").entry(), "file");
    assert.equal(await store("data/no-such.zarr").entry(), "missing");
  });

  it("fails with a StoreError naming the URL without the token", async (t) => {
    if (skipped(t)) return;
    const s = store("data/chunked.zarr", "wrong-token");
    await assert.rejects(s.get("zarr.json"), (err: Error) => {
      assert.equal(err.name, "StoreError");
      assert.match(err.message, /files\/data\/chunked\.zarr/);
      assert.match(err.message, /HTTP (403|302|401)/);
      return true;
    });
  });
});
