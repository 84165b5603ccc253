/**
 * Copies that move stored chunk bytes as they are (an array of another file copied with the same
 * codecs, export, convert) read each source chunk under the cap a chunk of that array can take, and
 * export reads metadata again under the source's maxMetadataBytes: a hostile source cannot make a
 * copy hold unbounded memory. The sources are memory stores, which apply every asked limit.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DatasetBuilder, GroupBuilder, StoreError, ZarrDataIO, ZarrDataset, ZarrIO } from "../../../src/index.js";
import { MemoryStore } from "../../../src/store/memory.js";

const MiB = 1 << 20;

/** A memory store holding /d = 6 int32 values in one chunk, in `format`; returns it and the chunk's key. */
async function source(format: 2 | 3, text = false): Promise<{ store: MemoryStore; chunk: string }> {
  const store = new MemoryStore(undefined, "source");
  const io = new ZarrIO(store, "w", { zarrFormat: format });
  const data = text ? ["a", "b", "c", "d", "e", "f"] : [1, 2, 3, 4, 5, 6];
  await io.writeBuilder(new GroupBuilder("root", { datasets: [new DatasetBuilder("d", data, { dtype: text ? "text" : "int32" })] }));
  await io.close();
  return { store, chunk: format === 3 ? "d/c/0" : "d/0" };
}

/** Copy /d of `src` into a new memory store (same format: the stored bytes are copied as they are). */
async function copyInto(src: ZarrIO, format: 2 | 3): Promise<MemoryStore> {
  const d = (await src.readBuilder()).get("d") as DatasetBuilder;
  assert.ok(d.data instanceof ZarrDataset);
  const out = new MemoryStore(undefined, "copy");
  const dest = new ZarrIO(out, "w", { zarrFormat: format });
  try {
    await dest.writeBuilder(new GroupBuilder("root", { datasets: [new DatasetBuilder("copied", new ZarrDataIO(d.data, { linkData: false }))] }));
  } finally {
    await dest.close();
  }
  return out;
}

const refusedChunk = (key: string, limit: RegExp) => (e: unknown) => {
  const cause = (e as { cause?: unknown }).cause ?? e;
  assert.ok(cause instanceof StoreError, String(e));
  assert.match(cause.message, new RegExp(`'${key}' holds 8 MiB, more than `));
  assert.match(cause.message, limit);
  assert.match(cause.message, /source/);
  return true;
};

for (const format of [3, 2] as const) {
  describe(`raw chunk copies under a cap (Zarr v${format})`, () => {
    it("a valid source chunk is copied byte for byte", async () => {
      const { store, chunk } = await source(format);
      const src = new ZarrIO(store, "r");
      const out = await copyInto(src, format);
      await src.close();
      assert.deepEqual(await out.get(chunk.replace(/^d/, "copied")), await store.get(chunk));
    });

    it("an oversized chunk of a 6-element int32 array is refused at what such a chunk can take", async () => {
      const { store, chunk } = await source(format);
      await store.set(chunk, new Uint8Array(8 * MiB));
      const src = new ZarrIO(store, "r");
      try {
        await assert.rejects(copyInto(src, format), refusedChunk(chunk, /all a chunk of this array can hold/));
      } finally {
        await src.close();
      }
    });

    it("an oversized chunk of a text array is refused at maxChunkBytes", async () => {
      const { store, chunk } = await source(format, true);
      await store.set(chunk, new Uint8Array(8 * MiB));
      const src = new ZarrIO(store, "r", { maxChunkBytes: MiB });
      try {
        await assert.rejects(copyInto(src, format), refusedChunk(chunk, /the limit set by maxChunkBytes/));
      } finally {
        await src.close();
      }
    });

    it("export refuses an oversized chunk of the source", async () => {
      const { store, chunk } = await source(format);
      await store.set(chunk, new Uint8Array(8 * MiB));
      const src = new ZarrIO(store, "r");
      const dest = new ZarrIO(new MemoryStore(undefined, "exported"), "w", { zarrFormat: format });
      try {
        await assert.rejects(dest.export(src, { cacheSpec: false }), refusedChunk(chunk, /all a chunk of this array can hold/));
      } finally {
        await dest.close();
        await src.close();
      }
    });
  });
}

describe("export reads the source's metadata again under its maxMetadataBytes", () => {
  it("a root document grown past the limit after opening is refused, not skipped", async () => {
    const { store } = await source(3);
    const src = new ZarrIO(store, "r", { maxMetadataBytes: 64 * 1024 });
    await src.readBuilder();
    const text = new TextDecoder().decode(await store.get("zarr.json"));
    await store.set("zarr.json", new TextEncoder().encode(text + " ".repeat(MiB)));
    const dest = new ZarrIO(new MemoryStore(undefined, "exported"), "w");
    try {
      await assert.rejects(dest.export(src, { cacheSpec: false }), (e: unknown) => {
        const cause = (e as { cause?: unknown }).cause ?? e;
        assert.ok(cause instanceof StoreError, String(e));
        assert.match(cause.message, /'zarr\.json' holds 1 MiB, more than 64 KiB \(the limit set by maxMetadataBytes/);
        return true;
      });
    } finally {
      await dest.close();
      await src.close();
    }
  });
});
