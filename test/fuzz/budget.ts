/**
 * How much each fuzz target runs, and with which seed. The CI budget is small (the whole suite
 * takes well under a minute on two cores); `FUZZ_RUNS` (or `npm run fuzz -- --runs N`) asks for
 * more. `FUZZ_SEED` and `FUZZ_PATH` replay a reported failure; `FUZZ_TARGET` runs one target only.
 */

/** Options of one property batch, as the child receives them. */
export interface BatchArgs {
  seed: number;
  runs: number;
  /** fast-check replay path of a reported failure ("12:0:3"), or a run number ("12") to start at. */
  path?: string;
  /** Per-run time-out inside the child (an async run that never settles fails the property). */
  runTimeoutMs: number;
  /** Resident-memory bound checked after every run, MiB. */
  rssMiB: number;
  /** Target-specific settings. */
  extra?: Record<string, unknown>;
}

const env = process.env;

/** Runs for a target: FUZZ_RUNS when set, else the target's CI budget. */
export function runsFor(ciRuns: number): number {
  const n = Number(env.FUZZ_RUNS);
  return Number.isSafeInteger(n) && n > 0 ? n : ciRuns;
}

/** The seed of the CI budget: fixed, so that the test run is the same on every machine. */
export const CI_SEED = 20261207;

/**
 * The seed: FUZZ_SEED when set; else, for a longer run (FUZZ_RUNS), a fresh one, printed with every
 * result so that any run can be replayed; else the fixed CI seed.
 */
export function seedFor(): number {
  const n = Number(env.FUZZ_SEED);
  if (env.FUZZ_SEED !== undefined && Number.isSafeInteger(n)) return n;
  return env.FUZZ_RUNS !== undefined ? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0 : CI_SEED;
}

/** Replay path (FUZZ_PATH), if any. */
export function pathFor(): string | undefined {
  return env.FUZZ_PATH || undefined;
}

/** Whether `target` runs in this process (FUZZ_TARGET narrows to one or a comma-separated few). */
export function selected(target: string): boolean {
  const only = env.FUZZ_TARGET;
  return !only || only.split(",").map((s) => s.trim()).includes(target);
}

/** True when a longer run than the CI budget was asked for. */
export function isLongRun(): boolean {
  return env.FUZZ_RUNS !== undefined;
}
