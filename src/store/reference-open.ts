/**
 * Which paths and URLs name reference files, and the store over a reference file at a URL.
 * No Node imports: `openStore()` (Node) and the JupyterLab extension (browser) both use it.
 */
import type { HttpStoreOptions } from "./http.js";
import { HttpRangeReader } from "./range-reader.js";
import { ReferenceStore, type ReferenceStoreOptions } from "./reference-store.js";
import { normalizeUrl } from "./url.js";

/** Whether a path or URL path names a LINDI `.lindi.tar` archive. */
export function isLindiTarName(path: string): boolean {
  return /\.lindi\.tar$/i.test(path);
}

/** Whether a path or URL path names a reference file (kerchunk JSON, LINDI `.lindi.json` or `.lindi.tar`). */
export function isReferenceName(path: string): boolean {
  return /\.json$/i.test(path) || isLindiTarName(path);
}

/**
 * A read-only {@link ReferenceStore} over the reference file at `url` (`http(s)://` or `s3://`),
 * read with Range requests: a `.lindi.tar` by its index and members, any other file whole.
 * Relative references resolve against `url`; local ones are refused.
 */
export function openRemoteReference(
  url: string | URL,
  options: Omit<ReferenceStoreOptions, "http" | "openLocalFile"> & { http?: HttpStoreOptions } = {},
): ReferenceStore {
  const full = normalizeUrl(url);
  const file = HttpRangeReader.fromUrl(full, options.http);
  const location = { remote: true as const, url: full };
  const tar = isLindiTarName(new URL(full.split("?")[0]).pathname);
  return new ReferenceStore(tar ? { tar: file, location } : { store: file.store, key: file.key, location }, options);
}
