/**
 * The safe unpickler, on the pickle streams CPython writes for an object array (protocols 0–5,
 * test/unit/codecs-pickle-streams.ts) and a structured array: damaged at random, with pickle
 * opcodes spliced in (globals allowed and not, memo gets, frames, huge lengths), and as deeply
 * nested lists. A stream decodes to the array's items, or fails with a typed error.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { PickleCodec } from "../../../src/zarr/codecs/pickle.js";
import type { DataType } from "../../../src/zarr/dtype.js";
import { OBJECT_ARRAY_BY_PROTOCOL, STRUCT } from "../../unit/codecs/pickle-streams.js";
import { byteMutation, concat, mutateBytes, typedOr, type ByteMutation, type Target } from "./common.js";

const WHERE = { store: "fuzz://pickle", path: "/objects" };
const OBJ: DataType = { kind: "object" };
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** The valid streams: [bytes, item count]. */
const STREAMS: [Uint8Array, number][] = [
  ...OBJECT_ARRAY_BY_PROTOCOL.map((h): [Uint8Array, number] => [new Uint8Array(Buffer.from(h, "hex")), 13]),
  [new Uint8Array(Buffer.from(STRUCT, "hex")), 2],
];

/** Opcode fragments worth splicing into a stream. */
const FRAGMENTS: Uint8Array[] = [
  "(", ".", "0", "1", "2", "N", "]", "a", "e", "}", "s", "u", ")", "t", "l", "d", "R", "b", "\x81", "\x85", "\x86", "\x87", "\x88", "\x89",
  "\x93", "\x94", "q\x00", "q\xff", "h\x00", "h\x7f", "j\xff\xff\xff\x7f", "g0\n", "g99999999999\n", "p0\n", "K\xff", "M\xff\xff",
  "J\xff\xff\xff\x7f", "I1\n", "I99999999999999999999\n", "L-1L\n", "F1e308\n", "Fnan\n", "G\x7f\xf0\x00\x00\x00\x00\x00\x00",
  "\x8a\x08\xff\xff\xff\xff\xff\xff\xff\x7f", "\x8b\xff\xff\xff\x7f", "\x8c\x00", "\x8c\xff", "X\xff\xff\xff\x7f", "V\xe9\n", "U\x03abc",
  "C\x05abc", "B\xff\xff\xff\x7f", "\x8e\xff\xff\xff\xff\xff\xff\xff\x7f", "\x95\xff\xff\xff\xff\xff\xff\xff\x7f", "\x95\x00\x00\x00\x00\x00\x00\x00\x00",
  "\x96\x00\x00\x00\x00\x00\x00\x00\xf0", "\x97", "\x98", "\x80\x05", "\x80\xff",
  "cos\nsystem\n", "cbuiltins\neval\n", "csubprocess\nPopen\n", "cbuiltins\nint\n", "cbuiltins\ngetattr\n", "cnumpy\ndtype\n",
  "cnumpy.core.multiarray\n_reconstruct\n", "cnumpy\nndarray\n", "c_codecs\nencode\n", "ccopy_reg\n_reconstructor\n", "c__builtin__\nset\n",
  "\x8c\x08builtins\x8c\x04eval\x93", "\x8c\x05numpy\x8c\x05dtype\x93",
].map(latin1);

type Input =
  | { kind: "stream"; which: number; mutations: ByteMutation[] }
  | { kind: "deep"; depth: number; dict: boolean }
  | { kind: "random"; bytes: Uint8Array };

const splice = fc.record({ op: fc.constant("insert" as const), at: fc.nat({ max: 1 << 12 }), bytes: fc.constantFrom(...FRAGMENTS) });

export const pickleTarget: Target<null, Input> = {
  async setup() {
    return null;
  },
  arbitrary() {
    return fc.oneof(
      { weight: 8, arbitrary: fc.record({
        kind: fc.constant("stream" as const),
        which: fc.nat({ max: STREAMS.length - 1 }),
        mutations: fc.array(fc.oneof(byteMutation, splice), { maxLength: 5 }),
      }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("deep" as const), depth: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 3000 }) }, { weight: 1, arbitrary: fc.constantFrom(20_000, 200_000) }), dict: fc.boolean() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("random" as const), bytes: fc.uint8Array({ maxLength: 300 }) }) },
    );
  },
  async check(_ctx, input) {
    let bytes: Uint8Array;
    let items: number;
    if (input.kind === "stream") {
      bytes = mutateBytes(STREAMS[input.which][0], input.mutations);
      items = STREAMS[input.which][1];
    } else if (input.kind === "deep") {
      // PROTO 2, MARK, `depth` empty lists (or dicts holding one) nested by APPEND, LIST, STOP.
      const open = input.dict ? latin1("}K\x01]") : latin1("]");
      const close = input.dict ? latin1("as") : latin1("a");
      const body = new Uint8Array(open.length * input.depth + close.length * (input.depth - 1));
      for (let i = 0; i < input.depth; i++) body.set(open, i * open.length);
      for (let i = 0; i < input.depth - 1; i++) body.set(close, open.length * input.depth + i * close.length);
      bytes = concat(latin1("\x80\x02("), body, latin1(input.dict ? "\x8c\x01x\x8c\x01y\x86\x94" : ""), latin1(input.dict ? "0l." : "l."));
      items = 1;
    } else {
      bytes = input.bytes;
      items = 1;
    }
    const codec = new PickleCodec(true, WHERE);
    const stored = input.kind === "stream" && input.which === STREAMS.length - 1;
    const outcome = await typedOr(
      () => codec.decode(bytes, { shape: [items], dtype: OBJ, fillValue: null }),
      (chunk) => assert.equal(chunk.data.length, items),
    );
    if (input.kind === "stream" && input.mutations.length === 0) assert.equal(outcome, "ok", `undamaged stream ${input.which}${stored ? " (struct)" : ""}`);
    return outcome;
  },
};
