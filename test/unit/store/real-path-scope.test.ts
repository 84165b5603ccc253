/**
 * Read scopes of a local store (`LocalStore.readScope`, real-path.ts `scopedRead`): inside one,
 * each key folder's real path is resolved once for all of its keys. Links stay checked: a folder
 * swapped for a link out of the store between two reads is refused on the second; a key that is
 * itself a link inside the store still reads; a missing key is still missing.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { StoreEscapeError } from "../../../src/errors.js";
import { LocalStore } from "../../../src/store/local.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { parseV3Node } from "../../../src/zarr/metadata-v3.js";
import type { ArrayMetadata } from "../../../src/zarr/metadata-types.js";

const base = mkdtempSync(join(tmpdir(), "real-path-scope-"));
after(() => rmSync(base, { recursive: true, force: true }));

const meta = parseV3Node({
  zarr_format: 3, node_type: "array", shape: [4, 4], data_type: "uint8",
  chunk_grid: { name: "regular", configuration: { chunk_shape: [2, 2] } },
  chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
  fill_value: 0, codecs: [{ name: "bytes", configuration: {} }],
}, {}) as ArrayMetadata;

/** A store with array `a` (chunks c/i/j of values 10·i + j + 1) and a folder outside it holding other chunks. */
async function setup(name: string) {
  const root = join(base, name);
  const outside = join(base, `${name}-outside`);
  const store = new LocalStore(root);
  const h = await ZarrHierarchy.create(store, 3, {});
  const arr = await h.createArray("a", meta);
  for (const [i, j] of [[0, 0], [0, 1], [1, 0], [1, 1]]) await arr.set([{ start: 2 * i, stop: 2 * i + 2 }, { start: 2 * j, stop: 2 * j + 2 }], 10 * i + j + 1);
  mkdirSync(join(outside, "c", "1"), { recursive: true });
  for (const j of [0, 1]) writeFileSync(join(outside, "c", "1", String(j)), new Uint8Array(4).fill(99));
  return { root, outside, store, arr };
}

describe("LocalStore read scopes", () => {
  it("reads every chunk of a selection in one scope, the same values as without", async () => {
    const { store, arr } = await setup("same");
    const scoped = Array.from((await arr.get()).data as Uint8Array);
    assert.deepEqual(scoped, [1, 1, 2, 2, 1, 1, 2, 2, 11, 11, 12, 12, 11, 11, 12, 12]);
    const plain = await store.get("a/c/1/0");
    assert.deepEqual(Array.from(plain!), [11, 11, 11, 11]);
    assert.equal(await store.readScope(() => store.get("a/c/9/9")), undefined);
    assert.deepEqual(Array.from((await store.readScope(() => store.getRange("a/c/0/1", 1, 2)))!), [2, 2]);
  });

  it("a chunk folder swapped for a link out of the store between two reads is refused on the second", async () => {
    const { root, outside, arr } = await setup("swap");
    assert.equal(((await arr.get()).data as Uint8Array)[15], 12);
    // c/1 becomes a link to a folder outside the store, whose chunks hold 99.
    renameSync(join(root, "a", "c", "1"), join(base, "swap-moved"));
    symlinkSync(join(outside, "c", "1"), join(root, "a", "c", "1"));
    await assert.rejects(arr.get(), (e: unknown) => {
      let cause: unknown = e;
      while (cause instanceof Error && !(cause instanceof StoreEscapeError)) cause = cause.cause;
      assert.ok(cause instanceof StoreEscapeError, `expected a StoreEscapeError, got ${String(e)}`);
      assert.equal(cause.link, "a/c/1");
      return true;
    });
    // The first row of chunks is still inside: a selection of it reads.
    assert.deepEqual(Array.from((await arr.get([{ start: 0, stop: 1 }, null])).data as Uint8Array), [1, 1, 2, 2]);
  });

  it("a chunk that is a link to a file inside the store still reads in a scope", async () => {
    const { root, arr } = await setup("inner-link");
    rmSync(join(root, "a", "c", "1", "1"));
    symlinkSync(join(root, "a", "c", "0", "0"), join(root, "a", "c", "1", "1"));
    assert.deepEqual(Array.from((await arr.get([{ start: 2, stop: 4 }, { start: 2, stop: 4 }])).data as Uint8Array), [1, 1, 1, 1]);
  });
});
