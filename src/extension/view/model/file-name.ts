/** Names of the files the views save (plot exports). */

/** A file name from a node's name: letters, digits, `.`, `_` and `-` only (`plot` when nothing is left). */
export function fileBase(name: string): string {
  return name.replace(/[^\w.-]+/g, "_").replace(/^_+|_+$/g, "") || "plot";
}
