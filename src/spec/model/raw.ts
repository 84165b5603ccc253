/**
 * Reading raw schema JSON (parsed YAML or cached JSON) with typed errors: every check names the
 * source and the spec path, so a bad extension schema says where it is wrong.
 */
import { SpecSyntaxError } from "../errors.js";

/** Where a raw value sits: the schema source and the path of the spec inside it. */
export interface SpecContext {
  /** The schema source (file path, URL, or `cache:<ns>/<version>/<source>`). */
  source?: string;
  /** Spec path inside the source, e.g. `TimeSeries/data`. */
  path: string;
}

/** A raw JSON object (a parsed YAML mapping). */
export type RawObject = Record<string, unknown>;

/** The context one level down. */
export function child(ctx: SpecContext, segment: string | number): SpecContext {
  return { source: ctx.source, path: ctx.path ? `${ctx.path}/${segment}` : String(segment) };
}

/** A SpecSyntaxError at `ctx`. */
export function syntaxError(ctx: SpecContext, message: string, cause?: unknown): SpecSyntaxError {
  return new SpecSyntaxError(message, { store: ctx.source, path: ctx.path }, cause === undefined ? undefined : { cause });
}

export function isObject(v: unknown): v is RawObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function asObject(v: unknown, ctx: SpecContext, what: string): RawObject {
  if (!isObject(v)) throw syntaxError(ctx, `${what} must be a mapping, found ${describe(v)}`);
  return v;
}

/** A list, or [] when absent. */
export function optList(obj: RawObject, key: string, ctx: SpecContext): unknown[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw syntaxError(ctx, `'${key}' must be a list, found ${describe(v)}`);
  return v;
}

export function optString(obj: RawObject, key: string, ctx: SpecContext): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw syntaxError(ctx, `'${key}' must be text, found ${describe(v)}`);
  return v;
}

export function reqString(obj: RawObject, key: string, ctx: SpecContext): string {
  const v = optString(obj, key, ctx);
  if (v === undefined) throw syntaxError(ctx, `'${key}' is required`);
  return v;
}

export function optBool(obj: RawObject, key: string, ctx: SpecContext): boolean | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw syntaxError(ctx, `'${key}' must be true or false, found ${describe(v)}`);
  return v;
}

/** A text or a list of texts (namespace `author`, `contact`), as a list. */
export function optStringList(obj: RawObject, key: string, ctx: SpecContext): string[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (typeof v === "string") return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  throw syntaxError(ctx, `'${key}' must be text or a list of texts, found ${describe(v)}`);
}

/** A JSON value that may be absent: null counts as absent, as in hdmf. */
export function optValue(obj: RawObject, key: string): unknown {
  const v = obj[key];
  return v === null ? undefined : v;
}

/** A short description of a value for messages. */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  const text = JSON.stringify(v) ?? String(v);
  return `${typeof v} ${text.length > 40 ? text.slice(0, 37) + "..." : text}`;
}
