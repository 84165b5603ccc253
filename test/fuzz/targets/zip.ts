/**
 * Zip archives: a small archive (stored and deflated entries, a folder, an empty entry, a UTF-8
 * name) whose central directory, local headers and end record get fields overwritten — sizes,
 * offsets, counts, name and extra lengths, methods, flags, the ZIP64 sentinels — or whose bytes
 * are damaged anywhere, bytes prepended or cut. Every key is listed, read whole, by range and
 * probed; each answer is a value within the entry limit, or a typed error.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { deflateRawSync } from "node:zlib";
import { crc32 } from "../../../src/store/crc32.js";
import { checkRead, shortRead, type RangeReader } from "../../../src/store/range-reader.js";
import { inflateRawWithStreams, ZipStore } from "../../../src/store/zip.js";
import { inflateRawNode } from "../../../src/store/zip-node.js";
import { zipFile, type ZipEntrySpec } from "../../unit/bad-input/memory-inputs.js";
import { byteMutation, concat, INTERESTING_WORDS, mutateBytes, typedOr, writeWord, type ByteMutation, type Target } from "./common.js";

const DESCRIPTION = "fuzz://archive.zip";

/** Random access to bytes in memory. */
class BytesReader implements RangeReader {
  readonly description = DESCRIPTION;
  constructor(private readonly bytes: Uint8Array) {}
  async size(): Promise<number> {
    return this.bytes.length;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    checkRead(this.description, offset, length);
    if (offset + length > this.bytes.length) throw shortRead(this.description, offset, length, Math.max(0, this.bytes.length - offset));
    return this.bytes.slice(offset, offset + length);
  }
}

const text = (s: string) => Buffer.from(s, "utf8");
const CONTENT: Record<string, Buffer> = {
  "zarr.json": text('{"zarr_format":3,"node_type":"group","attributes":{}}'),
  "x/c/0": Buffer.from(Int32Array.from({ length: 64 }, (_, i) => i % 7).buffer),
  "x/zarr.json": text('{"zarr_format":3,"node_type":"array"}'),
  "empty": Buffer.alloc(0),
  "é/ü.bin": text("x".repeat(300)),
};

/** The archive, and where each header starts. */
function build(): { bytes: Uint8Array; headers: { at: number; size: number }[] } {
  const entries: ZipEntrySpec[] = Object.entries(CONTENT).map(([name, data], i) => {
    const deflated = i % 2 === 1;
    return deflated
      ? { name, data: deflateRawSync(data), method: 8, size: data.length, crc: crc32(data) }
      : { name, data, method: 0, size: data.length };
  });
  const bytes = new Uint8Array(zipFile(entries));
  const headers: { at: number; size: number }[] = [];
  const sizes: Record<number, number> = { 0x04034b50: 30, 0x02014b50: 46, 0x06054b50: 22 };
  const view = new DataView(bytes.buffer);
  for (let i = 0; i + 4 <= bytes.length; i++) {
    const size = sizes[view.getUint32(i, true)];
    if (size) headers.push({ at: i, size });
  }
  return { bytes, headers };
}

interface FieldEdit {
  header: number;
  at: number;
  width: 2 | 4;
  value: bigint;
}

interface Input {
  edits: FieldEdit[];
  mutations: ByteMutation[];
  prefix: number;
  maxEntryBytes?: number;
  streams: boolean;
}

interface Ctx {
  bytes: Uint8Array;
  headers: { at: number; size: number }[];
}

const MAX_KEYS = 12;

export const zipTarget: Target<Ctx, Input> = {
  async setup() {
    return build();
  },
  arbitrary() {
    return fc.record({
      edits: fc.array(
        fc.record({
          header: fc.nat(),
          at: fc.nat({ max: 45 }),
          width: fc.constantFrom(2 as const, 4 as const),
          value: fc.oneof(fc.constantFrom(...INTERESTING_WORDS), fc.bigInt({ min: 0n, max: 0xffffffffn }), fc.bigInt({ min: 0n, max: 600n })),
        }),
        { maxLength: 4 },
      ),
      mutations: fc.array(byteMutation, { maxLength: 2 }),
      prefix: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 })),
      maxEntryBytes: fc.option(fc.constantFrom(16, 256, 1 << 20), { nil: undefined }),
      streams: fc.boolean(),
    });
  },
  async check(ctx, input) {
    const bytes = Uint8Array.from(ctx.bytes);
    for (const e of input.edits) {
      const h = ctx.headers[e.header % ctx.headers.length];
      // Past the signature, inside the fixed part of the header.
      writeWord(bytes, h.at + 4 + (e.at % (h.size - 4)), e.width, e.value & (e.width === 2 ? 0xffffn : 0xffffffffn));
    }
    const archive = concat(new Uint8Array(input.prefix).fill(0x50), mutateBytes(bytes, input.mutations));
    // Intact, and under a limit the central directory fits in (it counts against maxEntryBytes too).
    const undamaged = !input.edits.length && !input.mutations.length && (input.maxEntryBytes ?? Infinity) >= 1 << 20;
    const store = new ZipStore(new BytesReader(archive), {
      inflateRaw: input.streams ? inflateRawWithStreams : inflateRawNode,
      maxEntryBytes: input.maxEntryBytes,
    });
    const limit = input.maxEntryBytes ?? Infinity;
    const outcomes: string[] = [];
    let keys: string[] = [];
    outcomes.push(await typedOr(() => store.keys(), (k) => {
      assert.ok(Array.isArray(k) && k.every((s) => typeof s === "string"));
      keys = k;
    }));
    outcomes.push(await typedOr(() => store.list(""), (l) => assert.ok(Array.isArray(l.keys) && Array.isArray(l.prefixes))));
    for (const key of keys.slice(0, MAX_KEYS)) {
      outcomes.push(await typedOr(() => store.get(key), (v) => {
        assert.ok(v === undefined || (v instanceof Uint8Array && v.length <= limit), `get '${key}': ${v?.length} bytes, limit ${limit}`);
        if (undamaged) assert.deepEqual(Buffer.from(v!), CONTENT[key], key);
      }));
      outcomes.push(await typedOr(() => store.getRange(key, 1, 5), (v) => assert.ok(v === undefined || (v instanceof Uint8Array && v.length <= 5))));
      outcomes.push(await typedOr(() => store.has(key), (v) => assert.equal(typeof v, "boolean")));
    }
    if (undamaged) assert.deepEqual(keys, Object.keys(CONTENT).sort());
    await store.close();
    return outcomes.find((o) => o !== "ok") ?? "ok";
  },
};
