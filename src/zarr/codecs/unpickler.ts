/**
 * A small pickle virtual machine (protocols 0–5) that never runs code: every global a stream names
 * goes through a resolver, which answers only for an allow-list of harmless constructors
 * (see `pickle-globals.ts`) and refuses everything else. Python values become plain JS values
 * plus the few classes below; the resolver's objects decide what REDUCE / NEWOBJ / BUILD mean.
 */

/** A malformed or unsupported pickle stream (the codec reports it as ChunkDecodeError). */
export class PickleFormatError extends Error {}

/** A Python dict (or an instance of an allowed dict subclass) being built. */
export class PyDict {
  readonly entries = new Map<unknown, unknown>();
  constructor(readonly className = "dict") {}
}

/** A Python set or frozenset. */
export class PySet {
  constructor(readonly items: unknown[] = []) {}
}

/** A global from the allow-list: a class or function the stream may call. */
export interface PyCallable {
  /** `module.name`, for messages. */
  readonly qualname: string;
  /** `f(*args)` (REDUCE). */
  call?(args: unknown[]): unknown;
  /** `cls.__new__(cls, *args, **kwargs)` (NEWOBJ, NEWOBJ_EX, OBJ, INST). */
  construct?(args: unknown[], kwargs?: PyDict): unknown;
}

/** A value that takes BUILD state (`__setstate__`). */
export interface PyStateful {
  setState(state: unknown): void;
}

/** Resolves `module.name` to an allowed callable, or throws (refusing unknown globals). */
export type GlobalResolver = (module: string, name: string) => PyCallable;

export function isCallable(v: unknown): v is PyCallable {
  return typeof v === "object" && v !== null && typeof (v as PyCallable).qualname === "string" &&
    (typeof (v as PyCallable).call === "function" || typeof (v as PyCallable).construct === "function");
}

function isStateful(v: unknown): v is PyStateful {
  return typeof v === "object" && v !== null && typeof (v as PyStateful).setState === "function";
}

/** A Python int as a JS number when exact, else a bigint. */
export function pyInt(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

const utf8 = new TextDecoder("utf-8");

/** Bytes as ISO-8859-1 text (TextDecoder's "latin1" is really windows-1252, which differs at 0x80–0x9F). */
const latin1 = {
  decode(bytes: Uint8Array): string {
    let s = "";
    for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
    return s;
  },
};

const SIMPLE_ESCAPES = new Map<string, string>([
  ["\\", "\\"], ["'", "'"], ['"', '"'], ["a", "\x07"], ["b", "\b"], ["f", "\f"], ["n", "\n"], ["r", "\r"], ["t", "\t"],
  ["v", "\v"], ["\n", ""],
]);

/** Python's `codecs.escape_decode` of a STRING argument (protocol 0), as text. */
function escapeDecode(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== "\\" || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++i];
    const simple = SIMPLE_ESCAPES.get(n);
    if (simple !== undefined) out += simple;
    else if (n === "x" && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (/[0-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(s.slice(i))![0];
      out += String.fromCharCode(parseInt(m, 8) & 0xff);
      i += m.length - 1;
    } else out += "\\" + n;
  }
  return out;
}

/** Python's `raw-unicode-escape` decoding of a UNICODE argument (protocol 0). */
function rawUnicodeDecode(s: string): string {
  return s.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_m, u4: string | undefined, u8: string | undefined) => {
    const cp = parseInt((u4 ?? u8)!, 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : "\ufffd";
  });
}

/**
 * A decimal integer (sign and surrounding whitespace allowed) as a Python int. Longer literals
 * than MAX_INT_DIGITS are refused before parsing: BigInt's parse time grows with the square of
 * the length (two million digits take seconds).
 */
export function parseDecimalInt(text: string): number | bigint {
  const t = text.trim();
  const digits = t.length - (t[0] === "+" || t[0] === "-" ? 1 : 0);
  if (digits > MAX_INT_DIGITS) throw new PickleFormatError(`integer of ${digits} digits is too large (at most ${MAX_INT_DIGITS})`);
  if (!/^[+-]?\d+$/.test(t)) throw new PickleFormatError(`bad integer literal '${text.slice(0, 30)}'`);
  return pyInt(BigInt(t));
}

