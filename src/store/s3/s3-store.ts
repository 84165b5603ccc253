/**
 * A read-write store over S3 or an S3-compatible service: HttpStore's request path (retries,
 * concurrency, time-outs, body caps) with SigV4-signed requests, ListObjectsV2 listings, PUT,
 * multipart uploads of objects larger than a block, and DELETE. A request signed for the wrong
 * region is signed again for the region S3 names, which is then kept for the store's bucket (as
 * botocore's region redirector does). No Node imports: where credentials come from is the
 * caller's (`aws-config.ts` on Node).
 */
import { InvalidArgumentError, StoreError } from "../../errors.js";
import { formatBytes } from "../capped-read.js";
import { HttpStore, type HttpStoreOptions } from "../http.js";
import { checkKey, checkPrefix } from "../keys.js";
import type { StoreListing, WritableStore } from "../types.js";
import { listQuery, parseListPage, type ListPage } from "./list-objects.js";
import { checkPartSize, completeBody, completeFailure, DEFAULT_BLOCK_BYTES, MAX_PARTS, parseUploadId, partRanges, type UploadedPart } from "./multipart.js";
import { isRegionName, probeBucketRegion, wrongRegionAnswer } from "./region.js";
import { explainS3Error } from "./s3-errors.js";
import { bucketUrl, encodeS3Path, parseS3Url } from "./s3-url.js";
import { awsEncode, EMPTY_SHA256, sha256Hex, signV4, type AwsCredentials } from "./sigv4.js";

/** Where an S3 store's requests go and how they are signed. */
export interface S3Access {
  /** The region signatures are made for (until S3 names another for the bucket). */
  region: string;
  /** An S3-compatible service's address (path-style URLs); AWS when absent. */
  endpoint?: string;
  /** The credentials to sign with, or undefined to send requests unsigned (anonymous). */
  credentials(): Promise<AwsCredentials | undefined>;
}

/** How an S3 store writes objects. */
export interface S3UploadOptions {
  /**
   * Objects larger than this many bytes go up as a multipart upload in parts of this size (s3fs's
   * `default_block_size`). Default 50 MiB; at least 5 MiB and at most 5 GiB (S3's part limits).
   */
  partSize?: number;
}

/** Parts of one multipart upload sent at once (the store's concurrency bounds all requests too). */
const PART_WORKERS = 4;
/** Most bytes of a CreateMultipartUpload or CompleteMultipartUpload answer. */
const MAX_UPLOAD_ANSWER_BYTES = 1 << 20;

/** Most bytes of one ListObjectsV2 page (1000 entries of keys up to 1 KiB, with room to spare). */
const MAX_LIST_PAGE_BYTES = 16 << 20;

/** The headers S3 requests sign besides host and x-amz-*: only those no proxy or client rewrites. */
const SIGNED_HEADERS = ["range", "content-type"];

/**
 * The store at `s3://bucket/prefix`. Keys map to objects `prefix/key`; `list` reads
 * ListObjectsV2 with a "/" delimiter page by page; `deletePrefix` lists and deletes each object.
 * Each write replaces an object whole (S3 has no partial writes; a multipart upload shows nothing
 * until it completes), which is what LocalStore's write-and-rename gives on disk.
 */
export class S3Store extends HttpStore implements WritableStore {
  /** The bucket. */
  readonly bucket: string;
  /** The key prefix of the store in its bucket ("" for the bucket's root), without slashes at the ends. */
  readonly prefix: string;
  /** The bucket's root address. */
  readonly bucketUrl: string;

  /** The region requests are signed for now: the one given, or the one S3 named for the bucket. */
  get region(): string {
    return this.signing.region;
  }
  private readonly signing: SigningState;
  private readonly partSize: number;

