/**
 * Starting this package's worker threads and carrying their errors back (Node only): shared by
 * the decode pool and the parallel write pool.
 */
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import * as errors from "../errors.js";
import { HdmfZarrError } from "../errors.js";

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

/**
 * A typed error of this package rebuilt from what a worker sent (its class kept when known), else
 * `fallback`. With `where` (the error's store and path, as the worker had them) the rebuilt error
 * carries them too; its message stays the worker's.
 */
export function rebuildWorkerError(name: string, message: string, fallback: (message: string) => Error, where?: errors.ErrorLocation): Error {
  const Ctor = (errors as Record<string, unknown>)[name];
  if (typeof Ctor === "function" && Ctor.prototype instanceof HdmfZarrError) {
    if (where === undefined) return new (Ctor as typeof HdmfZarrError)(message);
    const prefix = new HdmfZarrError("", where).message;
    return new (Ctor as typeof HdmfZarrError)(message.startsWith(prefix) ? message.slice(prefix.length) : message, where);
  }
  return fallback(`${name}: ${message}`);
}
