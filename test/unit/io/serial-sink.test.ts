/**
 * The serial block sink (format/write-blocks.ts): a block of whole chunks is stored while the next
 * one is read (one block in flight, its own values kept as they are, a source's copied), a block
 * covering part of a chunk waits for it, and a failed store is thrown by the next `put` or by `flush`.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { serialSink, type PreparedBlock } from "../../../src/format/write-blocks.js";
import { MemoryStore } from "../../../src/store/memory.js";
import { ZarrArray } from "../../../src/zarr/array.js";
import type { DataType } from "../../../src/zarr/dtype.js";
import type { ArrayMetadata } from "../../../src/zarr/metadata-types.js";

const i16: DataType = { kind: "numeric", name: "int16", endian: "little" };

/** A memory store whose writes wait until `release()`; records the keys set, in order. */
class GatedStore extends MemoryStore {
  readonly done: string[] = [];
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  fail?: string;
  release(): void {
    this.open();
  }
  override async set(key: string, value: Uint8Array): Promise<void> {
    await this.gate;
    if (this.fail && key.startsWith(this.fail)) throw new Error(`disk full writing ${key}`);
    await super.set(key, value);
    this.done.push(key);
  }
}

const metadata: ArrayMetadata = {
  zarrFormat: 3, nodeType: "array", shape: [8, 2], chunkShape: [2, 2], dtype: i16, fillValue: 0, order: "C",
  chunkKeyEncoding: { kind: "default", separator: "/" }, codecs: [{ name: "bytes", configuration: { endian: "little" } }], attributes: {},
};

function array(store: MemoryStore): ZarrArray {
  return new ZarrArray({ store, path: "a", metadata });
}

/** An array that records the values each `set` is given. */
class RecordingArray extends ZarrArray {
  readonly given: unknown[] = [];
  override async set(...args: Parameters<ZarrArray["set"]>): Promise<void> {
    const value = args[1] as { data?: unknown };
    this.given.push(value.data);
    return super.set(...args);
  }
}

const block = (start: number, stop: number): PreparedBlock => ({
  selection: [{ start, stop }, { start: 0, stop: 2 }],
  value: { dtype: i16, shape: [stop - start, 2], data: Int16Array.from({ length: (stop - start) * 2 }, (_, k) => start * 2 + k) },
  shape: [8, 2],
});

/** Whether `p` has settled after the pending callbacks ran. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true), () => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
}

describe("serialSink", () => {
  it("returns from put while a block of whole chunks is being stored, and flush waits for it", async () => {
    const store = new GatedStore();
    const sink = serialSink(array(store));
    assert.equal(await settled(sink.put(block(0, 4))), true);
    assert.deepEqual(store.done, []);
    const second = sink.put(block(4, 8));
    assert.equal(await settled(second), false, "the second block waits for the first");
    store.release();
    await second;
    await sink.flush();
    assert.deepEqual(store.done.sort(), ["a/c/0/0", "a/c/1/0", "a/c/2/0", "a/c/3/0"]);
    assert.deepEqual(Array.from((await array(store).get(null)).data as Int16Array), Array.from({ length: 16 }, (_, k) => k));
  });

  it("stores a block covering part of a chunk before put returns", async () => {
    const store = new GatedStore();
    const sink = serialSink(array(store));
    const partial = sink.put(block(1, 3));
    assert.equal(await settled(partial), false);
    store.release();
    await partial;
    assert.deepEqual(store.done.sort(), ["a/c/0/0", "a/c/1/0"]);
  });

  it("throws a failed store from the next put, and from flush", async () => {
    const store = new GatedStore();
    store.fail = "a/c/1";
    const sink = serialSink(array(store));
    await sink.put(block(0, 4));
    store.release();
    await assert.rejects(sink.put(block(4, 8)), /disk full writing a\/c\/1\/0/);
    const again = serialSink(array(store));
    await again.put(block(0, 4));
    await assert.rejects(again.flush(), /disk full writing a\/c\/1\/0/);
  });
  it("stores a copy of a block in flight: a source that refills its array at once does not change what is written", async () => {
    const store = new GatedStore();
    const sink = serialSink(array(store));
    const first = block(0, 4);
    const mine = first.value.data as Int16Array;
    await sink.put(first);
    mine.fill(-1);
    store.release();
    await sink.flush();
    assert.deepEqual(Array.from((await array(store).get([{ start: 0, stop: 4 }, { start: 0, stop: 2 }])).data as Int16Array), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(mine.length, 8, "the source keeps its array");
  });

  it("keeps the values of a block it owns as they are, and copies a source's", async () => {
    const recorded = new RecordingArray({ store: new MemoryStore(), path: "a", metadata });
    const sink = serialSink(recorded);
    const owned = { ...block(0, 4), owned: true };
    const lent = block(4, 8);
    await sink.put(owned);
    await sink.put(lent);
    await sink.flush();
    assert.equal(recorded.given[0], owned.value.data, "an owned block is stored from its own array");
    assert.notEqual(recorded.given[1], lent.value.data, "a source's array is copied");
    assert.deepEqual(Array.from(recorded.given[1] as Int16Array), Array.from(lent.value.data as Int16Array));
    assert.deepEqual(Array.from((await recorded.get(null)).data as Int16Array), Array.from({ length: 16 }, (_, k) => k));
  });

  it("waits for a block whose values are a list (not copied) before put returns", async () => {
    const store = new GatedStore();
    const sink = serialSink(array(store));
    const listed: PreparedBlock = { ...block(0, 4), value: { dtype: i16, shape: [4, 2], data: [10, 11, 12, 13, 14, 15, 16, 17] } };
    const put = sink.put(listed);
    assert.equal(await settled(put), false, "stored before put returns");
    store.release();
    await put;
    assert.deepEqual(store.done.sort(), ["a/c/0/0", "a/c/1/0"]);
  });

});