  /** A store at `s3Url` (`s3://bucket/prefix`), its requests going to and signed by `access`. */
  constructor(s3Url: string, access: S3Access, options: HttpStoreOptions = {}, upload: S3UploadOptions = {}) {
    const { bucket, prefix } = parseS3Url(s3Url);
    const root = bucketUrl(bucket, access.region, access.endpoint);
    const description = `s3://${bucket}${prefix ? `/${prefix}` : ""}`;
    const base = prefix ? `${root}/${encodeS3Path(prefix)}` : root;
    const signing = new SigningState(bucket, root, access, description, base);
    const inner = options.fetch ?? (typeof globalThis.fetch === "function" ? globalThis.fetch.bind(globalThis) : undefined);
    super(base, { ...options, listing: "none", fetch: inner && signing.fetchWith(inner) }, { description, explain: explainS3Error });
    this.bucket = bucket;
    this.prefix = prefix;
    this.bucketUrl = root;
    this.signing = signing;
    const problem = checkPartSize(upload.partSize);
    if (problem) throw new InvalidArgumentError(`S3Store option partSize ${problem}`, { store: description });
    this.partSize = upload.partSize ?? DEFAULT_BLOCK_BYTES;
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

  /** Write one object whole: one PUT, or a multipart upload when it is larger than the part size. */
  async set(key: string, value: Uint8Array): Promise<void> {
    const url = this.keyUrl(key);
    if (value.byteLength > this.partSize) return this.setInParts(url, key, value);
    const answer = await this.request(url, key, "PUT", undefined, { "content-type": "application/octet-stream" }, undefined, true, value);
    if (answer.status < 200 || answer.status >= 300) throw this.unexpected(url, key, "PUT", answer);
  }

  /**
   * CreateMultipartUpload, UploadPart for each block, CompleteMultipartUpload. On any failure the
   * upload is aborted, so that neither an object nor stored parts are left; when the abort fails
   * too, the StoreError names the upload left pending.
   */
  private async setInParts(url: string, key: string, value: Uint8Array): Promise<void> {
    const ranges = partRanges(value.byteLength, this.partSize);
    if (ranges.length > MAX_PARTS) {
      throw new StoreError(
        `an object of ${formatBytes(value.byteLength)} takes ${ranges.length} parts of ${formatBytes(this.partSize)}, ` +
          `more than S3's ${MAX_PARTS}; pass a larger default_block_size`,
        { store: this.description, path: key },
      );
    }
    const created = await this.request(`${url}?uploads`, key, "POST", undefined, { "content-type": "application/octet-stream" },
      () => this.capped(url, key, { bytes: MAX_UPLOAD_ANSWER_BYTES }), true);
    if (created.status < 200 || created.status >= 300) throw this.unexpected(url, key, "POST (CreateMultipartUpload)", created);
    let uploadId: string;
    try {
      uploadId = parseUploadId(created.body ?? new Uint8Array(0));
    } catch (e) {
      throw new StoreError(`POST (CreateMultipartUpload) ${url}: ${(e as Error).message}`, { store: this.description, path: key }, { cause: e });
    }
    const upload = `uploadId=${awsEncode(uploadId)}`;
    try {
      const parts = await this.uploadParts(url, key, upload, value, ranges);
      const done = await this.request(`${url}?${upload}`, key, "POST", undefined, { "content-type": "application/xml" },
        () => this.capped(url, key, { bytes: MAX_UPLOAD_ANSWER_BYTES }), true, completeBody(parts));
      if (done.status < 200 || done.status >= 300) throw this.unexpected(url, key, "POST (CompleteMultipartUpload)", done);
      const failure = completeFailure(done.body ?? new Uint8Array(0));
      if (failure) throw new StoreError(`POST (CompleteMultipartUpload) ${url} answered HTTP ${done.status}: ${failure}`, { store: this.description, path: key });
    } catch (e) {
      await this.abortUpload(url, key, upload, uploadId, e);
      throw e;
    }
  }

  /** Send the parts, a few at a time; after a failure no new part starts, and the first failure is thrown once all have ended. */
  private async uploadParts(url: string, key: string, upload: string, value: Uint8Array, ranges: [number, number][]): Promise<UploadedPart[]> {
    const parts: UploadedPart[] = new Array(ranges.length);
    let next = 0;
    let failure: { error: unknown } | undefined;
    const worker = async () => {
      while (failure === undefined && next < ranges.length) {
        const i = next++;
        const [start, end] = ranges[i];
        const what = `PUT (UploadPart ${i + 1} of ${ranges.length})`;
        try {
          const answer = await this.request(`${url}?partNumber=${i + 1}&${upload}`, key, "PUT", undefined, undefined, undefined, true, value.subarray(start, end));
          if (answer.status < 200 || answer.status >= 300) throw this.unexpected(url, key, what, answer);
          const etag = answer.headers.get("etag");
          if (!etag) throw new StoreError(`${what} ${url}: the answer has no ETag header (a browser needs the bucket's CORS rules to expose ETag)`, { store: this.description, path: key });
          parts[i] = { number: i + 1, etag };
        } catch (e) {
          failure ??= { error: e };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PART_WORKERS, ranges.length) }, worker));
    if (failure) throw failure.error;
    return parts;
  }

