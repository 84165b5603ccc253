/**
 * The decoder large reads use when the caller gives none: in Node, the process's decode pool
 * (shared-decode-pool.ts, reached through a dynamic import bundlers ignore); in a cross-origin
 * isolated page, the page's Web Worker pool once the app has said where its workers come from
 * (`useBrowserDecodeWorkers`, browser-decode-pool.ts); elsewhere none (the main thread decodes).
 */
import { sharedBrowserDecodePool } from "./browser-decode-pool.js";
import type { ChunkDecoder } from "./decode-into.js";
import { loadNodeModule } from "./node-module.js";
import { isNode } from "./runtime.js";

/** CommonJS's module file name: present when this file runs as CommonJS in Node, absent in a bundle. */
declare const __filename: string | undefined;

type SharedPoolModule = { sharedDecodePool(): ChunkDecoder | undefined };

let loading: Promise<SharedPoolModule | undefined> | undefined;

/** The default pool, or undefined without SharedArrayBuffer (a page not cross-origin isolated), or where none is set or started. */
export async function defaultDecoder(): Promise<ChunkDecoder | undefined> {
  if (!isNode()) return sharedBrowserDecodePool();
  if (typeof SharedArrayBuffer !== "function") return undefined;
  const specifier = "./shared-decode-pool.js";
  loading ??= loadNodeModule<SharedPoolModule>(() => import(/* webpackIgnore: true */ specifier), specifier, typeof __filename === "string" ? __filename : undefined)
    // A bundle without the module: reads stay on the main thread.
    .catch(() => undefined);
  return (await loading)?.sharedDecodePool();
}
