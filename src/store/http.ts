/**
 * A read-only store over HTTP(S) using the global `fetch` (Node 20 and browsers; no Node imports
 * here so the browser bundle can use it). Handles missing keys, byte ranges, retries with
 * backoff, time-outs, a bound on the requests in flight and a bound on each body's size.
 */
import { HdmfZarrError, InvalidArgumentError, StoreError } from "../errors.js";
import { parseDirectoryIndex } from "./autoindex.js";
import { countBytes, formatBytes, limitText, readCapped, tighter, type ByteLimit, type Overflow, type GetOptions } from "./capped-read.js";
import { checkKey, checkPrefix } from "./keys.js";
import { sliceRange } from "./range.js";
import { Semaphore } from "./semaphore.js";
import type { ReadableStore, StoreListing } from "./types.js";
import { normalizeUrl } from "./url.js";

/** Options of {@link HttpStore}. */
export interface HttpStoreOptions {
  /** Headers sent with every request (e.g. `Authorization`). */
  headers?: Record<string, string>;
  /** Most bulk requests (chunks, large ranges) in flight at once, shared by all calls on this store. Default 16. */
  concurrency?: number;
  /**
   * Most small requests in flight at once, beside the bulk ones: metadata documents (reads asked
   * with `metadata: true`), directory listings, HEAD requests, and reads whose range or limit is at
   * most 1 MiB (chunks of known size). Opening a file asks for a whole level of its tree at once,
   * and every wait for an answer costs the server's latency. Default 128, at most 1024. Halved (not
   * below `concurrency`) each time the server pushes back (429, 503, a network error or a time-out),
   * and raised again by one per answer. Each body stays under its cap as before, so memory in flight
   * is bounded by these counts times the caps.
   */
  metadataConcurrency?: number;
  /** Extra attempts after a 5xx/429/408 answer, a network error or a time-out. Default 4. */
  retries?: number;
  /** Time-out of one attempt, body included, in milliseconds. Default 30000. */
  timeoutMs?: number;
  /** First backoff delay in milliseconds; it doubles on each retry, plus random jitter. Default 200. */
  backoffMs?: number;
  /** Treat 403 as a missing key, as S3 answers for missing keys under anonymous access. Default false. */
  missingAs403?: boolean;
  /** The fetch function to use. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * How to list folders. `"autoindex"` (default): read the directory index page the server shows
   * for a folder URL ending in "/" (Python's `http.server`, nginx `autoindex on`, in HTML or JSON).
   * `"none"`: the store has no `list` method, so readers rely on consolidated metadata.
   */
  listing?: "autoindex" | "none";
  /**
   * Most bytes one response body may hold, counted after any Content-Encoding (gzip, br, deflate)
   * is undone; a larger body is a StoreError, not retried, and is not read past the limit.
   * Default 1 GiB. Readers ask for less where they know better (metadata, chunks).
   */
  maxResponseBytes?: number;
}

/** The methods a request may use. */
export type HttpMethod = "GET" | "HEAD" | "PUT" | "DELETE" | "POST";

/**
 * What a store built on HttpStore adds to each request (S3: SigV4 signatures and the error
 * documents it sends), so that it keeps this store's one request path: retries, concurrency,
 * time-outs and caps.
 */
export interface HttpStoreHooks {
  /** The store's name in messages (e.g. `s3://bucket/prefix`); default the base URL without its query. */
  description?: string;
  /** Headers to add to one attempt; called again on each retry, so a signature's time stays fresh. */
  sign?(request: { method: HttpMethod; url: string; headers: Record<string, string>; body?: Uint8Array }): Promise<Record<string, string>>;
  /**
   * Why a request failed, from the error body the server sent (read for non-HEAD requests, at most
   * 64 KiB). `fatal` refusals (a bad signature) throw StoreError at once, so that no caller reads
   * them as a missing key.
   */
  explain?(status: number, body: Uint8Array): { detail: string; fatal: boolean } | undefined;
}

