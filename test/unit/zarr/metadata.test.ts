/** Zarr metadata of both formats: parsing edge cases and writing the way zarr-python writes. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { MemoryStore, ZarrHierarchy, MetadataError, UnsupportedDtypeError } from "../../../src/index.js";
import { parseV3Node } from "../../../src/zarr/metadata-v3.js";
import { parseV2Array } from "../../../src/zarr/metadata-v2.js";
import { parseV3Consolidated } from "../../../src/zarr/consolidated.js";
import { parseJsonExact } from "../../../src/zarr/json-exact.js";

const where = { store: "mem", path: "/a" };
const v3Array = (dataType: unknown, extra: Record<string, unknown> = {}) => ({
  zarr_format: 3, node_type: "array", shape: [2], data_type: dataType,
  chunk_grid: { name: "regular", configuration: { chunk_shape: [2] } },
  chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
  fill_value: 0, codecs: [{ name: "bytes", configuration: { endian: "little" } }], attributes: {}, ...extra,
});

test("v3 struct and the older 'structured' spelling parse to the same packed record", () => {
  const fields = [{ name: "x", data_type: "uint32" }, { name: "w", data_type: "float32" }];
  const a = parseV3Node(v3Array({ name: "struct", configuration: { fields } }, { fill_value: { x: 0, w: 0 } }), where);
  const b = parseV3Node(v3Array({ name: "structured", configuration: { fields: [["x", "uint32"], ["w", "float32"]] } }), where);
  assert.ok(a.nodeType === "array" && b.nodeType === "array");
  assert.deepEqual(a.dtype, b.dtype);
  assert.deepEqual(a.dtype, {
    kind: "struct", size: 8,
    fields: [{ name: "x", type: { kind: "numeric", name: "uint32", endian: "little" }, offset: 0 }, { name: "w", type: { kind: "numeric", name: "float32", endian: "little" }, offset: 4 }],
  });
});

test("fixed_length_utf32 fields take their length from length_bytes; endianness from the bytes codec", () => {
  const m = parseV3Node(v3Array({ name: "fixed_length_utf32", configuration: { length_bytes: 2048 } }, {
    fill_value: "", codecs: [{ name: "bytes", configuration: { endian: "big" } }],
  }), where);
  assert.ok(m.nodeType === "array");
  assert.deepEqual(m.dtype, { kind: "fixed-utf32", length: 512, endian: "big" });
});

test("non-finite fill values: v2 strings, v3 strings and hex bit patterns", () => {
  const v2 = parseV2Array({ zarr_format: 2, shape: [1], chunks: [1], dtype: "<f8", fill_value: "NaN", compressor: null, filters: null, order: "C" }, {}, where);
  assert.ok(Number.isNaN(v2.fillValue));
  const inf = parseV3Node(v3Array("float32", { fill_value: "-Infinity" }), where);
  assert.equal(inf.nodeType === "array" && inf.fillValue, -Infinity);
  const hex = parseV3Node(v3Array("float32", { fill_value: "0x3fc00000" }), where);
  assert.equal(hex.nodeType === "array" && hex.fillValue, 1.5);
});

test("unsupported v2 and v3 types parse to a node that keeps its type's name (values are refused when read)", () => {
  for (const [dtype, name] of [["<c32", "complex256"], ["<M8[fortnight]", "datetime64[fortnight]"], ["<f16", "float128"]]) {
    const node = parseV2Array({ zarr_format: 2, shape: [1], chunks: [1], dtype, fill_value: 0, compressor: null, filters: null }, {}, where);
    assert.equal(node.dtype.kind, "unsupported", dtype);
    assert.match(JSON.stringify(node.dtype), new RegExp(name.replace(/[[\]]/g, "\\$&")), dtype);
  }
  const v3 = parseV3Node(v3Array("complex256"), where);
  assert.equal(v3.nodeType === "array" && v3.dtype.kind, "unsupported");
  assert.throws(() => parseV3Node(v3Array("int32", { chunk_grid: { name: "rectilinear" } }), where), MetadataError);
});

test("v3 consolidated metadata: every node in one document", () => {
  const index = parseV3Consolidated({
    zarr_format: 3, node_type: "group", attributes: { a: 1 },
    consolidated_metadata: { kind: "inline", must_understand: false, metadata: { g: { zarr_format: 3, node_type: "group", attributes: {} }, "g/x": v3Array("int16") } },
  }, "mem")!;
  assert.deepEqual([...index.keys()].sort(), ["", "g", "g/x"]);
  assert.equal(index.get("g/x")!.nodeType, "array");
});

test("v2 metadata is written as zarr-python 2 writes it: indent 4, sorted keys, ASCII only, bare NaN in attributes", async () => {
  const store = new MemoryStore();
  const h = await ZarrHierarchy.create(store, 2, { zeta: "é ☃ 𝄞", alpha: NaN, inf: [Infinity, -Infinity] });
  const text = new TextDecoder().decode((await store.get(".zattrs"))!);
  assert.equal(text, '{\n    "alpha": NaN,\n    "inf": [\n        Infinity,\n        -Infinity\n    ],\n    "zeta": "\\u00e9 \\u2603 \\ud834\\udd1e"\n}');
  assert.ok(/^[\x00-\x7f]*$/.test(text));
  const back = parseJsonExact(text) as Record<string, unknown>;
  assert.equal(back.zeta, "é ☃ 𝄞");
  assert.ok(Number.isNaN(back.alpha));
  const reopened = await ZarrHierarchy.open(store);
  assert.equal(reopened.format, 2);
  assert.deepEqual((await reopened.requireNode("")).attributes.inf, [Infinity, -Infinity]);
  await h.consolidate();
  const zmeta = parseJsonExact(new TextDecoder().decode((await store.get(".zmetadata"))!)) as { metadata: Record<string, unknown> };
  assert.deepEqual(Object.keys(zmeta.metadata).sort(), [".zattrs", ".zgroup"]);
});
