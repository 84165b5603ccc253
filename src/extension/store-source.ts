/**
 * Turns what a user typed or picked (a path on the Jupyter server, or an http(s):// / s3:// URL)
 * into a readable store and the location shown in snippets.
 */
import type { ServerConnection } from "@jupyterlab/services";
import { StoreError } from "../errors.js";
import { HttpStore, isRemote, normalizeUrl, type ReadableStore } from "../store/browser.js";
import { JupyterStore, serverPath } from "./jupyter-store.js";
import { ZarrStoreProvider } from "./provider/zarr-provider.js";

/** A store to open, and how to name it. */
export interface StoreSource {
  store: ReadableStore;
  /** Where it is: the server path (relative to the server root) or the URL. */
  location: string;
  /** A short name for tab titles: the last path segment. */
  name: string;
}

/** The store of a server path or a remote URL. Remote stores are read straight from the browser. */
export function storeSource(pathOrUrl: string, serverSettings?: ServerConnection.ISettings): StoreSource {
  const text = pathOrUrl.trim();
  if (isRemote(text)) {
    const url = normalizeUrl(text);
    // Anonymous S3 answers 403 for a missing key (a chunk never written): read it as fill value.
    const s3 = /^s3:\/\//i.test(text) || /\.amazonaws\.com$/i.test(new URL(url).hostname);
    const store = new HttpStore(url, { listing: "none", missingAs403: s3 });
    return { store, location: text, name: nameOf(new URL(url).pathname) || new URL(url).hostname };
  }
  const path = serverPath(text);
  return { store: new JupyterStore(path, { serverSettings }), location: path, name: nameOf(path) || "/" };
}

function nameOf(path: string): string {
  return path.split("/").filter(Boolean).pop() ?? "";
}

/** Why a v2 store on the server may look empty: its metadata files are dot files. */
export const HIDDEN_FILES_HINT =
  "Zarr v2 stores keep their metadata in dot files (.zgroup, .zattrs, .zarray, .zmetadata), which the Jupyter " +
  "server hides unless it runs with --ContentsManager.allow_hidden=True (or c.ContentsManager.allow_hidden = True).";

/**
 * Open the browser's data provider over a store (`allowPickle`: decode legacy pickled arrays with
 * the allow-listed decoder); explains the hidden-files case of the server.
 */
export async function openStoreProvider(source: StoreSource, options: { allowPickle?: boolean } = {}): Promise<ZarrStoreProvider> {
  try {
    return await ZarrStoreProvider.open(source.store, { location: source.location, allowPickle: options.allowPickle });
  } catch (err) {
    const onServer = source.store instanceof JupyterStore;
    if (onServer && !(await source.store.has?.("zarr.json").catch(() => false))) {
      const message = err instanceof Error ? err.message : String(err);
      throw new StoreError(`${message}. ${HIDDEN_FILES_HINT}`, { store: source.store.description }, { cause: err });
    }
    throw err;
  }
}
