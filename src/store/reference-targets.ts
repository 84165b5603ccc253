/**
 * The files a reference file points into: where a reference URL leads, whether it may be read,
 * and one reader per file, shared by every key that points into it. No Node imports: local files
 * are read through a reader the caller supplies (`openLocalFile`, FileRangeReader in Node).
 */
import { ReferenceFileError, type ErrorLocation } from "../errors.js";
import type { HttpStoreOptions } from "./http.js";
import { HttpRangeReader, type RangeReader } from "./range-reader.js";
import { isRemote, normalizeFileUrl } from "./url.js";

/** A reference target: a remote URL (normalised) or an absolute local path. */
export type TargetLocation = { remote: true; url: string } | { remote: false; path: string };

/** Where the reference file itself is. */
export type ReferenceFileLocation = TargetLocation;

/** Opens a reader over a local file (absolute path). */
export type LocalFileOpener = (path: string) => RangeReader;

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** The folder of a "/"-separated absolute path, with a trailing "/". */
function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/") + 1) || "/";
}

/** `rel` against the folder `base` (absolute, ending in "/"), with `.` and `..` resolved. */
function joinPath(base: string, rel: string): string {
  const out: string[] = [];
  for (const part of (rel.startsWith("/") ? rel : base + rel).split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}

/**
 * Where `url` (from the reference file at `file`) leads. From a remote reference file only
 * http(s)/s3 URLs and relative URLs (resolved against the file's URL) may be read: a file on a
 * server never makes us read a local file. From a local reference file, local paths (absolute,
 * `file://`, or relative to the reference file's folder) may be read too. Other schemes
 * (`gs://`, `memory://` …) have no reader here. Throws ReferenceFileError naming the key.
 */
export function resolveTarget(url: string, file: ReferenceFileLocation, where: ErrorLocation): TargetLocation {
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  // A Windows drive letter ("C:\…") is a local path, not a scheme.
  const driveLetter = scheme !== undefined && scheme.length === 1;
  if (scheme !== undefined && !driveLetter) {
    if (isRemote(url)) return { remote: true, url: checkUrl(url, where) };
    if (scheme === "file") {
      if (file.remote) throw refused(url, "a reference file on a server may not point to local files", where);
      let path: string;
      try {
        path = decodeURIComponent(new URL(url).pathname);
      } catch {
        throw new ReferenceFileError(`'${url}' is not a valid file URL`, where);
      }
      return { remote: false, path };
    }
    throw refused(url, `the scheme '${scheme}:' cannot be read here (use http, https, s3, or a local path)`, where);
  }
  if (file.remote) {
    if (url.startsWith("/") || driveLetter || url.includes("\\")) {
      throw refused(url, "a reference file on a server may not point to local files; relative URLs are resolved against the reference file's URL", where);
    }
    return { remote: true, url: checkUrl(new URL(url, file.url).href, where) };
  }
  if (driveLetter || url.includes("\\")) throw refused(url, "Windows paths are not supported; use '/'-separated paths", where);
  return { remote: false, path: joinPath(folderOf(file.path), url) };
}

function refused(url: string, why: string, where: ErrorLocation): ReferenceFileError {
  return new ReferenceFileError(`reference to '${url}' refused: ${why}`, where);
}

function checkUrl(url: string, where: ErrorLocation): string {
  try {
    return normalizeFileUrl(url);
  } catch (e) {
    throw new ReferenceFileError(`reference to '${url}' refused: ${(e as Error).message}`, where, { cause: e });
  }
}

/** One reader per target file, made on first use. */
export class TargetReaders {
  private readonly readers = new Map<string, RangeReader>();

  constructor(
    private readonly http: HttpStoreOptions | undefined,
    private readonly openLocalFile: LocalFileOpener | undefined,
  ) {}

  /** The reader of `target`; a local target without `openLocalFile` (a browser) is a ReferenceFileError. */
  reader(target: TargetLocation, where: ErrorLocation): RangeReader {
    const id = target.remote ? target.url : `file:${target.path}`;
    let reader = this.readers.get(id);
    if (!reader) {
      if (target.remote) {
        reader = HttpRangeReader.fromUrl(target.url, this.http);
      } else {
        if (!this.openLocalFile) throw new ReferenceFileError(`local file '${target.path}' cannot be read here (no file system)`, where);
        reader = this.openLocalFile(target.path);
      }
      this.readers.set(id, reader);
    }
    return reader;
  }

  async close(): Promise<void> {
    const readers = [...this.readers.values()];
    this.readers.clear();
    await Promise.all(readers.map((r) => r.close?.()));
  }
}
