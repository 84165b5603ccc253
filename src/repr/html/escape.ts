/**
 * HTML escaping. Every string that comes from a file (names, attribute names and values, data,
 * store locations) goes through `escapeHtml` before it reaches markup, in text and in attribute
 * values alike.
 */

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

/** Escape text for use inside an element or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ENTITIES[c]);
}
