/** A search waiting for the index being built is told the hits found so far, then gets the complete list. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SearchHit } from "../../../src/extension/provider/data-provider.js";
import { SearchIndex } from "../../../src/extension/provider/search-index.js";

/** A source of `n` paths /nNNN (in reverse order), a millisecond of work per path. */
function slowSource(n: number) {
  return new SearchIndex(async (add, pause) => {
    for (let i = n - 1; i >= 0; i--) {
      add([{ path: `/n${String(i).padStart(3, "0")}`, kind: "group", type: null }]);
      const start = performance.now();
      while (performance.now() - start < 1);
      await pause();
    }
  });
}

describe("search index: hits found so far", () => {
  it("reports partial hits, in path order and within the limit, before the complete list", async () => {
    const index = slowSource(300);
    const partials: SearchHit[][] = [];
    const found = await index.search({ text: "n", limit: 250, onPartial: (hits) => partials.push(hits) });
    assert.ok(partials.length >= 1, "told the hits found so far at least once");
    for (const p of partials) {
      assert.ok(p.length > 0 && p.length <= 250, `partial of ${p.length}`);
      assert.deepEqual(p.map((h) => h.path), [...p.map((h) => h.path)].sort(), "in path order");
    }
    assert.ok(partials[0].length < 300);
    assert.equal(found.length, 250);
    assert.deepEqual(found.slice(0, 2).map((h) => h.path), ["/n000", "/n001"]);
  });

  it("reports nothing once the index is built, and only to the latest waiting search", async () => {
    const index = slowSource(200);
    let first = 0, second = 0;
    const a = index.search({ text: "n0", onPartial: () => first++ });
    const b = index.search({ text: "n1", onPartial: () => second++ });
    const [ha, hb] = await Promise.all([a, b]);
    assert.equal(first, 0, "a search replaced by a newer one hears nothing more");
    assert.ok(second >= 1);
    assert.equal(ha.length, 100);
    assert.equal(hb.length, 100);
    let after = 0;
    await index.search({ text: "n", onPartial: () => after++ });
    assert.equal(after, 0);
  });
});
