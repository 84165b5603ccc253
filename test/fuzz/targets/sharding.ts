/**
 * Sharding: a shard of random int32 inner chunks, encoded by the sharding codec (index at the
 * start or the end, with or without a crc32c checksum, inner chunks raw or gzip), then its index
 * damaged — entries pointed past the end, at each other, at 2^64-1, lengths of zero or huge —
 * with the checksum recomputed or not, or the shard damaged anywhere. A shard decodes to the
 * shard's shape, or fails with a typed error.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { CodecPipeline, crc32c } from "../../../src/zarr/codecs/index.js";
import type { CodecJSON } from "../../../src/zarr/codecs/types.js";
import type { DataType } from "../../../src/zarr/dtype.js";
import { byteMutation, INTERESTING_WORDS, mutateBytes, product, typedOr, writeWord, type ByteMutation, type Target } from "./common.js";

const WHERE = { store: "fuzz://sharding", path: "/sharded" };
const I32: DataType = { kind: "numeric", name: "int32", endian: "little" };
const SHARD = [4, 6];
const INNER = [2, 3];
const CHUNKS = 4;

interface Layout {
  location: "start" | "end";
  checksum: boolean;
  gzip: boolean;
}

type IndexEdit = { entry: number; field: 0 | 1; value: { kind: "word"; word: bigint } | { kind: "relative"; delta: number } };

interface Input {
  layout: Layout;
  data: Int32Array;
  edits: IndexEdit[];
  /** Recompute the index checksum after the edits, so they reach the index parser. */
  fixChecksum: boolean;
  mutations: ByteMutation[];
}

function codecs(layout: Layout): CodecJSON[] {
  const bytes = { name: "bytes", configuration: { endian: "little" } };
  return [{
    name: "sharding_indexed",
    configuration: {
      chunk_shape: INNER,
      codecs: layout.gzip ? [bytes, { name: "gzip", configuration: { level: 1 } }] : [bytes],
      index_codecs: layout.checksum ? [bytes, { name: "crc32c" }] : [bytes],
      index_location: layout.location,
    },
  }];
}

const edit: fc.Arbitrary<IndexEdit> = fc.record({
  entry: fc.nat({ max: CHUNKS - 1 }),
  field: fc.constantFrom(0 as const, 1 as const),
  value: fc.oneof(
    fc.record({ kind: fc.constant("word" as const), word: fc.oneof(fc.constantFrom(...INTERESTING_WORDS), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })) }),
    fc.record({ kind: fc.constant("relative" as const), delta: fc.integer({ min: -40, max: 40 }) }),
  ),
});

export const shardingTarget: Target<null, Input> = {
  async setup() {
    return null;
  },
  arbitrary() {
    return fc.record({
      layout: fc.record({ location: fc.constantFrom("start" as const, "end" as const), checksum: fc.boolean(), gzip: fc.boolean() }),
      data: fc.oneof(fc.int32Array({ minLength: 24, maxLength: 24 }), fc.constant(new Int32Array(24))),
      edits: fc.array(edit, { maxLength: 4 }),
      fixChecksum: fc.boolean(),
      mutations: fc.array(byteMutation, { maxLength: 2 }),
    });
  },
  async check(_ctx, input) {
    const pipeline = CodecPipeline.create(codecs(input.layout), { dtype: I32, chunkShape: SHARD, zarrFormat: 3, allowPickle: false, where: WHERE });
    const encoded = await pipeline.encode({ dtype: I32, shape: SHARD, data: input.data });
    const indexSize = CHUNKS * 16 + (input.layout.checksum ? 4 : 0);
    const at = input.layout.location === "start" ? 0 : encoded.length - indexSize;
    const shard = Uint8Array.from(encoded);
    const view = new DataView(shard.buffer);
    for (const e of input.edits) {
      const pos = at + e.entry * 16 + e.field * 8;
      const word = e.value.kind === "word"
        ? e.value.word
        : BigInt(Math.max(0, (e.field === 0 ? shard.length : Number(view.getBigUint64(pos, true))) + e.value.delta));
      writeWord(shard, pos, 8, word & (2n ** 64n - 1n));
    }
    if (input.fixChecksum && input.layout.checksum) view.setUint32(at + CHUNKS * 16, crc32c(shard.subarray(at, at + CHUNKS * 16)), true);
    const stored = mutateBytes(shard, input.mutations);
    const outcome = await typedOr(
      () => pipeline.decode(stored, { shape: SHARD, dtype: I32, fillValue: -1 }),
      (chunk) => {
        assert.deepEqual(chunk.shape, SHARD);
        assert.equal(chunk.data.length, product(SHARD));
        if (!input.edits.length && !input.mutations.length) assert.deepEqual(Array.from(chunk.data as Int32Array), Array.from(input.data));
      },
    );
    if (!input.edits.length && !input.mutations.length) assert.equal(outcome, "ok", "undamaged shard");
    return outcome;
  },
};
