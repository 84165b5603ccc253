/**
 * HttpStore's two bounds on requests in flight: bulk reads (16 by default) and small ones
 * (metadata documents, listings, reads of at most 1 MiB; 128 by default), which halve when the
 * server pushes back and grow again by one per answer.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { InvalidArgumentError } from "../../../src/errors.js";
import { HttpStore } from "../../../src/store/http.js";
import { startHttpServer, type TestHttpServer } from "../../helpers/http-server.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const tmp = tempFolders("hdmf-zarr-http-concurrency");
const KEYS = Array.from({ length: 100 }, (_, i) => `doc${i}.json`);

describe("HttpStore requests in flight", () => {
  let server: TestHttpServer;
  before(async () => {
    const dir = tmp.make();
    for (const key of KEYS) writeFileSync(join(dir, key), JSON.stringify({ key }));
    // Long enough that 100 requests sent together all arrive before the first answer, even on a
    // machine running the whole suite (150 ms was not: 67 of 100 arrived in time there).
    server = await startHttpServer(dir, { delayMs: 1_000 });
  });
  after(async () => {
    await server.close();
    tmp.cleanup();
  });

  /** How many requests went out before the first answer came back. */
  const firstRound = () => server.stats.log.filter((r) => r.round === 1).length;

  it("sends 100 metadata reads at once, and bulk reads 16 at a time", async () => {
    const store = new HttpStore(server.url);
    server.stats.reset();
    const docs = await Promise.all(KEYS.map((key) => store.get(key, { metadata: true })));
    assert.equal(new TextDecoder().decode(docs[99]), '{"key":"doc99.json"}');
    assert.deepEqual([firstRound(), server.stats.rounds], [100, 1]);

    server.stats.reset();
    await Promise.all(KEYS.slice(0, 40).map((key) => store.get(key)));
    assert.deepEqual([firstRound(), server.stats.rounds], [16, 3]);

    // A read whose limit is at most 1 MiB is small whatever it holds.
    server.stats.reset();
    await Promise.all(KEYS.slice(0, 40).map((key) => store.get(key, { limit: { bytes: 4096 } })));
    assert.deepEqual([firstRound(), server.stats.rounds], [40, 1]);
  });

  it("halves the small requests' limit each time the server pushes back, then raises it by one per answer", async () => {
    const store = new HttpStore(server.url, { backoffMs: 0 });
    server.failNext(2, 503);
    assert.ok(await store.get(KEYS[0], { metadata: true }));
    // 128 → 64 → 32 after the two 503 answers, 33 after the answer that followed.
    server.stats.reset();
    await Promise.all(KEYS.map((key) => store.get(key, { metadata: true })));
    assert.equal(firstRound(), 33);
    assert.ok(server.stats.rounds >= 2, `${server.stats.rounds} rounds`);
  });

  it("refuses a metadataConcurrency below 1 or above 1024", () => {
    assert.throws(() => new HttpStore(server.url, { metadataConcurrency: 0 }), InvalidArgumentError);
    assert.throws(() => new HttpStore(server.url, { metadataConcurrency: 2000 }), /at most 1024, got 2000/);
    assert.equal(new HttpStore(server.url, { metadataConcurrency: 8 }).readConcurrency, 32);
  });
});
