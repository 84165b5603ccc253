/**
 * Loading this package's Node-only modules from code that also runs in a browser: the caller
 * imports them through `import()` of a variable specifier (which bundlers are told to ignore);
 * where that fails, this requires the module instead. Nothing here is Node-only.
 */
import { nodeProcess } from "./runtime.js";

/**
 * The module `specifier` (relative to the caller's file `filename`, its `__filename`), from
 * `load()` (the caller's own `import(specifier)`); where import() cannot load it, from require().
 * Decode-pool workers started from the TypeScript sources have tsx's require hook but not its
 * import hook; this package is CommonJS, so require() reaches the same module. It is taken from
 * node:module at run time, out of a bundler's sight.
 */
export async function loadNodeModule<T>(load: () => Promise<unknown>, specifier: string, filename: string | undefined): Promise<T> {
  try {
    return (await load()) as T;
  } catch (err) {
    const builtin = nodeProcess()?.getBuiltinModule?.("node:module");
    const createRequire = (builtin as { createRequire?(path: string): (id: string) => unknown } | undefined)?.createRequire;
    if (!createRequire || typeof filename !== "string") throw err;
    return createRequire(filename)(specifier) as T;
  }
}
