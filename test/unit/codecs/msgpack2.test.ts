/**
 * numcodecs msgpack2 (MsgPack) for object arrays: chunks numcodecs 0.17 wrote (bytes fixed below),
 * written here byte for byte the same, nested rows of 2-d chunks, the size cap, damaged chunks and
 * configuration checks.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ChunkDecodeError, MetadataError } from "../../../src/errors.js";
import { v2CodecChain } from "../../../src/zarr/codecs/index.js";
import type { DataType } from "../../../src/zarr/dtype.js";
import { hex, pipeline } from "./helpers.js";

const obj: DataType = { kind: "object" };
const str: DataType = { kind: "string" };
const MSGPACK = { name: "numcodecs.msgpack2", configuration: { raw: false, use_single_float: false, use_bin_type: true } };

/**
 * `numcodecs.MsgPack().encode(np.array(['foo', b'by', 1, 2.5, None, [1, 'a'], 2**63 - 1, True], dtype=object))`:
 * str, bin, int, float64, nil, a nested list, uint64 and true, then `"|O"` and `[8]`.
 */
const MIXED = hex("9aa3666f6fc402627901cb4004000000000000c09201a161cf7fffffffffffffffc3a27c4f9108");
/** `MsgPack().encode(np.array(['a', 'b', 'c', 'd'], dtype=object).reshape(2, 2))`: rows nested. */
const ROWS_2X2 = hex("9492a161a16292a163a164a27c4f920202");

describe("msgpack2", () => {
  it("reads numcodecs' chunk of mixed objects, with integers past 2^53 as bigint", async () => {
    const p = pipeline([MSGPACK], obj, [8]);
    const got = await p.decode(MIXED, { shape: [8], dtype: obj, fillValue: null });
    assert.deepEqual(got.data, ["foo", new Uint8Array([0x62, 0x79]), 1, 2.5, null, [1, "a"], 2n ** 63n - 1n, true]);
  });

  it("writes numcodecs' bytes for the same objects", async () => {
    const p = pipeline([MSGPACK], obj, [8]);
    const data = ["foo", new Uint8Array([0x62, 0x79]), 1, 2.5, null, [1, "a"], 2n ** 63n - 1n, true];
    const ours = await p.encode({ dtype: obj, shape: [8], data });
    assert.equal(Buffer.from(ours).toString("hex"), Buffer.from(MIXED).toString("hex"));
    assert.deepEqual((await p.decode(ours, { shape: [8], dtype: obj, fillValue: null })).data, data);
  });

  it("nests the rows of a 2-d chunk as numpy's tolist() does, both ways", async () => {
    const p = pipeline([MSGPACK], str, [2, 2]);
    const spec = { shape: [2, 2], dtype: str, fillValue: "" };
    assert.deepEqual((await p.decode(ROWS_2X2, spec)).data, ["a", "b", "c", "d"]);
    assert.deepEqual(await p.encode({ dtype: str, shape: [2, 2], data: ["a", "b", "c", "d"] }), ROWS_2X2);
  });

  it("is the object codec of a v2 chain (filters) under its v2 id", async () => {
    const chain = v2CodecChain({ dtype: obj, order: "C", filters: [{ id: "msgpack2", raw: false, use_single_float: false, use_bin_type: true }] });
    assert.deepEqual(chain.map((c) => c.name), ["numcodecs.msgpack2"]);
    const p = pipeline(chain, obj, [8], { zarrFormat: 2 });
    assert.equal(((await p.decode(MIXED, { shape: [8], dtype: obj, fillValue: null })).data as unknown[])[0], "foo");
  });

  it("use_single_float writes floats as float32, as numcodecs does", async () => {
    const p = pipeline([{ name: "numcodecs.msgpack2", configuration: { use_single_float: true } }], obj, [1]);
    // [0.1 as float32, "|O", [1]]
    assert.equal(Buffer.from(await p.encode({ dtype: obj, shape: [1], data: [0.1] })).toString("hex"), "93ca3dcccccda27c4f9101");
  });

  it("damaged chunks and chunks of another shape are a ChunkDecodeError", async () => {
    const p = pipeline([MSGPACK], obj, [8]);
    const spec = { shape: [8], dtype: obj, fillValue: null };
    for (const bad of [MIXED.subarray(0, MIXED.length - 3), hex("c1"), hex("a3666f6f"), hex("92a27c4f9108"), ROWS_2X2]) {
      await assert.rejects(p.decode(bad, spec), ChunkDecodeError, Buffer.from(bad).toString("hex"));
    }
    // A 2x2 chunk read as 4 items in a row, and rows of the wrong length.
    await assert.rejects(pipeline([MSGPACK], str, [4]).decode(ROWS_2X2, { shape: [4], dtype: str, fillValue: "" }), ChunkDecodeError);
    await assert.rejects(
      pipeline([MSGPACK], str, [2, 2]).decode(hex("9493a161a162a16391a164a27c4f920202"), { shape: [2, 2], dtype: str, fillValue: "" }),
      ChunkDecodeError,
    );
  });

  it("a header claiming more items, text or bytes than the chunk has bytes is refused before allocation", async () => {
    const p = pipeline([MSGPACK], obj, [8]);
    const spec = { shape: [8], dtype: obj, fillValue: null };
    // An array of 2^32 - 1 items, a str of 2^32 - 1 bytes and a bin of 2^32 - 1 bytes, each in a few bytes.
    for (const bomb of [hex("ddffffffff"), hex("91dbffffffff"), hex("91c6ffffffff")]) {
      await assert.rejects(p.decode(bomb, spec), (err: unknown) => err instanceof ChunkDecodeError && /max|length/i.test(err.message));
    }
  });

  it("configuration: raw, use_bin_type false and unknown settings refused", () => {
    for (const configuration of [{ raw: true }, { use_bin_type: false }, { use_single_float: "yes" }, { encoding: "utf-8" }]) {
      assert.throws(() => pipeline([{ name: "numcodecs.msgpack2", configuration }], obj, [2]), MetadataError, JSON.stringify(configuration));
    }
  });
});
