/**
 * Turn what a user passes (a path, a URL or a store) into a store (Node only: local paths need
 * the file system).
 */
import { statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidArgumentError, ReadOnlyError } from "../errors.js";
import { checkOptions, optionNames, type OptionsSite } from "../options.js";
import { HttpStore, type HttpStoreOptions } from "./http.js";
import { LocalStore, type LocalStoreOptions } from "./local.js";
import { FileRangeReader } from "./file-range-reader.js";
import { HttpRangeReader } from "./range-reader.js";
import { ReferenceStore, type ReferenceStoreOptions } from "./reference-store.js";
import { isWritable, type ReadableStore, type WritableStore } from "./types.js";
import { isRemote, normalizeUrl } from "./url.js";
import { ZipStore, type ZipStoreOptions } from "./zip.js";
import { inflateRawNode, openZipFile } from "./zip-node.js";

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** The caller will write: refuse remote stores and read-only store instances. */
  writable: boolean;
  /** Options for a remote store. */
  http?: HttpStoreOptions;
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
  headers: true, concurrency: true, retries: true, timeoutMs: true, backoffMs: true, missingAs403: true, fetch: true, listing: true,
  maxResponseBytes: true,
});
const LOCAL_STORE_OPTIONS = optionNames<LocalStoreOptions>({ fsync: true, synchronizer: true, followExternalSymlinks: true });
const ZIP_STORE_OPTIONS = optionNames<ZipStoreOptions>({ inflateRaw: true, verifyCrc: true, maxEntryBytes: true });
const REFERENCE_STORE_OPTIONS = optionNames<NonNullable<OpenStoreOptions["reference"]>>({ maxReferenceBytes: true, maxReadBytes: true, maxKeys: true });

/** fsspec/s3fs `storage_options` keys a Python user may bring, with what to do here instead. */
const PYTHON_STORAGE_OPTIONS = {
  anon: "s3:// and https:// files are always read without credentials here (as fsspec's anon=True); leave it out, or send credentials in `headers`",
  key: "S3 keys are not used here; open a presigned https:// URL, or send an Authorization header in `headers`",
  secret: "S3 keys are not used here; open a presigned https:// URL, or send an Authorization header in `headers`",
  token: "send it as a header: `headers: { Authorization: 'Bearer …' }`",
  client_kwargs: "there is no S3 client here: s3://bucket/key is read over HTTPS (https://bucket.s3.amazonaws.com/key); leave it out",
};

/** Check the HTTP store options (ZarrIO's `storageOptions`): unknown keys throw InvalidOptionError. */
export function checkHttpStoreOptions(options: HttpStoreOptions | undefined, site: OptionsSite): HttpStoreOptions {
  return checkOptions(options, HTTP_STORE_OPTIONS, site, PYTHON_STORAGE_OPTIONS);
}

/** Whether a file path or URL path names a `.zip` archive (trailing slashes aside). */
function isZipName(path: string): boolean {
  return /\.zip$/i.test(path.replace(/[/\\]+$/, ""));
}

/** Whether a file path or URL path names a reference file (kerchunk JSON, LINDI `.lindi.json` or `.lindi.tar`). */
function isReferenceName(path: string): boolean {
  return /\.json$/i.test(path) || isLindiTarName(path);
}

function isLindiTarName(path: string): boolean {
  return /\.lindi\.tar$/i.test(path);
}

/** Whether `value` is a store instance rather than a path or URL. */
export function isStore(value: unknown): value is ReadableStore {
  return typeof value === "object" && value !== null && !(value instanceof URL) && typeof (value as ReadableStore).get === "function";
}

/**
 * The store for `target`:
 * - a store instance passes through (when `writable`, it must be writable);
 * - `http(s)://` and `s3://` give an {@link HttpStore}, which is read-only;
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
  if (isRemote(target)) {
    // Leave any query (signed token) out of messages.
    const store = normalizeUrl(target).split("?")[0];
    const zip = isZipName(new URL(store).pathname);
    const reference = isReferenceName(new URL(store).pathname);
    if (options.writable) {
      const what = zip ? "zip archives are read-only" : reference ? "reference files are read-only" : "remote (HTTP/S3) stores are read-only";
      throw new ReadOnlyError(`${what}; write to a local folder instead`, { store });
    }
    if (zip) return new ZipStore(HttpRangeReader.fromUrl(target, options.http), { inflateRaw: inflateRawNode, ...options.zip });
    if (reference) {
      const file = HttpRangeReader.fromUrl(target, options.http);
      const location = { remote: true as const, url: normalizeUrl(target) };
      const source = isLindiTarName(new URL(store).pathname) ? { tar: file, location } : { store: file.store, key: file.key, location };
      return new ReferenceStore(source, { ...options.reference, http: options.http });
    }
    return new HttpStore(target, options.http);
  }
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
