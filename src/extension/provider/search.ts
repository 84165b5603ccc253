/** Matching of search hits, shared by the providers. */
import type { SearchHit, SearchQuery } from "./data-provider.js";

/** A query's text and type, trimmed and lowercased; empty parts left out. */
export interface Needles {
  text?: string;
  type?: string;
}

/** The needles of a query (lowercased once per query, not once per hit). */
export function needlesOf(query: SearchQuery): Needles {
  const text = query.text?.trim().toLowerCase();
  const type = query.type?.trim().toLowerCase();
  return { ...(text ? { text } : {}), ...(type ? { type } : {}) };
}

/** Whether a lowercased path and type name contain the needles. */
export function matchesNeedles(lowerPath: string, lowerType: string | null, needles: Needles): boolean {
  if (needles.text && !lowerPath.includes(needles.text)) return false;
  if (needles.type && !(lowerType?.includes(needles.type) ?? false)) return false;
  return true;
}

/** Whether a hit's path contains `query.text` and its type name contains `query.type` (both case-insensitive). */
export function matchesQuery(hit: SearchHit, query: SearchQuery): boolean {
  return matchesNeedles(hit.path.toLowerCase(), hit.type?.name.toLowerCase() ?? null, needlesOf(query));
}
