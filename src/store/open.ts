/**
 * Turn what a user passes (a path, a URL or a store) into a store (Node only: local paths need
 * the file system).
 */
import { statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidArgumentError, InvalidOptionError, ReadOnlyError } from "../errors.js";
import { checkOptions, optionNames, type OptionsSite } from "../options.js";
import { HttpStore, type HttpStoreOptions } from "./http.js";
import { LocalStore, type LocalStoreOptions } from "./local.js";
import { FileRangeReader } from "./file-range-reader.js";
import { HttpRangeReader } from "./range-reader.js";
import { ReferenceStore, type ReferenceStoreOptions } from "./reference-store.js";
import { isLindiTarName, isReferenceName, openRemoteReference } from "./reference-open.js";
import { isWritable, type ReadableStore, type WritableStore } from "./types.js";
import { isRemote, normalizeUrl } from "./url.js";
import { resolveS3Access } from "./s3/aws-config.js";
import { checkS3Options, hasS3Options, S3_STORAGE_OPTIONS, UNSUPPORTED_S3_OPTIONS, type S3StorageOptions } from "./s3/s3-options.js";
import { S3Store } from "./s3/s3-store.js";
import { ZipStore, type ZipStoreOptions } from "./zip.js";
import { inflateRawNode, openZipFile } from "./zip-node.js";

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** The caller will write: refuse remote stores and read-only store instances. */
  writable: boolean;
  /** Options for a remote store: HTTP settings, and for `s3://` stores the S3 ones. */
  http?: StorageOptions;
  /** Options for a local store. */
  local?: LocalStoreOptions;
  /** Options for a zip archive (a path or URL ending in `.zip`). */
  zip?: ZipStoreOptions;
  /** Options for a reference file (a path or URL ending in `.json`, such as `.lindi.json`). */
  reference?: Omit<ReferenceStoreOptions, "http" | "openLocalFile">;
}

/** The keys of {@link OpenStoreOptions}. */
export const OPEN_STORE_OPTIONS = optionNames<OpenStoreOptions>({ writable: true, http: true, local: true, zip: true, reference: true });
/** The keys of {@link HttpStoreOptions} (ZarrIO's `storageOptions`). */
export const HTTP_STORE_OPTIONS = optionNames<HttpStoreOptions>({
  headers: true, concurrency: true, metadataConcurrency: true, retries: true, timeoutMs: true, backoffMs: true, missingAs403: true, fetch: true, listing: true,
  maxResponseBytes: true,
});
const LOCAL_STORE_OPTIONS = optionNames<LocalStoreOptions>({ fsync: true, synchronizer: true, followExternalSymlinks: true });
const ZIP_STORE_OPTIONS = optionNames<ZipStoreOptions>({ inflateRaw: true, verifyCrc: true, maxEntryBytes: true });
const REFERENCE_STORE_OPTIONS = optionNames<NonNullable<OpenStoreOptions["reference"]>>({ maxReferenceBytes: true, maxReadBytes: true, maxKeys: true, target: true, hdf5: true });

/** ZarrIO's `storageOptions`: the HTTP settings of remote stores, and the S3 ones (s3fs's names) of `s3://` stores. */
export type StorageOptions = HttpStoreOptions & S3StorageOptions;

/** The keys of {@link StorageOptions}. */
export const STORAGE_OPTIONS = [...HTTP_STORE_OPTIONS, ...S3_STORAGE_OPTIONS].sort();

/** Check the storage options (ZarrIO's `storageOptions`): unknown keys and bad S3 values throw InvalidOptionError. */
export function checkHttpStoreOptions(options: StorageOptions | undefined, site: OptionsSite): StorageOptions {
  const checked = checkOptions(options, STORAGE_OPTIONS, site, UNSUPPORTED_S3_OPTIONS);
  checkS3Options(checked, site);
  return checked;
}

/** The storage options split into HTTP settings and S3 ones. */
function splitStorageOptions(options: StorageOptions = {}): { http: HttpStoreOptions; s3: S3StorageOptions } {
  const http: Record<string, unknown> = {};
  const s3: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) ((S3_STORAGE_OPTIONS as readonly string[]).includes(k) ? s3 : http)[k] = v;
  return { http: http as HttpStoreOptions, s3: s3 as S3StorageOptions };
}

/** Whether a file path or URL path names a `.zip` archive (trailing slashes aside). */
function isZipName(path: string): boolean {
  return /\.zip$/i.test(path.replace(/[/\\]+$/, ""));
}

/** Whether `value` is a store instance rather than a path or URL. */
export function isStore(value: unknown): value is ReadableStore {
  return typeof value === "object" && value !== null && !(value instanceof URL) && typeof (value as ReadableStore).get === "function";
}

/**
 * The store for `target`:
 * - a store instance passes through (when `writable`, it must be writable);
 * - `http(s)://` gives an {@link HttpStore}, which is read-only;
 * - `s3://bucket/prefix` gives an {@link S3Store} (read-write), signed with the credentials s3fs
 *   would find (see `s3/aws-config.ts`), unsigned with `anon: true`;
 * - `file://` URLs and paths give a {@link LocalStore} at the absolute path (`~/` is the home folder);
 * - a path or URL ending in `.zip` gives a read-only {@link ZipStore} (unless it is a folder on disk);
 * - a path or URL ending in `.json` (kerchunk references, LINDI `.lindi.json`) or `.lindi.tar` gives a read-only
 *   {@link ReferenceStore} (unless it is a folder on disk).
 * Throws ReadOnlyError when `writable` is asked of a store that cannot be written.
 */
