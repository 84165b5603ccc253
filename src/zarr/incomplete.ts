/**
 * The mark of a node whose write has not finished. A writer puts the marker attribute in a node's
 * own metadata before the node's first chunk or child, and takes it out once the node is complete;
 * a write that stops (a full disk, a killed process) leaves it there. Readers find it in metadata
 * they read anyway (the node's document or consolidated metadata): it costs no request, and a
 * complete node carries nothing extra, so Python readers see the files they always saw.
 */
import { IncompleteWriteError, type ErrorLocation } from "../errors.js";
import type { NodeMetadata } from "./metadata-types.js";

/** Attribute name of the marker. */
export const INCOMPLETE_ATTR = "_INCOMPLETE_WRITE";

/** Its value: a note for whoever finds it with another tool. */
const NOTE = "the write of this node did not finish, so its data or children may be missing; writers remove this attribute once the node is complete";

/** What to do about incomplete objects, in ZarrIO's terms. */
export const REWRITE_HINT =
  "To repair, open the file in mode 'a' or 'r+' and write the incomplete objects again (writeDataset, writeGroup, or writeBuilder/write " +
  "with the whole tree), or write the file again in mode 'w'";

export function isIncomplete(meta: Pick<NodeMetadata, "attributes">): boolean {
  return Object.prototype.hasOwnProperty.call(meta.attributes, INCOMPLETE_ATTR);
}

/** The metadata with the marker added. */
export function markIncomplete<T extends NodeMetadata>(meta: T): T {
  return { ...meta, attributes: { ...meta.attributes, [INCOMPLETE_ATTR]: NOTE } };
}

/** Attributes without the marker. */
export function withoutMarker(attributes: Record<string, unknown>): Record<string, unknown> {
  const { [INCOMPLETE_ATTR]: _, ...rest } = attributes;
  return rest;
}

/** The error of reading an array whose write did not finish: missing chunks would read as fill values. */
export function incompleteArrayError(where: ErrorLocation): IncompleteWriteError {
  return new IncompleteWriteError(
    `the write of this array did not finish (the writer stopped or failed before storing all of its chunks), so it is not read: ` +
      `its missing chunks would read as fill values. ${REWRITE_HINT}`,
    where, where.path ? [where.path] : [],
  );
}
