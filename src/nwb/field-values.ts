/**
 * Plain values of a container's fields for the typed NWB getters: values set in code come back as
 * they are; datasets read from a file (LazyData) come back once `loadScalars()` has read them.
 * Only small datasets (scalars and short lists such as `experimenter`) are loaded, never arrays
 * of data, so a file opens with a handful of reads.
 */
import { InvalidArgumentError } from "../errors.js";
import { isUntypedGroup } from "../build/brands.js";
import type { FieldHolder } from "../build/field-holder.js";
import { LazyData } from "../build/lazy-data.js";
import { plainValue, toNested } from "../build/nd-values.js";
import { isNdArray, isTypedArray } from "../data/index.js";

/** Largest dataset (in elements) `loadScalars` reads. */
export const SMALL_DATASET = 64;

const loaded = new WeakMap<FieldHolder, Map<string, unknown>>();
const decoder = new TextDecoder();

/** A value as plain JS: bytes as text, NdArrays as nested lists, int64 as numbers when safe. */
export function plain(v: unknown): unknown {
  if (v instanceof Uint8Array) return decoder.decode(v);
  if (isNdArray(v)) return plain(toNested(v));
  if (isTypedArray(v)) return Array.from(v as ArrayLike<unknown>, plainValue);
  if (Array.isArray(v)) return v.map(plain);
  return plainValue(v);
}

/** The field's value: as set, or as loaded from the file; undefined for a dataset not loaded yet. */
export function fieldValue(holder: FieldHolder | undefined, name: string): unknown {
  if (holder === undefined) return undefined;
  const v = holder.get(name);
  if (v instanceof LazyData) return loaded.get(holder)?.get(holder.keyFor(name));
  return v;
}

/** A text field (a one-element list counts as its element). */
export function textField(holder: FieldHolder | undefined, name: string): string | undefined {
  let v = plain(fieldValue(holder, name));
  if (Array.isArray(v) && v.length === 1) v = v[0];
  if (v === undefined || v === null) return undefined;
  return v instanceof Date ? v.toISOString() : String(v);
}

/** A numeric field. */
export function numberField(holder: FieldHolder | undefined, name: string): number | undefined {
  const v = plain(fieldValue(holder, name));
  return v === undefined || v === null ? undefined : Number(v);
}

/** A list-of-text field (a single value counts as a list of one). */
export function textListField(holder: FieldHolder | undefined, name: string): string[] | undefined {
  const v = plain(fieldValue(holder, name));
  if (v === undefined || v === null) return undefined;
  return (Array.isArray(v) ? v : [v]).map((x) => (x instanceof Date ? x.toISOString() : String(x)));
}

/** A date field as a Date (ISO text parsed). */
export function dateField(holder: FieldHolder | undefined, name: string): Date | undefined {
  const t = textField(holder, name);
  return t === undefined ? undefined : new Date(t);
}

/**
 * Read every small dataset field of a holder (and, with `deep`, of the untyped groups inside it)
 * into the cache the getters use. Reads run in parallel.
 */
export async function loadScalars(holder: FieldHolder, deep = true): Promise<void> {
  const jobs: Promise<void>[] = [];
  const visit = (h: FieldHolder) => {
    for (const [key, v] of h.fields) {
      if (v instanceof LazyData && v.size <= SMALL_DATASET && !v.hasReferences) {
        jobs.push(v.read().then((value) => {
          let m = loaded.get(h);
          if (m === undefined) loaded.set(h, (m = new Map()));
          m.set(key, isNdArray(value) ? toNested(value) : value);
        }));
      } else if (deep && isUntypedGroup(v)) {
        visit(v);
      }
    }
  };
  visit(holder);
  await Promise.all(jobs);
}

/** Dates as ISO text (what the NWB schema stores); other values unchanged. */
export function isoText(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(isoText);
  return v;
}

/** Throw when a required constructor argument is missing (unless the object is read from a file). */
export function requireArgs(typeName: string, name: string, init: object, required: readonly string[]): void {
  const given = init as Record<string, unknown>;
  if (given.fromFile) return;
  const missing = required.filter((k) => given[k] === undefined || given[k] === null);
  if (missing.length) {
    throw new InvalidArgumentError(`${typeName} '${name}' needs ${missing.map((m) => `'${m}'`).join(", ")}`, { path: name });
  }
}
