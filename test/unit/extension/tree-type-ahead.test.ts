/** Type-ahead in the tree (WAI-ARIA tree pattern): letters typed move to the next visible row whose name starts with them. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChildPage, Entity } from "../../../src/extension/provider/data-provider.js";
import { isTypeAheadKey, typeAheadIndex } from "../../../src/extension/view/model/tree-keys.js";
import { TreeRows } from "../../../src/extension/view/model/tree-rows.js";

function node(path: string, kind: "group" | "dataset" = "dataset", childCount: number | null = null): Entity {
  return { kind, name: path.slice(path.lastIndexOf("/") + 1), path, type: null, description: null, attributes: {}, references: [], childCount };
}

/** The root with `names` loaded (and `pending` more children not loaded yet). */
function rowsOf(names: string[], pending = 0) {
  const t = new TreeRows(node("/", "group", names.length + pending), 100);
  t.setExpanded(t.root, true);
  const p: ChildPage = { entries: names.map((n) => node(`/${n}`)), total: names.length + pending, offset: 0 };
  t.addPage(t.root, p);
  return t.rows();
}

const keyOf = (rows: ReturnType<typeof rowsOf>, i: number) => (i < 0 ? null : rows[i].key);

describe("tree type-ahead", () => {
  const rows = rowsOf(["acquisition", "analysis", "Devices", "data", "general", "units"]);

  it("moves to the next row whose name starts with the letter, case-insensitive, wrapping round", () => {
    assert.equal(keyOf(rows, typeAheadIndex(rows, 0, "d")), "/Devices");
    assert.equal(keyOf(rows, typeAheadIndex(rows, 3, "d")), "/data", "from the row after the focused one");
    assert.equal(keyOf(rows, typeAheadIndex(rows, 4, "d")), "/Devices", "round to the top");
    assert.equal(keyOf(rows, typeAheadIndex(rows, 0, "U")), "/units");
  });

  it("a longer prefix stays on the focused row while it still matches", () => {
    const a = typeAheadIndex(rows, 0, "a");
    assert.equal(keyOf(rows, a), "/acquisition");
    assert.equal(keyOf(rows, typeAheadIndex(rows, a, "an")), "/analysis");
    assert.equal(keyOf(rows, typeAheadIndex(rows, a, "ac")), "/acquisition");
  });

  it("a letter typed again cycles through the names starting with it", () => {
    const first = typeAheadIndex(rows, 0, "a");
    const second = typeAheadIndex(rows, first, "aa");
    assert.equal(keyOf(rows, second), "/analysis");
    assert.equal(keyOf(rows, typeAheadIndex(rows, second, "aaa")), "/acquisition");
  });

  it("finds nothing when no name matches, and skips rows still loading", () => {
    assert.equal(typeAheadIndex(rows, 0, "zz"), -1);
    assert.equal(typeAheadIndex(rows, 0, ""), -1);
    const loading = rowsOf(["x1"], 5);
    assert.equal(keyOf(loading, typeAheadIndex(loading, 1, "x")), "/x1", "pending rows are never a target");
  });

  it("takes single printable characters only", () => {
    assert.ok(isTypeAheadKey("a") && isTypeAheadKey("Z") && isTypeAheadKey("3") && isTypeAheadKey("_"));
    for (const key of [" ", "Enter", "ArrowDown", "Home", "Tab"]) assert.equal(isTypeAheadKey(key), false, key);
  });
});
