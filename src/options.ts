/**
 * Run-time checks of options objects. Every public call that takes one refuses keys it does not
 * know (a typo, a Python spelling, an option of another call) and keys it knows but cannot honour,
 * naming the option and the valid ones: JavaScript callers, and TypeScript callers passing an
 * object that is not a literal, get no compile-time check, and an ignored option is a silent
 * surprise.
 */
import { InvalidOptionError, type ErrorLocation } from "./errors.js";

/**
 * Every key of an options type, each set to `true`. A literal of this type must list each key of
 * `T`, and nothing else (the compiler checks both), so the run-time list cannot drift from the type.
 */
export type OptionNames<T> = { readonly [K in keyof T]-?: true };

/** The key names of an options type, sorted: `optionNames<MyOptions>({ a: true, b: true })`. */
export function optionNames<T>(names: OptionNames<T>): readonly string[] {
  return Object.freeze(Object.keys(names).sort());
}

/** Where options were given: the call as a user writes it (`new ZarrIO()`, `ZarrIO.export()`) and the file, when known. */
export interface OptionsSite extends ErrorLocation {
  call: string;
}

/** Keys a call knows of (from hdmf-zarr, or planned) but cannot honour, each with why and what to do instead. */
export type UnsupportedOptions = Readonly<Record<string, string>>;

/** `storage_options` → `storageOptions`: the camelCase name of a Python-style key. */
function camelCase(key: string): string {
  return key.replace(/_+([a-z0-9])/gi, (_, c: string) => c.toUpperCase());
}

/** Edits (insertions, deletions, substitutions) from `a` to `b`. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/**
 * A valid key the caller probably meant: the camelCase spelling of a Python-style key, the same
 * key in another case, or the one key a typo or two away.
 */
function suggestion(key: string, allowed: readonly string[]): string | undefined {
  const camel = camelCase(key).toLowerCase();
  const exact = allowed.find((a) => a.toLowerCase() === camel);
  if (exact !== undefined) return exact;
  const near = allowed.filter((a) => editDistance(a.toLowerCase(), camel) <= Math.min(2, Math.floor(a.length / 4)));
  return near.length === 1 ? near[0] : undefined;
}

function quoteList(names: readonly string[]): string {
  return names.length ? names.join(", ") : "none";
}

/**
 * Check the options given to `site.call`: `undefined` and `null` mean none; anything but a plain
 * object, any key not in `allowed`, and any key of `unsupported` throw InvalidOptionError naming
 * the key(s), the valid keys and (for unsupported ones) what to do instead. Keys are checked
 * whatever their value, `undefined` included. Returns the options (`{}` for none).
 */
export function checkOptions<T extends object>(
  given: T | undefined | null, allowed: readonly string[], site: OptionsSite, unsupported: UnsupportedOptions = {},
): T {
  const where: ErrorLocation = { store: site.store, path: site.path };
  if (given === undefined || given === null) return {} as T;
  if (typeof given !== "object" || Array.isArray(given)) {
    const shown = typeof given === "string" ? `'${given}'` : Array.isArray(given) ? "an array" : `a ${typeof given}`;
    throw new InvalidOptionError(
      `${site.call}: the options must be an object such as { ${allowed[0] ?? "option"}: … }, not ${shown}; valid options: ${quoteList(allowed)}`,
      where, "(options)", allowed,
    );
  }
  const keys = Object.keys(given);
  const refused = keys.find((k) => Object.hasOwn(unsupported, k));
  if (refused !== undefined) {
    throw new InvalidOptionError(
      `${site.call}: option '${refused}' is not supported: ${unsupported[refused]}. Valid options: ${quoteList(allowed)}`,
      where, refused, allowed,
    );
  }
  const unknown = keys.filter((k) => !allowed.includes(k));
  if (unknown.length) {
    const described = unknown.map((k) => {
      const s = suggestion(k, allowed);
      return s ? `'${k}' (did you mean '${s}'?)` : `'${k}'`;
    });
    throw new InvalidOptionError(
      `${site.call}: unknown option${unknown.length > 1 ? "s" : ""} ${described.join(", ")}; valid options: ${quoteList(allowed)}`,
      where, unknown[0], allowed,
    );
  }
  return given;
}

/** The entries of `given` whose keys are in `names` (e.g. the ZarrIO part of NWBZarrIO options). */
export function pickOptions<T extends object>(given: object, names: readonly string[]): T {
  return Object.fromEntries(Object.entries(given).filter(([k]) => names.includes(k))) as T;
}
