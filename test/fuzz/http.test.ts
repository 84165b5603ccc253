/**
 * Fuzz: HttpStore against a local HTTP server answering with random statuses, headers (lying
 * Content-Length, Content-Encoding, Content-Range, chunked framing) and bodies (targets/http.ts),
 * in a child process bounded in time and memory.
 */
import assert from "node:assert/strict";
import { createServer, type AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { StoreError } from "../../src/errors.js";
import { HttpStore } from "../../src/store/http.js";
import { answer, type Reply } from "./targets/http.js";
import { selected } from "./budget.js";
import { runBatch, testTimeout } from "./harness.js";

const RUNS = 500;

describe("fuzz: HTTP responses", () => {
  it("every call answers a value of the right size, or a typed error", { skip: !selected("http"), timeout: testTimeout(RUNS, 100) }, async (t) => {
    await runBatch(t, { target: "http", ciRuns: RUNS, runTimeoutMs: 10_000, stallMs: 20_000 });
  });
});

describe("HTTP responses found by the fuzz", () => {
  it("a gzip body that is not gzip, without Content-Length, on a closed connection, fails within the time-out", { timeout: 20_000 }, async () => {
    // Found by the fuzz (seed 7): the body read never settled, even after the time-out aborted the request.
    const reply: Reply = { status: 200, length: "none", encoding: "gzip-garbage", range: "none", chunked: "no", body: Uint8Array.of(0, 0), cut: false };
    const server = createServer((socket) => {
      socket.on("error", () => undefined);
      socket.once("data", (data) => socket.end(answer(reply, data.toString("latin1"))));
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    try {
      const store = new HttpStore(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { retries: 1, backoffMs: 1, timeoutMs: 1_000 });
      const t0 = Date.now();
      await assert.rejects(store.get("k"), StoreError);
      assert.ok(Date.now() - t0 < 10_000, `failed after ${Date.now() - t0} ms`);
    } finally {
      server.close();
    }
  });
});
