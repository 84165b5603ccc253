/**
 * The members of a JSON object as raw text spans. Reference files hold Zarr metadata documents as
 * JSON objects; keeping each one's own text (instead of parsing and printing it again) keeps
 * integers past 2^53 and the exact spelling of numbers for the Zarr layer to read. No Node imports.
 */

/** One member of an object: its key and where its value's text starts and ends. */
export interface JsonMember {
  key: string;
  /** Offset of the value's first character. */
  start: number;
  /** Offset just past the value's last character. */
  end: number;
}

/** Thrown for text that is not a JSON object; the caller turns it into a typed error. */
export class JsonShapeError extends Error {}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === " " || text[i] === "\n" || text[i] === "\r" || text[i] === "\t")) i++;
  return i;
}

/** End of the string starting at `i` (which holds `"`). */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === "\\") j++;
    else if (c === '"') return j + 1;
  }
  throw new JsonShapeError(`unterminated string at offset ${i}`);
}

/** End of the value starting at `i`; nested values are skipped by bracket depth. */
function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return skipString(text, i);
  if (c === "{" || c === "[") {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text[j];
      if (d === '"') j = skipString(text, j) - 1;
      else if (d === "{" || d === "[") depth++;
      else if (d === "}" || d === "]") {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    throw new JsonShapeError(`unterminated ${c === "{" ? "object" : "array"} at offset ${i}`);
  }
  let j = i;
  while (j < text.length && !",}] \n\r\t".includes(text[j])) j++;
  if (j === i) throw new JsonShapeError(`a value is missing at offset ${i}`);
  return j;
}

/**
 * The members of the object whose text spans `[start, end)` (the whole text by default). Only the
 * object's own structure is checked here; callers parse the values they use (`JSON.parse` of a span).
 */
export function jsonMembers(text: string, start = 0, end = text.length): JsonMember[] {
  let i = skipSpace(text, start);
  if (text[i] !== "{") throw new JsonShapeError(`expected '{' at offset ${i}`);
  i = skipSpace(text, i + 1);
  const members: JsonMember[] = [];
  if (text[i] === "}") return checkEnd(text, i + 1, end, members);
  for (;;) {
    if (text[i] !== '"') throw new JsonShapeError(`expected a key at offset ${i}`);
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd);
    if (text[i] !== ":") throw new JsonShapeError(`expected ':' at offset ${i}`);
    const valueStart = skipSpace(text, i + 1);
    const valueEnd = skipValue(text, valueStart);
    members.push({ key, start: valueStart, end: valueEnd });
    i = skipSpace(text, valueEnd);
    if (text[i] === ",") {
      i = skipSpace(text, i + 1);
      continue;
    }
    if (text[i] === "}") return checkEnd(text, i + 1, end, members);
    throw new JsonShapeError(`expected ',' or '}' at offset ${i}`);
  }
}

function checkEnd(text: string, i: number, end: number, members: JsonMember[]): JsonMember[] {
  if (skipSpace(text, i) < end) throw new JsonShapeError(`unexpected text after the object at offset ${i}`);
  return members;
}
