/**
 * A read-only store over the Jupyter server that serves the page: keys are read from
 * `/files/<store path>/<key>` (with Range, through ServerConnection so the token and the XSRF
 * cookie go along) and folders are listed through `/api/contents/<path>?content=1`.
 * The byte reading is src/store's HttpStore with ServerConnection as its fetch function.
 * Two questions about the server explain a store that does not open: is the folder there, and
 * does the server serve the dot files Zarr v2 keeps its metadata in.
 */
import { PageConfig, URLExt } from "@jupyterlab/coreutils";
import { ServerConnection } from "@jupyterlab/services";
import { InvalidArgumentError, StoreError } from "../errors.js";
import { HttpRangeReader, HttpStore, checkPrefix, type RangeReader, type ReadableStore, type StoreListing } from "../store/browser.js";
import { formatBytes, readCapped, type GetOptions } from "../store/capped-read.js";
import { metadataLimit } from "../zarr/limits.js";
import { normalizeServerPath, serverRelative } from "./view/model/server-path.js";
import { watchedResponse, type BodyWatcher, type WatchesReads } from "./provider/watched-reads.js";

/** Options of {@link JupyterStore}. */
export interface JupyterStoreOptions {
  /** Server connection settings; default `ServerConnection.makeSettings()`. */
  serverSettings?: ServerConnection.ISettings;
  /** Most requests in flight at once. Default 8 (browsers open 6 connections per host over HTTP/1.1). */
  concurrency?: number;
  /**
   * Refuse a whole file sent for a Range request ({@link RangesNotServedError}) instead of reading
   * past it to the asked bytes: for large files such as the HDF5 file a reference file points into.
   */
  rangesOnly?: boolean;
}

/** One entry of a contents-API directory model (the fields used here). */
interface ContentsEntry {
  name: string;
  type: string;
  size?: number | null;
}

/** Where the Python package's server extension says whether it serves Zarr v2 metadata files. */
export const ZARR_METADATA_STATUS_PATH = "hdmf-zarr/zarr-metadata";

/**
 * The server path (relative to the server's root) of a file-browser path or a typed one: a drive
 * prefix (`RTC:`) and outer slashes go; an absolute path inside `serverRoot` (the root folder as
 * the page config names it, e.g. `/srv/data` or `~/work`) becomes relative to it.
 */
export function serverPath(path: string, serverRoot = ""): string {
  const colon = path.indexOf(":");
  const local = colon >= 0 && !path.slice(0, colon).includes("/") ? path.slice(colon + 1) : path;
  const insideRoot = local.startsWith("/") ? serverRelative(local, serverRoot) : null;
  return (insideRoot ?? local).replace(/^\/+|\/+$/g, "");
}

/**
 * The Jupyter server sent a whole file for a Range request: its contents manager serves files
 * without byte ranges (Jupyter's default file manager does serve them).
 */
export class RangesNotServedError extends StoreError {}

/** Whether a request asks for a byte range. */
function asksRange(init: RequestInit | undefined): boolean {
  return new Headers(init?.headers).has("range");
}

/**
 * {@link serverPath} in normal form; throws InvalidArgumentError for a path that would leave the
 * root. Only a path that stays inside /files/ becomes a URL: `..` or an encoded traversal would
 * send the user's logged-in requests to other server routes.
 */
export function checkedServerPath(path: string): string {
  const normal = normalizeServerPath(serverPath(path));
  if (normal === null) {
    throw new InvalidArgumentError(`'${path}' is not a path inside the Jupyter server's root ('..', an encoded '/' or '.', a backslash or a control character): give the store's path as the file browser shows it`);
  }
  return normal;
}

/** What the server has at the store's path: the folder a store needs, a file, or nothing. */
export type ServerEntry = "directory" | "file" | "missing";

/** A store at a folder of the Jupyter server's root. */
export class JupyterStore implements ReadableStore, WatchesReads {
  /** The store folder relative to the server root. */
  readonly path: string;
  /** The `/files/` URL of the store folder, used in messages. */
  readonly description: string;
  private readonly settings: ServerConnection.ISettings;
  private readonly http: HttpStore;
  /** File sizes seen in listings: "bytes stored" then costs no request per chunk. */
  private readonly sizes = new Map<string, number>();
  /** Watchers of whole-value reads, by the key's URL (see watchReads). */
  private readonly watchers = new Map<string, () => BodyWatcher>();

