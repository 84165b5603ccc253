/**
 * Turns what a user typed or picked (a path on the Jupyter server, or an http(s):// / s3:// URL)
 * into a readable store and the location shown in snippets, and explains a server store that
 * does not open: not found, a file, or Zarr v2 metadata that the server refuses to serve.
 * A path or URL ending in `.json` or `.lindi.tar` is a reference file (LINDI, kerchunk), read as
 * `openStore()` reads it.
 */
import type { ServerConnection } from "@jupyterlab/services";
import { NodeNotFoundError, StoreError } from "../errors.js";
import { HttpStore, isReferenceName, isRemote, normalizeUrl, openRemoteReference, type ReadableStore } from "../store/browser.js";
import { checkedServerPath, JupyterStore, serverPath } from "./jupyter-store.js";
import { serverReferenceStore } from "./reference-source.js";
import type { BrowserSettings } from "./browser-settings.js";
import type { StoreBrowserPanelOptions } from "./panel.js";
import { ZarrStoreProvider } from "./provider/zarr-provider.js";

/** A store to open, and how to name it. */
export interface StoreSource {
  store: ReadableStore;
  /** Where it is: the server path (relative to the server root) or the URL. */
  location: string;
  /** A short name for tab titles: the last path segment. */
  name: string;
  /** For a server path: the server's root folder as the page config names it (for messages). */
  serverRoot?: string;
  /** What it is, for messages: "a Zarr store" or "a reference file". */
  kind: string;
}

/**
 * The store of a server path or a remote URL. Remote stores are read straight from the browser.
 * A server path may be relative to the server's root or absolute inside it (`serverRoot`, the
 * root as JupyterLab's page config names it).
 */
export function storeSource(pathOrUrl: string, serverSettings?: ServerConnection.ISettings, serverRoot = ""): StoreSource {
  const text = pathOrUrl.trim();
  if (isRemote(text)) {
    const url = normalizeUrl(text);
    const name = nameOf(new URL(url).pathname) || new URL(url).hostname;
    if (isReferenceName(new URL(url).pathname)) return { store: openRemoteReference(url), location: text, name, kind: REFERENCE_KIND };
    // Anonymous S3 answers 403 for a missing key (a chunk never written): read it as fill value.
    const s3 = /^s3:\/\//i.test(text) || /\.amazonaws\.com$/i.test(new URL(url).hostname);
    const store = new HttpStore(url, { listing: "none", missingAs403: s3 });
    return { store, location: text, name, kind: ZARR_KIND };
  }
  const path = serverPath(text, serverRoot);
  if (isReferenceName(path)) {
    const normal = checkedServerPath(path);
    return { store: serverReferenceStore(normal, serverRoot, serverSettings), location: normal, name: nameOf(normal), serverRoot, kind: REFERENCE_KIND };
  }
  return { store: new JupyterStore(path, { serverSettings }), location: path, name: nameOf(path) || "/", serverRoot, kind: ZARR_KIND };
}

const ZARR_KIND = "a Zarr store";
const REFERENCE_KIND = "a reference file";

function nameOf(path: string): string {
  return path.split("/").filter(Boolean).pop() ?? "";
}

/** The server refuses the dot files that hold Zarr v2 metadata, so a v2 store cannot be read. */
export class DotFilesRefusedError extends StoreError {}

/** What to do when the server refuses Zarr v2 metadata files. */
export const DOT_FILES_FIX =
  "install the Python package jupyterlab-hdmf-zarr (`pip install ./python` in a clone of hdmf-zarr) or run " +
  "`npx hdmf-zarr install-lab --allow-hidden`, then restart JupyterLab; or start JupyterLab with " +
  "--ContentsManager.allow_hidden=True";

/**
 * Why a server store with no metadata at its root did not open, asked of the server: nothing
 * there, a file, a server that refuses dot files (Zarr v2 metadata), or — when dot files are
 * served — a folder that simply is not a Zarr store (`undefined`: the original error stands).
 */
async function explainMissingRoot(store: JupyterStore, serverRoot: string): Promise<Error | undefined> {
  const where = { store: store.description };
  const entry = await store.entry();
  if (entry === "missing") {
    const root = serverRoot ? ` (paths are relative to the server's root ${serverRoot}, or absolute inside it)` : "";
    return new NodeNotFoundError(`not found: the Jupyter server has no folder ${store.path || "/"}${root}`, where);
  }
  if (entry === "file") return new NodeNotFoundError("is a file; a Zarr store is a folder", where);
  if (await store.servesZarrMetadata()) return undefined;
  return new DotFilesRefusedError(
    "no zarr.json (Zarr v3) here, and this Jupyter server refuses to serve dot files, where Zarr v2 keeps its " +
      `metadata (.zgroup, .zarray, .zattrs, .zmetadata). To browse Zarr v2 stores, ${DOT_FILES_FIX}.`,
    where,
  );
}

/**
 * Open the browser's data provider over a store (`allowPickle`: decode legacy pickled arrays with
 * the allow-listed decoder). A server store without metadata at its root gets the reason from
 * the server (see {@link explainMissingRoot}).
 */
export async function openStoreProvider(source: StoreSource, options: { allowPickle?: boolean } = {}): Promise<ZarrStoreProvider> {
  try {
    return await ZarrStoreProvider.open(source.store, { location: source.location, allowPickle: options.allowPickle });
  } catch (err) {
    // Only "nothing at the root" asks the server why; any other failure speaks for itself.
    const atRoot = err instanceof NodeNotFoundError && (err.path === undefined || err.path === "/");
    if (!(source.store instanceof JupyterStore) || !atRoot) throw err;
    throw (await explainMissingRoot(source.store, source.serverRoot ?? "")) ?? err;
  }
}

/** The options of a store browser panel over `source`, read with `settings` (taken when it opens). */
export function panelOptions(
  source: StoreSource,
  settings: BrowserSettings,
  more: Pick<StoreBrowserPanelOptions, "initialPath" | "copyText"> = {},
): StoreBrowserPanelOptions {
  return {
    open: () => openStoreProvider(source, { allowPickle: settings.allowPickle }),
    location: source.location,
    kind: source.kind,
    settings,
    ...more,
  };
}
