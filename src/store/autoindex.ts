/**
 * Reading a web server's directory index: the page a server shows for a folder URL ending in "/".
 * Understands HTML pages (Python's `http.server`, nginx and Apache autoindex, and the like) and
 * nginx's `autoindex_format json`. No Node imports: the browser bundle uses this file.
 */
import type { StoreListing } from "./types.js";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Replace the HTML character references that can appear in an attribute value. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== "#") return ENTITIES[ref.toLowerCase()] ?? whole;
    const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Decoded path segments of a URL path, without empty ones; undefined when a segment is badly encoded. */
function decodedSegments(pathname: string): string[] | undefined {
  try {
    return pathname.split("/").filter((s) => s !== "").map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** A name that can be a store key segment. */
function isEntryName(name: string): boolean {
  return name !== "" && name !== "." && name !== ".." && !/[/\\\0]/.test(name);
}

function sorted(keys: Set<string>, prefixes: Set<string>): StoreListing {
  return { keys: [...keys].sort(), prefixes: [...prefixes].sort() };
}

/** nginx `autoindex_format json`: `[{"name": "x", "type": "directory" | "file" | "other", ...}]`. */
function parseJsonIndex(text: string): StoreListing | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(doc)) return undefined;
  const keys = new Set<string>();
  const prefixes = new Set<string>();
  for (const item of doc) {
    if (typeof item !== "object" || item === null || typeof (item as { name?: unknown }).name !== "string") return undefined;
    const { name, type } = item as { name: string; type?: unknown };
    if (!isEntryName(name)) continue;
    if (type === "directory") prefixes.add(name);
    else if (type === "file") keys.add(name);
  }
  return sorted(keys, prefixes);
}

/**
 * The `href` values of the `<a>` tags of a page. Scans tag by tag with indexOf so that a hostile page
 * (many "<a" and no ">") costs linear time, which a single backtracking regex would not.
 */
function* anchorHrefs(html: string): Generator<string> {
  const openTag = /<a/gi;
  const href = /(?:^|\s)href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
  for (;;) {
    const found = openTag.exec(html);
    if (!found) return;
    const close = html.indexOf(">", found.index);
    if (close < 0) return;
    openTag.lastIndex = close + 1;
    const tag = html.slice(found.index + 2, close);
    if (!/^\s/.test(tag)) continue; // <abbr>, <area>, ...
    const m = href.exec(tag);
    if (m) yield m[1] ?? m[2] ?? m[3] ?? "";
  }
}

/**
 * HTML index: every `<a href>` that points at a direct child of the page's folder is an entry,
 * a folder when the link ends in "/". Parent links, sort links (`?C=N;O=D`), anchors and links
 * to other hosts or other folders fall out because they do not resolve to a direct child.
 */
function parseHtmlIndex(html: string, pageUrl: string): StoreListing | undefined {
  const page = new URL(pageUrl);
  const pageSegments = decodedSegments(page.pathname) ?? [];
  const keys = new Set<string>();
  const prefixes = new Set<string>();
  for (const raw of anchorHrefs(html)) {
    const href = decodeEntities(raw).trim();
    if (href === "" || href.includes("?") || href.includes("#")) continue;
    let target: URL;
    try {
      target = new URL(href, page);
    } catch {
      continue;
    }
    if (target.origin !== page.origin) continue;
    const segments = decodedSegments(target.pathname);
    if (!segments || segments.length !== pageSegments.length + 1) continue;
    if (!pageSegments.every((s, i) => s === segments[i])) continue;
    const name = segments[segments.length - 1];
    if (!isEntryName(name)) continue;
    (target.pathname.endsWith("/") ? prefixes : keys).add(name);
  }
  // An HTML page with no entries is an index only if it says so (an empty folder); otherwise it is
  // some other page, e.g. a single-page app answering every URL.
  if (keys.size === 0 && prefixes.size === 0 && !/index of|directory listing|listing of/i.test(html)) return undefined;
  return sorted(keys, prefixes);
}

/**
 * The entries of a directory index page, or `undefined` when the body is not a directory index.
 * Names are URL-decoded; folders go to `prefixes`, files to `keys`, both sorted.
 * @param body the bytes of the answer
 * @param contentType the answer's Content-Type header, if any
 * @param pageUrl the URL the page came from (a folder URL ending in "/"), to resolve relative links
 */
export function parseDirectoryIndex(body: Uint8Array, contentType: string | null, pageUrl: string): StoreListing | undefined {
  const text = new TextDecoder("utf-8").decode(body);
  const type = (contentType ?? "").toLowerCase();
  const start = text.trimStart().slice(0, 1);
  if (type.includes("json") || (!type.includes("html") && start === "[")) return parseJsonIndex(text);
  const looksHtml = /<(!doctype html|html|body|a\s)/i.test(text.slice(0, 65536));
  if (type.includes("html") || ((type === "" || type.startsWith("text/plain")) && start === "<" && looksHtml)) {
    return parseHtmlIndex(text, pageUrl);
  }
  return undefined;
}
