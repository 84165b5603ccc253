/**
 * A skip scanner over JSON text: finds where values start and end without building them, so a big
 * document (a store's consolidated metadata) can be opened by its outline and each part parsed
 * exactly (`parseJsonExact`) only when it is asked for. It follows structure only: brackets,
 * braces and strings. Whatever it does not check (numbers, words, commas, escapes inside a value)
 * is checked by the exact parser when the value is read.
 */

/** Thrown when the text's outline cannot be followed (unbalanced brackets, an unterminated string, a missing ':' or ','). */
export class JsonScanError extends Error {}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** The first position at or after `i` that is not JSON whitespace. */
export function skipSpace(t: string, i: number): number {
  while (isSpace(t.charCodeAt(i))) i++;
  return i;
}

/** The position just after the string whose opening quote is at `i`. */
export function stringEnd(t: string, i: number): number {
  let j = i;
  for (;;) {
    j = t.indexOf('"', j + 1);
    if (j < 0) throw new JsonScanError(`unterminated string at position ${i}`);
    let b = j - 1;
    while (t.charCodeAt(b) === 0x5c) b--;
    if ((j - 1 - b) % 2 === 0) return j + 1; // an even run of backslashes: the quote is not escaped
  }
}

/** The position just after the value starting at `i` (no whitespace before it). */
export function valueEnd(t: string, i: number): number {
  const n = t.length;
  const c = t.charCodeAt(i);
  if (c === 0x22) return stringEnd(t, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    for (let j = i; j < n; j++) {
      const d = t.charCodeAt(j);
      if (d === 0x22) j = stringEnd(t, j) - 1;
      else if (d === 0x7b || d === 0x5b) depth++;
      else if ((d === 0x7d || d === 0x5d) && --depth === 0) return j + 1;
    }
    throw new JsonScanError(`unbalanced ${c === 0x7b ? "object" : "array"} at position ${i}`);
  }
  let j = i;
  for (let d = c; j < n && !isSpace(d) && d !== 0x2c && d !== 0x5d && d !== 0x7d && d !== 0x3a; d = t.charCodeAt(++j));
  if (j === i) throw new JsonScanError(`expected a value at position ${i}`);
  return j;
}

/**
 * An object or array nested at most this deep, as one regular expression: a string, a run of other
 * characters, or a bracketed value one level shallower. Each place admits one alternative only (a
 * run is taken whole), so a text it does not match fails in linear time.
 */
const SMALL_DEPTH = 6;
const nestedValue = (() => {
  const plain = '[^{}\\[\\]"]';
  const token = `"[^"\\\\]*(?:\\\\[^][^"\\\\]*)*"|${plain}+(?!${plain})`;
  let inner = `(?:${token})*`;
  for (let k = 1; k < SMALL_DEPTH; k++) inner = `(?:${token}|\\{${inner}\\}|\\[${inner}\\])*`;
  return new RegExp(`\\{${inner}\\}|\\[${inner}\\]`, "y");
})();

/**
 * `valueEnd` for a value expected to be small (one node's entry in consolidated metadata): native
 * code follows its structure (a fifth less CPU than the character loop over 100,000 entries);
 * what it does not match (deeper nesting, bad structure, a value too long) goes to `valueEnd`,
 * which says why.
 */
export function smallValueEnd(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c !== 0x7b && c !== 0x5b) return valueEnd(t, i);
  nestedValue.lastIndex = i;
  try {
    if (nestedValue.test(t)) return nestedValue.lastIndex;
  } catch (e) {
    if (!(e instanceof RangeError)) throw e; // a value too long for the expression's stack: the loop follows it
  }
  return valueEnd(t, i);
}

/** One member of an object: its key and where its value lies, [start, end). */
export interface MemberRange {
  key: string;
  start: number;
  end: number;
}

/**
 * Visit the members of the object whose `{` is at `i`, in order, building nothing: `visit` gets
 * each key's raw text range [keyStart, keyEnd) (inside its quotes, escapes as written; see
 * `keyText`, `keyIndex`) and where its value starts, and may scan the value itself and return where
 * it ends (undefined leaves it to this scan). Returns the position just after the `}`.
 */
