/**
 * Starting this package's worker threads and carrying their errors back (Node only): shared by
 * the decode pool and the parallel write pool.
 */
import { join } from "node:path";
import { Worker } from "node:worker_threads";

/** Shared with the browser decode pool, which cannot load this Node-only file. */
export { rebuildWorkerError } from "./worker-error.js";

/**
 * Start the worker module `name` of folder `dir` (pass `__dirname`). From the build: the compiled
 * file. From the TypeScript sources (tsx), the worker needs tsx too, and on Node 20 `--import tsx`
 * alone does not reach a worker's entry file, so the entry is a small script that registers tsx's
 * require hook first.
 */
export function startPackageWorker(dir: string, name: string, isSource: boolean): Worker {
  if (!isSource) return new Worker(join(dir, `${name}.js`));
  const code = `require(${JSON.stringify(require.resolve("tsx/cjs"))}); require(${JSON.stringify(join(dir, `${name}.ts`))});`;
  return new Worker(code, { eval: true, execArgv: ["--import", "tsx"] });
}
