/** Matching of search hits, shared by the providers. */
import type { SearchHit, SearchQuery } from "./data-provider.js";

/** Whether a hit's path contains `query.text` and its type name contains `query.type` (both case-insensitive). */
export function matchesQuery(hit: SearchHit, query: SearchQuery): boolean {
  const text = query.text?.trim().toLowerCase();
  const type = query.type?.trim().toLowerCase();
  if (text && !hit.path.toLowerCase().includes(text)) return false;
  if (type && !(hit.type?.name.toLowerCase().includes(type) ?? false)) return false;
  return true;
}