/** The argument of INT, LONG, PUT and GET (protocol 0): decimal text, LONG's with a trailing L. */
function parseIntText(text: string): number | bigint {
  return parseDecimalInt(text.trim().replace(/L$/, ""));
}

/** Python float literal (as `repr` writes it, protocol 0). */
export function parseFloatText(text: string): number {
  const t = text.trim().toLowerCase();
  if (t === "nan" || t === "-nan") return NaN;
  if (t === "inf" || t === "infinity") return Infinity;
  if (t === "-inf" || t === "-infinity") return -Infinity;
  const v = Number(t);
  if (t === "" || Number.isNaN(v)) throw new PickleFormatError(`bad float literal '${text.slice(0, 30)}'`);
  return v;
}

/** Python ints wider than this are refused: parsing them costs time quadratic in their size. */
const MAX_INT_BYTES = 1024;
/** The same bound for decimal text (1024 bytes hold about 2466 digits). */
const MAX_INT_DIGITS = MAX_INT_BYTES * 3;

/** Little-endian two's-complement integer (LONG1 / LONG4). */
function readLong(bytes: Uint8Array): number | bigint {
  if (bytes.length === 0) return 0;
  if (bytes.length > MAX_INT_BYTES) throw new PickleFormatError(`integer of ${bytes.length} bytes is too large`);
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
  if (bytes[bytes.length - 1] & 0x80) v -= 1n << BigInt(8 * bytes.length);
  return pyInt(v);
}

