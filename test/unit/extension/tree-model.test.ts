/**
 * The DOM-free parts of the virtualized tree: the flat rows of an expanded tree with pending rows
 * for children not loaded yet, the pages those rows need, the WAI-ARIA keyboard moves, the range of
 * rows in view, and the search index built in slices.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChildPage, Entity, SearchHit } from "../../../src/extension/provider/data-provider.js";
import { SearchIndex } from "../../../src/extension/provider/search-index.js";
import { matchesQuery } from "../../../src/extension/provider/search.js";
import { parentRow, treeKeyAction } from "../../../src/extension/view/model/tree-keys.js";
import { isKeyBelow, TreeRows, type TreeRow } from "../../../src/extension/view/model/tree-rows.js";
import { scrollToShow, visibleRange } from "../../../src/extension/view/model/virtual-range.js";

function group(path: string, childCount: number | null): Entity {
  return { kind: "group", name: path.slice(path.lastIndexOf("/") + 1), path, type: null, description: null, attributes: {}, references: [], childCount };
}

function dataset(path: string): Entity {
  return { ...group(path, null), kind: "dataset", childCount: null, shape: [3], dtype: "int32" };
}

/** A page of `names` under `parent` from `offset`. */
function page(parent: string, names: string[], offset: number, size: number, make = dataset): ChildPage {
  const at = (n: string) => (parent === "/" ? `/${n}` : `${parent}/${n}`);
  return { entries: names.slice(offset, offset + size).map((n) => make(at(n))), total: names.length, offset };
}

const summary = (rows: TreeRow[]) => rows.map((r) => (r.kind === "node" ? r.key : r.kind === "pending" ? `…${r.index}` : `note:${r.text}`));

describe("tree rows", () => {
  it("gives every child of an expanded group a row, pending until its page is loaded", () => {
    const names = Array.from({ length: 7 }, (_, i) => `d${i}`);
    const t = new TreeRows(group("/", 7), 3);
    assert.deepEqual(summary(t.rows()), ["/"]);
    t.setExpanded(t.root, true);
    assert.deepEqual(summary(t.rows()), ["/", "…0", "…1", "…2", "…3", "…4", "…5", "…6"]);
    assert.deepEqual(t.missingPages(0, 8).map((p) => p.page), [0, 1, 2]);
    assert.deepEqual(t.missingPages(5, 8).map((p) => p.page), [1, 2], "only the pages of the rows asked about");
    assert.deepEqual(t.missingPages(5, 7).map((p) => p.page), [1]);
    t.addPage(t.root, page("/", names, 3, 3));
    assert.deepEqual(summary(t.rows()), ["/", "…0", "…1", "…2", "/d3", "/d4", "/d5", "…6"]);
    assert.equal(t.hasPage(t.root, 1), true);
    assert.equal(t.hasPage(t.root, 0), false);
    assert.deepEqual(t.missingPages(0, 8).map((p) => p.page), [0, 2]);
    const d4 = t.rows()[5];
    assert.ok(d4.kind === "node");
    assert.deepEqual([d4.level, d4.posinset, d4.setsize], [2, 5, 7]);
    assert.equal(t.indexOf("/d5"), 6);
    assert.equal(t.indexOf("/nope"), -1);
  });

  it("shows one pending row for a group whose count is unknown, and nests expanded subgroups", () => {
    const t = new TreeRows(group("/", null), 10);
    t.setExpanded(t.root, true);
    assert.deepEqual(summary(t.rows()), ["/", "…0"]);
    t.addPage(t.root, page("/", ["a", "b"], 0, 10, (p) => group(p, p === "/a" ? 2 : 0)));
    const a = t.node("/a")!;
    assert.equal(t.setExpanded(a, true), true);
    assert.equal(t.setExpanded(a, true), false, "no change, no new version");
    assert.deepEqual(summary(t.rows()), ["/", "/a", "…0", "…1", "/b"]);
    t.addPage(a, page("/a", ["x", "y"], 0, 10));
    assert.deepEqual(summary(t.rows()), ["/", "/a", "/a/x", "/a/y", "/b"]);
    assert.equal(t.rows()[2].level, 3);
    const before = t.version;
    t.setExpanded(a, false);
    assert.ok(t.version > before);
    assert.deepEqual(summary(t.rows()), ["/", "/a", "/b"]);
    assert.deepEqual(["/a/x", "/a\u00000", "/a", "/ab", "/b"].map((k) => isKeyBelow(k, "/a")), [true, true, false, false, false]);
    assert.equal(isKeyBelow("/a", "/"), true);
    t.setExpanded(t.node("/b")!, true);
    assert.deepEqual(summary(t.rows()), ["/", "/a", "/b"], "an empty group has no rows below it");
    assert.equal(t.setExpanded(t.node("/a/x")!, true), false, "a dataset does not expand");
  });

  it("ends a group with a note for children a payload left out, or for a page that failed", () => {
    const t = new TreeRows(group("/", 3), 10);
    t.setExpanded(t.root, true);
    t.addPage(t.root, { ...page("/", ["a"], 0, 10), hidden: 2 });
    assert.deepEqual(summary(t.rows()), ["/", "/a", "note:2 more not in this output"]);
    t.setError(t.root, "HTTP 500");
    assert.deepEqual(summary(t.rows()).at(-1), "note:HTTP 500");
    const failed = new TreeRows(group("/", 3), 2);
    failed.setExpanded(failed.root, true);
    failed.setError(failed.root, "HTTP 500");
    assert.deepEqual(failed.missingPages(0, 10), [], "no page asked for again while the error stands");
    failed.setError(failed.root, null);
    assert.deepEqual(failed.missingPages(0, 10).map((p) => p.page), [0, 1]);
  });
});