/** Most bytes of an error body read for {@link HttpStoreHooks.explain}. */
const MAX_ERROR_BODY = 64 * 1024;

/** Default of {@link HttpStoreOptions.metadataConcurrency}. */
export const DEFAULT_METADATA_CONCURRENCY = 128;
/** Highest {@link HttpStoreOptions.metadataConcurrency} accepted: more connections than a server is likely to take from one client. */
export const MAX_METADATA_CONCURRENCY = 1024;
/** Largest range, or most bytes a read may return, counted as a small request. */
const SMALL_BYTES = 1 << 20;
/** {@link HttpStore.readConcurrency}. */
export const HTTP_READ_CONCURRENCY = 32;

/** Default of {@link HttpStoreOptions.maxResponseBytes}. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1 << 30;

/** How much of a body to keep: at most `max` bytes after dropping `skip`; `count` keeps nothing. */
type BodyRead = { max: number; overflow: Overflow; skip?: number } | "count";

/** A final answer to a request. */
interface Answer {
  status: number;
  statusText: string;
  headers: Headers;
  body?: Uint8Array;
  /** Size of a body read with `"count"`. */
  counted?: number;
  /** Why the server refused the request, from its error body ({@link HttpStoreHooks.explain}). */
  detail?: string;
  /** The URL the answer came from when fetch followed redirects to get it. */
  redirectedTo?: string;
}

/** Bytes of a range read, and where a redirect led (see {@link HttpStore.getUrlRange}). */
export interface UrlRange {
  /** The bytes, or undefined when the file does not exist. */
  bytes: Uint8Array | undefined;
  /** The final URL when the server redirected (DANDI's download URLs redirect to S3). */
  redirectedTo?: string;
}

/** What one attempt gave: a final answer, or a reason to try again. */
type Attempt = ({ retry: false } & Answer) | { retry: true; reason: string };

const MAX_BACKOFF_MS = 20_000;

/** Statuses worth asking again: server-side trouble, throttling, request time-out. */
function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // undici reports "fetch failed" and puts the real reason (ECONNREFUSED, ...) in `cause`.
  const cause = err.cause instanceof Error ? `: ${(err.cause as Error & { code?: string }).code ?? err.cause.message}` : "";
  return `${err.message}${cause}`;
}

function checkCount(name: string, value: number, min: number, where: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || (name !== "timeoutMs" && !Number.isInteger(value))) {
    throw new InvalidArgumentError(`HttpStore option ${name} must be ${name === "timeoutMs" ? "a number" : "an integer"} >= ${min}, got ${value}`, { store: where });
  }
  return value;
}

/**
 * A read-only store at a base URL (`http(s)://` or `s3://`, which is turned into the public HTTPS
 * address). Keys are appended to the base path, URL-encoded per segment; a query string on the
 * base URL (e.g. a signed token) is kept on every request but left out of error messages.
 * Plain HTTP has no listing; `list` reads the server's directory index when there is one, and is
 * absent with `listing: "none"`.
 */
