/**
 * Rebuilding a typed error from what a worker sent (its class name and message). Nothing here is
 * Node-only: the Node pools (worker-start.ts) and the browser decode pool share it.
 */
import * as errors from "../errors.js";
import { HdmfZarrError } from "../errors.js";

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
