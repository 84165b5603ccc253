/**
 * The decode pool large reads use when the caller gives none (Node only): one per process,
 * started on the first large read of the main thread, its idle workers never keeping the process
 * alive. `HDMF_ZARR_DECODE_WORKERS` sets its size (`0`: none, reads stay on the main thread);
 * the default is one worker per core, none on a single core.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { extname, join } from "node:path";
import { isMainThread } from "node:worker_threads";
import { InvalidArgumentError } from "../errors.js";
import { DecodePool } from "./decode-pool.js";

/** The environment variable that sets the default pool's size. */
export const DECODE_WORKERS_ENV = "HDMF_ZARR_DECODE_WORKERS";

let pool: DecodePool | null | undefined;

/** The number of workers the default pool gets, from the environment or the cores. */
export function defaultPoolSize(env: string | undefined = process.env[DECODE_WORKERS_ENV], cores = availableParallelism()): number {
  if (env === undefined || env === "") return cores >= 2 ? cores : 0;
  const n = Number(env);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${DECODE_WORKERS_ENV} must be a whole number >= 0, got '${env}'`);
  return n;
}

/**
 * The process's default decode pool, or undefined: in a worker thread, on a single core, when
 * turned off, or where the worker's module is not next to this one (a bundle that left it out).
 */
export function sharedDecodePool(): DecodePool | undefined {
  if (pool === undefined) {
    const size = isMainThread ? defaultPoolSize() : 0;
    const worker = join(__dirname, `decode-worker${extname(__filename)}`);
    pool = size > 0 && existsSync(worker) ? new DecodePool({ size }) : null;
  }
  return pool ?? undefined;
}
