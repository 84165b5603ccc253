/**
 * A watched response (`watchedResponse`, used by JupyterStore for the root zarr.json): its watcher
 * sees every piece of the body in order and then its end, the reader still gets the whole body
 * under its cap, and a watcher that fails leaves the read as it was.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StoreError } from "../../../src/errors.js";
import { readCapped } from "../../../src/store/capped-read.js";
import { watchedResponse, watchesReads, type BodyWatcher } from "../../../src/extension/provider/watched-reads.js";

/** A 200 response whose body arrives in `pieces`. */
function responseOf(pieces: number[][]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const p of pieces) controller.enqueue(new Uint8Array(p));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
}

describe("watched reads", () => {
  it("passes each piece and the end to the watcher; the reader gets the whole body", async () => {
    const seen: number[][] = [];
    let ended = 0;
    const watcher: BodyWatcher = { piece: (b) => void seen.push([...b]), end: () => void ended++ };
    const res = watchedResponse(responseOf([[1, 2], [3], [4, 5, 6]]), watcher);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/json");
    const body = await readCapped(res.body, 100, () => new Error("over"));
    assert.deepEqual([...body], [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(seen, [[1, 2], [3], [4, 5, 6]]);
    assert.equal(ended, 1);
  });

  it("keeps the reader's cap: a body over it fails as before, and the watcher sees no end", async () => {
    let ended = false;
    const res = watchedResponse(responseOf([[1, 2, 3], [4, 5, 6]]), { piece: () => undefined, end: () => void (ended = true) });
    await assert.rejects(readCapped(res.body, 4, (seen) => new StoreError(`sent ${seen} bytes or more`, { store: "s" })), /sent 6 bytes or more/);
    assert.equal(ended, false);
  });

  it("a watcher that throws is dropped; the read goes on", async () => {
    let calls = 0;
    const res = watchedResponse(responseOf([[1], [2], [3]]), { piece: () => { calls++; throw new Error("bad watcher"); }, end: () => assert.fail("no end after a failure") });
    assert.deepEqual([...(await readCapped(res.body, 10, () => new Error("over")))], [1, 2, 3]);
    assert.equal(calls, 1);
  });

  it("tells stores that can be watched", () => {
    assert.equal(watchesReads({ watchReads: () => () => undefined }), true);
    assert.equal(watchesReads({ get: async () => undefined }), false);
    assert.equal(watchesReads(undefined), false);
  });
});
