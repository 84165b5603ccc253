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
function stringEnd(t: string, i: number): number {
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

/** One member of an object: its key and where its value lies, [start, end). */
export interface MemberRange {
  key: string;
  start: number;
  end: number;
}

/**
 * The members of the object whose `{` is at `i`, in order (a key listed twice appears twice),
 * and the position just after its `}`. `inner` may scan a member's value itself (to look inside it
 * without a second pass) and return where it ends; undefined leaves it to this scan.
 */
export function objectMembers(t: string, i: number, inner?: (key: string, start: number) => number | undefined): { members: MemberRange[]; end: number } {
  if (t.charCodeAt(i) !== 0x7b) throw new JsonScanError(`expected an object at position ${i}`);
  const members: MemberRange[] = [];
  let p = skipSpace(t, i + 1);
  if (t.charCodeAt(p) === 0x7d) return { members, end: p + 1 };
  for (;;) {
    if (t.charCodeAt(p) !== 0x22) throw new JsonScanError(`expected a string key at position ${p}`);
    const keyEnd = stringEnd(t, p);
    const raw = t.slice(p + 1, keyEnd - 1);
    let key = raw;
    if (raw.includes("\\")) {
      try {
        key = JSON.parse(t.slice(p, keyEnd)) as string;
      } catch {
        throw new JsonScanError(`bad escape in the key at position ${p}`);
      }
    }
    p = skipSpace(t, keyEnd);
    if (t.charCodeAt(p) !== 0x3a) throw new JsonScanError(`expected ':' at position ${p}`);
    const start = skipSpace(t, p + 1);
    const end = inner?.(key, start) ?? valueEnd(t, start);
    members.push({ key, start, end });
    p = skipSpace(t, end);
    const c = t.charCodeAt(p);
    if (c === 0x7d) return { members, end: p + 1 };
    if (c !== 0x2c) throw new JsonScanError(`expected ',' or '}' at position ${p}`);
    p = skipSpace(t, p + 1);
  }
}
