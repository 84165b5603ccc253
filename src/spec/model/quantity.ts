/**
 * How many instances of a group, dataset or link a parent may hold: `?` (zero or one), `*` (zero or
 * more), `+` (one or more) or an exact count ≥ 1. The default is 1. The long spellings
 * `zero_or_one`, `zero_or_many`, `one_or_many` and numeric text are accepted and normalised.
 */
import { describe, syntaxError, type SpecContext } from "./raw.js";

/** A normalised quantity. */
export type Quantity = "?" | "*" | "+" | number;

/** The quantity of a spec that gives none. */
export const DEFAULT_QUANTITY: Quantity = 1;

const FLAGS = new Map<string, Quantity>([
  ["?", "?"], ["*", "*"], ["+", "+"], ["zero_or_one", "?"], ["zero_or_many", "*"], ["one_or_many", "+"],
]);

/**
 * Parse a raw quantity. A spec with a fixed `name` cannot appear many times, so `*` and `+` are
 * refused with a name (hdmf refuses them too).
 */
export function parseQuantity(raw: unknown, name: string | undefined, ctx: SpecContext): Quantity {
  if (raw === undefined || raw === null) return DEFAULT_QUANTITY;
  let q: Quantity | undefined;
  if (typeof raw === "string" && FLAGS.has(raw)) q = FLAGS.get(raw);
  else if (typeof raw === "number" && Number.isInteger(raw) && raw >= 1) q = raw;
  else if (typeof raw === "string" && /^\s*\d+\s*$/.test(raw) && Number(raw) >= 1) q = Number(raw);
  if (q === undefined) {
    throw syntaxError(ctx, `quantity ${describe(raw)} is invalid: use '?', '*', '+' or an integer >= 1`);
  }
  if (name !== undefined && (q === "*" || q === "+")) {
    throw syntaxError(ctx, `'${name}' has a fixed name, so its quantity cannot be '${q}' (many instances)`);
  }
  return q;
}

/** Whether at least one instance must be present. */
export function isRequiredQuantity(q: Quantity): boolean {
  return q !== "?" && q !== "*";
}

/** Whether more than one instance may be present. */
export function allowsMany(q: Quantity): boolean {
  return q === "*" || q === "+" || (typeof q === "number" && q > 1);
}

/** The least number of instances. */
export function minCount(q: Quantity): number {
  return q === "?" || q === "*" ? 0 : q === "+" ? 1 : q;
}

/** The greatest number of instances (Infinity for `*` and `+`). */
export function maxCount(q: Quantity): number {
  return q === "*" || q === "+" ? Infinity : q === "?" ? 1 : q;
}
