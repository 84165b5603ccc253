/**
 * ListObjectsV2: the request of one page and the reading of its answer. S3 gives at most 1000
 * entries a page; the next page is asked with the continuation token of the last.
 */
import { xmlAll, xmlOne, xmlText } from "./s3-xml.js";

/** One page of a listing: keys (with their sizes) and common prefixes, both in full. */
export interface ListPage {
  keys: { key: string; size: number }[];
  prefixes: string[];
  /** Token of the next page, when the listing goes on. */
  next?: string;
}

/** The query string of a ListObjectsV2 request (no leading "?"). */
export function listQuery(prefix: string, delimiter: string | undefined, token: string | undefined): string {
  const q = new URLSearchParams({ "list-type": "2", prefix });
  if (delimiter) q.set("delimiter", delimiter);
  if (token !== undefined) q.set("continuation-token", token);
  return q.toString().replace(/\+/g, "%20");
}

/** Read a ListBucketResult page; throws an Error saying what is wrong when the body is not one. */
export function parseListPage(body: Uint8Array): ListPage {
  const xml = new TextDecoder().decode(body);
  if (!/<ListBucketResult[\s>]/.test(xml)) throw new Error("the answer is not a ListBucketResult document");
  const keys = xmlAll(xml, "Contents").map((c) => ({ key: xmlOne(c, "Key") ?? "", size: Number(xmlOne(c, "Size") ?? 0) }));
  const prefixes = xmlAll(xml, "CommonPrefixes").map((c) => xmlOne(c, "Prefix") ?? "");
  const truncated = xmlOne(xml, "IsTruncated") === "true";
  const next = truncated ? xmlOne(xml, "NextContinuationToken") : undefined;
  if (truncated && !next) throw new Error("the listing is truncated but gives no NextContinuationToken");
  return { keys: keys.filter((k) => k.key !== ""), prefixes: prefixes.map(xmlText).filter((p) => p !== ""), next };
}
