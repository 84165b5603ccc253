/** Which rows of a long list are in view (DOM-free), for lists that render only those. */

/** The rows `[start, stop)` a viewport shows, widened by `overscan` rows on each side. */
export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan: number): { start: number; stop: number } {
  if (count <= 0 || rowHeight <= 0) return { start: 0, stop: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const shown = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(first, count - 1) - overscan);
  const stop = Math.min(count, first + shown + overscan);
  return { start, stop: Math.max(start, stop) };
}

/** The scroll offset that brings row `index` into view, moving as little as possible. */
export function scrollToShow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return Math.max(0, top + rowHeight - viewportHeight);
  return scrollTop;
}
