/**
 * hdmf-zarr's `is_zarr_v2_file`: whether a store holds a Zarr v2 hierarchy (a `.zgroup` or
 * `.zarray` at its root), for files written by hdmf-zarr ≤ 0.13.
 */
import { checkOptions, optionNames } from "../options.js";
import type { StorageOptions } from "../store/open.js";
import { isStore, openStore } from "../store/open.js";
import type { ReadableStore } from "../store/types.js";

/** Options of {@link isZarrV2File}. */
export interface IsZarrV2FileOptions {
  /** Options of the HTTP store for remote files. */
  storageOptions?: StorageOptions;
}

const OPTIONS = optionNames<IsZarrV2FileOptions>({ storageOptions: true });

/**
 * Whether `target` (a local path, an `https://`/`s3://` URL or a store) holds a Zarr v2 hierarchy:
 * `.zgroup` or `.zarray` at its root. False for Zarr v3 stores and for anything that cannot be
 * opened or read (a missing path, a file that is no store), as hdmf-zarr answers.
 */
export async function isZarrV2File(target: string | URL | ReadableStore, options: IsZarrV2FileOptions = {}): Promise<boolean> {
  options = checkOptions(options, OPTIONS, { call: "isZarrV2File()", store: isStore(target) ? target.description : String(target) });
  let store: ReadableStore;
  try {
    store = openStore(target, { writable: false, http: options.storageOptions });
  } catch {
    return false;
  }
  try {
    for (const key of [".zgroup", ".zarray"]) if ((await store.get(key)) !== undefined) return true;
    return false;
  } catch {
    return false;
  } finally {
    // A store given by the caller stays open.
    if (store !== target) await store.close?.();
  }
}
