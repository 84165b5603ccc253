/**
 * A read-write store over S3 or an S3-compatible service: HttpStore's request path (retries,
 * concurrency, time-outs, body caps) with SigV4-signed requests, ListObjectsV2 listings, PUT and
 * DELETE. No Node imports: where credentials come from is the caller's (`aws-config.ts` on Node).
 */
import { StoreError } from "../../errors.js";
import { HttpStore, type HttpMethod, type HttpStoreOptions } from "../http.js";
import { checkKey, checkPrefix } from "../keys.js";
import type { StoreListing, WritableStore } from "../types.js";
import { listQuery, parseListPage, type ListPage } from "./list-objects.js";
import { explainS3Error } from "./s3-errors.js";
import { bucketUrl, encodeS3Path, parseS3Url } from "./s3-url.js";
import { EMPTY_SHA256, sha256Hex, signV4, type AwsCredentials } from "./sigv4.js";

/** Where an S3 store's requests go and how they are signed. */
export interface S3Access {
  /** The region signatures are made for. */
  region: string;
  /** An S3-compatible service's address (path-style URLs); AWS when absent. */
  endpoint?: string;
  /** The credentials to sign with, or undefined to send requests unsigned (anonymous). */
  credentials(): Promise<AwsCredentials | undefined>;
}

/** Most bytes of one ListObjectsV2 page (1000 entries of keys up to 1 KiB, with room to spare). */
const MAX_LIST_PAGE_BYTES = 16 << 20;

/** The headers S3 requests sign besides host and x-amz-*: only those no proxy or client rewrites. */
const SIGNED_HEADERS = ["range", "content-type"];

/**
 * The store at `s3://bucket/prefix`. Keys map to objects `prefix/key`; `list` reads
 * ListObjectsV2 with a "/" delimiter page by page; `deletePrefix` lists and deletes each object.
 * Each PUT replaces an object whole (S3 has no partial writes), which is what LocalStore's
 * write-and-rename gives on disk.
 */
export class S3Store extends HttpStore implements WritableStore {
  /** The bucket. */
  readonly bucket: string;
  /** The key prefix of the store in its bucket ("" for the bucket's root), without slashes at the ends. */
  readonly prefix: string;
  /** The bucket's root address. */
  readonly bucketUrl: string;

  /** A store at `s3Url` (`s3://bucket/prefix`), its requests going to and signed by `access`. */
  constructor(s3Url: string, access: S3Access, options: HttpStoreOptions = {}) {
    const { bucket, prefix } = parseS3Url(s3Url);
    const root = bucketUrl(bucket, access.region, access.endpoint);
    super(prefix ? `${root}/${encodeS3Path(prefix)}` : root, { ...options, listing: "none" }, {
      description: `s3://${bucket}${prefix ? `/${prefix}` : ""}`,
      sign: (request) => signS3(request, access),
      explain: explainS3Error,
    });
    this.bucket = bucket;
    this.prefix = prefix;
    this.bucketUrl = root;
  }

  /** The URL of `key`, each segment encoded as S3 signs it. */
  override keyUrl(key: string): string {
    return `${this.url}/${checkKey(key, this.description).map((s) => encodeS3Path(s)).join("/")}`;
  }

  /** What lies directly under `prefix`: ListObjectsV2 with delimiter "/", every page. */
  override readonly list = async (prefix: string): Promise<StoreListing> => {
    const folder = this.objectPrefix(checkPrefix(prefix, this.description).join("/"));
    const keys: string[] = [];
    const prefixes: string[] = [];
    await this.eachPage(folder, "/", prefix, (page) => {
      for (const k of page.keys) keys.push(k.key.slice(folder.length));
      for (const p of page.prefixes) prefixes.push(p.slice(folder.length).replace(/\/$/, ""));
    });
    return { keys: keys.filter((k) => k !== "" && !k.includes("/")), prefixes: prefixes.filter((p) => p !== "") };
  };

  async set(key: string, value: Uint8Array): Promise<void> {
    const url = this.keyUrl(key);
    const answer = await this.request(url, key, "PUT", undefined, { "content-type": "application/octet-stream" }, undefined, true, value);
    if (answer.status < 200 || answer.status >= 300) throw this.unexpected(url, key, "PUT", answer);
  }

  /** Delete one object; a missing one is not an error. */
  async delete(key: string): Promise<void> {
    await this.remove(this.keyUrl(key), key);
  }

