/**
 * Shared pieces of the fuzz targets: the outcome rule (a value that passes its check, or a typed
 * HdmfZarrError — never another exception), and arbitraries that damage bytes and JSON documents.
 */
import fc from "fast-check";
import { HdmfZarrError } from "../../../src/errors.js";

/** One fuzz target: inputs built once per child, an arbitrary over them, and the check of one run. */
export interface Target<C = any, I = any> {
  setup(extra: Record<string, unknown>): Promise<C>;
  arbitrary(ctx: C): fc.Arbitrary<I>;
  /** Runs one input; returns "ok" or the typed error's class name; throws (fails the property) otherwise. */
  check(ctx: C, input: I): Promise<string>;
  teardown?(ctx: C): Promise<void>;
}

/** Raised for anything but a typed error: fast-check reports it with the counterexample. */
export class UntypedError extends Error {}

/**
 * Await `run`: a typed error is an accepted outcome (its class name is returned); any other
 * exception fails the run. A value is handed to `check` (which throws when it is wrong).
 */
export async function typedOr<T>(run: () => Promise<T>, check: (value: T) => void = () => undefined): Promise<string> {
  let value: T;
  try {
    value = await run();
  } catch (e) {
    if (e instanceof HdmfZarrError) return e.name;
    const err = e as Error;
    const stack = String(err?.stack ?? "").split("\n").slice(0, 8).join("\n");
    throw new UntypedError(`not a typed error: ${err?.constructor?.name ?? typeof e}: ${String(err?.message ?? e)}\n${stack}`);
  }
  check(value);
  return "ok";
}

/** One change to a byte string; positions are taken modulo the length, so they shrink toward 0. */
export type ByteMutation =
  | { op: "flip"; at: number; mask: number }
  | { op: "set"; at: number; value: number }
  | { op: "truncate"; at: number }
  | { op: "insert"; at: number; bytes: Uint8Array }
  | { op: "delete"; at: number; length: number }
  | { op: "duplicate"; at: number; length: number }
  | { op: "word"; at: number; width: 2 | 4 | 8; value: bigint };

/** Values worth writing over a length, offset or count field. */
export const INTERESTING_WORDS: bigint[] = [0n, 1n, 2n, 0x7fn, 0x80n, 0xffn, 0x7fffn, 0xffffn, 0x7fffffffn, 0x80000000n, 0xffffffffn, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n];

const position = fc.nat({ max: 1 << 20 });

