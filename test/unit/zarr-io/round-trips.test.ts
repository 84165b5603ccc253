/**
 * How many round trips opening a file takes: requests issued together are one round, so a remote
 * store's latency is paid once per round. The store below holds every request until the reader
 * has issued all it can without an answer, then answers them together and counts one round (no
 * clock involved: a round ends when the event loop has nothing else to run).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { LocalStore, type ReadableStore } from "../../../src/store/index.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { readSpecCache } from "../../../src/format/spec-cache.js";
import { ECEPHYS_FIXTURE } from "../../helpers/fixture-paths.js";

/** A read-only view of `inner` that answers requests in rounds and counts them. */
function roundCounting(inner: ReadableStore): { store: ReadableStore; rounds(): number; requests(): number } {
  let rounds = 0;
  let requests = 0;
  let waiting: { call: () => Promise<unknown>; settle: (r: PromiseSettledResult<unknown>) => void }[] = [];
  const enqueue = <T>(call: () => Promise<T>): Promise<T> => {
    requests++;
    if (waiting.length === 0) {
      // The round closes once everything already runnable has run (setImmediate comes after the
      // microtasks); its answers are all delivered at once, as a latency-bound server would.
      setImmediate(async () => {
        rounds++;
        const round = waiting;
        waiting = [];
        const results = await Promise.allSettled(round.map((r) => r.call()));
        round.forEach((r, i) => r.settle(results[i]));
      });
    }
    return new Promise<T>((resolve, reject) => waiting.push({
      call,
      settle: (r) => (r.status === "fulfilled" ? resolve(r.value as T) : reject(r.reason)),
    }));
  };
  const store: ReadableStore = {
    description: inner.description,
    get: (key, options) => enqueue(() => inner.get(key, options)),
    getRange: (key, offset, length) => enqueue(() => inner.getRange!(key, offset, length)),
    list: (prefix) => enqueue(() => inner.list!(prefix)),
  };
  return { store, rounds: () => rounds, requests: () => requests };
}

test("a Zarr v2 node's three metadata documents are requested in one round", async () => {
  const counted = roundCounting(new LocalStore(ECEPHYS_FIXTURE));
  const h = await ZarrHierarchy.open(counted.store, { consolidated: false });
  const before = { rounds: counted.rounds(), requests: counted.requests() };
  const node = await h.getNode("acquisition");
  assert.equal(node?.nodeType, "group");
  assert.equal(counted.requests() - before.requests, 3, ".zattrs, .zarray and .zgroup");
  assert.equal(counted.rounds() - before.rounds, 1);
});

test("the spec cache is read in rounds set by its depth, not by its number of documents", async () => {
  const counted = roundCounting(new LocalStore(ECEPHYS_FIXTURE));
  const h = await ZarrHierarchy.open(counted.store, { consolidated: false });
  const before = counted.rounds();
  const cache = await readSpecCache(h);
  const documents = [...cache.values()].flatMap((versions) => [...versions.values()]).reduce((n, docs) => n + Object.keys(docs).length, 0);
  assert.deepEqual([...cache.keys()].sort(), ["core", "hdmf-common", "hdmf-experimental"]);
  assert.ok(documents >= 20, `${documents} cached documents`);
  const rounds = counted.rounds() - before;
  // specifications → namespaces → versions → documents, each level a listing and its nodes' metadata,
  // then the documents' chunks: about two rounds a level, whatever the number of documents.
  console.log(`spec cache: ${rounds} rounds, ${documents} documents`);
  assert.ok(rounds <= 10, `${rounds} rounds for ${documents} documents (one per document would be ${documents}+)`);
});