/** Unpickle `data`, resolving globals only through `resolve`. */
export function unpickle(data: Uint8Array, resolve: GlobalResolver): unknown {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0;
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  // Calls such as list(x) copy containers; a budget proportional to the input stops a small
  // stream from making the decoder copy the same large list over and over (quadratic work).
  let budget = 32 * data.length + 65536;
  const charge = (v: unknown): unknown => {
    const size = Array.isArray(v) ? v.length : v instanceof PySet ? v.items.length : v instanceof PyDict ? v.entries.size
      : v instanceof Uint8Array ? v.length >> 3 : 1;
    budget -= size + 1;
    if (budget < 0) throw new PickleFormatError("pickle expands far beyond its own size; refusing to continue");
    return v;
  };

  const need = (n: number): void => {
    if (n < 0 || pos + n > data.length) throw new PickleFormatError(`truncated pickle: needs ${n} bytes at offset ${pos}, ${data.length - pos} remain`);
  };
  const u8 = (): number => (need(1), data[pos++]);
  const u16 = (): number => (need(2), (pos += 2), view.getUint16(pos - 2, true));
  const u32 = (): number => (need(4), (pos += 4), view.getUint32(pos - 4, true));
  const i32 = (): number => (need(4), (pos += 4), view.getInt32(pos - 4, true));
  const u64 = (): number => {
    need(8);
    const lo = view.getUint32(pos, true);
    const hi = view.getUint32(pos + 4, true);
    pos += 8;
    return hi * 2 ** 32 + lo;
  };
  const bytes = (n: number): Uint8Array => {
    need(n);
    pos += n;
    return data.subarray(pos - n, pos);
  };
  const copy = (n: number): Uint8Array => {
    const b = bytes(n);
    const out = new Uint8Array(n);
    out.set(b);
    return out;
  };
  const line = (): string => {
    const end = data.indexOf(0x0a, pos);
    if (end < 0) throw new PickleFormatError("truncated pickle: missing end of line");
    const s = latin1.decode(data.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  // After a MARK, the items below it are out of reach until the mark is popped (as in Python).
  const floor = (): number => (marks.length ? marks[marks.length - 1] : 0);
  const pop = (): unknown => {
    if (stack.length <= floor()) throw new PickleFormatError("pickle stack underflow");
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length <= floor()) throw new PickleFormatError("pickle stack underflow");
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const m = marks.pop();
    if (m === undefined) throw new PickleFormatError("pickle has no MARK to pop to");
    return stack.splice(m);
  };
  const callable = (v: unknown, what: "call" | "construct"): PyCallable => {
    if (!isCallable(v) || typeof v[what] !== "function") {
      throw new PickleFormatError(`pickle asks to ${what === "call" ? "call" : "instantiate"} something that is not an allowed callable`);
    }
    return v;
  };
  const construct = (cls: unknown, args: unknown[], kwargs?: PyDict): unknown => charge(callable(cls, "construct").construct!(args, kwargs));
  const asArgs = (v: unknown): unknown[] => {
    if (!Array.isArray(v)) throw new PickleFormatError("pickle call arguments are not a tuple");
    return v;
  };
  const memoGet = (i: number): unknown => {
    if (!memo.has(i)) throw new PickleFormatError(`pickle memo has no entry ${i}`);
    return memo.get(i);
  };
  const setItems = (target: unknown, items: unknown[]): void => {
    if (!(target instanceof PyDict)) throw new PickleFormatError("pickle sets items on something that is not a dict");
    for (let i = 0; i + 1 < items.length; i += 2) target.entries.set(items[i], items[i + 1]);
  };
  const appendItems = (target: unknown, items: unknown[]): void => {
    if (!Array.isArray(target)) throw new PickleFormatError("pickle appends to something that is not a list");
    for (const it of items) target.push(it);
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: { // PROTO
        const v = u8();
        if (v > 5) throw new PickleFormatError(`unsupported pickle protocol ${v}`);
        break;
      }
      case 0x95: u64(); break; // FRAME: framing is only a hint for buffered readers
      case 0x2e: // STOP
        if (stack.length === 0) throw new PickleFormatError("pickle stops with an empty stack");
        return stack[stack.length - 1];
      case 0x28: marks.push(stack.length); break; // MARK
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: stack.push(top()); break; // DUP

      // Memo
      case 0x70: memo.set(Number(parseIntText(line())), top()); break; // PUT
      case 0x71: memo.set(u8(), top()); break; // BINPUT
      case 0x72: memo.set(u32(), top()); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x67: stack.push(memoGet(Number(parseIntText(line())))); break; // GET
      case 0x68: stack.push(memoGet(u8())); break; // BINGET
      case 0x6a: stack.push(memoGet(u32())); break; // LONG_BINGET

      // Constants and numbers
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x49: { // INT
        const t = line();
        stack.push(t === "01" ? true : t === "00" ? false : parseIntText(t));
        break;
      }
      case 0x4c: stack.push(parseIntText(line())); break; // LONG
      case 0x46: stack.push(parseFloatText(line())); break; // FLOAT
      case 0x4a: stack.push(i32()); break; // BININT
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: stack.push(u16()); break; // BININT2
      case 0x8a: stack.push(readLong(bytes(u8()))); break; // LONG1
      case 0x8b: { // LONG4
        const n = i32();
        if (n < 0) throw new PickleFormatError("negative LONG4 length");
        stack.push(readLong(bytes(n)));
        break;
      }
      case 0x47: need(8); stack.push(view.getFloat64(pos, false)); pos += 8; break; // BINFLOAT

      // Text and bytes
      case 0x53: { // STRING
        const t = line();
        if (t.length < 2 || t[0] !== t[t.length - 1] || (t[0] !== "'" && t[0] !== '"')) {
          throw new PickleFormatError("the STRING argument must be quoted");
        }
        stack.push(escapeDecode(t.slice(1, -1)));
        break;
      }
      case 0x56: stack.push(rawUnicodeDecode(line())); break; // UNICODE
      case 0x54: { // BINSTRING
        const n = i32();
        if (n < 0) throw new PickleFormatError("negative BINSTRING length");
        stack.push(latin1.decode(bytes(n)));
        break;
      }
      case 0x55: stack.push(latin1.decode(bytes(u8()))); break; // SHORT_BINSTRING
      case 0x58: stack.push(utf8.decode(bytes(u32()))); break; // BINUNICODE
      case 0x8c: stack.push(utf8.decode(bytes(u8()))); break; // SHORT_BINUNICODE
      case 0x8d: stack.push(utf8.decode(bytes(u64()))); break; // BINUNICODE8
      case 0x42: stack.push(copy(u32())); break; // BINBYTES
      case 0x43: stack.push(copy(u8())); break; // SHORT_BINBYTES
      case 0x8e: stack.push(copy(u64())); break; // BINBYTES8
      case 0x96: stack.push(copy(u64())); break; // BYTEARRAY8
      case 0x97: throw new PickleFormatError("pickle refers to out-of-band buffers, which are not supported"); // NEXT_BUFFER
      case 0x98: break; // READONLY_BUFFER: no-op on our byte arrays

      // Containers
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x74: stack.push(popMark()); break; // TUPLE
      case 0x85: stack.push([pop()]); break; // TUPLE1
      case 0x86: { const b = pop(); const a = pop(); stack.push([a, b]); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); stack.push([a, b, c]); break; } // TUPLE3
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x6c: stack.push(popMark()); break; // LIST
      case 0x61: { const v = pop(); appendItems(top(), [v]); break; } // APPEND
      case 0x65: { const items = popMark(); appendItems(top(), items); break; } // APPENDS
      case 0x7d: stack.push(new PyDict()); break; // EMPTY_DICT
      case 0x64: { const items = popMark(); const d = new PyDict(); setItems(d, items); stack.push(d); break; } // DICT
      case 0x73: { const v = pop(); const k = pop(); setItems(top(), [k, v]); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(top(), items); break; } // SETITEMS
      case 0x8f: stack.push(new PySet()); break; // EMPTY_SET
      case 0x90: { // ADDITEMS
        const items = popMark();
        const s = top();
        if (!(s instanceof PySet)) throw new PickleFormatError("pickle adds items to something that is not a set");
        for (const it of items) s.items.push(it);
        break;
      }
      case 0x91: stack.push(new PySet(popMark())); break; // FROZENSET

      // Globals and object construction: everything goes through the allow-list.
      case 0x63: { const module = line(); const name = line(); stack.push(resolve(module, name)); break; } // GLOBAL
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== "string" || typeof name !== "string") throw new PickleFormatError("STACK_GLOBAL needs two strings");
        stack.push(resolve(module, name));
        break;
      }
      case 0x52: { const args = asArgs(pop()); const f = pop(); stack.push(charge(callable(f, "call").call!(args))); break; } // REDUCE
      case 0x81: { const args = asArgs(pop()); const cls = pop(); stack.push(construct(cls, args)); break; } // NEWOBJ
      case 0x92: { // NEWOBJ_EX
        const kwargs = pop();
        const args = asArgs(pop());
        const cls = pop();
        stack.push(construct(cls, args, kwargs instanceof PyDict ? kwargs : undefined));
        break;
      }
      case 0x69: { // INST
        const module = line();
        const name = line();
        const cls = resolve(module, name);
        stack.push(construct(cls, popMark()));
        break;
      }
      case 0x6f: { // OBJ
        const items = popMark();
        if (items.length === 0) throw new PickleFormatError("OBJ without a class");
        const cls = items.shift();
        stack.push(construct(cls, items));
        break;
      }
      case 0x62: { // BUILD
        const state = pop();
        const obj = top();
        if (isStateful(obj)) obj.setState(state);
        else if (obj instanceof PyDict) {
          // Instance attributes of a dict subclass (none for ZarrReference): not part of its items.
        } else throw new PickleFormatError("pickle sets state on an object that takes none");
        break;
      }
      case 0x50: case 0x51: // PERSID, BINPERSID
        throw new PickleFormatError("pickle uses persistent ids, which are not supported");
      case 0x82: case 0x83: case 0x84: // EXT1/2/4
        throw new PickleFormatError("pickle uses the extension registry, which is not supported");
      default:
        throw new PickleFormatError(`unknown pickle opcode 0x${op.toString(16).padStart(2, "0")} at offset ${pos - 1}`);
    }
  }
}
