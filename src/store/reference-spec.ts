/**
 * Reference files: Zarr keys mapped to bytes held inline or to byte ranges of other files (most
 * often an HDF5 `.nwb` file). Three spellings are read:
 * - kerchunk / fsspec spec version 0: the whole document maps keys to values;
 * - spec version 1: `{"version": 1, "refs": {…}, "templates": {…}, "gen": […]}`;
 * - LINDI: version 1 in a file named `*.lindi.json` or holding `generationMetadata`, as the lindi
 *   package writes them.
 * A value is text (`"base64:…"` for binary), a JSON object (a metadata document), `[url]` (a
 * whole file) or `[url, offset, length]`. No Node imports (browser bundle).
 */
import { ReferenceFileError, type ErrorLocation } from "../errors.js";
import { checkKey } from "./keys.js";
import { jsonMembers, JsonShapeError, type JsonMember } from "./json-members.js";
import { renderTemplate, TemplateError, type TemplateValue } from "./reference-template.js";

/** Where the bytes of one key are. */
export type ReferenceEntry =
  /** Text held in the file: UTF-8 text, or base64 of binary data. */
  | { kind: "inline"; text: string; base64: boolean }
  /** A JSON document held in the file, as its own text. */
  | { kind: "json"; text: string }
  /** `length` bytes at `offset` of the file at `url` (templates already applied; maybe relative). */
  | { kind: "range"; url: string; offset: number; length: number }
  /** The whole file at `url`. */
  | { kind: "whole"; url: string };

/** What wrote a reference file, as far as its content tells. */
export type ReferenceFormat = "kerchunk-v0" | "kerchunk-v1" | "lindi";

/** A parsed reference file. */
export interface ReferenceSet {
  format: ReferenceFormat;
  refs: Map<string, ReferenceEntry>;
  /** LINDI's `generationMetadata`, when present. */
  generationMetadata?: unknown;
}

/** Options of {@link parseReferenceFile}. */
export interface ParseReferenceOptions {
  /** Most keys the file may define, `gen` entries included. Default 50 million. */
  maxKeys?: number;
  /**
   * The file that references without a URL (`[null, offset, length]`) point at, as fsspec's
   * `target`: a URL or path, resolved like the file's own URLs. Without it they are refused.
   */
  target?: string;
}

export const DEFAULT_MAX_REFERENCE_KEYS = 50_000_000;

