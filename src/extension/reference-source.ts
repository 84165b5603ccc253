/**
 * Reference files (LINDI `.lindi.json`, `.lindi.tar`, kerchunk JSON) on the Jupyter server, read
 * in the browser. The file and every local file it references are read through `/files/` with
 * Range requests (the server's default file handler serves ranges; one that sends whole files is
 * refused, never read whole). References resolve relative to the reference file, so the store
 * sees the file at its absolute path on the server machine: a relative reference and an absolute
 * path inside the server's root both become server paths; anything outside the root cannot be
 * served and reads as {@link OutsideServerRootError}. http(s) references are fetched from the browser.
 */
import type { ServerConnection } from "@jupyterlab/services";
import { StoreError } from "../errors.js";
import { isLindiTarName, ReferenceStore, type RangeReader } from "../store/browser.js";
import { JupyterStore } from "./jupyter-store.js";
import { normalizeServerPath, serverRelative } from "./view/model/server-path.js";

/** A reference file points at a local file outside the Jupyter server's root, which the server cannot serve. */
export class OutsideServerRootError extends StoreError {}

/** The server's root as an absolute path prefix ("" when unknown; `~/work` becomes `/~/work`). */
function rootPrefix(serverRoot: string): string {
  const root = serverRoot.replace(/\/+$/, "");
  return root === "" || root.startsWith("/") ? root : `/${root}`;
}

/** The server path of an absolute local path, or null when it lies outside the server's root. */
function toServerPath(path: string, serverRoot: string): string | null {
  const prefix = rootPrefix(serverRoot);
  const inside = path === prefix ? "" : path.startsWith(`${prefix}/`) ? path.slice(prefix.length + 1) : serverRelative(path, serverRoot);
  return inside === null ? null : normalizeServerPath(inside);
}

/** A reader whose every read fails with `error`: a referenced file that cannot be read here. */
function unreadable(description: string, error: Error): RangeReader {
  return { description, size: () => Promise.reject(error), read: () => Promise.reject(error) };
}

/** The folder and the name of a server path. */
function split(path: string): { folder: string; name: string } {
  const slash = path.lastIndexOf("/");
  return { folder: path.slice(0, slash + 1), name: path.slice(slash + 1) };
}

/**
 * A read-only store over the reference file at server path `path` (relative to the server's
 * root, normalized; `serverRoot` as JupyterLab's page config names it).
 */
export function serverReferenceStore(path: string, serverRoot: string, serverSettings?: ServerConnection.ISettings): ReferenceStore {
  const open = (file: string) => {
    const { folder, name } = split(file);
    return new JupyterStore(folder, { serverSettings, rangesOnly: true }).rangeReader(name);
  };
  const openLocalFile = (local: string): RangeReader => {
    const inside = toServerPath(local, serverRoot);
    if (inside === null || inside === "") {
      const root = serverRoot ? ` (${serverRoot})` : "";
      return unreadable(local, new OutsideServerRootError(
        `the file lies outside the Jupyter server's root${root}, and the browser reads local files only through the server; ` +
          "put it inside the root, or write the reference file with http(s) URLs",
        { store: local },
      ));
    }
    return open(inside);
  };
  const location = { remote: false as const, path: `${rootPrefix(serverRoot)}/${path}` };
  const options = { openLocalFile };
  if (isLindiTarName(path)) return new ReferenceStore({ tar: open(path), location }, options);
  const { folder, name } = split(path);
  return new ReferenceStore({ store: new JupyterStore(folder, { serverSettings }), key: name, location }, options);
}
