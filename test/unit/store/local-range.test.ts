/**
 * LocalStore range reads: from the start with a length (read without the file's size), from the
 * end, open-ended, past the end, on a folder and on a missing key.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, it } from "node:test";
import { LocalStore } from "../../../src/store/local.js";

const root = mkdtempSync(join(tmpdir(), "local-range-"));
after(() => rmSync(root, { recursive: true, force: true }));

it("LocalStore.getRange reads the bytes asked for, fewer past the end, nothing from a folder", async () => {
  const store = new LocalStore(root);
  await store.set("a/c/0", Uint8Array.from({ length: 100 }, (_, i) => i));
  mkdirSync(join(root, "a", "folder"));
  assert.deepEqual([...(await store.getRange("a/c/0", 10, 5))!], [10, 11, 12, 13, 14]);
  assert.deepEqual([...(await store.getRange("a/c/0", 97, 10))!], [97, 98, 99]);
  assert.equal((await store.getRange("a/c/0", 200, 10))!.length, 0);
  assert.deepEqual([...(await store.getRange("a/c/0", -3))!], [97, 98, 99]);
  assert.deepEqual([...(await store.getRange("a/c/0", -5, 2))!], [95, 96]);
  assert.equal((await store.getRange("a/c/0", 95))!.length, 5);
  // a length far past any file is clamped to the size before anything is allocated
  assert.equal((await store.getRange("a/c/0", 0, 2 ** 40))!.length, 100);
  assert.equal(await store.getRange("a/folder", 0, 10), undefined);
  assert.equal(await store.getRange("a/folder", -4), undefined);
  assert.equal(await store.getRange("a/c/9", 0, 10), undefined);
});
