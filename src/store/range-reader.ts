/**
 * Random access to the bytes of one file, wherever it lives: the interface the zip store reads
 * through, and its implementation over HTTP. No Node imports (browser bundle); the local-file
 * reader is in `file-range-reader.ts`.
 */
import { InvalidArgumentError, StoreError } from "../errors.js";
import { HttpStore, type HttpStoreOptions } from "./http.js";
import { normalizeUrl } from "./url.js";

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

/** A {@link RangeReader} over one object of an {@link HttpStore}, with HTTP Range requests. */
export class HttpRangeReader implements RangeReader {
  readonly description: string;
  private knownSize?: Promise<number>;

  /**
   * @param store the store holding the file
   * @param key the file's key in that store
   */
  constructor(
    readonly store: HttpStore,
    readonly key: string,
  ) {
    this.description = store.keyUrl(key);
  }

  /** A reader for the file at `url` (`http(s)://` or `s3://`); its folder becomes the store. */
  static fromUrl(url: string | URL, options?: HttpStoreOptions): HttpRangeReader {
    const full = normalizeUrl(url);
    const q = full.indexOf("?");
    const [base, search] = q < 0 ? [full, ""] : [full.slice(0, q), full.slice(q)];
    const parsed = new URL(base);
    const slash = parsed.pathname.lastIndexOf("/");
    const name = parsed.pathname.slice(slash + 1);
    if (name === "") throw new InvalidArgumentError("the URL names no file", { store: base });
    let key: string;
    try {
      key = decodeURIComponent(name);
    } catch {
      throw new InvalidArgumentError("the URL's file name is not valid percent-encoding", { store: base });
    }
    const folder = parsed.origin + parsed.pathname.slice(0, slash) + search;
    return new HttpRangeReader(new HttpStore(folder, options), key);
  }

  size(): Promise<number> {
    this.knownSize ??= this.store.size(this.key).then(
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
    const bytes = await this.store.getRange(this.key, offset, length);
    if (bytes === undefined) throw new StoreError("file not found (HTTP 404)", { store: this.description });
    if (bytes.byteLength !== length) throw shortRead(this.description, offset, length, bytes.byteLength);
    return bytes;
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