  constructor(path: string, options: JupyterStoreOptions = {}) {
    this.path = checkedServerPath(path);
    this.settings = options.serverSettings ?? ServerConnection.makeSettings();
    const settings = this.settings;
    // ServerConnection needs URLs that start with baseUrl; resolve a relative baseUrl against the page.
    const base = new URL(settings.baseUrl, (globalThis as { location?: { href: string } }).location?.href).href;
    const url = URLExt.join(base, "files", URLExt.encodeParts(this.path));
    const fetchFn = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      // `no-cache` revalidates instead of adding a cache-busting query to every chunk URL.
      const response = await ServerConnection.makeRequest(String(input).replace(base, settings.baseUrl), { ...init, cache: "no-cache" } as RequestInit, settings);
      // Without valid credentials the server redirects to its login page, which fetch follows:
      // that page is not the key's bytes.
      if (response.redirected && new URL(response.url).pathname.endsWith("/login")) {
        await response.body?.cancel().catch(() => undefined);
        return new Response(null, { status: 401, statusText: "Unauthorized (redirected to the login page)" });
      }
      if (options.rangesOnly && response.status === 200 && asksRange(init)) {
        await response.body?.cancel().catch(() => undefined);
        throw new RangesNotServedError(
          "the Jupyter server answered a Range request with the whole file (its contents manager does not serve byte ranges); " +
            "it is not read whole: open the file by an http(s) URL of a server that serves ranges",
          { store: String(input).split("?")[0] },
        );
      }
      // A watched key's whole body is passed to its watcher as it arrives (not a range, not a redirect: its URL would be lost).
      const watcher = response.status === 200 && !response.redirected && !asksRange(init) ? this.watchers.get(String(input).split("?")[0]) : undefined;
      return watcher ? watchedResponse(response, watcher()) : response;
    }) as typeof fetch;
    this.http = new HttpStore(url, { fetch: fetchFn, listing: "none", concurrency: options.concurrency ?? 8 });
    this.description = this.http.description;
  }

  get(key: string, options?: GetOptions): Promise<Uint8Array | undefined> {
    return this.http.get(key, options);
  }

  /**
   * Pass the body of each later read of `key` to a new `watcher()` as it arrives (the provider
   * scans the root `zarr.json` while it downloads); the read is unchanged, under the same cap.
   */
  watchReads(key: string, watcher: () => BodyWatcher): () => void {
    const url = this.http.keyUrl(key).split("?")[0];
    this.watchers.set(url, watcher);
    return () => {
      if (this.watchers.get(url) === watcher) this.watchers.delete(url);
    };
  }

  getRange(key: string, offset: number, length?: number): Promise<Uint8Array | undefined> {
    return this.http.getRange(key, offset, length);
  }

  has(key: string): Promise<boolean> {
    return this.http.has(key);
  }

  /** Byte-range access to the file `key` of the store's folder (Range requests to `/files/`). */
  rangeReader(key: string): RangeReader {
    return new HttpRangeReader(this.http, key);
  }

  getSize(key: string): Promise<number | undefined> {
    const listed = this.sizes.get(key);
    return listed !== undefined ? Promise.resolve(listed) : this.http.getSize(key);
  }

  /** What lies directly under `prefix`, from the contents API; a missing folder lists as empty. */
  async list(prefix: string): Promise<StoreListing> {
    const parts = [this.path, ...checkPrefix(prefix, this.description)].filter((p) => p !== "");
    const url = URLExt.join(this.settings.baseUrl, "api/contents", URLExt.encodeParts(parts.join("/"))) + "?content=1";
    const response = await ServerConnection.makeRequest(url, { method: "GET" }, this.settings);
    if (response.status === 404) return { keys: [], prefixes: [] };
    if (!response.ok) {
      throw new StoreError(`listing ${parts.join("/")} through the contents API answered HTTP ${response.status}`, {
        store: this.description,
        path: prefix,
      });
    }
    const model = (await this.readJson(response, `listing ${parts.join("/")} through the contents API`, prefix)) as { type?: string; content?: ContentsEntry[] | null };
    if (model.type !== "directory" || !Array.isArray(model.content)) return { keys: [], prefixes: [] };
    const keys: string[] = [];
    const prefixes: string[] = [];
    const folder = prefix.replace(/\/+$/, "");
    for (const entry of model.content) {
      (entry.type === "directory" ? prefixes : keys).push(entry.name);
      if (entry.type !== "directory" && typeof entry.size === "number") this.sizes.set(folder ? `${folder}/${entry.name}` : entry.name, entry.size);
    }
    return { keys: keys.sort(), prefixes: prefixes.sort() };
  }

  /** What is at the store's path on the server (contents API, without the content). */
  async entry(): Promise<ServerEntry> {
    const url = URLExt.join(this.settings.baseUrl, "api/contents", URLExt.encodeParts(this.path)) + "?content=0";
    const response = await ServerConnection.makeRequest(url, { method: "GET" }, this.settings);
    if (response.status === 404) return "missing";
    if (!response.ok) throw new StoreError(`the contents API answered HTTP ${response.status} for the store folder`, { store: this.description });
    const model = (await this.readJson(response, "the contents API's entry of the store folder", "")) as { type?: string } | null;
    return model?.type === "directory" ? "directory" : "file";
  }

  /**
   * Whether the server serves Zarr v2 metadata files (.zgroup, .zarray, .zattrs, .zmetadata):
   * it serves every hidden file (`ContentsManager.allow_hidden`, which JupyterLab's page config
   * repeats), or the server extension of the Python package jupyterlab-hdmf-zarr says it serves them.
   */
  async servesZarrMetadata(): Promise<boolean> {
    if (PageConfig.getOption("allow_hidden_files") === "true") return true;
    const url = URLExt.join(this.settings.baseUrl, ZARR_METADATA_STATUS_PATH);
    const response = await ServerConnection.makeRequest(url, { method: "GET" }, this.settings);
    if (!response.ok) return false; // 404: no server extension
    return ((await this.readJson(response, "the server extension's Zarr metadata status", "")) as { served?: boolean } | null)?.served === true;
  }

  /**
   * A JSON answer of the server, read under the metadata limit (a listing of a huge folder, or a
   * hostile server, stops there instead of filling memory); `what` names it in errors.
   */
  private async readJson(response: Response, what: string, path: string): Promise<unknown> {
    const limit = metadataLimit({});
    const where = { store: this.description, path };
    const body = await readCapped(response.body, limit.bytes, (seen) =>
      new StoreError(`${what} sent ${formatBytes(seen)} or more, more than the ${formatBytes(limit.bytes)} a metadata answer may hold`, where));
    try {
      return JSON.parse(new TextDecoder().decode(body)) as unknown;
    } catch (e) {
      throw new StoreError(`${what} answered with a body that is not JSON: ${(e as Error).message}`, where, { cause: e });
    }
  }

  async close(): Promise<void> {}
}
