/**
 * A reference file on the Jupyter server, read as the store browser reads it (from Node, with a
 * real HTTP server standing in for the server's `/files/`): references relative to the file, or
 * absolute paths inside the server's root (`~/…` roots too), are read with Range requests; a path
 * outside the root, and a server that answers ranges with whole files, are typed errors that name
 * the file and the key, and nothing outside is fetched.
 */
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ServerConnection } from "@jupyterlab/services";
import { ReferenceFileError } from "../../../src/errors.js";
import { RangesNotServedError } from "../../../src/extension/jupyter-store.js";
import { OutsideServerRootError, serverReferenceStore } from "../../../src/extension/reference-source.js";
import { startHttpServer, type TestHttpServer } from "../../helpers/http-server.js";
import { removeFolder, tempFolder } from "../../helpers/temp-folders.js";

const BYTES = Uint8Array.from({ length: 64 }, (_, i) => (i * 7) % 256);
let root: string;
let server: TestHttpServer;

/** A kerchunk file with one key `x/0`: 16 bytes at offset 8 of `url`. */
function referenceFile(name: string, url: string): void {
  const refs = { ".zgroup": '{"zarr_format":2}', "x/0": [url, 8, 16] };
  writeFileSync(join(root, "files", "data", name), JSON.stringify({ version: 1, refs }));
}

function settings(): ServerConnection.ISettings {
  return ServerConnection.makeSettings({ baseUrl: `${server.url}/`, token: "t" });
}

before(async () => {
  root = tempFolder("hdmf-zarr-reference-source");
  mkdirSync(join(root, "files", "data"), { recursive: true });
  writeFileSync(join(root, "files", "data", "session.nwb"), BYTES);
  referenceFile("relative.json", "session.nwb");
  referenceFile("absolute.json", "/srv/root/data/session.nwb");
  referenceFile("home.json", "/home/me/work/data/session.nwb");
  referenceFile("outside.json", "/srv/other/session.nwb");
  server = await startHttpServer(root);
});
after(async () => {
  await server.close();
  removeFolder(root);
});

describe("serverReferenceStore", () => {
  for (const [file, serverRoot] of [["relative.json", "/srv/root"], ["relative.json", "~/work"], ["absolute.json", "/srv/root"], ["home.json", "~/work"]]) {
    it(`reads ${file}'s reference under the root ${serverRoot} by a Range request to /files/`, async () => {
      server.stats.reset();
      const store = serverReferenceStore(`data/${file}`, serverRoot, settings());
      assert.deepEqual(await store.get("x/0"), BYTES.subarray(8, 24));
      const reads = server.stats.log.filter((r) => r.path === "/files/data/session.nwb");
      assert.deepEqual(reads.map((r) => [r.method, r.range, r.status]), [["GET", "bytes=8-23", 206]]);
    });
  }

  it("refuses a local file outside the server's root, naming the file and the key, without a request for it", async () => {
    server.stats.reset();
    const store = serverReferenceStore("data/outside.json", "/srv/root", settings());
    const err = await store.get("x/0").then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ReferenceFileError && err.cause instanceof OutsideServerRootError, String(err));
    assert.match(err.message, /'x\/0'.*'\/srv\/root\/data\/outside\.json'.*'\/srv\/other\/session\.nwb'.*outside the Jupyter server's root \(\/srv\/root\)/);
    assert.deepEqual(server.stats.log.map((r) => r.path), ["/files/data/outside.json"]);
  });

  it("refuses a whole file sent for a Range request instead of reading it", async () => {
    server.ignoreRange = true;
    try {
      const store = serverReferenceStore("data/relative.json", "/srv/root", settings());
      const err = await store.get("x/0").then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof ReferenceFileError && err.cause instanceof RangesNotServedError, String(err));
      assert.match(err.message, /files\/data\/session\.nwb.*answered a Range request with the whole file/);
    } finally {
      server.ignoreRange = false;
    }
  });
});
