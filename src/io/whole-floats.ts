/**
 * Whole-valued floats of a file's attributes, kept floats through an export. JSON keeps `1.0` and
 * `1` apart; JS numbers do not, so attributes such as `conversion: 1.0` or `rate: 20000.0` would be
 * written back as integers, which pynwb refuses for float fields. The source's metadata text says
 * which numbers were floats: those travel to the writer as JsonFloat.
 */
import { LinkBuilder, type DatasetBuilder, type GroupBuilder } from "../format/builders.js";
import { walkBuilders } from "../format/walk-builders.js";
import { JsonFloat } from "../zarr/codecs/json-text.js";
import { parseJsonExact } from "../zarr/json-exact.js";
import type { ZarrFormat } from "../zarr/metadata-types.js";
import type { ReadableStore } from "../store/types.js";
import { checkValueSize, limitText, type ByteLimit } from "../store/capped-read.js";

/**
 * Paths (keys and indices) of the numbers written as floats with a whole value in a JSON text.
 * The reader has parsed the same text already; should it have changed into something else since,
 * the scan stops where it stops making sense (nothing is marked past that point).
 */
function wholeFloatPaths(text: string): (string | number)[][] {
  const out: (string | number)[][] = [];
  const literal = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|NaN|-?Infinity/y;
  let i = 0;
  const space = () => {
    while (i < text.length && " \n\r\t".includes(text[i])) i++;
  };
  const string = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    return JSON.parse(text.slice(start, ++i)) as string;
  };
  const value = (path: (string | number)[]): void => {
    space();
    if (text[i] === "{" || text[i] === "[") {
      const object = text[i++] === "{";
      space();
      if (text[i] === (object ? "}" : "]")) return void i++;
      for (let k = 0; ; k++) {
        space();
        let key: string | number = k;
        if (object) {
          key = string();
          space();
          i++; // ":"
        }
        value([...path, key]);
        space();
        if (text[i++] !== ",") return;
      }
    }
    if (text[i] === '"') return void string();
    literal.lastIndex = i;
    const token = literal.exec(text)?.[0];
    if (token === undefined) throw new SyntaxError(`unexpected JSON at ${i}`);
    i = literal.lastIndex;
    const v = Number(token);
    if (/[.eE]/.test(token) && Number.isSafeInteger(v) && !Object.is(v, -0)) out.push(path);
  };
  try {
    value([]);
  } catch {
    // a truncated or changed document: keep what was found before the damage
  }
  return out;
}

/**
 * Wrap the whole-valued float attributes of the tree's nodes in JsonFloat; returns the undo. The
 * metadata documents are read again under the source's metadata limit (the store may have changed
 * since the reader took them); a document over it is a StoreError, not a quietly unmarked attribute.
 */
export async function markWholeFloats(store: ReadableStore, format: ZarrFormat, root: GroupBuilder, limit: ByteLimit): Promise<() => void> {
  const decoder = new TextDecoder();
  const read = async (key: string) => {
    // Best effort: a document that cannot be read leaves its floats as numbers; one over the limit is refused.
    const bytes = await store.get(key, { limit }).catch((e: unknown) => {
      if (e instanceof Error && e.message.includes(limitText(limit))) throw e;
      return undefined;
    });
    checkValueSize(bytes, limit, `'${key}'`, { store: store.description, path: key });
    return bytes === undefined ? undefined : decoder.decode(bytes);
  };
  // Paths of float numbers per node path ("" = root) and attribute, from the consolidated document when there is one.
  const found = new Map<string, (string | number)[][]>();
  const add = (node: string, path: (string | number)[]) => {
    const list = found.get(node) ?? [];
    list.push(path);
    found.set(node, list);
  };
  const consolidatedText = await read(format === 3 ? "zarr.json" : ".zmetadata");
  // Nodes whose attributes the consolidated document holds (the reader took them from there).
  const covered = new Set<string>();
  if (consolidatedText !== undefined) {
    const doc = parseJsonExact(consolidatedText) as { consolidated_metadata?: { metadata?: object }; metadata?: object } | null;
    if (format === 3) {
      covered.add("");
      for (const key of Object.keys(doc?.consolidated_metadata?.metadata ?? {})) covered.add(key);
    } else {
      for (const key of Object.keys(doc?.metadata ?? {})) covered.add(key.replace(/\/?\.z(attrs|group|array)$/, ""));
    }
    for (const p of wholeFloatPaths(consolidatedText)) {
      if (format === 3 && p[0] === "attributes") add("", p.slice(1));
      else if (format === 3 && p[0] === "consolidated_metadata" && p[1] === "metadata" && p[3] === "attributes") add(String(p[2]), p.slice(4));
      else if (format === 2 && p[0] === "metadata" && String(p[1]).endsWith(".zattrs")) add(String(p[1]).replace(/\/?\.zattrs$/, ""), p.slice(2));
    }
  }
  const undo: (() => void)[] = [];
  for (const b of walkBuilders(root)) {
    if (b instanceof LinkBuilder) continue;
    const node = b as GroupBuilder | DatasetBuilder;
    const path = node.path.replace(/^\//, "");
    let paths = found.get(path);
    if (paths === undefined && !covered.has(path)) {
      const text = await read(format === 3 ? (path ? `${path}/zarr.json` : "zarr.json") : path ? `${path}/.zattrs` : ".zattrs");
      paths = text === undefined ? [] : wholeFloatPaths(text).flatMap((p) => (format === 3 ? (p[0] === "attributes" ? [p.slice(1)] : []) : [p]));
    }
    for (const [name, ...rest] of paths ?? []) {
      const key = String(name);
      if (!(key in node.attributes)) continue;
      const original = node.attributes[key];
      const marked = markAt(original, rest);
      if (marked === original) continue;
      node.attributes[key] = marked;
      undo.push(() => (node.attributes[key] = original));
    }
  }
  return () => undo.reverse().forEach((f) => f());
}

/** `value` with the whole number at `path` as a JsonFloat (a copy; `value` itself when there is none). */
function markAt(value: unknown, path: (string | number)[]): unknown {
  if (path.length === 0) return typeof value === "number" && Number.isSafeInteger(value) ? new JsonFloat(value) : value;
  if (!Array.isArray(value) || typeof path[0] !== "number" || path[0] >= value.length) return value;
  const inner = markAt(value[path[0]], path.slice(1));
  if (inner === value[path[0]]) return value;
  const copy = value.slice();
  copy[path[0]] = inner;
  return copy;
}
