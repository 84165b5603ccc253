/**
 * Metadata JSON read exactly: an integer literal outside ±(2^53 − 1) becomes a bigint (JSON.parse
 * would round it: a uint64 fill value 18446744073709551615 turns into 2^64, an int64 2^53 + 1 into
 * 2^53), and the bare `NaN`, `Infinity` and `-Infinity` tokens Python writes are accepted. Every
 * other value is what JSON.parse gives.
 * Speed: texts without such tokens (nearly all) are one regex test plus JSON.parse. Otherwise one
 * scan finds the objects and arrays that hold them; only those are built here, and every other
 * part of the text (a node's whole metadata, say) still goes to JSON.parse.
 * Writing needs nothing new: `pythonJsonStringify` writes a bigint as an integer literal.
 */
import { MetadataError, type ErrorLocation } from "../errors.js";
import { jsonInteger, putKey } from "./json-values.js";

/**
 * A run of 16 or more digits that is not part of a fraction or an exponent: the only place an
 * integer literal beyond 2^53 can be. Runs inside strings match too; they only cost the slow path.
 */
const LONG_INTEGER = /(?:^|[^\d.eE+])\d{16,}(?![\d.eE])/;

const MAX_DEPTH = 2000;

/** Parse a JSON text; integers beyond ±(2^53 − 1) come back as bigints. Throws MetadataError naming `where`. */
export function parseJsonExact(text: string, where: ErrorLocation = {}): unknown {
  if (!LONG_INTEGER.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // Python's NaN/Infinity tokens, or invalid text: the parser below accepts the first and reports the second.
    }
  }
  return new ExactParser(text, where, specialContainers(text)).parse();
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Whether the token t[i, j) is one JSON.parse cannot give exactly: NaN, ±Infinity or an unsafe integer. */
function isSpecialToken(t: string, i: number, j: number): boolean {
  const c = t.charCodeAt(i);
  if (c === 0x4e || c === 0x49 || (c === 0x2d && t.charCodeAt(i + 1) === 0x49)) return true;
  const digits = c === 0x2d ? j - i - 1 : j - i;
  if (digits <= 15 || (c !== 0x2d && !isDigit(c))) return false;
  const token = t.slice(i, j);
  return /^-?\d+$/.test(token) && typeof jsonInteger(BigInt(token)) === "bigint";
}

/**
 * One pass over the text: the start of every object or array that holds (at any depth) a NaN,
 * ±Infinity or unsafe integer token, with the [start, end) ranges of the objects and arrays
 * directly inside it as a flat list. Not a validation: the parser checks what it builds itself,
 * and JSON.parse checks the rest.
 */
function specialContainers(t: string): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const starts: number[] = [];
  const children: number[][] = [];
  const special: boolean[] = [];
  const add = (s: number, e: number) => children[children.length - 1]?.push(s, e);
  const n = t.length;
  let i = 0;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (isSpace(c) || c === 0x2c || c === 0x3a) {
      i++;
    } else if (c === 0x7b || c === 0x5b) {
      starts.push(i);
      children.push([]);
      special.push(false);
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      const start = starts.pop();
      const list = children.pop();
      if (start === undefined || list === undefined) return out; // unbalanced: the parser reports it
      if (special.pop()) {
        out.set(start, list);
        if (special.length) special[special.length - 1] = true;
      }
      add(start, ++i);
    } else if (c === 0x22) {
      let j = i;
      for (;;) {
        j = t.indexOf('"', j + 1);
        if (j < 0) return out; // unterminated: the parser reports it
        let b = j - 1;
        while (t.charCodeAt(b) === 0x5c) b--;
        if ((j - 1 - b) % 2 === 0) break; // not escaped
      }
      i = j + 1;
    } else {
      let j = i + 1;
      for (let d = t.charCodeAt(j); j < n && !isSpace(d) && d !== 0x2c && d !== 0x5d && d !== 0x7d && d !== 0x3a; d = t.charCodeAt(++j));
      if (special.length && isSpecialToken(t, i, j)) special[special.length - 1] = true;
      i = j;
    }
  }
  return out;
}

class ExactParser {
  private pos = 0;
  /**
   * @param containers from specialContainers: the objects and arrays built here; any other one
   *   whose extent is known goes to JSON.parse whole
   */
  constructor(private readonly text: string, private readonly where: ErrorLocation, private readonly containers: Map<number, number[]>) {}

  parse(): unknown {
    let end = this.text.length;
    while (end > 0 && isSpace(this.text.charCodeAt(end - 1))) end--;
    const v = this.value(0, end);
    this.skip();
    if (this.pos !== this.text.length) this.fail("extra text after the value");
    return v;
  }

  private fail(what: string): never {
    throw new MetadataError(`invalid JSON at position ${this.pos}: ${what}`, this.where);
  }

  private skip(): void {
    const t = this.text;
    let c = t.charCodeAt(this.pos);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = t.charCodeAt(++this.pos);
  }

  private word(w: string, value: unknown): unknown {
    if (!this.text.startsWith(w, this.pos)) this.fail(`unexpected ${JSON.stringify(this.text.slice(this.pos, this.pos + 12))}`);
    this.pos += w.length;
    return value;
  }