/** Top-level names of a version-1 document. */
const V1_NAMES = new Set(["version", "refs", "templates", "gen", "generationMetadata"]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Parse the text of a reference file. `file` names it in errors. Throws ReferenceFileError for
 * anything it cannot read exactly: bad JSON, an unknown version, a malformed entry or template.
 */
export function parseReferenceFile(text: string, file: string, options: ParseReferenceOptions = {}): ReferenceSet {
  const fail = (message: string, key?: string): never => {
    throw new ReferenceFileError(message, { store: file, path: key });
  };
  const maxKeys = options.maxKeys ?? DEFAULT_MAX_REFERENCE_KEYS;
  if (options.target !== undefined && (typeof options.target !== "string" || options.target === "")) {
    fail(`option target must be a URL or path, got ${JSON.stringify(options.target)}`);
  }
  let top: JsonMember[];
  try {
    top = jsonMembers(text);
  } catch (e) {
    if (e instanceof JsonShapeError || e instanceof SyntaxError) fail(`not a reference file: the text is not a JSON object (${e.message})`);
    throw e;
  }
  const member = (name: string) => top.find((m) => m.key === name);
  const parse = (m: JsonMember, what: string): unknown => {
    try {
      return JSON.parse(text.slice(m.start, m.end));
    } catch (e) {
      return fail(`${what} is not valid JSON: ${(e as Error).message}`, m.key);
    }
  };
  const version = member("version");
  const refsMember = member("refs");
  const versionValue = version ? parse(version, "'version'") : undefined;
  // Spec version 0 has no "version"; a document of only version-1 names (as LINDI may write
  // without "version") reads as version 1.
  const isV1 = versionValue === 1 || (versionValue === undefined && refsMember !== undefined && top.every((m) => V1_NAMES.has(m.key)));
  if (versionValue !== undefined && versionValue !== 1) {
    fail(`unknown reference file version ${JSON.stringify(versionValue)} (versions 0 and 1 are supported)`);
  }
  const refs = new Map<string, ReferenceEntry>();
  const add = (key: string, entry: ReferenceEntry) => {
    try {
      checkKey(key, file);
    } catch {
      fail("this key cannot name bytes of a store (absolute, empty, '.' or '..' segments, or backslashes)", key);
    }
    if (refs.size >= maxKeys && !refs.has(key)) fail(`the file defines more than ${maxKeys} keys (the limit maxKeys)`);
    refs.set(key, entry);
  };
  if (!isV1) {
    for (const m of top) add(m.key, entryOf(text, m, new Map(), file, options.target));
    return { format: "kerchunk-v0", refs };
  }
  const templates = new Map<string, TemplateValue>();
  const templatesMember = member("templates");
  if (templatesMember) {
    const raw = parse(templatesMember, "'templates'");
    if (!isObject(raw)) fail("'templates' must be an object of strings");
    for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
      if (typeof value !== "string") fail(`template '${name}' must be a string`);
      // Templates with parameters are jinja2 functions; they are left undefined, so a use names them.
      if (!(value as string).includes("{{")) templates.set(name, value as string);
    }
  }
  if (refsMember) {
    let refMembers: JsonMember[] = [];
    try {
      refMembers = jsonMembers(text, refsMember.start, refsMember.end);
    } catch (e) {
      if (e instanceof JsonShapeError) fail(`'refs' must be an object (${e.message})`);
      throw e;
    }
    for (const m of refMembers) add(m.key, entryOf(text, m, templates, file, options.target));
  }
  const genMember = member("gen");
  if (genMember) {
    const gens = parse(genMember, "'gen'");
    if (!Array.isArray(gens)) fail("'gen' must be a list");
    for (const [i, gen] of (gens as unknown[]).entries()) expandGen(gen, i, templates, file, maxKeys, add);
  }
  const meta = member("generationMetadata");
  return {
    // lindi writes generationMetadata only on some paths; its files are always named *.lindi.json or *.lindi.tar.
    format: meta || /\.lindi\.(json|tar)$/i.test(file) ? "lindi" : "kerchunk-v1",
    refs,
    generationMetadata: meta ? parse(meta, "'generationMetadata'") : undefined,
  };
}

/** The entry a `refs` value describes. */
function entryOf(text: string, m: JsonMember, templates: ReadonlyMap<string, TemplateValue>, file: string, target: string | undefined): ReferenceEntry {
  const where: ErrorLocation = { store: file, path: m.key };
  const first = text[m.start];
  let value: unknown;
  try {
    value = JSON.parse(text.slice(m.start, m.end));
  } catch (e) {
    throw new ReferenceFileError(`the value is not valid JSON: ${(e as Error).message}`, where);
  }
  if (first === "{") return { kind: "json", text: text.slice(m.start, m.end) };
  if (typeof value === "string") {
    return value.startsWith("base64:") ? { kind: "inline", text: value.slice(7), base64: true } : { kind: "inline", text: value, base64: false };
  }
  if (!Array.isArray(value)) {
    throw new ReferenceFileError(`a reference must be text, a JSON object, [url] or [url, offset, length], not ${text.slice(m.start, Math.min(m.end, m.start + 80))}`, where);
  }
  const [url, offset, length] = value as unknown[];
  if (url === null && target === undefined) {
    throw new ReferenceFileError("the reference has no URL (null) and no target file was given: open it with the reference option 'target'", where);
  }
  if (url !== null && typeof url !== "string") throw new ReferenceFileError(`the reference's URL must be text or null, not ${JSON.stringify(url)}`, where);
  const rendered = url === null ? target! : render(url, templates, where);
  if (value.length === 1) return { kind: "whole", url: rendered };
  if (value.length !== 3) throw new ReferenceFileError(`a reference list must be [url] or [url, offset, length], not ${value.length} items`, where);
  return { kind: "range", url: rendered, ...checkRange(offset, length, where) };
}

function checkRange(offset: unknown, length: unknown, where: ErrorLocation): { offset: number; length: number } {
  const whole = (n: unknown) => typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
  if (!whole(offset) || !whole(length)) {
    throw new ReferenceFileError(`offset and length must be whole numbers >= 0, not ${JSON.stringify(offset)} and ${JSON.stringify(length)}`, where);
  }
  return { offset: offset as number, length: length as number };
}

function render(text: string, vars: ReadonlyMap<string, TemplateValue>, where: ErrorLocation): string {
  try {
    return renderTemplate(text, vars);
  } catch (e) {
    if (e instanceof TemplateError) throw new ReferenceFileError(`cannot render '${text}': ${e.message}`, where, { cause: e });
    throw e;
  }
}

