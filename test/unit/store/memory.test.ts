import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidArgumentError } from "../../../src/errors.js";
import { MemoryStore } from "../../../src/store/memory.js";
import { isWritable } from "../../../src/store/types.js";

const bytes = (...v: number[]) => new Uint8Array(v);

describe("MemoryStore", () => {
  it("round-trips bytes and reports missing keys as undefined", async () => {
    const s = new MemoryStore();
    assert.equal(isWritable(s), true);
    await s.set("a/.zarray", bytes(1, 2, 3));
    assert.deepEqual(await s.get("a/.zarray"), bytes(1, 2, 3));
    assert.equal(await s.get("a/missing"), undefined);
    assert.equal(await s.has("a/.zarray"), true);
    assert.equal(await s.has("a"), false);
  });

  it("copies values so callers cannot change stored bytes", async () => {
    const s = new MemoryStore();
    const v = bytes(1, 2, 3);
    await s.set("k", v);
    v[0] = 99;
    const got = (await s.get("k"))!;
    assert.deepEqual(got, bytes(1, 2, 3));
    got[1] = 77;
    assert.deepEqual(await s.get("k"), bytes(1, 2, 3));
  });

  it("reads ranges, negative offsets from the end", async () => {
    const s = new MemoryStore([["k", bytes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)]]);
    assert.deepEqual(await s.getRange("k", 2, 3), bytes(2, 3, 4));
    assert.deepEqual(await s.getRange("k", 7), bytes(7, 8, 9));
    assert.deepEqual(await s.getRange("k", -3), bytes(7, 8, 9));
    assert.deepEqual(await s.getRange("k", -4, 2), bytes(6, 7));
    assert.deepEqual(await s.getRange("k", 8, 10), bytes(8, 9));
    assert.deepEqual(await s.getRange("k", 20, 2), bytes());
    assert.equal(await s.getRange("nope", 0, 1), undefined);
  });

  it("lists keys and child prefixes at the root and nested, dot files included", async () => {
    const s = new MemoryStore();
    for (const k of [".zgroup", ".zattrs", "acq/.zgroup", "acq/ts/.zarray", "acq/ts/0.0", "acq/ts/c/0/0", "data/0/1"]) {
      await s.set(k, bytes(0));
    }
    assert.deepEqual(await s.list(""), { keys: [".zattrs", ".zgroup"], prefixes: ["acq", "data"] });
    assert.deepEqual(await s.list("acq"), { keys: [".zgroup"], prefixes: ["ts"] });
    assert.deepEqual(await s.list("acq/ts/"), { keys: [".zarray", "0.0"], prefixes: ["c"] });
    assert.deepEqual(await s.list("acq/ts/c/0"), { keys: ["0"], prefixes: [] });
    assert.deepEqual(await s.list("nothing"), { keys: [], prefixes: [] });
    // "ac" is not a folder prefix of "acq/..."
    assert.deepEqual(await s.list("ac"), { keys: [], prefixes: [] });
  });

  it("deletes keys and prefixes", async () => {
    const s = new MemoryStore();
    for (const k of ["a/x", "a/b/y", "ab/z", "top"]) await s.set(k, bytes(1));
    await s.delete("top");
    await s.delete("top"); // missing: not an error
    await s.deletePrefix("a");
    assert.deepEqual(s.keys(), ["ab/z"]);
    await s.deletePrefix("");
    assert.equal(s.size, 0);
  });

  it("rejects keys that could escape the root", async () => {
    const s = new MemoryStore();
    for (const k of ["../x", "a/../../x", "/abs", "a\\b", "a\0b", "", "a//b", "C:/x"]) {
      await assert.rejects(s.set(k, bytes(1)), InvalidArgumentError, `key ${JSON.stringify(k)}`);
    }
    await assert.rejects(s.list("../"), InvalidArgumentError);
  });
});