describe("tree keys (WAI-ARIA tree view)", () => {
  const t = new TreeRows(group("/", 2), 10);
  t.setExpanded(t.root, true);
  t.addPage(t.root, page("/", ["a", "b"], 0, 10, (p) => (p === "/a" ? group(p, 2) : dataset(p))));
  const a = t.node("/a")!;
  t.setExpanded(a, true);
  t.addPage(a, page("/a", ["x", "y"], 0, 10));
  const rows = t.rows(); // /, /a, /a/x, /a/y, /b

  it("moves up and down, to the first and the last row, and stays at the ends", () => {
    assert.deepEqual(treeKeyAction(rows, 0, "ArrowDown"), { kind: "focus", index: 1 });
    assert.deepEqual(treeKeyAction(rows, 4, "ArrowDown"), { kind: "focus", index: 4 });
    assert.deepEqual(treeKeyAction(rows, 3, "ArrowUp"), { kind: "focus", index: 2 });
    assert.deepEqual(treeKeyAction(rows, 0, "ArrowUp"), { kind: "focus", index: 0 });
    assert.deepEqual(treeKeyAction(rows, 2, "End"), { kind: "focus", index: 4 });
    assert.deepEqual(treeKeyAction(rows, 2, "Home"), { kind: "focus", index: 0 });
  });

  it("Right opens a closed group or enters an open one; Left closes an open group or goes to the parent", () => {
    assert.deepEqual(treeKeyAction(rows, 1, "ArrowRight"), { kind: "focus", index: 2 }, "open: to the first child");
    assert.deepEqual(treeKeyAction(rows, 1, "ArrowLeft"), { kind: "collapse", index: 1 });
    assert.deepEqual(treeKeyAction(rows, 3, "ArrowLeft"), { kind: "focus", index: 1 }, "a child: to its parent");
    assert.deepEqual(treeKeyAction(rows, 4, "ArrowRight"), { kind: "focus", index: 4 }, "a dataset: nothing");
    assert.equal(parentRow(rows, 4), 0);
    assert.equal(parentRow(rows, 0), -1);
    const closed = new TreeRows(group("/", 1), 10);
    assert.deepEqual(treeKeyAction(closed.rows(), 0, "ArrowRight"), { kind: "expand", index: 0 });
  });

  it("Enter activates; other keys are left to the page", () => {
    assert.deepEqual(treeKeyAction(rows, 2, "Enter"), { kind: "activate", index: 2 });
    assert.equal(treeKeyAction(rows, 2, "a"), null);
    assert.equal(treeKeyAction([], 0, "ArrowDown"), null);
  });

  it("skips notes", () => {
    const n = new TreeRows(group("/", 3), 10);
    n.setExpanded(n.root, true);
    n.addPage(n.root, { ...page("/", ["a"], 0, 10), hidden: 2 });
    const r = n.rows(); // /, /a, note
    assert.deepEqual(treeKeyAction(r, 1, "ArrowDown"), { kind: "focus", index: 1 });
    assert.deepEqual(treeKeyAction(r, 0, "End"), { kind: "focus", index: 1 });
  });
});