  /** AbortMultipartUpload after `cause`; a failed abort is a StoreError naming the upload left pending. */
  private async abortUpload(url: string, key: string, upload: string, uploadId: string, cause: unknown): Promise<void> {
    let why: string | undefined;
    try {
      const answer = await this.request(`${url}?${upload}`, key, "DELETE", undefined, undefined, undefined, true);
      // 404 NoSuchUpload: nothing is left (it completed or was aborted already).
      if (answer.status !== 404 && (answer.status < 200 || answer.status >= 300)) why = this.unexpected(url, key, "DELETE (AbortMultipartUpload)", answer).message;
    } catch (e) {
      why = (e as Error).message;
    }
    if (why === undefined) return;
    // Both messages name this store and key already: say it once.
    const here = new StoreError("", { store: this.description, path: key }).message;
    const bare = (text: string) => (here !== "" && text.startsWith(here) ? text.slice(here.length) : text);
    const objectKey = decodeURIComponent(new URL(url).pathname.slice(new URL(this.bucketUrl).pathname.length).replace(/^\//, ""));
    throw new StoreError(
      `the multipart upload failed (${bare(cause instanceof Error ? cause.message : String(cause))}) and aborting it failed too (${bare(why)}): ` +
        `upload '${uploadId}' of '${objectKey}' is left pending in bucket '${this.bucket}' and its parts take storage until it is aborted ` +
        `(aws s3api abort-multipart-upload --bucket ${this.bucket} --key ${objectKey} --upload-id ${uploadId}) or a lifecycle rule removes it`,
      { store: this.description, path: key }, { cause },
    );
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
    const answer = await this.request(url, path, "GET", undefined, undefined, () => this.capped(url, path, { bytes: MAX_LIST_PAGE_BYTES }), true, undefined, true);
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

/** The SigV4 headers of one S3 request signed for `region`, or none for anonymous access. */
async function signS3(
  request: { method: string; url: string; headers: Record<string, string>; body?: Uint8Array }, access: S3Access, region: string,
): Promise<Record<string, string>> {
  const credentials = await access.credentials();
  if (!credentials) return {};
  const payloadHash = request.body && request.body.byteLength > 0 ? await sha256Hex(request.body) : EMPTY_SHA256;
  const headers: Record<string, string> = { "x-amz-content-sha256": payloadHash };
  for (const [name, value] of Object.entries(request.headers)) if (SIGNED_HEADERS.includes(name.toLowerCase())) headers[name] = value;
  const signed = await signV4({ method: request.method, url: request.url, headers, payloadHash }, credentials, { region, service: "s3" });
  return { "x-amz-content-sha256": payloadHash, ...signed };
}

/**
 * The region an S3 store signs for and the bucket address that goes with it. Its `fetch` signs
 * each request (each attempt, so the signature's time is fresh); when S3 answers that the bucket
 * is elsewhere, it learns the region (and on AWS the regional address), signs once more, and
 * keeps the region for every later request of the store.
 */
class SigningState {
  region: string;
  private root: string;

  constructor(
    private readonly bucket: string, private readonly firstRoot: string, private readonly access: S3Access,
    private readonly description: string, private readonly base: string,
  ) {
    this.region = access.region;
    this.root = firstRoot;
  }

  /** `inner` with requests signed, and sent again once for the region S3 names. */
  fetchWith(inner: typeof fetch): typeof fetch {
    return async (input, init) => {
      const method = init?.method ?? "GET";
      const headers = { ...(init?.headers as Record<string, string> | undefined) };
      const body = init?.body as Uint8Array | undefined;
      const send = async () => {
        const region = this.region;
        const url = this.address(String(input));
        const signed = await signS3({ method, url, headers, body }, this.access, region);
        return { region, url, res: await inner(url, { ...init, headers: { ...headers, ...signed } }) };
      };
      const first = await send();
      const verdict = await wrongRegionAnswer(first.res, method);
      if (!verdict.wrong) return first.res;
      const named = isRegionName(verdict.region) ? verdict.region : await probeBucketRegion(this.root, inner, init?.signal);
      // Nothing better to sign for: the answer goes on to be explained as it is.
      if (!isRegionName(named) || named === first.region) return first.res;
      await first.res.body?.cancel().catch(() => undefined);
      this.learn(named);
      const second = await send();
      const again = await wrongRegionAnswer(second.res, method);
      if (!again.wrong) return second.res;
      await second.res.body?.cancel().catch(() => undefined);
      throw new StoreError(
        `${method} ${second.url.split("?")[0]}: signed for region '${first.region}', S3 answered that bucket '${this.bucket}' is in '${named}'; ` +
          `signed again for '${named}', it still answered HTTP ${second.res.status}${again.region ? ` naming region '${again.region}'` : ""}. ` +
          "Pass client_kwargs: { region_name: '…' } (and endpoint_url for a service other than AWS) or set AWS_REGION",
        { store: this.description, path: this.keyOf(String(input)) },
      );
    };
  }

  /** Sign for `region` from now on; on AWS requests then go to the region's address. */
  private learn(region: string): void {
    this.region = region;
    if (this.access.endpoint === undefined) this.root = bucketUrl(this.bucket, region);
  }

  /** `url` (made from the first bucket address) at the bucket address of the current region. */
  private address(url: string): string {
    return this.root !== this.firstRoot && url.startsWith(this.firstRoot) ? this.root + url.slice(this.firstRoot.length) : url;
  }

  /** The store key of a request URL, for error messages ("" for the store or bucket itself). */
  private keyOf(url: string): string {
    const path = url.split("?")[0];
    return path.startsWith(this.base + "/") ? decodeURIComponent(path.slice(this.base.length + 1)) : "";
  }
}
