/**
 * Random access to the bytes of one file, wherever it lives: the interface the zip store reads
 * through, and its implementation over HTTP. No Node imports (browser bundle); the local-file
 * reader is in `file-range-reader.ts`.
 */
import { InvalidArgumentError, StoreError } from "../errors.js";
import { HttpStore, type HttpStoreOptions } from "./http.js";
import { normalizeFileUrl } from "./url.js";

/** Byte-range access to one file. */
export interface RangeReader {
  /** Where the bytes live (a path or URL), for error messages. */
  readonly description: string;
  /** Total size of the file in bytes. */
  size(): Promise<number>;
  /** Exactly `length` bytes from `offset`; throws StoreError when the file ends sooner or cannot be read. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Release handles, if any. */
  close?(): Promise<void>;
}

/** Check a read request against the file size; shared by the readers. */
export function checkRead(description: string, offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new InvalidArgumentError(`invalid byte range offset=${offset} length=${length}`, { store: description });
  }
}

/** The error for a file that ends before a read does. */
export function shortRead(description: string, offset: number, length: number, got: number): StoreError {
  return new StoreError(
    `file ends early: wanted ${length} bytes at offset ${offset}, got ${got} (truncated or changed while open?)`,
    { store: description },
  );
}

/**
 * A {@link RangeReader} over one file on an HTTP server, with Range requests: an object of an
 * {@link HttpStore}, or any file URL ({@link fromUrl}). When the server redirects a read (DANDI's
 * download URLs answer with a signed S3 URL), later reads go to the redirect's end directly, and
 * back to the file's URL when that fails (a signed URL that expired).
 */
export class HttpRangeReader implements RangeReader {
  readonly description: string;
  private knownSize?: Promise<number>;
  /** The file's URL, without the store's query string. */
  private readonly url: string;
  private redirect?: string;

  /**
   * @param store the store holding the file (its options apply to every read)
   * @param key the file's key in that store ("" for a file URL that names no file)
   * @param url the file's whole URL without the store's query string, when it is not the key's URL
   */
  constructor(
    readonly store: HttpStore,
    readonly key: string,
    url?: string,
  ) {
    this.url = url ?? store.keyUrl(key);
    this.description = this.url;
  }

  /** A reader for the file at `url` (`http(s)://` or `s3://`, any path, a trailing slash included). */
  static fromUrl(url: string | URL, options?: HttpStoreOptions): HttpRangeReader {
    const full = normalizeFileUrl(url);
    const q = full.indexOf("?");
    const [path, search] = q < 0 ? [full, ""] : [full.slice(0, q), full.slice(q)];
    const slash = path.lastIndexOf("/");
    const name = path.slice(slash + 1);
    // A URL that names no file (DANDI's ".../download/"): the store is the URL itself, read as is.
    if (name === "") return new HttpRangeReader(new HttpStore(full, options), "", path);
    let key: string;
    try {
      key = decodeURIComponent(name);
    } catch {
      throw new InvalidArgumentError("the URL's file name is not valid percent-encoding", { store: path });
    }
    // Its folder becomes the store, which keeps the query string (a signed token) for every read.
    return new HttpRangeReader(new HttpStore(path.slice(0, slash) + search, options), key);
  }

  size(): Promise<number> {
    this.knownSize ??= this.store.urlSize(this.url).then(
      (n) => {
        if (n === undefined) throw new StoreError("file not found (HTTP 404)", { store: this.description });
        return n;
      },
      (err) => {
        this.knownSize = undefined;
        throw err;
      },
    );
    return this.knownSize;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    checkRead(this.description, offset, length);
    if (length === 0) return new Uint8Array(0);
    const bytes = await this.readRange(offset, length);
    if (bytes === undefined) throw new StoreError("file not found (HTTP 404)", { store: this.description });
    if (bytes.byteLength !== length) throw shortRead(this.description, offset, length, bytes.byteLength);
    return bytes;
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  /** The bytes from the redirect's end when a read was redirected before, else from the file's URL. */
  private async readRange(offset: number, length: number): Promise<Uint8Array | undefined> {
    const redirect = this.redirect;
    if (redirect !== undefined) {
      const direct = await this.store.getUrlRange(redirect, offset, length, true).catch(() => undefined);
      if (direct?.bytes !== undefined) return direct.bytes;
      if (this.redirect === redirect) this.redirect = undefined;
    }
    const { bytes, redirectedTo } = await this.store.getUrlRange(this.url, offset, length);
    if (redirectedTo !== undefined && bytes !== undefined) this.redirect = redirectedTo;
    return bytes;
  }
}
