/** The metadata-reads view: every read marked as metadata, and keys read ahead handed to the first read of them. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StoreError } from "../../../src/errors.js";
import type { GetOptions } from "../../../src/store/capped-read.js";
import { MemoryStore } from "../../../src/store/memory.js";
import { metadataReads } from "../../../src/store/metadata-reads.js";

const bytes = (text: string) => new TextEncoder().encode(text);

/** A memory store that records each read and the options it came with. */
function recording(): { store: MemoryStore; reads: { key: string; options?: GetOptions }[] } {
  const store = new MemoryStore([["a/0", bytes("0123456789")], ["a/.zarray", bytes("{}")]]);
  const reads: { key: string; options?: GetOptions }[] = [];
  const get = store.get.bind(store);
  store.get = (key, options) => {
    reads.push({ key, options });
    return get(key, options);
  };
  return { store, reads };
}

describe("metadataReads", () => {
  it("marks every read as metadata and keeps the caller's limit", async () => {
    const { store, reads } = recording();
    const view = metadataReads(store);
    assert.deepEqual(await view.get("a/.zarray", { limit: { bytes: 64 } }), bytes("{}"));
    assert.deepEqual(reads, [{ key: "a/.zarray", options: { limit: { bytes: 64 }, metadata: true } }]);
  });

  it("hands a key read ahead to its first read, once, checked against that read's limit", async () => {
    const { store, reads } = recording();
    const view = metadataReads(store);
    view.readAhead("a/0", { bytes: 1024 });
    view.readAhead("a/0", { bytes: 1024 }); // asked once
    view.readAhead("a/missing", { bytes: 1024 });
    assert.equal(reads.length, 2);
    assert.deepEqual(await view.get("a/0"), bytes("0123456789"));
    assert.equal(await view.get("a/missing"), undefined);
    assert.equal(reads.length, 2, "both came from the reads ahead");
    assert.deepEqual(await view.get("a/0"), bytes("0123456789"));
    assert.equal(reads.length, 3, "a second read asks the store again");

    view.readAhead("a/0", { bytes: 1024 });
    await assert.rejects(view.get("a/0", { limit: { bytes: 4, option: "maxChunkBytes" } }), (e: unknown) =>
      e instanceof StoreError && /'a\/0' holds 10 bytes, more than 4 bytes .*maxChunkBytes/.test(e.message));
  });
});
