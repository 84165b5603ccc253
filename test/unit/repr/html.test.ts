/**
 * The HTML and text reprs: dimension names from `_ARRAY_DIMENSIONS`, inline styles that survive
 * JupyterLab's sanitizer of untrusted output (a plain declaration before every `var(--jp-…)`
 * one, properties it allows), collapsible sections, the text fallback, and the JSON form of
 * values JSON cannot hold.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatasetBuilder, GroupBuilder, ReferenceBuilder, ZarrDataIO, ZarrIO } from "../../../src/index.js";
import { formatValue } from "../../../src/repr/text/format-text.js";
import { toJsonValue, toMimeBundle, toPayload, HDMF_ZARR_MIME, type DatasetPayload } from "../../../src/repr/index.js";
import { FORMATS } from "../../helpers/store-files.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const temp = tempFolders("repr-html");
after(() => temp.cleanup());

/** CSS properties JupyterLab's sanitizer keeps on untrusted output (the ones the repr may use). */
const SANITIZER_PROPERTIES = new Set([
  "background-color", "border", "border-bottom", "border-left", "border-right", "border-collapse", "border-radius",
  "color", "cursor", "font-family", "font-size", "font-weight", "letter-spacing", "line-height", "margin", "margin-left",
  "margin-right", "margin-top", "max-width", "overflow-x", "padding", "padding-left", "padding-right", "text-align", "text-transform",
  "vertical-align", "white-space", "word-break",
]);

function styles(html: string): string[] {
  return [...html.matchAll(/style="([^"]*)"/g)].map((m) => m[1]).filter((s) => s !== "");
}

function assertUntrustedSafe(html: string): void {
  assert.doesNotMatch(html, /<style|<script|<svg|<input|\sclass="(?!data-info")/i);
  for (const style of styles(html)) {
    const decls = style.split(/;\s*/).map((d) => d.split(/:\s*/, 2) as [string, string]);
    decls.forEach(([prop, value], i) => {
      assert.ok(SANITIZER_PROPERTIES.has(prop), `property ${prop} is kept by the sanitizer`);
      if (value.includes("var(")) {
        // The sanitizer drops var() values: the same property must come before with a plain value.
        const plain = decls.slice(0, i).some(([p, v]) => p === prop && !v.includes("var("));
        assert.ok(plain, `${prop}: ${value} has a plain fallback declaration before it`);
        assert.match(value, /var\(--jp-[a-z0-9-]+, [^)]+\)/, "a --jp-* variable with a fallback");
      }
    });
  }
}

describe("dimension names", () => {
  for (const format of FORMATS) {
    test(`Zarr v${format}: _ARRAY_DIMENSIONS labels the header, the tree and the text`, async () => {
      const path = join(temp.make(), `dims-v${format}.zarr`);
      const values = { dtype: { kind: "numeric", name: "float64", endian: "little" }, shape: [5, 3], data: Float64Array.from({ length: 15 }, (_, i) => i / 2) } as const;
      const io = new ZarrIO(path, "w", { zarrFormat: format });
      await io.writeBuilder(new GroupBuilder("root", {
        datasets: [new DatasetBuilder("x", values, { dtype: "float64", dimensionLabels: ["time", "channel"], attributes: { unit: "V" } })],
      }));
      await io.close();
      const root = await new ZarrIO(path, "r").readBuilder();
      const bundle = await toMimeBundle(root.get("x") as DatasetBuilder);
      const p = bundle[HDMF_ZARR_MIME] as DatasetPayload;
      assert.deepEqual(p.dims, ["time", "channel"]);
      assert.deepEqual(p.attributes, { unit: "V" }, "the dimension marker is not listed as an attribute");
      assert.match(bundle["text/html"], />\(time: 5, channel: 3\)</);
      assert.match(bundle["text/plain"], /^ {4}\(time: 5, channel: 3\) {2}float64$/m);
      // Float data keeps a decimal point, as numpy prints it.
      assert.match(bundle["text/html"], />0\.0<\/td><td[^>]*>0\.5<\/td>/);
      const tree = await toMimeBundle(root);
      assert.match(tree["text/html"], />\(time: 5, channel: 3\)</);
    });
  }
});

