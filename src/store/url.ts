/**
 * URL helpers for remote stores. No Node imports: the browser bundle uses this file.
 */
import { InvalidArgumentError } from "../errors.js";

const REMOTE_SCHEME = /^(https?|s3):\/\//i;

/** Whether `pathOrUrl` names a remote store (`http://`, `https://` or `s3://`) rather than a local path. */
export function isRemote(pathOrUrl: string | URL): boolean {
  if (pathOrUrl instanceof URL) return ["http:", "https:", "s3:"].includes(pathOrUrl.protocol);
  return REMOTE_SCHEME.test(pathOrUrl.trim());
}

/**
 * The public HTTPS address of an S3 object or prefix:
 * `s3://bucket/key` → `https://bucket.s3.amazonaws.com/key`.
 * Bucket names with dots use the path style (`https://s3.amazonaws.com/bucket/key`) because the
 * virtual-host form breaks TLS certificate matching for them.
 */
export function s3ToHttps(s3Url: string): string {
  const match = /^s3:\/\/([^/?#]+)(\/[^?#]*)?$/i.exec(s3Url.trim());
  if (!match) {
    throw new InvalidArgumentError(`not an S3 URL: '${s3Url}' (expected s3://bucket/key)`, { store: s3Url });
  }
  const bucket = match[1];
  const key = (match[2] ?? "").replace(/^\/+/, "");
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(bucket)) {
    throw new InvalidArgumentError(`invalid S3 bucket name '${bucket}'`, { store: s3Url });
  }
  return bucket.includes(".")
    ? `https://s3.amazonaws.com/${bucket}/${key}`
    : `https://${bucket}.s3.amazonaws.com/${key}`;
}

/**
 * A canonical base URL for a remote store: `s3://` becomes HTTPS, the fragment is dropped, trailing
 * slashes of the path are removed and the query (e.g. a signed token) is kept.
 * Throws InvalidArgumentError for anything that is not an http(s) or s3 URL.
 */
export function normalizeUrl(url: string | URL): string {
  const parsed = parseRemoteUrl(url);
  return parsed.origin + parsed.pathname.replace(/\/+$/, "") + parsed.search;
}

/**
 * The canonical URL of one remote file: as {@link normalizeUrl}, but the path is kept as it is, trailing
 * slash included, since a file's URL need not end in a name (DANDI's `.../assets/<id>/download/`).
 */
export function normalizeFileUrl(url: string | URL): string {
  const parsed = parseRemoteUrl(url);
  return parsed.origin + parsed.pathname + parsed.search;
}

/** `url` parsed, `s3://` turned into HTTPS; InvalidArgumentError unless it is http(s) or s3 without credentials. */
function parseRemoteUrl(url: string | URL): URL {
  let text = url instanceof URL ? url.href : url.trim();
  if (/^s3:\/\//i.test(text)) text = s3ToHttps(text);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new InvalidArgumentError(`not a valid URL: '${String(url)}'`, { store: String(url) });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new InvalidArgumentError(`unsupported URL scheme '${parsed.protocol}' (use http, https or s3)`, { store: String(url) });
  }
  if (parsed.username || parsed.password) {
    throw new InvalidArgumentError("URLs with credentials are not supported; pass an Authorization header instead", { store: parsed.origin });
  }
  return parsed;
}