export class HttpStore implements ReadableStore {
  /** Base URL, query string included. */
  readonly url: string;
  /** The store's name in error messages: the base URL without query string, unless a hook names it. */
  readonly description: string;
  /** How this store lists folders (see {@link HttpStoreOptions.listing}). */
  readonly listing: "autoindex" | "none";
  /**
   * What lies directly under `prefix`, read from the server's directory index. An own property set
   * only with `listing: "autoindex"`, so that `typeof store.list === "function"` tells callers
   * whether the store can list. Throws StoreError when the server shows no directory index.
   */
  declare readonly list?: (prefix: string) => Promise<StoreListing>;
  /**
   * Chunk reads one array read asks for at once: enough to fill a 50 MB/s link across an 80 ms
   * round trip with chunks of ~150 KB (they run as small requests); larger ones still take the
   * `concurrency` bulk permits.
   */
  readonly readConcurrency = HTTP_READ_CONCURRENCY;
  private readonly search: string;
  private readonly headers: Record<string, string>;
  private readonly retries: number;
  private readonly timeoutMs: number;
  private readonly backoffMs: number;
  private readonly missingAs403: boolean;
  private readonly fetchFn: typeof fetch;
  private readonly semaphore: Semaphore;
  /** Permits of small requests; its limit moves between `concurrency` and `metadataConcurrency`. */
  private readonly small: Semaphore;
  private readonly smallMax: number;
  private readonly maxResponse: ByteLimit;
  /** Whether the server shows a directory index for the store root; asked once. */
  private rootIndexed?: Promise<boolean>;
  /** Base URL without query string: keys are appended to it. */
  private readonly base: string;
  private readonly hooks: HttpStoreHooks;

  /** `hooks` are for stores built on this one (see {@link HttpStoreHooks}). */
  constructor(url: string | URL, options: HttpStoreOptions = {}, hooks: HttpStoreHooks = {}) {
    this.url = normalizeUrl(url);
    const q = this.url.indexOf("?");
    this.base = q < 0 ? this.url : this.url.slice(0, q);
    this.description = hooks.description ?? this.base;
    this.hooks = hooks;
    this.search = q < 0 ? "" : this.url.slice(q);
    this.headers = { ...(options.headers ?? {}) };
    this.retries = checkCount("retries", options.retries ?? 4, 0, this.description);
    this.timeoutMs = checkCount("timeoutMs", options.timeoutMs ?? 30_000, 1, this.description);
    this.backoffMs = checkCount("backoffMs", options.backoffMs ?? 200, 0, this.description);
    this.semaphore = new Semaphore(checkCount("concurrency", options.concurrency ?? 16, 1, this.description));
    this.smallMax = checkCount("metadataConcurrency", options.metadataConcurrency ?? DEFAULT_METADATA_CONCURRENCY, 1, this.description);
    if (this.smallMax > MAX_METADATA_CONCURRENCY) {
      throw new InvalidArgumentError(`HttpStore option metadataConcurrency must be at most ${MAX_METADATA_CONCURRENCY}, got ${this.smallMax}`, { store: this.description });
    }
    this.small = new Semaphore(this.smallMax);
    this.missingAs403 = options.missingAs403 ?? false;
    this.maxResponse = {
      bytes: checkCount("maxResponseBytes", options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, 1, this.description),
      option: "maxResponseBytes",
    };
    const fetchFn = options.fetch ?? (typeof globalThis.fetch === "function" ? globalThis.fetch.bind(globalThis) : undefined);
    if (!fetchFn) throw new StoreError("no global fetch in this runtime; pass options.fetch", { store: this.description });
    this.fetchFn = fetchFn;
    const listing = options.listing ?? "autoindex";
    if (listing !== "autoindex" && listing !== "none") {
      throw new InvalidArgumentError(`HttpStore option listing must be "autoindex" or "none", got ${JSON.stringify(listing)}`, { store: this.description });
    }
    this.listing = listing;
    if (listing === "autoindex") this.list = (prefix) => this.readIndex(prefix);
  }

  /** The URL of `key`, without the base query string. */
  keyUrl(key: string): string {
    return `${this.base}/${checkKey(key, this.description).map(encodeURIComponent).join("/")}`;
  }

  /** The URL of the folder `prefix` ("" for the root), ending in "/", without the base query string. */
  prefixUrl(prefix: string): string {
    const segments = checkPrefix(prefix, this.description);
    return `${this.base}/${segments.map((s) => encodeURIComponent(s) + "/").join("")}`;
  }

