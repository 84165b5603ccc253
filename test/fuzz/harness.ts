/**
 * Parent side of the fuzz suite: runs one property batch (a fast-check `fc.assert`) in a child
 * process started by the bad-input harness (test/unit/bad-input-isolated.ts), with a time bound,
 * a watchdog per run, a heap cap and a bound on the child's peak resident memory. A failure —
 * a counterexample, a run that hangs, a child that dies — is reported with the seed and the
 * fast-check path that replays it (`FUZZ_SEED=… FUZZ_PATH=…`).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { startChild, stderrTail, stopChild } from "../unit/bad-input/isolated.js";
import { pathFor, runsFor, seedFor, type BatchArgs } from "./budget.js";

/** What the child posts. */
export type FuzzMessage =
  | { type: "start"; id: number }
  | {
      type: "result";
      failed: boolean;
      /** fast-check's report: seed, path, counterexample, the error. */
      report: string;
      seed: number;
      numRuns: number;
      /** How the runs ended: "ok", or the name of the typed error. */
      outcomes: Record<string, number>;
      /** Peak resident memory of the child, MiB (process.resourceUsage().maxRSS). */
      rssMiB: number;
      ms: number;
    };

export interface BatchOptions {
  /** Target name (test/fuzz/targets.ts). */
  target: string;
  /** Runs in CI; FUZZ_RUNS overrides. */
  ciRuns: number;
  /** A run that makes no progress for this long is a hang. */
  stallMs?: number;
  /** Per-run time-out inside the child. */
  runTimeoutMs?: number;
  /** Peak resident memory allowed to the child, MiB. */
  rssMiB?: number;
  /** Heap cap of the child, MiB. */
  heapMiB?: number;
  env?: Record<string, string>;
  extra?: Record<string, unknown>;
}

export interface BatchResult {
  seed: number;
  numRuns: number;
  outcomes: Record<string, number>;
  rssMiB: number;
  ms: number;
}

const CHILD = join(__dirname, "child.ts");

/** Run a target's property batch in a child; fails the test on a counterexample, hang, crash or memory overrun. */
export async function runBatch(t: TestContext, options: BatchOptions): Promise<BatchResult> {
  const seed = seedFor();
  const args: BatchArgs = {
    seed,
    runs: runsFor(options.ciRuns),
    path: pathFor(),
    runTimeoutMs: options.runTimeoutMs ?? 5_000,
    rssMiB: options.rssMiB ?? 400,
    extra: options.extra,
  };
  const stallMs = options.stallMs ?? 15_000;
  const replay = (id?: number) =>
    `replay with FUZZ_TARGET=${options.target} FUZZ_SEED=${seed}${id === undefined ? "" : ` FUZZ_PATH=${id}`}` +
    `${Object.keys(options.env ?? {}).length ? " " + Object.entries(options.env!).map(([k, v]) => `${k}=${v}`).join(" ") : ""}`;
  const message = await new Promise<FuzzMessage & { type: "result" }>((resolve, reject) => {
    const child = startChild(options.target, args, { module: CHILD, env: options.env, heapMiB: options.heapMiB ?? 512 });
    let current: number | undefined;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (error?: Error, result?: FuzzMessage & { type: "result" }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stopChild(child);
      if (error) reject(error);
      else resolve(result!);
    };
    // The first run also pays for starting the child and building the inputs.
    const arm = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(
        () => finish(new Error(`${options.target}: run ${current ?? "(set-up)"} made no progress for ${ms} ms (a hang); ${replay(current)}`)),
        ms,
      );
    };
    child.on("message", (m: FuzzMessage) => {
      if (m.type === "start") {
        current = m.id;
        arm(stallMs);
      } else finish(undefined, m);
    });
    child.on("error", (e) => finish(new Error(`${options.target}: child error ${e.message}; ${replay(current)}`)));
    // A result posted just before a normal exit may arrive after the exit event: give it a moment.
    child.on("exit", (code, signal) => setTimeout(() =>
      finish(new Error(`${options.target}: child died at run ${current} (code ${code}, signal ${signal}): ${stderrTail(child)}; ${replay(current)}`)),
    code === 0 ? 200 : 0));
    arm(stallMs * 3);
  });
  const kinds = Object.entries(message.outcomes).map(([k, v]) => `${k} ${v}`).join(", ");
  t.diagnostic(`${options.target}: seed ${message.seed}, ${message.numRuns} runs in ${message.ms} ms, peak RSS ${message.rssMiB} MiB: ${kinds}`);
  assert.ok(!message.failed, `${options.target}: ${message.report}\n${replay()} (FUZZ_PATH as printed above)`);
  const bound = options.rssMiB ?? 400;
  assert.ok(message.rssMiB < bound, `${options.target}: peak RSS ${message.rssMiB} MiB, bound ${bound} MiB; ${replay()}`);
  return { seed: message.seed, numRuns: message.numRuns, outcomes: message.outcomes, rssMiB: message.rssMiB, ms: message.ms };
}

/** Time-out of a test that runs `ciRuns` (scaled when FUZZ_RUNS asks for more). */
export function testTimeout(ciRuns: number, msPerRun = 50): number {
  return 120_000 + runsFor(ciRuns) * msPerRun;
}
