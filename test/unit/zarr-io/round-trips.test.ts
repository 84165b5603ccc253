/**
 * How many round trips opening a file takes: requests issued together are one round, so a remote
 * store's latency is paid once per round. The store below holds every request until the reader
 * has issued all it can without an answer, then answers them together and counts one round (no
 * clock involved: a round ends when the event loop has nothing else to run).
 */
import { join } from "node:path";
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { LocalStore, type ReadableStore } from "../../../src/store/index.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { readSpecCache } from "../../../src/format/spec-cache.js";
import { GroupBuilder } from "../../../src/format/builders.js";
import { walkBuilders } from "../../../src/format/walk-builders.js";
import { loadNwbTypes, NWBFile, NWBZarrIO, TimeSeries } from "../../../src/nwb/index.js";
import { ECEPHYS_FIXTURE, ZARR_TUTORIAL_FIXTURE } from "../../helpers/fixture-paths.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const tmp = tempFolders("hdmf-zarr-round-trips");
after(() => tmp.cleanup());

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

test("a consolidated Zarr v2 store opens in one round: zarr.json and .zmetadata are asked for at once", async () => {
  const counted = roundCounting(new LocalStore(ZARR_TUTORIAL_FIXTURE));
  const h = await ZarrHierarchy.open(counted.store);
  assert.equal(h.format, 2);
  assert.equal(h.isConsolidated, true);
  assert.deepEqual([counted.rounds(), counted.requests()], [1, 2]);
});

test("a file without consolidated metadata is read in rounds set by its depth, not by its number of groups", async () => {
  const counted = roundCounting(new LocalStore(ECEPHYS_FIXTURE));
  const io = new NWBZarrIO(counted.store, "r");
  const nwbfile = await io.read<NWBFile>();
  assert.equal(nwbfile.identifier, "EXAMPLE_ID");
  const root = await io.readBuilder();
  const groups = [...walkBuilders(root)].filter((b) => b instanceof GroupBuilder);
  const depth = Math.max(...[...walkBuilders(root)].map((b) => b.path.split("/").length - 1));
  const rounds = counted.rounds();
  // Two rounds a level (a listing, then its nodes' documents) for the tree and, beside it, for the
  // spec cache; then the values read to build the objects.
  console.log(`ecephys without .zmetadata: ${rounds} rounds, ${counted.requests()} requests, ${groups.length} groups, depth ${depth}`);
  assert.ok(groups.length >= 20, `${groups.length} groups`);
  assert.ok(rounds <= 2 * depth + 6, `${rounds} rounds for depth ${depth} (${groups.length} groups)`);
  await io.close();
});

for (const zarrFormat of [3, 2] as const) {
  test(`an NWB file written here (Zarr v${zarrFormat}, consolidated) is read in three rounds: root documents, spec cache, values`, async () => {
    await loadNwbTypes();
    const path = join(tmp.make(), "demo.nwb.zarr");
    const file = new NWBFile({ identifier: "three-rounds", sessionDescription: "rounds", sessionStartTime: new Date("2024-01-02T03:04:05Z") });
    file.addAcquisition(new TimeSeries({ name: "trace", data: [1, 2, 3], unit: "V", rate: 10 }));
    await new NWBZarrIO(path, "w", { zarrFormat }).write(file);
    const counted = roundCounting(new LocalStore(path));
    const read = await new NWBZarrIO(counted.store, "r").read<NWBFile>();
    assert.equal(read.identifier, "three-rounds");
    assert.equal(read.acquisition.get("trace", TimeSeries).rate, 10);
    assert.equal(counted.rounds(), 3, `${counted.requests()} requests`);
  });
}
