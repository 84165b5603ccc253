/**
 * HttpStore body limits: `maxResponseBytes` and a reader's own limit (`get(key, { limit })`) are
 * counted after Content-Encoding is undone, refuse with a StoreError naming the URL and the option,
 * and are never retried; a server without Range support costs only the asked bytes.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { after, before, describe, it } from "node:test";
import { InvalidArgumentError, StoreError } from "../../../src/errors.js";
import { HttpStore } from "../../../src/store/http.js";
import { FIXTURES_DIR } from "../../helpers/fixture-paths.js";
import { startMemoryServer, type MemoryServer } from "../bad-input/memory-server.js";

const STORE_PATH = "/zarr-v2/zarr_tutorial.nwb.zarr";
const ZMETA = readFileSync(join(FIXTURES_DIR, STORE_PATH, ".zmetadata"));

describe("HttpStore body limits", () => {
  let server: MemoryServer;
  before(async () => {
    server = await startMemoryServer(FIXTURES_DIR, {
      "/encoded/doc.json": { data: gzipSync(ZMETA), headers: { "content-encoding": "gzip" } },
      "/plain/no-range": { data: ZMETA }, // answers 200 with the whole body, Range or not
    });
  });
  after(() => server.close());

  it("refuses a maxResponseBytes that is not a whole number of bytes >= 1", () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => new HttpStore(server.url, { maxResponseBytes: bad }), InvalidArgumentError);
    }
  });

  it("refuses a body past maxResponseBytes, naming the URL and the option, without retrying", async () => {
    const store = new HttpStore(server.url + STORE_PATH, { maxResponseBytes: 100, backoffMs: 1 });
    await assert.rejects(store.get(".zmetadata"), (e: unknown) =>
      e instanceof StoreError && e.path === ".zmetadata" && e.message.includes(`${server.url}${STORE_PATH}/.zmetadata`) &&
      /\(its Content-Length\), more than 100 bytes \(the limit set by maxResponseBytes/.test(e.message));
    assert.equal(server.count(`${STORE_PATH}/.zmetadata`), 1);
  });

  it("applies the tighter of the store's limit and the reader's", async () => {
    const store = new HttpStore(server.url + STORE_PATH);
    await assert.rejects(store.get(".zmetadata", { limit: { bytes: 64, option: "maxMetadataBytes" } }), /the limit set by maxMetadataBytes/);
    assert.deepEqual(await store.get(".zmetadata", { limit: { bytes: ZMETA.length, option: "maxMetadataBytes" } }), new Uint8Array(ZMETA));
  });

  it("counts a gzip-encoded body as decoded", async () => {
    const store = new HttpStore(`${server.url}/encoded`);
    assert.deepEqual(await store.get("doc.json"), new Uint8Array(ZMETA));
    const wire = gzipSync(ZMETA).length;
    await assert.rejects(store.get("doc.json", { limit: { bytes: wire + 10, option: "maxMetadataBytes" } }), (e: unknown) =>
      e instanceof StoreError && /is larger than .* \(the limit set by maxMetadataBytes; .*\); stopped reading after/.test(e.message));
  });

  it("keeps only the asked bytes of a whole body sent in answer to a Range request", async () => {
    const store = new HttpStore(`${server.url}/plain`);
    assert.deepEqual(await store.getRange("no-range", 100, 50), new Uint8Array(ZMETA.subarray(100, 150)));
    assert.deepEqual(await store.getRange("no-range", ZMETA.length - 5, 50), new Uint8Array(ZMETA.subarray(ZMETA.length - 5)));
    assert.deepEqual(await store.getRange("no-range", ZMETA.length + 5, 50), new Uint8Array(0));
    assert.deepEqual(await store.getRange("no-range", -20, 5), new Uint8Array(ZMETA.subarray(ZMETA.length - 20, ZMETA.length - 15)));
  });
});
