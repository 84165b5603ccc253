/**
 * A read-only store over the Jupyter server that serves the page: keys are read from
 * `/files/<store path>/<key>` (with Range, through ServerConnection so the token and the XSRF
 * cookie go along) and folders are listed through `/api/contents/<path>?content=1`.
 * The byte reading is src/store's HttpStore with ServerConnection as its fetch function.
 */
import { URLExt } from "@jupyterlab/coreutils";
import { ServerConnection } from "@jupyterlab/services";
import { StoreError } from "../errors.js";
import { HttpStore, checkPrefix, type ReadableStore, type StoreListing } from "../store/browser.js";

/** Options of {@link JupyterStore}. */
export interface JupyterStoreOptions {
  /** Server connection settings; default `ServerConnection.makeSettings()`. */
  serverSettings?: ServerConnection.ISettings;
  /** Most requests in flight at once. Default 8 (browsers open 6 connections per host over HTTP/1.1). */
  concurrency?: number;
}

/** One entry of a contents-API directory model (the fields used here). */
interface ContentsEntry {
  name: string;
  type: string;
  size?: number | null;
}

/** Strip a drive prefix (`RTC:`) and slashes: the server path of a file-browser path. */
export function serverPath(path: string): string {
  const colon = path.indexOf(":");
  const local = colon >= 0 && !path.slice(0, colon).includes("/") ? path.slice(colon + 1) : path;
  return local.replace(/^\/+|\/+$/g, "");
}

/** A store at a folder of the Jupyter server's root. */
export class JupyterStore implements ReadableStore {
  /** The store folder relative to the server root. */
  readonly path: string;
  /** The `/files/` URL of the store folder, used in messages. */
  readonly description: string;
  private readonly settings: ServerConnection.ISettings;
  private readonly http: HttpStore;
  /** File sizes seen in listings: "bytes stored" then costs no request per chunk. */
  private readonly sizes = new Map<string, number>();

  constructor(path: string, options: JupyterStoreOptions = {}) {
    this.path = serverPath(path);
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
      return response;
    }) as typeof fetch;
    this.http = new HttpStore(url, { fetch: fetchFn, listing: "none", concurrency: options.concurrency ?? 8 });
    this.description = this.http.description;
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return this.http.get(key);
  }

  getRange(key: string, offset: number, length?: number): Promise<Uint8Array | undefined> {
    return this.http.getRange(key, offset, length);
  }

  has(key: string): Promise<boolean> {
    return this.http.has(key);
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
    const model = (await response.json()) as { type?: string; content?: ContentsEntry[] | null };
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

  async close(): Promise<void> {}
}