export function forEachMember(t: string, i: number, visit: (keyStart: number, keyEnd: number, valueStart: number) => number | undefined): number {
  if (t.charCodeAt(i) !== 0x7b) throw new JsonScanError(`expected an object at position ${i}`);
  let p = skipSpace(t, i + 1);
  if (t.charCodeAt(p) === 0x7d) return p + 1;
  for (;;) {
    if (t.charCodeAt(p) !== 0x22) throw new JsonScanError(`expected a string key at position ${p}`);
    const keyEnd = stringEnd(t, p);
    const start = skipSpace(t, keyEnd);
    if (t.charCodeAt(start) !== 0x3a) throw new JsonScanError(`expected ':' at position ${start}`);
    const valueStart = skipSpace(t, start + 1);
    const end = visit(p + 1, keyEnd - 1, valueStart) ?? valueEnd(t, valueStart);
    p = skipSpace(t, end);
    const c = t.charCodeAt(p);
    if (c === 0x7d) return p + 1;
    if (c !== 0x2c) throw new JsonScanError(`expected ',' or '}' at position ${p}`);
    p = skipSpace(t, p + 1);
  }
}

/** The key whose raw text (inside its quotes) is t[start, end), its escapes decoded. */
export function keyText(t: string, start: number, end: number): string {
  const raw = t.slice(start, end);
  if (!raw.includes("\\")) return raw;
  try {
    return JSON.parse(t.slice(start - 1, end + 1)) as string;
  } catch {
    throw new JsonScanError(`bad escape in the key at position ${start - 1}`);
  }
}

/** Whether t[start, end) holds a backslash (an escape). */
export function hasEscape(t: string, start: number, end: number): boolean {
  for (let j = start; j < end; j++) if (t.charCodeAt(j) === 0x5c) return true;
  return false;
}

/**
 * The index in `names` of the raw key t[start, end) (written plainly or with escapes), or -1.
 * A plain key costs a length test per name and allocates nothing.
 */
export function keyIndex(t: string, start: number, end: number, names: readonly string[]): number {
  const length = end - start;
  let longer = false;
  for (let k = 0; k < names.length; k++) {
    const name = names[k];
    if (length === name.length) {
      // The first character rules out most keys of the same length without a string compare.
      if (t.charCodeAt(start) === name.charCodeAt(0) && t.startsWith(name, start)) return k;
    } else if (length > name.length) longer = true;
  }
  // An escape spells one character in more than one: only a longer key can be a name escaped.
  if (!longer || !hasEscape(t, start, end)) return -1;
  return names.indexOf(keyText(t, start, end));
}

/**
 * The members of the object whose `{` is at `i`, in order (a key listed twice appears twice),
 * and the position just after its `}`. `inner` may scan a member's value itself (to look inside it
 * without a second pass) and return where it ends; undefined leaves it to this scan.
 */
export function objectMembers(t: string, i: number, inner?: (key: string, start: number) => number | undefined): { members: MemberRange[]; end: number } {
  const members: MemberRange[] = [];
  const end = forEachMember(t, i, (keyStart, keyEnd, start) => {
    const key = keyText(t, keyStart, keyEnd);
    const end = inner?.(key, start) ?? valueEnd(t, start);
    members.push({ key, start, end });
    return end;
  });
  return { members, end };
}

/**
 * The position just after the value starting at `i`, as `valueEnd` finds it, noting for an object
 * where the values of its top-level members `names` start: `starts[k]` for `names[k]` (the last
 * one listed, as JSON.parse keeps; -1 when absent), in one pass.
 */
export function valueEndNoting(t: string, i: number, names: readonly string[], starts: number[]): number {
  for (let k = 0; k < names.length; k++) starts[k] = -1;
  if (t.charCodeAt(i) !== 0x7b) return valueEnd(t, i);
  const n = t.length;
  let depth = 0;
  let expectKey = false; // at depth 1: the next string is a key
  let named = -1; // the name whose key was just read, waiting for its ':'
  for (let j = i; j < n; j++) {
    const d = t.charCodeAt(j);
    if (d === 0x22) {
      const e = stringEnd(t, j);
      if (expectKey && depth === 1) {
        named = keyIndex(t, j + 1, e - 1, names);
        expectKey = false;
      }
      j = e - 1;
    } else if (d === 0x7b || d === 0x5b) {
      if (++depth === 1) expectKey = true;
    } else if (d === 0x7d || d === 0x5d) {
      if (--depth === 0) return j + 1;
    } else if (depth === 1) {
      if (d === 0x2c) expectKey = true;
      else if (d === 0x3a && named >= 0) {
        starts[named] = skipSpace(t, j + 1);
        named = -1;
      }
    }
  }
  throw new JsonScanError(`unbalanced object at position ${i}`);
}
