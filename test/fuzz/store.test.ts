/**
 * Fuzz: whole files read through ZarrIO (targets/store.ts) with damaged metadata documents
 * (v2 .zarray/.zattrs/.zgroup/.zmetadata, v3 zarr.json) and damaged files of any kind, in both
 * read modes; each batch in a child process bounded in time and memory. The outcomes must
 * include successful reads and typed errors of several kinds, so the damage reaches every layer.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isLongRun, runsFor, selected } from "./budget.js";
import { runBatch, testTimeout } from "./harness.js";

const RUNS = { metadata: 500, store: 500 };

describe("fuzz: whole files with damaged metadata and chunks", { concurrency: 1 }, () => {
  it("damaged metadata documents read, or fail with a typed error naming the store and node", { skip: !selected("metadata"), timeout: testTimeout(RUNS.metadata, 200) }, async (t) => {
    const result = await runBatch(t, { target: "metadata", ciRuns: RUNS.metadata });
    if (runsFor(RUNS.metadata) >= 100 || isLongRun()) {
      assert.ok((result.outcomes.ok ?? 0) > 0, "some damaged files still read");
      assert.ok((result.outcomes.MetadataError ?? 0) > 0, "some reads fail with MetadataError");
    }
  });
  it("damaged files of any kind read, or fail with a typed error naming the store and node", { skip: !selected("store"), timeout: testTimeout(RUNS.store, 200) }, async (t) => {
    const result = await runBatch(t, { target: "store", ciRuns: RUNS.store });
    if (runsFor(RUNS.store) >= 100 || isLongRun()) {
      assert.ok((result.outcomes.ok ?? 0) > 0, "some damaged files still read");
      for (const cls of ["MetadataError", "ChunkDecodeError"]) assert.ok((result.outcomes[cls] ?? 0) > 0, `some reads fail with ${cls}`);
    }
  });
});