  /** Delete every object under `prefix` ("" is the whole store), listing them page by page. */
  async deletePrefix(prefix: string): Promise<void> {
    const folder = this.objectPrefix(checkPrefix(prefix, this.description).join("/"));
    // The bucket's root holds other stores' objects too: refuse to delete it whole.
    if (folder === "") throw new StoreError("refusing to delete every object of the bucket: open the store at a prefix (s3://bucket/name)", { store: this.description });
    // Delete the first page of what is left until nothing is: one page in memory at a time, and
    // no continuation token that the deletions could outdate.
    let previous: string | undefined;
    for (;;) {
      const page = await this.listPage(folder, undefined, prefix, undefined);
      if (page.keys.length === 0) return;
      if (page.keys[0].key === previous) {
        throw new StoreError(`deleting '${folder}': '${previous}' is still listed after its DELETE succeeded`, { store: this.description, path: prefix });
      }
      previous = page.keys[0].key;
      await Promise.all(page.keys.map((k) => this.remove(`${this.bucketUrl}/${encodeS3Path(k.key)}`, k.key)));
    }
  }

  private async remove(url: string, key: string): Promise<void> {
    const answer = await this.request(url, key, "DELETE", undefined, undefined, undefined, true);
    if (answer.status !== 404 && (answer.status < 200 || answer.status >= 300)) throw this.unexpected(url, key, "DELETE", answer);
  }

  /** The object-key prefix of a store prefix, ending in "/" ("" for the bucket root). */
  private objectPrefix(prefix: string): string {
    const full = [this.prefix, prefix].filter((p) => p !== "").join("/");
    return full === "" ? "" : `${full}/`;
  }

  /** One ListObjectsV2 page of the objects under `folder`. */
  private async listPage(folder: string, delimiter: string | undefined, path: string, token: string | undefined): Promise<ListPage> {
    const url = `${this.bucketUrl}?${listQuery(folder, delimiter, token)}`;
    const answer = await this.request(url, path, "GET", undefined, undefined, () => this.capped(url, path, { bytes: MAX_LIST_PAGE_BYTES }), true);
    if (answer.status < 200 || answer.status >= 300) throw this.unexpected(`${this.bucketUrl}?list-type=2&prefix=${folder}`, path, "GET (ListObjectsV2)", answer);
    try {
      return parseListPage(answer.body ?? new Uint8Array(0));
    } catch (e) {
      throw new StoreError(`ListObjectsV2 of '${folder}': ${(e as Error).message}`, { store: this.description, path }, { cause: e });
    }
  }

  /** Call `visit` on every page of a listing under `folder`, following continuation tokens. */
  private async eachPage(folder: string, delimiter: string | undefined, path: string, visit: (page: ListPage) => void): Promise<void> {
    let token: string | undefined;
    const seen = new Set<string>();
    do {
      const page = await this.listPage(folder, delimiter, path, token);
      visit(page);
      // A server that hands back a token it gave before would list forever.
      if (page.next !== undefined && seen.has(page.next)) {
        throw new StoreError(`ListObjectsV2 of '${folder}' gave the continuation token '${page.next}' twice`, { store: this.description, path });
      }
      token = page.next;
      if (token !== undefined) seen.add(token);
    } while (token !== undefined);
  }

  protected override unexpected(url: string, key: string, what: string, answer: { status: number; statusText: string; detail?: string }): StoreError {
    if (answer.status === 403 && !answer.detail) {
      // HEAD answers carry no error document: say what a bare 403 can mean here.
      answer = { ...answer, detail: "S3 refused it without a reason (a HEAD request has no error body): the object may be missing and the credentials may not list the bucket (s3:ListBucket), or the credentials were refused" };
    }
    return super.unexpected(url, key, what, answer);
  }
}

/** The SigV4 headers of one S3 request, or none for anonymous access. */
async function signS3(
  request: { method: HttpMethod; url: string; headers: Record<string, string>; body?: Uint8Array }, access: S3Access,
): Promise<Record<string, string>> {
  const credentials = await access.credentials();
  if (!credentials) return {};
  const payloadHash = request.body && request.body.byteLength > 0 ? await sha256Hex(request.body) : EMPTY_SHA256;
  const headers: Record<string, string> = { "x-amz-content-sha256": payloadHash };
  for (const [name, value] of Object.entries(request.headers)) if (SIGNED_HEADERS.includes(name.toLowerCase())) headers[name] = value;
  const signed = await signV4({ method: request.method, url: request.url, headers, payloadHash }, credentials, { region: access.region, service: "s3" });
  return { "x-amz-content-sha256": payloadHash, ...signed };
}
