/**
 * The typed NWB classes learn their members from the bundled core schema, which is read from disk
 * asynchronously: `loadNwbTypes()` does it once per process (NWBZarrIO does it for reads and
 * writes). Building NWB objects in code needs it first, so constructors check (spec-check.ts).
 */
import { loadBundledTypeMap } from "../build/bundled.js";
import type { TypeMap } from "../build/type-map.js";
import { registerNwbClasses } from "./register.js";

let loaded: Promise<TypeMap> | undefined;

/**
 * Load the bundled schemas and register the typed NWB classes (once; later calls give the same
 * type map). Call it before building NWB objects in code.
 */
export function loadNwbTypes(): Promise<TypeMap> {
  if (loaded === undefined) {
    loaded = loadBundledTypeMap().then(registerNwbClasses);
    loaded.catch(() => (loaded = undefined));
  }
  return loaded;
}