/** The values one `gen` dimension takes: `[…]` or `{start, stop, step}` (Python's range). */
function dimensionValues(name: string, spec: unknown, maxKeys: number, where: ErrorLocation): number[] {
  if (Array.isArray(spec)) {
    if (!spec.every((v) => Number.isSafeInteger(v))) throw new ReferenceFileError(`dimension '${name}' must list whole numbers`, where);
    return spec as number[];
  }
  if (!isObject(spec)) throw new ReferenceFileError(`dimension '${name}' must be a list or {start, stop, step}`, where);
  const { start = 0, stop, step = 1 } = spec;
  if (![start, stop, step].every((v) => Number.isSafeInteger(v)) || step === 0) {
    throw new ReferenceFileError(`dimension '${name}' needs whole numbers start, stop and a step other than 0`, where);
  }
  // Counted before any is made: a hostile range must not fill memory before the key cap is reached.
  const count = Math.max(0, Math.ceil(((stop as number) - (start as number)) / (step as number)));
  if (count > maxKeys) throw new ReferenceFileError(`dimension '${name}' takes ${count} values, more than the ${maxKeys} keys allowed (maxKeys)`, where);
  const out: number[] = [];
  for (let v = start as number; (step as number) > 0 ? v < (stop as number) : v > (stop as number); v += step as number) out.push(v);
  return out;
}

/** Add the keys one `gen` entry generates (the cartesian product of its dimensions). */
function expandGen(
  gen: unknown, index: number, templates: ReadonlyMap<string, TemplateValue>, file: string, maxKeys: number,
  add: (key: string, entry: ReferenceEntry) => void,
): void {
  const where: ErrorLocation = { store: file, path: `gen[${index}]` };
  if (!isObject(gen) || typeof gen.key !== "string" || typeof gen.url !== "string" || !isObject(gen.dimensions)) {
    throw new ReferenceFileError("a 'gen' entry needs 'key' and 'url' strings and a 'dimensions' object", where);
  }
  if (("offset" in gen) !== ("length" in gen)) throw new ReferenceFileError("a 'gen' entry needs both 'offset' and 'length', or neither", where);
  const names = Object.keys(gen.dimensions);
  if (!names.length) throw new ReferenceFileError("a 'gen' entry needs at least one dimension", where);
  const values = names.map((n) => dimensionValues(n, (gen.dimensions as Record<string, unknown>)[n], maxKeys, where));
  const vars = new Map(templates);
  const asText = (v: unknown, what: string) => {
    if (typeof v === "string") return v;
    if (typeof v === "number") return String(v);
    throw new ReferenceFileError(`'${what}' must be a string or a number`, where);
  };
  const visit = (d: number) => {
    if (d === names.length) {
      const key = render(gen.key as string, vars, where);
      const url = render(gen.url as string, vars, where);
      if (!("offset" in gen)) return add(key, { kind: "whole", url });
      const offset = Number(render(asText(gen.offset, "offset"), vars, where));
      const length = Number(render(asText(gen.length, "length"), vars, where));
      add(key, { kind: "range", url, ...checkRange(offset, length, { store: file, path: key }) });
      return;
    }
    for (const v of values[d]) {
      vars.set(names[d], v);
      visit(d + 1);
    }
  };
  visit(0);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The bytes of an inline or JSON entry. */
export function inlineBytes(entry: Extract<ReferenceEntry, { kind: "inline" | "json" }>, where: ErrorLocation): Uint8Array {
  if (entry.kind === "json" || !entry.base64) return new TextEncoder().encode(entry.text);
  const text = entry.text.replace(/\s+/g, "");
  if (!BASE64.test(text) || text.length % 4 === 1) throw new ReferenceFileError("the value after 'base64:' is not base64", where);
  return Uint8Array.from(atob(text.padEnd(Math.ceil(text.length / 4) * 4, "=")), (c) => c.charCodeAt(0));
}

/** How many bytes an inline or JSON entry holds, without decoding it. */
export function inlineSize(entry: Extract<ReferenceEntry, { kind: "inline" | "json" }>): number {
  if (entry.kind === "json" || !entry.base64) return new TextEncoder().encode(entry.text).byteLength;
  const text = entry.text.replace(/\s+/g, "");
  const pad = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  return Math.floor((text.length * 3) / 4) - pad;
}