  async get(key: string, options: GetOptions = {}): Promise<Uint8Array | undefined> {
    const url = this.keyUrl(key);
    const limit = tighter(this.maxResponse, options.limit);
    const answer = await this.request(url, key, "GET", undefined, undefined, () => this.capped(url, key, limit), false, undefined, options.metadata === true || limit.bytes <= SMALL_BYTES);
    if (answer.status >= 200 && answer.status < 300) return answer.body ?? new Uint8Array(0);
    if (this.isMissing(answer.status)) return undefined;
    throw this.unexpected(url, key, "GET", answer);
  }

  async getRange(key: string, offset: number, length?: number): Promise<Uint8Array | undefined> {
    return (await this.rangeAt(this.keyUrl(key), key, offset, length)).bytes;
  }

  /**
   * Bytes of the file at `url` (absolute; this store's query string is added unless `exact`), with
   * this store's headers, retries, concurrency and caps: for a reader of one file whose URL need
   * not name a file (DANDI's `.../download/`). `exact` requests go to `url` as given and carry this
   * store's headers only on its own origin, as fetch does across a redirect.
   */
  getUrlRange(url: string, offset: number, length: number, exact = false): Promise<UrlRange> {
    return this.rangeAt(url, url, offset, length, exact);
  }

  /** The size in bytes of the file at `url` (as {@link getUrlRange} reads it), or undefined when missing. */
  urlSize(url: string): Promise<number | undefined> {
    return this.sizeAt(url, url);
  }

  private async rangeAt(url: string, path: string, offset: number, length?: number, exact = false): Promise<UrlRange> {
    if (!Number.isSafeInteger(offset) || (length !== undefined && (!Number.isSafeInteger(length) || length < 0))) {
      throw new InvalidArgumentError(`invalid byte range offset=${offset} length=${length}`, { store: this.description, path });
    }
    // An empty range cannot be written as a Range header; ask for one byte to learn whether the key exists.
    if (length === 0) {
      const probe = await this.rangeAt(url, path, offset, 1, exact);
      return { ...probe, bytes: probe.bytes?.subarray(0, 0) };
    }
    const range =
      offset < 0 ? `bytes=-${-offset}` : length === undefined ? `bytes=${offset}-` : `bytes=${offset}-${offset + length - 1}`;
    // A 206 body should be the asked bytes; a 200 body (no Range support) is the whole object, of
    // which only the asked part is kept as it streams past.
    const prefix = offset >= 0 && length !== undefined;
    const read = (status: number): BodyRead => {
      if (length === undefined || (status !== 206 && offset < 0)) return this.capped(url, path, this.maxResponse);
      return { max: length, overflow: "truncate", skip: status === 206 ? 0 : offset };
    };
    const small = length !== undefined ? length <= SMALL_BYTES : offset < 0 && -offset <= SMALL_BYTES;
    const answer = await this.request(url, path, "GET", range, undefined, read, exact, undefined, small);
    const got = (bytes: Uint8Array | undefined): UrlRange => ({ bytes, redirectedTo: answer.redirectedTo });
    const body = answer.body ?? new Uint8Array(0);
    if (answer.status === 206) {
      const start = /^bytes (\d+)-/.exec(answer.headers.get("content-range") ?? "")?.[1];
      if (offset >= 0 && start !== undefined && Number(start) !== offset) {
        throw new StoreError(`GET ${url} with Range ${range} answered bytes from ${start}`, { store: this.description, path });
      }
      return got(length !== undefined && body.byteLength > length ? body.subarray(0, length) : body);
    }
    // A server without Range support sends the whole object: cut the asked part out.
    if (answer.status >= 200 && answer.status < 300) return got(prefix ? body : sliceRange(body, offset, length).slice());
    // The key exists but the range starts past its end.
    if (answer.status === 416) return got(new Uint8Array(0));
    if (this.isMissing(answer.status)) return got(undefined);
    throw this.unexpected(url, path, `GET (Range ${range})`, answer);
  }