  private string(): string {
    const t = this.text;
    const start = this.pos;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 0x22) break;
      if (Number.isNaN(c)) {
        this.pos = start;
        this.fail("unterminated string");
      }
      if (c === 0x5c) {
        escaped = true;
        i += 2;
        continue;
      }
      if (c < 0x20) {
        this.pos = i;
        this.fail("control character in string");
      }
      i++;
    }
    this.pos = i + 1;
    if (!escaped) return t.slice(start + 1, i);
    try {
      return JSON.parse(t.slice(start, i + 1)) as string;
    } catch {
      this.pos = start;
      return this.fail("bad escape in string");
    }
  }

  /** A number token; an integer beyond the safe range as a bigint. */
  private number(): number | bigint {
    const t = this.text;
    const start = this.pos;
    let i = start;
    if (t.charCodeAt(i) === 0x2d) i++;
    const intStart = i;
    if (t.charCodeAt(i) === 0x30) i++;
    else while (isDigit(t.charCodeAt(i))) i++;
    if (i === intStart) this.fail(i >= t.length ? "unexpected end of text" : `unexpected ${JSON.stringify(t[start])}`);
    const intDigits = i - intStart;
    let integer = true;
    if (t.charCodeAt(i) === 0x2e) {
      integer = false;
      const f = ++i;
      while (isDigit(t.charCodeAt(i))) i++;
      if (i === f) {
        this.pos = i;
        this.fail("expected a digit after '.'");
      }
    }
    const e = t.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      integer = false;
      i++;
      const s = t.charCodeAt(i);
      if (s === 0x2b || s === 0x2d) i++;
      const d = i;
      while (isDigit(t.charCodeAt(i))) i++;
      if (i === d) {
        this.pos = i;
        this.fail("expected a digit in the exponent");
      }
    }
    this.pos = i;
    const token = t.slice(start, i);
    // 15 digits are always safe; longer integers are checked exactly.
    return integer && intDigits > 15 ? jsonInteger(BigInt(token)) : Number(token);
  }

  /** Where the object or array starting at `at` ends, from a list of [start, end) pairs read from `k` on; -1 when not listed. */
  private extent(children: number[] | undefined, k: { i: number }, at: number): number {
    if (!children) return -1;
    while (k.i < children.length && children[k.i] < at) k.i += 2;
    return children[k.i] === at ? children[k.i + 1] : -1;
  }

  /** An object; `children` holds the [start, end) of the objects and arrays in it when known. */
  private object(depth: number, children: number[] | undefined): Record<string, unknown> {
    const t = this.text;
    this.pos++;
    const obj: Record<string, unknown> = {};
    this.skip();
    if (t.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return obj;
    }
    const k = { i: 0 };
    for (;;) {
      this.skip();
      if (t.charCodeAt(this.pos) !== 0x22) this.fail("expected a string key");
      const key = this.string();
      this.skip();
      if (t.charCodeAt(this.pos) !== 0x3a) this.fail("expected ':'");
      this.pos++;
      this.skip();
      putKey(obj, key, this.value(depth + 1, this.extent(children, k, this.pos)));
      this.skip();
      const c = t.charCodeAt(this.pos++);
      if (c === 0x7d) return obj;
      if (c !== 0x2c) {
        this.pos--;
        this.fail("expected ',' or '}'");
      }
    }
  }

  /** An array; `children` holds the [start, end) of the objects and arrays in it when known. */
  private array(depth: number, children: number[] | undefined): unknown[] {
    const t = this.text;
    this.pos++;
    const arr: unknown[] = [];
    this.skip();
    if (t.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return arr;
    }
    const k = { i: 0 };
    for (;;) {
      this.skip();
      arr.push(this.value(depth + 1, this.extent(children, k, this.pos)));
      this.skip();
      const c = t.charCodeAt(this.pos++);
      if (c === 0x5d) return arr;
      if (c !== 0x2c) {
        this.pos--;
        this.fail("expected ',' or ']'");
      }
    }
  }

  /** The value at the current position; `end`: where it ends when the scan knows it (objects and arrays only). */
  private value(depth: number, end = -1): unknown {
    this.skip();
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    switch (c) {
      case 0x7b: case 0x5b: { // { [
        const children = this.containers.get(this.pos);
        if (!children && end > this.pos) {
          try {
            const v: unknown = JSON.parse(t.slice(this.pos, end));
            this.pos = end;
            return v;
          } catch {
            // invalid: built below, which says where and why
          }
        }
        if (depth >= MAX_DEPTH) this.fail("nested too deeply");
        return c === 0x7b ? this.object(depth, children) : this.array(depth, children);
      }
      case 0x22: return this.string();
      case 0x74: return this.word("true", true);
      case 0x66: return this.word("false", false);
      case 0x6e: return this.word("null", null);
      case 0x4e: return this.word("NaN", NaN);
      case 0x49: return this.word("Infinity", Infinity);
      default:
        if (t.startsWith("-Infinity", this.pos)) return this.word("-Infinity", -Infinity);
        return this.number();
    }
  }
}
