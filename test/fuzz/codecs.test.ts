/**
 * Fuzz: every codec's decoder on damaged and random chunks (targets/codecs.ts), in a child
 * process bounded in time and memory; with the native and the WebAssembly codec back ends.
 */
import { describe, it } from "node:test";
import { selected } from "./budget.js";
import { runBatch, testTimeout } from "./harness.js";

const RUNS = 800;

describe("fuzz: codec decoders", () => {
  it("damaged chunks decode to a chunk of the right shape or a typed error (default back ends)", { skip: !selected("codecs"), timeout: testTimeout(RUNS) }, async (t) => {
    await runBatch(t, { target: "codecs", ciRuns: RUNS });
  });
  it("the same with the WebAssembly back ends (HDMF_ZARR_CODECS=wasm)", { skip: !selected("codecs"), timeout: testTimeout(RUNS) }, async (t) => {
    await runBatch(t, { target: "codecs", ciRuns: RUNS, env: { HDMF_ZARR_CODECS: "wasm" } });
  });
});
