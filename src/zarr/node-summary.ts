/**
 * A node's kind and a few named attributes, read from consolidated metadata without parsing the
 * rest of the node: what a path index over 100,000 nodes needs (a path, group or array, a type
 * name), for a fraction of what parsing every node's whole metadata costs. Not a validation: the
 * node's full parse, when it is shown, checks everything else.
 */
import { MetadataError, type ErrorLocation } from "../errors.js";
import { parseJsonExact } from "./json-exact.js";
import { forEachMember, hasEscape, JsonScanError, keyIndex, valueEnd } from "./json-scan.js";
import { putKey } from "./json-values.js";
import type { NodeMetadata } from "./metadata-types.js";

/** A node's kind and the attributes asked for that it has. */
export interface NodeSummary {
  nodeType: "group" | "array";
  /** The named attributes the node has, parsed exactly; names it lacks are absent. */
  attributes: Record<string, unknown>;
}

/** The summary of a node already parsed. */
export function summaryOfMetadata(meta: NodeMetadata, names: readonly string[]): NodeSummary {
  const attributes: Record<string, unknown> = {};
  for (const name of names) if (Object.hasOwn(meta.attributes, name)) putKey(attributes, name, meta.attributes[name]);
  return { nodeType: meta.nodeType, attributes };
}

/** The named members of a parsed attributes object; `what` names it in the error when it is not an object. */
export function pickAttributes(raw: unknown, names: readonly string[], what: string, where: ErrorLocation): Record<string, unknown> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new MetadataError(`${what} is not a JSON object`, where);
  const attributes: Record<string, unknown> = {};
  for (const name of names) if (Object.hasOwn(raw, name)) putKey(attributes, name, (raw as Record<string, unknown>)[name]);
  return attributes;
}

/** A `node_type` value checked as parseV3Node checks it. */
export function v3NodeType(value: unknown, where: ErrorLocation): "group" | "array" {
  if (value === "group" || value === "array") return value;
  throw new MetadataError(`zarr.json has node_type ${JSON.stringify(value)}, expected "group" or "array"`, where);
}

/** Run a scan of `what`, its outline errors turned into a MetadataError naming it and the node. */
function scanning<T>(what: string, where: ErrorLocation, scan: () => T): T {
  try {
    return scan();
  } catch (e) {
    if (e instanceof JsonScanError) throw new MetadataError(`${what} is not valid JSON: ${e.message}`, where, { cause: e });
    throw e;
  }
}

/** Parse the value t[start, end) of the member `name` of `what` exactly; bad JSON names both (and `where` the node). */
function memberValue(t: string, start: number, end: number, name: string, what: string, where: ErrorLocation): unknown {
  // A type name is a plain string: taken as it is written, without a parser.
  if (t.charCodeAt(start) === 0x22 && !hasEscape(t, start + 1, end - 1)) return t.slice(start + 1, end - 1);
  try {
    return parseJsonExact(t.slice(start, end)); // no location: the error below gives it once
  } catch (e) {
    throw new MetadataError(`${what}: '${name}' is not valid JSON: ${(e as Error).message}`, where, { cause: e });
  }
}

/**
 * The named members of the attributes object whose text starts at `start` in `t`, and the
 * position just after it. `what` names the object in errors (its key in the consolidated document).
 */
export function scanAttributes(
  t: string, start: number, names: readonly string[], what: string, where: ErrorLocation,
): { attributes: Record<string, unknown>; end: number } {
  if (t.charCodeAt(start) !== 0x7b) throw new MetadataError(`${what} is not a JSON object`, where);
  const attributes: Record<string, unknown> = {};
  const end = scanning(what, where, () =>
    forEachMember(t, start, (k0, k1, v) => {
      const k = keyIndex(t, k0, k1, names);
      if (k < 0) return undefined;
      const name = names[k];
      const e = valueEnd(t, v);
      putKey(attributes, name, memberValue(t, v, e, name, what, where));
      return e;
    }),
  );
  return { attributes, end };
}
