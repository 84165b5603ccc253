/** Pages of rows (tables) and windows of samples (plots): which part of a long axis is on screen. */

/** One page of an axis of `total` items. */
export interface Page {
  /** Page number from 0, clamped to the pages there are. */
  page: number;
  pages: number;
  /** First item shown. */
  start: number;
  /** One past the last item shown. */
  stop: number;
}

/** Page `page` of `total` items in pages of `size` (clamped; an empty axis has one empty page). */
export function pageOf(total: number, size: number, page: number): Page {
  const n = Math.max(1, Math.floor(size));
  const pages = Math.max(1, Math.ceil(Math.max(0, total) / n));
  const p = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const start = Math.min(p * n, Math.max(0, total));
  return { page: p, pages, start, stop: Math.min(start + n, Math.max(0, total)) };
}

/** A window of `size` items starting at `start`, kept inside `[0, total)`. */
export function windowAt(total: number, size: number, start: number): { start: number; stop: number } {
  const n = Math.max(1, Math.min(Math.floor(size), Math.max(0, total)));
  const s = Math.min(Math.max(0, Math.floor(start)), Math.max(0, total - n));
  return { start: s, stop: Math.min(total, s + n) };
}