describe("virtual range", () => {
  it("covers the viewport plus the overscan, inside the list", () => {
    assert.deepEqual(visibleRange(0, 220, 22, 10_000, 5), { start: 0, stop: 16 });
    assert.deepEqual(visibleRange(22 * 1000, 220, 22, 10_000, 5), { start: 995, stop: 1016 });
    assert.deepEqual(visibleRange(22 * 10_000, 220, 22, 10_000, 5), { start: 9994, stop: 10_000 }, "past the end: the last rows");
    assert.deepEqual(visibleRange(0, 220, 22, 3, 5), { start: 0, stop: 3 });
    assert.deepEqual(visibleRange(0, 220, 22, 0, 5), { start: 0, stop: 0 });
  });

  it("scrolls as little as needed to show a row", () => {
    assert.equal(scrollToShow(5, 0, 220, 22), 0, "already in view");
    assert.equal(scrollToShow(20, 0, 220, 22), 22 * 21 - 220);
    assert.equal(scrollToShow(3, 500, 220, 22), 66);
  });
});

describe("search index", () => {
  const hits: SearchHit[] = ["/b/Data", "/a", "/a/data", "/", "/c"].map((path) => ({ path, kind: "dataset", type: path === "/c" ? { name: "TimeSeries", namespace: "core" } : null }));

  it("answers in path order, case-insensitively, without the root, up to the limit", async () => {
    const index = new SearchIndex(async (add) => add(hits));
    assert.deepEqual((await index.search({ text: "DATA" })).map((h) => h.path), ["/a/data", "/b/Data"]);
    assert.deepEqual((await index.search({ text: "/" })).map((h) => h.path), ["/a", "/a/data", "/b/Data", "/c"]);
    assert.deepEqual((await index.search({ text: "/", limit: 2 })).map((h) => h.path), ["/a", "/a/data"]);
    assert.deepEqual((await index.search({ type: "series" })).map((h) => h.path), ["/c"]);
    for (const h of hits) assert.equal(matchesQuery(h, { text: "data", type: "" }), h.path.toLowerCase().includes("data"));
  });

  it("builds in slices that yield to the page, once, and a waiting search takes the rest at once", async () => {
    let built = 0, added = 0;
    const index = new SearchIndex(async (add, pause) => {
      built++;
      for (let i = 0; i < 200; i++) {
        add([{ path: `/n${String(i).padStart(3, "0")}`, kind: "group", type: null }]);
        added++;
        const start = performance.now();
        while (performance.now() - start < 1); // a millisecond of work per batch
        await pause();
      }
    });
    const background = index.build();
    // A timer set now runs while the index builds: the builder yields between slices.
    const addedAtTimer = await new Promise<number>((resolve) => setTimeout(() => resolve(added), 0));
    assert.ok(addedAtTimer > 0 && addedAtTimer < 200, `the timer ran after ${addedAtTimer} of 200 batches`);
    // Once a search waits, the rest is built without giving timers a turn.
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    const found = await index.search({ text: "n19" });
    assert.equal(timerRan, false, "the waiting search got the rest at once");
    await background;
    assert.equal(built, 1, "built once");
    assert.deepEqual(found.map((h) => h.path), Array.from({ length: 10 }, (_, i) => `/n19${i}`));
  });
});