  async has(key: string): Promise<boolean> {
    const answer = await this.request(this.keyUrl(key), key, "HEAD", undefined, undefined, undefined, false, undefined, true);
    if (answer.status >= 200 && answer.status < 300) return true;
    if (this.isMissing(answer.status)) return false;
    // Some servers refuse HEAD: fall back to a one-byte read.
    if (answer.status === 405 || answer.status === 501) return (await this.getRange(key, 0, 1)) !== undefined;
    throw this.unexpected(this.keyUrl(key), key, "HEAD", answer);
  }

  /**
   * The size in bytes of `key`, or `undefined` when it does not exist. Asks HEAD for Content-Length
   * (uncompressed), and falls back to a one-byte Range read when the server does not say.
   */
  async getSize(key: string): Promise<number | undefined> {
    return this.size(key);
  }

  size(key: string): Promise<number | undefined> {
    return this.sizeAt(this.keyUrl(key), key);
  }

  private async sizeAt(url: string, key: string): Promise<number | undefined> {
    const head = await this.request(url, key, "HEAD", undefined, { "accept-encoding": "identity" }, undefined, false, undefined, true);
    if (this.isMissing(head.status)) return undefined;
    const length = head.headers.get("content-length");
    if (head.status >= 200 && head.status < 300 && length !== null && /^\d+$/.test(length.trim())) return Number(length);
    if (!(head.status >= 200 && head.status < 300) && head.status !== 405 && head.status !== 501) throw this.unexpected(url, key, "HEAD", head);
    // A server without Range support answers with the whole object: count it, keep nothing.
    const probe = await this.request(url, key, "GET", "bytes=0-0", undefined, (status) => (status === 206 ? this.capped(url, key, this.maxResponse) : "count"), false, undefined, true);
    if (probe.status === 206) {
      const total = /\/(\d+)\s*$/.exec(probe.headers.get("content-range") ?? "")?.[1];
      if (total !== undefined) return Number(total);
    } else if (probe.status >= 200 && probe.status < 300) {
      return probe.counted ?? probe.body?.byteLength ?? 0;
    } else if (probe.status === 416) {
      return 0; // bytes=0-0 is unsatisfiable only for an empty object
    } else if (this.isMissing(probe.status)) {
      return undefined;
    }
    throw new StoreError(`cannot tell the size of ${url}: HTTP ${probe.status} without a usable Content-Range`, { store: this.description, path: key });
  }

  async close(): Promise<void> {}

  /** `list` with `listing: "autoindex"`: read and parse the directory index of `prefix`. */
  private async readIndex(prefix: string): Promise<StoreListing> {
    const path = checkPrefix(prefix, this.description).join("/");
    const page = await this.fetchIndex(path);
    if (page.listing) return page.listing;
    // A nested folder that is missing answers 404 on a server that lists: it is empty, as on disk.
    if (page.status === 404 && path !== "" && (await this.indexesRoot())) return { keys: [], prefixes: [] };
    throw new StoreError(
      `the HTTP server cannot list folders: GET ${this.prefixUrl(path)} answered ${page.why}. ` +
        "Open a store with consolidated metadata (.zmetadata in Zarr v2, consolidated_metadata in the root zarr.json in v3), " +
        'or serve the folder with a directory index (nginx "autoindex on", python -m http.server)',
      { store: this.description, path },
    );
  }

  /** Fetch the index page of a folder; `listing` is set when the answer is a directory index. */
  private async fetchIndex(path: string): Promise<{ status: number; why: string; listing?: StoreListing }> {
    const url = this.prefixUrl(path);
    const answer = await this.request(url, path, "GET", undefined, undefined, undefined, false, undefined, true);
    const why = `HTTP ${answer.status} ${answer.statusText}`.trimEnd();
    if (answer.status < 200 || answer.status >= 300) return { status: answer.status, why };
    const listing = parseDirectoryIndex(answer.body ?? new Uint8Array(0), answer.headers.get("content-type"), url);
    if (!listing) return { status: answer.status, why: `${why} with a body that is not a directory index` };
    if (path === "") this.rootIndexed ??= Promise.resolve(true);
    return { status: answer.status, why, listing };
  }

