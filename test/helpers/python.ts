/**
 * The Python interpreters of the interop venvs (test/interop/setup-venvs.sh: `v3` has hdmf-zarr
 * 0.14 with Zarr v3, `v2` hdmf-zarr 0.13 with legacy Zarr v2) and running them.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "./repo-paths.js";

/** Where the venvs are: INTEROP_VENV_DIR, else .venv-interop in the repository. */
export const INTEROP_VENVS = process.env.INTEROP_VENV_DIR ?? join(REPO_ROOT, ".venv-interop");

/**
 * The interpreter of one venv (`v2`, `v3`). `fromEnv: false` ignores INTEROP_VENV_DIR and takes
 * the repository's own .venv-interop (the benchmarks' scripts look only there).
 */
export function venvPython(venv: string, options: { fromEnv?: boolean } = {}): string {
  const venvs = options.fromEnv === false ? join(REPO_ROOT, ".venv-interop") : INTEROP_VENVS;
  return join(venvs, venv, "bin", "python");
}

export interface PythonRun {
  /** Exit status; 1 when the process did not exit normally. */
  status: number;
  stdout: string;
  stderr: string;
}

export interface PythonOptions {
  cwd?: string;
  /** Variables set over this process's environment; `undefined` removes one. */
  env?: Record<string, string | undefined>;
  /** Output limit in bytes (default 64 MiB). */
  maxBuffer?: number;
  /** Kill the process after this many ms. */
  timeout?: number;
}

/** Run `python` with `args` and wait; never throws, the caller checks `status`. */
export function runPython(python: string, args: string[], options: PythonOptions = {}): PythonRun {
  let env: NodeJS.ProcessEnv | undefined;
  if (options.env) {
    env = { ...process.env };
    for (const [k, v] of Object.entries(options.env)) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
  }
  const r = spawnSync(python, args, {
    cwd: options.cwd, env, encoding: "utf8", maxBuffer: options.maxBuffer ?? 64 << 20, timeout: options.timeout,
  });
  return { status: r.status ?? 1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

export interface PythonOutputOptions extends PythonOptions {
  /** A failed run fails the test with an assertion (default) or throws an Error. */
  fail?: "assert" | "throw";
  /** The message of a failed run (default: its stderr). */
  message?: (run: PythonRun) => string;
}

/** Run `python` with `args`; its stdout. A non-zero exit fails as `fail` says. */
export function pythonOutput(python: string, args: string[], options: PythonOutputOptions = {}): string {
  const r = runPython(python, args, options);
  const message = options.message ?? ((run: PythonRun) => run.stderr);
  if (options.fail === "throw") {
    if (r.status !== 0) throw new Error(message(r));
  } else {
    assert.equal(r.status, 0, message(r));
  }
  return r.stdout;
}

/** Failure message naming the script and its arguments, with the end of stderr. */
export function scriptFailure(script: string, args: string[]): (run: PythonRun) => string {
  return (run) => `${script} ${args.join(" ")} failed:\n${run.stderr.slice(-3000)}`;
}

/** Failure message with all of stdout and stderr. */
export const fullOutput = (run: PythonRun): string => `python failed:\n${run.stdout}\n${run.stderr}`;

/** Keep Python from writing `__pycache__` folders into the repository. */
export const NO_BYTECODE = { PYTHONDONTWRITEBYTECODE: "1" };

/** One dataset as test/interop/python/iter_read.py prints it. */
export interface PythonDataset {
  shape: number[];
  dtype: string;
  chunks: number[];
  values: unknown[];
}

/** The root datasets of `store` as Python's hdmf-zarr (of the venv of `python`) reads them: name → dataset. */
export function pythonReadDatasets(python: string, store: string): Record<string, PythonDataset> {
  return JSON.parse(pythonOutput(python, [join(REPO_ROOT, "test", "interop", "python", "iter_read.py"), store]));
}

/** PYTHONPATH for an nwbinspector installed apart from the venv (INTEROP_NWBINSPECTOR_PATH), when set. */
export const NWBINSPECTOR_ENV: Record<string, string> = process.env.INTEROP_NWBINSPECTOR_PATH ? { PYTHONPATH: process.env.INTEROP_NWBINSPECTOR_PATH } : {};