test("the HTML works untrusted: inline styles the sanitizer keeps, themed through --jp-* variables", async () => {
  const root = new GroupBuilder("root", {
    groups: [new GroupBuilder("g", { datasets: [new DatasetBuilder("d", [1, 2, 3], { dtype: "int32" })], attributes: { neurodata_type: "T", namespace: "ns" } })],
    datasets: [new DatasetBuilder("s", "text", { dtype: "text" })],
    attributes: { a: 1 },
  });
  for (const target of [root, root.get("g") as GroupBuilder, root.get("g/d") as DatasetBuilder]) {
    const html = (await toMimeBundle(target))["text/html"];
    assertUntrustedSafe(html);
    assert.match(html, /var\(--jp-border-color2, /);
    assert.match(html, /<details style="[^"]*" open><summary/);
  }
});

test("sections: attributes open when few, the tree collapsed below the first level", async () => {
  const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
  const root = new GroupBuilder("root", { groups: [new GroupBuilder("g", { datasets: [new DatasetBuilder("d", 1, { dtype: "int8" })] })], attributes: many });
  const html = (await toMimeBundle(root))["text/html"];
  assert.match(html, /<details style="[^"]*"><summary[^>]*>Attributes<span[^>]*>\(20\)<\/span>/, "20 attributes: closed");
  assert.match(html, /<details><summary[^>]*><span[^>]*>g\/<\/span>/, "subgroups start closed");
  const few = (await toMimeBundle(new GroupBuilder("x", { attributes: { a: 1 } }), { kind: "group" }))["text/html"];
  assert.match(few, /<details style="[^"]*" open><summary[^>]*>Attributes<span[^>]*>\(1\)<\/span>/);
  assert.match(few, /No children\./);
});

test("the text fallback of a group lists its tree", async () => {
  const root = new GroupBuilder("root", {
    groups: [new GroupBuilder("acq", { datasets: [new DatasetBuilder("ts", [1.5, 2], { dtype: "float32" })] })],
    datasets: [new DatasetBuilder("id", "abc", { dtype: "text" })],
  });
  const text = (await toMimeBundle(root))["text/plain"];
  assert.equal(text, [
    "Group 'root'  /",
    "    1 group · 1 dataset",
    "    ├── acq/",
    "    │   └── ts  (2,) float32  = [1.5, 2.0]",
    "    └── id  scalar text  = 'abc'",
  ].join("\n"));
});

describe("values JSON cannot hold", () => {
  test("are tagged, and shown in Python's notation", () => {
    const target = new GroupBuilder("t");
    new GroupBuilder("root", { groups: [target] });
    const cases: [unknown, unknown, string][] = [
      [NaN, { $type: "number", value: "NaN" }, "nan"],
      [-Infinity, { $type: "number", value: "-Infinity" }, "-inf"],
      [2n ** 64n - 1n, { $type: "bigint", value: "18446744073709551615" }, "18446744073709551615"],
      [12n, 12, "12"],
      [Uint8Array.of(0, 255, 16), { $type: "bytes", length: 3, hex: "00ff10" }, "<3 bytes: 00ff10>"],
      [new TextEncoder().encode("hi"), { $type: "bytes", length: 2, text: "hi" }, "b'hi'"],
      [new ReferenceBuilder(target), { $type: "reference", path: "/t", source: null }, "→ /t"],
      [{ $type: "x", a: [true, null] }, { $type: "object", value: { $type: "x", a: [true, null] } }, "{'$type': 'x', 'a': [True, None]}"],
      [Array.from({ length: 102 }, (_, i) => i), { $type: "truncated-array", length: 102, items: Array.from({ length: 100 }, (_, i) => i) }, ""],
      ["y".repeat(2001), { $type: "truncated-string", length: 2001, value: "y".repeat(2000) }, ""],
      [{ dtype: { kind: "numeric" }, shape: [2, 2], data: Int8Array.of(1, 2, 3, 4) }, [[1, 2], [3, 4]], "[[1, 2], [3, 4]]"],
    ];
    for (const [value, json, shown] of cases) {
      const v = toJsonValue(value);
      assert.deepEqual(v, json);
      assert.deepEqual(JSON.parse(JSON.stringify(v)), v);
      if (shown) assert.equal(formatValue(v), shown);
    }
    assert.match(formatValue(toJsonValue(Array.from({ length: 102 }, (_, i) => i)), { maxLength: 1000 }), /, 99, … 2 more\]$/);
  });

  test("reach the payload of a dataset held in memory", async () => {
    const d = new DatasetBuilder("v", [NaN, 1.5, 2n ** 63n], { dtype: "float64", attributes: { big: 2n ** 70n, inf: Infinity } });
    const p = (await toPayload(d)) as DatasetPayload;
    assert.deepEqual(p.attributes, { big: { $type: "bigint", value: (2n ** 70n).toString() }, inf: { $type: "number", value: "Infinity" } });
    assert.deepEqual(p.preview, { selection: "[0:3]", shape: [3], values: [{ $type: "number", value: "NaN" }, 1.5, { $type: "bigint", value: (2n ** 63n).toString() }], truncated: false });
  });
});

test("values wrapped with storage settings show as the values they wrap", async () => {
  const d = new DatasetBuilder("w", new ZarrDataIO([[1, 2, 3], [4, 5, 6]], { chunks: [1, 3] }), { dtype: "int16" });
  const p = (await toPayload(d)) as DatasetPayload;
  assert.deepEqual(p.shape, [2, 3]);
  assert.deepEqual(p.preview, { selection: "[0:2, 0:3]", shape: [2, 3], values: [[1, 2, 3], [4, 5, 6]], truncated: false });
});