  /** Whether the store root has a directory index (asked once, and only when needed). */
  private indexesRoot(): Promise<boolean> {
    this.rootIndexed ??= this.fetchIndex("").then(
      (page) => page.listing !== undefined,
      (err) => {
        this.rootIndexed = undefined;
        throw err;
      },
    );
    return this.rootIndexed;
  }

  private isMissing(status: number): boolean {
    return status === 404 || (status === 403 && this.missingAs403);
  }

  /** Read a body of at most `limit` bytes; a larger one is a StoreError naming the URL and the limit. */
  protected capped(url: string, path: string, limit: ByteLimit): BodyRead {
    const overflow = (seen: number, stated?: boolean) => {
      const what = stated ? `is ${formatBytes(seen)} (its Content-Length), more than` : "is larger than";
      const read = stated ? "" : `; stopped reading after ${formatBytes(seen)}`;
      return new StoreError(`GET ${url}: the response ${what} ${limitText(limit)}${read}`, { store: this.description, path });
    };
    return { max: limit.bytes, overflow };
  }

  /** The StoreError of an answer no caller expected, with the server's reason when a hook read one. */
  protected unexpected(url: string, key: string, what: string, answer: { status: number; statusText: string; detail?: string }): StoreError {
    let hint = "";
    if (answer.detail) hint = `: ${answer.detail}`;
    else if (answer.status === 403) hint = "; for an S3 bucket read anonymously, pass { missingAs403: true } so missing keys read as fill value";
    else if (answer.status === 401) hint = "; pass credentials with options.headers";
    return new StoreError(`${what} ${url} answered HTTP ${answer.status} ${answer.statusText}`.trimEnd() + hint, {
      store: this.description,
      path: key,
    });
  }

