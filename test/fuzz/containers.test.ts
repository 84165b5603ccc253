/**
 * Fuzz: the safe unpickler (targets/pickle.ts), sharding indexes (targets/sharding.ts) and zip
 * archives (targets/zip.ts), each batch in a child process bounded in time and memory.
 */
import { describe, it } from "node:test";
import { selected } from "./budget.js";
import { runBatch, testTimeout } from "./harness.js";

const RUNS = { pickle: 800, sharding: 800, zip: 600 };

describe("fuzz: pickle streams, shard indexes, zip archives", { concurrency: 1 }, () => {
  it("mutated pickle streams decode to the items or fail with a typed error", { skip: !selected("pickle"), timeout: testTimeout(RUNS.pickle) }, async (t) => {
    await runBatch(t, { target: "pickle", ciRuns: RUNS.pickle });
  });
  it("shards with damaged indexes decode to the shard or fail with a typed error", { skip: !selected("sharding"), timeout: testTimeout(RUNS.sharding) }, async (t) => {
    await runBatch(t, { target: "sharding", ciRuns: RUNS.sharding });
  });
  it("zip archives with damaged directories and headers list and read, or fail with a typed error", { skip: !selected("zip"), timeout: testTimeout(RUNS.zip) }, async (t) => {
    await runBatch(t, { target: "zip", ciRuns: RUNS.zip });
  });
});