export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ op: fc.constant("flip" as const), at: position, mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ op: fc.constant("set" as const), at: position, value: fc.constantFrom(0, 1, 0x7f, 0x80, 0xff) }),
  fc.record({ op: fc.constant("truncate" as const), at: position }),
  fc.record({ op: fc.constant("insert" as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ op: fc.constant("delete" as const), at: position, length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ op: fc.constant("duplicate" as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({
    op: fc.constant("word" as const),
    at: position,
    width: fc.constantFrom(2 as const, 4 as const, 8 as const),
    value: fc.oneof(fc.constantFrom(...INTERESTING_WORDS), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })),
  }),
);

/** Apply `mutations` to a copy of `bytes`. */
export function mutateBytes(bytes: Uint8Array, mutations: readonly ByteMutation[]): Uint8Array {
  let out: Uint8Array = Uint8Array.from(bytes);
  for (const m of mutations) {
    const n = out.length;
    const at = n === 0 ? 0 : m.at % (m.op === "insert" || m.op === "truncate" ? n + 1 : n);
    switch (m.op) {
      case "flip":
        if (n) out[at] ^= m.mask;
        break;
      case "set":
        if (n) out[at] = m.value;
        break;
      case "truncate":
        out = out.slice(0, at);
        break;
      case "insert":
        out = concat(out.subarray(0, at), m.bytes, out.subarray(at));
        break;
      case "delete":
        out = concat(out.subarray(0, at), out.subarray(at + m.length));
        break;
      case "duplicate":
        out = concat(out.subarray(0, at + m.length), out.subarray(at, at + m.length), out.subarray(at + m.length));
        break;
      case "word":
        writeWord(out, at, m.width, m.value);
        break;
    }
  }
  return out;
}

/** Write `value` little-endian over `width` bytes at `at` (clipped at the end). */
export function writeWord(out: Uint8Array, at: number, width: number, value: bigint): void {
  for (let i = 0; i < width && at + i < out.length; i++) out[at + i] = Number((value >> BigInt(8 * i)) & 0xffn);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Values that stand in for a JSON value in a metadata document: wrong types, extremes, odd numbers, near-valid strings. */
export const HOSTILE_JSON: unknown[] = [
  null, true, false, 0, -1, 1.5, 2 ** 53 + 2, 1e300, -1e300, 2 ** 31, "", "x", "<c16", "|O", ">i8", "<U0", "|S0", "|V3", "NaN", "Infinity",
  "int32", "float16", "string", "bytes", "r8", "bool", "uint64", [], [null], [-1], [0], [1e9, 1e9], [2 ** 40], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33],
  {}, { name: "nope" }, { id: "nope" }, { name: "bytes" }, { name: "gzip", configuration: { level: 99 } }, { name: "regular", configuration: { chunk_shape: [0] } },
  "a".repeat(10_000), "/../../etc/passwd", "\u0000", "\ud800",
];

/** A JSON value to write into a document: a hostile constant or a random JSON value. */
export const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_JSON) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.array(fc.integer({ min: -2, max: 1e6 }), { maxLength: 4 }) },
);

/** One change to a parsed JSON document: a value replaced, a member deleted or added. */
export type JsonMutation =
  | { op: "set"; slot: number; value: unknown }
  | { op: "delete"; slot: number }
  | { op: "add"; slot: number; key: string; value: unknown };

const KEYS = ["zarr_format", "node_type", "shape", "chunks", "dtype", "data_type", "codecs", "compressor", "filters", "fill_value", "order",
  "chunk_grid", "chunk_key_encoding", "dimension_separator", "attributes", "consolidated_metadata", "metadata", "storage_transformers", "dimension_names", "zarr_dtype"];

export const jsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("set" as const), slot: fc.nat(), value: jsonValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("delete" as const), slot: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("add" as const), slot: fc.nat(), key: fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), value: jsonValue }) },
);

type Container = Record<string, unknown> | unknown[];

/** Every [container, key] of a JSON document, depth first. */
function jsonSlots(value: unknown, out: [Container, string | number][] = []): [Container, string | number][] {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([value, i]), jsonSlots(v, out)));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push([value as Record<string, unknown>, k]);
      jsonSlots(v, out);
    }
  }
  return out;
}

/** Every object of a JSON document (where members can be added). */
function jsonObjects(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) value.forEach((v) => jsonObjects(v, out));
  else if (value && typeof value === "object") {
    out.push(value as Record<string, unknown>);
    for (const v of Object.values(value)) jsonObjects(v, out);
  }
  return out;
}

/** Apply `mutations` to a deep copy of `doc`. */
export function mutateJson(doc: unknown, mutations: readonly JsonMutation[]): unknown {
  const copy = structuredClone(doc);
  for (const m of mutations) {
    if (m.op === "add") {
      const objects = jsonObjects(copy);
      if (objects.length) objects[m.slot % objects.length][m.key] = m.value;
      continue;
    }
    const slots = jsonSlots(copy);
    if (!slots.length) continue;
    const [container, key] = slots[m.slot % slots.length];
    if (m.op === "delete") {
      if (Array.isArray(container)) container.splice(key as number, 1);
      else delete container[key as string];
    } else (container as Record<string | number, unknown>)[key] = structuredClone(m.value);
  }
  return copy;
}

/** Product of a shape (1 for a scalar). */
export function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