  /**
   * Run one request with retries; returns the first non-retryable answer.
   * @param target URL without the base query string (added here)
   * @param path the key or prefix, for error messages
   * @param read how much of a 2xx body to read, given the status (default: at most maxResponseBytes)
   * @param exact `target` is a whole URL (a redirect's end, or a store's own request): no query string is added
   * @param body the body of a PUT
   * @param small a small request (metadata, listing, HEAD, short range): it waits for the small permits, not the bulk ones
   */
  protected async request(
    target: string, path: string, method: HttpMethod, range?: string, extra?: Record<string, string>,
    read: (status: number) => BodyRead = () => this.capped(target, path, this.maxResponse), exact = false, body?: Uint8Array, small = false,
  ): Promise<Answer> {
    const url = exact ? target : target + this.search;
    // An exact URL on another origin is where a redirect led: fetch would not have sent our headers there.
    const own = !exact || new URL(target).origin === new URL(this.base).origin;
    const headers: Record<string, string> = { ...(own ? this.headers : {}), ...extra };
    // Ranges must count stored bytes, not bytes after a transparent decompression.
    if (range !== undefined) Object.assign(headers, { range, "accept-encoding": "identity" });
    let last = "";
    for (let attempt = 0; ; attempt++) {
      const outcome = await (small ? this.small : this.semaphore).run(() => this.attempt(url, method, headers, read, path, body));
      this.adapt(outcome.retry); // 429 and 503 are retried, so they count here
      if (!outcome.retry) return outcome;
      last = outcome.reason;
      if (attempt >= this.retries) break;
      const delay = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2 ** attempt);
      await sleep(delay + Math.random() * this.backoffMs);
    }
    throw new StoreError(`${method} ${target} failed after ${this.retries + 1} attempt(s); last error: ${last}`, {
      store: this.description,
      path,
    });
  }

  /**
   * Follow the server's capacity: halve the small requests' limit (not below `concurrency`) when it
   * pushes back, and raise it by one per answer up to `metadataConcurrency`.
   */
  private adapt(pushedBack: boolean): void {
    const limit = this.small.limit;
    const next = pushedBack ? Math.max(Math.min(this.semaphore.limit, this.smallMax), Math.floor(limit / 2)) : Math.min(this.smallMax, limit + 1);
    if (next !== limit) this.small.setLimit(next);
  }

  /** One attempt, body included, under the time-out. A body over its limit throws (no retry: it would be as large again). */
  private async attempt(
    url: string, method: HttpMethod, headers: Record<string, string>, read: (status: number) => BodyRead, path: string, payload?: Uint8Array,
  ): Promise<Attempt> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    try {
      const signed = this.hooks.sign ? { ...headers, ...(await this.hooks.sign({ method, url, headers, body: payload })) } : headers;
      const res = await this.fetchFn(url, { method, headers: signed, body: payload as Uint8Array<ArrayBuffer> | undefined, signal: controller.signal });
      // POST answers carry documents too (S3 multipart uploads).
      const readBody = (method === "GET" || method === "POST") && res.status >= 200 && res.status < 300;
      if (!readBody) {
        const explain = this.hooks.explain;
        const why = explain && method !== "HEAD" && res.status >= 300 && !isRetryable(res.status)
          ? explain(res.status, await readCapped(res.body, MAX_ERROR_BODY, "truncate"))
          : undefined;
        // Free the connection: an unread body keeps the socket busy.
        await res.body?.cancel().catch(() => undefined);
        if (isRetryable(res.status)) return { retry: true, reason: `HTTP ${res.status} ${res.statusText}`.trimEnd() };
        const answer = { retry: false as const, status: res.status, statusText: res.statusText, headers: res.headers, detail: why?.detail };
        if (why?.fatal) throw this.unexpected(url.split("?")[0], path, method, answer);
        return answer;
      }
      const how = read(res.status);
      const redirectedTo = res.redirected && res.url ? res.url : undefined;
      const answer = { retry: false as const, status: res.status, statusText: res.statusText, headers: res.headers, redirectedTo };
      // fetch can leave a body read pending after an abort (a Content-Encoding body that does not
      // decode, on a closed connection): the time-out ends the read itself.
      const aborted = new Promise<never>((_, reject) => {
        if (controller.signal.aborted) reject(new Error("aborted"));
        controller.signal.addEventListener("abort", () => reject(new Error("aborted")), { once: true });
      });
      aborted.catch(() => undefined);
      const body = Promise.race([how === "count" ? countBytes(res.body) : this.readBody(res, how), aborted]);
      if (how === "count") return { ...answer, counted: (await body) as number };
      return { ...answer, body: (await body) as Uint8Array };
    } catch (err) {
      if (err instanceof HdmfZarrError) throw err;
      if (timedOut) return { retry: true, reason: `timed out after ${this.timeoutMs} ms` };
      return { retry: true, reason: `network error: ${describeError(err)}` };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The body of `res` as `how` says; a stated length past the limit is refused before reading. */
  private async readBody(res: Response, how: Exclude<BodyRead, "count">): Promise<Uint8Array> {
    const encoded = (res.headers.get("content-encoding") ?? "identity").trim().toLowerCase() !== "identity";
    const stated = /^\d+$/.test(res.headers.get("content-length")?.trim() ?? "") ? Number(res.headers.get("content-length")) : undefined;
    // Content-Length counts encoded bytes; only an unencoded body's size is known before reading.
    const size = encoded ? undefined : stated;
    if (size !== undefined && how.overflow !== "truncate" && size > how.max) {
      await res.body?.cancel().catch(() => undefined);
      throw how.overflow(size, true);
    }
    const hint = size === undefined ? undefined : Math.max(0, Math.min(how.max, size - (how.skip ?? 0)));
    return readCapped(res.body, how.max, how.overflow, { skip: how.skip, sizeHint: hint });
  }
}
