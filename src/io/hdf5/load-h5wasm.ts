/**
 * Loads h5wasm's Node build (ESM, WebAssembly) on first use. Its Node build reads host paths
 * directly (Emscripten's NODERAWFS): files are opened where they are, never copied into memory.
 */
import type { H5Module, H5wasm } from "./h5wasm-api.js";

/** h5wasm's module and its ready emscripten runtime. */
export interface LoadedH5wasm {
  h5wasm: H5wasm;
  Module: H5Module;
}

let loading: Promise<LoadedH5wasm> | undefined;

/** Import `h5wasm/node` once (a variable specifier, so the CommonJS build keeps a real `import()`). */
export function loadH5wasm(): Promise<LoadedH5wasm> {
  if (!loading) {
    const specifier = "h5wasm/node";
    loading = (import(specifier) as Promise<{ default: H5wasm }>).then(async (m) => {
      const h5wasm = m.default;
      return { h5wasm, Module: await h5wasm.ready };
    });
    // A failed import may be retried.
    loading.catch(() => (loading = undefined));
  }
  return loading;
}