export function openStore(target: string | URL | ReadableStore, options: OpenStoreOptions & { writable: true }): WritableStore;
export function openStore(target: string | URL | ReadableStore, options?: OpenStoreOptions): ReadableStore;
export function openStore(target: string | URL | ReadableStore, options: OpenStoreOptions = { writable: false }): ReadableStore {
  const site = { call: "openStore()", store: isStore(target) ? target.description : String(target) };
  options = checkOptions(options, OPEN_STORE_OPTIONS, site);
  checkHttpStoreOptions(options.http, { ...site, call: "openStore() option 'http'" });
  checkOptions(options.local, LOCAL_STORE_OPTIONS, { ...site, call: "openStore() option 'local'" });
  checkOptions(options.zip, ZIP_STORE_OPTIONS, { ...site, call: "openStore() option 'zip'" });
  checkOptions(options.reference, REFERENCE_STORE_OPTIONS, { ...site, call: "openStore() option 'reference'" });
  if (isStore(target)) {
    if (options.writable && !isWritable(target)) {
      throw new ReadOnlyError("this store cannot be written; open a writable store (e.g. a local folder)", { store: target.description });
    }
    return target;
  }
  const s3 = /^s3:\/\//i.test(String(target).trim());
  const { http, s3: s3Options } = splitStorageOptions(options.http);
  if (isRemote(target)) {
    // Leave any query (signed token) out of messages.
    const store = normalizeUrl(target).split("?")[0];
    const zip = isZipName(new URL(store).pathname);
    const reference = isReferenceName(new URL(store).pathname);
    if (s3 && !zip && !reference) {
      return new S3Store(String(target).trim(), resolveS3Access(s3Options, String(target)), http, { partSize: s3Options.default_block_size });
    }
    refuseS3Options(options.http, site, zip ? "zip archives" : reference ? "reference files" : "http(s):// stores");
    if (options.writable) {
      const what = zip ? "zip archives are read-only" : reference ? "reference files are read-only" : "HTTP(S) stores are read-only";
      throw new ReadOnlyError(`${what}; write to a local folder or an s3:// store instead`, { store });
    }
    if (zip) return new ZipStore(HttpRangeReader.fromUrl(target, http), { inflateRaw: inflateRawNode, ...options.zip });
    if (reference) return openRemoteReference(target, { ...options.reference, http });
    return new HttpStore(target, http);
  }
  refuseS3Options(options.http, site, "local stores");
  const path = localPath(target);
  if (isZipName(path) && !isFolder(path)) {
    if (options.writable) throw new ReadOnlyError("zip archives are read-only; write to a local folder instead", { store: path });
    return openZipFile(path, options.zip);
  }
  if (isReferenceName(path) && !isFolder(path)) {
    if (options.writable) throw new ReadOnlyError("reference files are read-only; write to a local folder instead", { store: path });
    // The user named this file: a link to it may lead anywhere (the files it references are resolved from its path).
    const location = { remote: false as const, path };
    const source = isLindiTarName(path)
      ? { tar: new FileRangeReader(path), location }
      : { store: new LocalStore(dirname(path), { followExternalSymlinks: true }), key: basename(path), location };
    return new ReferenceStore(
      source,
      { ...options.reference, http: options.http, openLocalFile: (file) => new FileRangeReader(file) },
    );
  }
  return new LocalStore(path, options.local);
}

/** S3 options given for a store that is not an s3:// one would be ignored: refuse them. */
function refuseS3Options(options: StorageOptions | undefined, site: OptionsSite, what: string): void {
  if (!hasS3Options(options)) return;
  const given = S3_STORAGE_OPTIONS.find((k) => Object.hasOwn(options!, k))!;
  throw new InvalidOptionError(
    `${site.call}: option '${given}' is an S3 option, for s3://bucket/prefix stores; ${what} do not take it`,
    { store: site.store }, given, STORAGE_OPTIONS,
  );
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Absolute file-system path of a local target. */
function localPath(target: string | URL): string {
  if (typeof target === "string" && !/^file:/i.test(target)) {
    if (target === "~" || target.startsWith("~/")) return resolve(homedir(), target.slice(2));
    return resolve(target);
  }
  const url = typeof target === "string" ? new URL(target) : target;
  if (url.protocol !== "file:") {
    throw new InvalidArgumentError(`unsupported URL scheme '${url.protocol}' (use a path, file, http, https or s3)`, { store: url.href });
  }
  return fileURLToPath(url);
}

/** What is at a local path: nothing, a file, or a folder. */
export type LocalPathKind = "missing" | "file" | "folder";

/**
 * For a local target (path or `file:` URL): its absolute path and what is there. Undefined for
 * remote URLs and store instances other than local folders, where the file system cannot be asked.
 */
export async function localTarget(target: string | URL | ReadableStore): Promise<{ path: string; kind: LocalPathKind } | undefined> {
  let path: string;
  if (isStore(target)) {
    if (!(target instanceof LocalStore)) return undefined;
    path = target.root;
  } else if (isRemote(target)) {
    return undefined;
  } else {
    path = localPath(target);
  }
  const info = await stat(path).catch(() => undefined);
  return { path, kind: info === undefined ? "missing" : info.isDirectory() ? "folder" : "file" };
}
