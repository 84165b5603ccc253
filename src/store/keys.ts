/**
 * Key checks shared by every store. A key is a relative "/"-separated path; it must never be able
 * to leave the store root, whether the store is a folder on disk or a base URL.
 */
import { InvalidArgumentError } from "../errors.js";

function reject(key: string, why: string, store: string): never {
  throw new InvalidArgumentError(`invalid store key ${JSON.stringify(key)}: ${why}`, { store, path: key });
}

function checkSegments(key: string, segments: string[], store: string): void {
  for (const seg of segments) {
    if (seg === "") reject(key, "empty path segment (leading, trailing or double '/')", store);
    if (seg === "..") reject(key, "'..' segments are not allowed", store);
    if (seg === ".") reject(key, "'.' segments are not allowed", store);
  }
}

function checkCharacters(key: string, store: string): void {
  if (key.includes("\0")) reject(key, "NUL characters are not allowed", store);
  if (key.includes("\\")) reject(key, "backslashes are not allowed; use '/'", store);
  if (key.startsWith("/")) reject(key, "keys are relative and must not start with '/'", store);
  // A drive letter would make the key absolute on Windows.
  if (/^[A-Za-z]:/.test(key)) reject(key, "keys must not start with a drive letter", store);
}

/**
 * Check a key that names bytes (e.g. `"acquisition/ts/data/.zarray"`, `"data/c/0/0"`).
 * Throws InvalidArgumentError for empty keys, absolute keys, `.`/`..` or empty segments,
 * backslashes and NUL characters. Returns the key's segments.
 */
export function checkKey(key: string, store: string): string[] {
  if (typeof key !== "string" || key === "") reject(String(key), "keys must be non-empty strings", store);
  checkCharacters(key, store);
  const segments = key.split("/");
  checkSegments(key, segments, store);
  return segments;
}

/**
 * Check a prefix (a "folder" of keys). `""` means the root; one trailing "/" is allowed.
 * Returns the prefix's segments (none for the root).
 */
export function checkPrefix(prefix: string, store: string): string[] {
  if (typeof prefix !== "string") reject(String(prefix), "prefixes must be strings", store);
  const trimmed = prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
  if (trimmed === "") {
    if (prefix !== "") reject(prefix, "keys are relative and must not start with '/'", store);
    return [];
  }
  checkCharacters(trimmed, store);
  const segments = trimmed.split("/");
  checkSegments(prefix, segments, store);
  return segments;
}
