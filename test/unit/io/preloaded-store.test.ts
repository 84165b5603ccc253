/**
 * The store browser's PreloadedStore: the documents it fetches up front are read under the metadata
 * limit, and `get` honours the caller's limit, for preloaded keys and for keys it passes on.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StoreError } from "../../../src/errors.js";
import { PreloadedStore } from "../../../src/extension/provider/preloaded-store.js";
import { NOT_HELD, RecentValues } from "../../../src/extension/provider/recent-values.js";
import type { GetOptions } from "../../../src/store/capped-read.js";
import { MemoryStore } from "../../../src/store/memory.js";
import { DEFAULT_MAX_METADATA_BYTES } from "../../../src/zarr/limits.js";

/** A memory store that records the options of every get. */
class RecordingStore extends MemoryStore {
  readonly calls: [string, GetOptions | undefined][] = [];
  override async get(key: string, options?: GetOptions): Promise<Uint8Array | undefined> {
    this.calls.push([key, options]);
    return super.get(key, options);
  }
}

const bytes = (n: number) => new Uint8Array(n).fill(32);

describe("PreloadedStore", () => {
  it("preloads each key under the metadata limit", async () => {
    const inner = new RecordingStore([["zarr.json", bytes(10)]]);
    await PreloadedStore.open(inner, ["zarr.json", ".zmetadata"]);
    assert.deepEqual(inner.calls, [
      ["zarr.json", { limit: { bytes: DEFAULT_MAX_METADATA_BYTES, option: "maxMetadataBytes" } }],
      [".zmetadata", { limit: { bytes: DEFAULT_MAX_METADATA_BYTES, option: "maxMetadataBytes" } }],
    ]);
  });

  it("a document over the preload limit is not kept: a later get asks the inner store under its own limit", async () => {
    const inner = new RecordingStore([["zarr.json", bytes(200)]]);
    const store = await PreloadedStore.open(inner, ["zarr.json"], { bytes: 100, option: "maxMetadataBytes" });
    await assert.rejects(store.get("zarr.json", { limit: { bytes: 150, option: "maxMetadataBytes" } }), StoreError);
    assert.equal(inner.calls.length, 2);
    assert.deepEqual((await store.get("zarr.json", { limit: { bytes: 300 } }))?.length, 200);
  });

  it("get refuses a preloaded value over the caller's limit, naming the key and the store", async () => {
    const store = await PreloadedStore.open(new MemoryStore([["zarr.json", bytes(64)]], "browser-store"), ["zarr.json"]);
    assert.equal((await store.get("zarr.json"))?.length, 64);
    assert.equal((await store.get("zarr.json", { limit: { bytes: 64 } }))?.length, 64);
    await assert.rejects(store.get("zarr.json", { limit: { bytes: 63, option: "maxMetadataBytes" } }), (e: unknown) => {
      assert.ok(e instanceof StoreError);
      assert.match(e.message, /'zarr\.json' holds 64 bytes, more than 63 bytes \(the limit set by maxMetadataBytes/);
      assert.match(e.message, /browser-store/);
      return true;
    });
  });

  it("get passes the caller's limit on for keys it did not preload", async () => {
    const inner = new RecordingStore([["d/c/0", bytes(32)]]);
    const store = await PreloadedStore.open(inner, []);
    await assert.rejects(store.get("d/c/0", { limit: { bytes: 16 } }), StoreError);
    assert.deepEqual(inner.calls, [["d/c/0", { limit: { bytes: 16 } }]]);
  });

  it("views reading the same chunk share one read: at once, and later", async () => {
    const inner = new RecordingStore([["d/c/0", bytes(32)], ["d/c/1", bytes(8)]]);
    const store = await PreloadedStore.open(inner, []);
    const [a, b] = await Promise.all([store.get("d/c/0"), store.get("d/c/0")]);
    assert.equal(a, b);
    assert.equal((await store.get("d/c/0"))?.length, 32);
    // A missing chunk (fill value) is remembered too.
    assert.equal(await store.get("d/c/9"), undefined);
    assert.equal(await store.get("d/c/9"), undefined);
    assert.deepEqual(inner.calls.map(([k]) => k), ["d/c/0", "d/c/9"]);
    // A kept value still answers to each caller's limit.
    await assert.rejects(store.get("d/c/0", { limit: { bytes: 16, option: "maxChunkBytes" } }), /holds 32 bytes, more than 16 bytes/);
  });

  it("a read shared with a caller of a tighter limit is read again under the looser one", async () => {
    const inner = new RecordingStore([["d/c/0", bytes(32)]]);
    const store = await PreloadedStore.open(inner, []);
    const tight = store.get("d/c/0", { limit: { bytes: 16 } });
    const loose = store.get("d/c/0", { limit: { bytes: 64 } });
    await assert.rejects(tight, StoreError);
    assert.equal((await loose)?.length, 32);
    assert.equal(inner.calls.length, 2);
  });
});

describe("PreloadedStore byte ranges", () => {
  /** A memory store that counts its range reads. */
  class RangeCounting extends MemoryStore {
    ranges = 0;
    override async getRange(key: string, offset: number, length?: number): Promise<Uint8Array | undefined> {
      this.ranges++;
      return super.getRange(key, offset, length);
    }
  }
  const chunk = Uint8Array.from({ length: 100 }, (_, i) => i);

  it("cuts a range from a chunk another view read whole, from the start or from the end", async () => {
    const inner = new RangeCounting([["a/c/0", chunk]]);
    const store = await PreloadedStore.open(inner, []);
    await store.get("a/c/0");
    assert.deepEqual([...(await store.getRange!("a/c/0", 10, 3))!], [10, 11, 12]);
    assert.deepEqual([...(await store.getRange!("a/c/0", -2))!], [98, 99]);
    assert.deepEqual([...(await store.getRange!("a/c/0", 98, 10))!], [98, 99]);
    assert.equal(inner.ranges, 0);
  });

  it("cuts a range from a whole read still on its way instead of asking the store again", async () => {
    const inner = new RangeCounting([["a/c/0", chunk]]);
    const store = await PreloadedStore.open(inner, []);
    const [whole, range] = await Promise.all([store.get("a/c/0"), store.getRange!("a/c/0", 0, 3)]);
    assert.equal(whole?.length, 100);
    assert.deepEqual([...range!], [0, 1, 2]);
    assert.equal(inner.ranges, 0);
  });

  it("reads a range once for views asking for the same slice; another slice is another read; a missing key stays missing", async () => {
    const inner = new RangeCounting([["a/c/0", chunk]]);
    const store = await PreloadedStore.open(inner, []);
    assert.deepEqual([...(await store.getRange!("a/c/0", 20, 2))!], [20, 21]);
    assert.deepEqual([...(await store.getRange!("a/c/0", 20, 2))!], [20, 21]);
    assert.equal(inner.ranges, 1);
    assert.deepEqual([...(await store.getRange!("a/c/0", 20, 3))!], [20, 21, 22]);
    assert.equal(inner.ranges, 2);
    assert.equal(await store.getRange!("a/c/9", 0, 4), undefined);
    assert.equal(await store.getRange!("a/c/9", 0, 4), undefined);
    assert.equal(inner.ranges, 3);
  });
});

describe("RecentValues", () => {
  it("keeps values up to its byte budget, dropping the least recently used first", () => {
    const recent = new RecentValues(100);
    recent.set("a", bytes(20));
    recent.set("b", bytes(20));
    recent.set("c", bytes(20));
    assert.equal((recent.get("a") as Uint8Array).length, 20); // a is now the most recent
    recent.set("d", bytes(20));
    recent.set("e", bytes(20));
    recent.set("f", bytes(20)); // 120 bytes: the least recent (b) goes
    assert.equal(recent.get("b"), NOT_HELD);
    assert.deepEqual(["a", "c", "d", "e", "f"].map((k) => (recent.get(k) as Uint8Array).length), [20, 20, 20, 20, 20]);
    assert.equal(recent.size, 100);
    // A value over a quarter of the budget is not kept; one set again replaces its old bytes.
    recent.set("big", bytes(26));
    assert.equal(recent.get("big"), NOT_HELD);
    recent.set("a", bytes(5));
    assert.equal(recent.size, 85);
  });

  it("counts missing keys against its entry budget", () => {
    const recent = new RecentValues(100, 2);
    recent.set("x", undefined);
    recent.set("y", undefined);
    recent.set("z", undefined);
    assert.equal(recent.get("x"), NOT_HELD);
    assert.equal(recent.get("z"), undefined);
  });
});
