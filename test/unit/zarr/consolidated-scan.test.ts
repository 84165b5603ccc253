/**
 * The v3 root `zarr.json` read by its outline (json-scan.ts, `readV3Root`): node entries are text
 * ranges until asked for, then parsed exactly (big integers, NaN), a bad entry fails naming its
 * node, a document whose outline does not scan fails at open, and maxMetadataBytes still caps it.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MetadataError, StoreError } from "../../../src/errors.js";
import { MemoryStore } from "../../../src/store/memory.js";
import { readV3Root } from "../../../src/zarr/consolidated.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { JsonScanError, objectMembers, valueEnd } from "../../../src/zarr/json-scan.js";
import { parseJsonExact } from "../../../src/zarr/json-exact.js";

const STORE = "scan-store";
const encoder = new TextEncoder();

const array = (fill: string) =>
  `{"zarr_format":3,"node_type":"array","shape":[3],"data_type":"uint64","chunk_grid":{"name":"regular","configuration":{"chunk_shape":[3]}},` +
  `"chunk_key_encoding":{"name":"default","configuration":{"separator":"/"}},"fill_value":${fill},"codecs":[{"name":"bytes","configuration":{"endian":"little"}}],` +
  `"attributes":{"note":"a \\"quoted\\" } brace","big":18446744073709551615}}`;
const group = (attrs: string) => `{"zarr_format":3,"node_type":"group","attributes":${attrs}}`;

/** A root document whose consolidated metadata lists `entries` (raw JSON texts by path). */
function rootText(entries: Record<string, string>, rootAttrs = `{"title":"root"}`): string {
  const md = Object.entries(entries).map(([k, v]) => `${JSON.stringify(k)} : ${v}`).join(",\n ");
  return ` {"zarr_format":3,"node_type":"group","attributes":${rootAttrs},"consolidated_metadata":{"kind":"inline","must_understand":false,"metadata":{ ${md} }}} \n`;
}

const parseWhole = (text: string) => parseJsonExact(text, { store: STORE, path: "/" });

async function storeWith(text: string): Promise<MemoryStore> {
  const store = new MemoryStore(undefined, STORE);
  await store.set("zarr.json", encoder.encode(text));
  return store;
}

describe("JSON outline scanner", () => {
  it("finds each member's value range, strings with escaped quotes and brackets included", () => {
    const t = `{"a" : [1, {"b": "]}"}] , "k\\u0041": "x\\\\", "n": -1.5e3, "o": {}}`;
    const { members, end } = objectMembers(t, 0);
    assert.equal(end, t.length);
    assert.deepEqual(members.map((m) => [m.key, t.slice(m.start, m.end)]), [
      ["a", `[1, {"b": "]}"}]`], ["kA", `"x\\\\"`], ["n", "-1.5e3"], ["o", "{}"],
    ]);
    assert.equal(valueEnd(`"\\\\" x`, 0), 4);
  });

  it("throws JsonScanError on outlines it cannot follow", () => {
    for (const bad of [`{"a": [1, 2}`, `{"a": "x}`, `{"a" 1}`, `{"a": 1 "b": 2}`, `{a: 1}`, `{"a": }`]) {
      assert.throws(() => objectMembers(bad, 0), JsonScanError, bad);
    }
  });
});

describe("v3 root zarr.json read by its outline", () => {
  it("parses no entry at open and each one exactly when asked for", async () => {
    const text = rootText({ g: group(`{"level":1}`), "/g/x": array("18446744073709551615"), "g/nan": array(`"NaN"`) });
    const { root, index } = readV3Root(text, STORE, true, parseWhole);
    assert.deepEqual((root as Record<string, unknown>).attributes, { title: "root" });
    assert.deepEqual([...index!.keys()], ["", "g", "g/x", "g/nan"]);
    const x = index!.get("g/x")!;
    assert.equal(x.nodeType, "array");
    assert.equal(x.attributes.big, 18446744073709551615n); // exact, as a bigint
    assert.equal(x.attributes.note, `a "quoted" } brace`);
    assert.deepEqual(index!.get("g")!.attributes, { level: 1 });
    assert.equal(index!.get("g/x"), x); // parsed once
  });

  it("gives the same nodes as parsing the whole document", async () => {
    const text = rootText({ g: group(`{"level":1}`), "g/x": array("7"), "g/y": array(`"Infinity"`) });
    const h = await ZarrHierarchy.open(await storeWith(text));
    const whole = readV3Root(text, STORE, true, parseWhole);
    assert.ok(h.isConsolidated);
    assert.deepEqual(await h.listChildren("g"), ["x", "y"]);
    for (const p of ["", "g", "g/x", "g/y"]) assert.deepEqual(await h.getNode(p), whole.index!.get(p));
  });

  it("a bad entry fails with a MetadataError naming its node, only when asked for", async () => {
    const text = rootText({ g: group(`{"level":1}`), "g/bad": `{"zarr_format":3, "node_type": "array", "shape": [1,, 2]}`, "g/x": array("0") });
    const h = await ZarrHierarchy.open(await storeWith(text));
    assert.deepEqual(await h.listChildren("g"), ["bad", "x"]);
    assert.equal((await h.requireNode("g/x")).nodeType, "array");
    await assert.rejects(h.getNode("g/bad"), (e) => e instanceof MetadataError && e.store === STORE && e.path === "/g/bad");
  });

  it("fails at open on a document whose outline does not scan or whose shape is wrong", async () => {
    const cases = [
      rootText({ g: group(`{"level":1}`) }).replace(/\}\s*$/, ""), // unbalanced
      rootText({ g: group(`{"level":1}`) }) + "x", // text after the value
      rootText({ g: group(`{"level":1}`) }).replace(`"kind":"inline"`, `"kind":"file"`),
      rootText({}).replace(`"metadata":{  }`, `"metadata":[]`),
      rootText({ g: group(`{"level":1}`) }, "[1]"), // a bad root
      rootText({ g: group(`{"level":1}`) }, "{1}"), // a root that is not JSON
    ];
    for (const text of cases) {
      await assert.rejects(ZarrHierarchy.open(await storeWith(text)), (e) => e instanceof MetadataError && e.store === STORE && e.path === "/", text.slice(0, 80));
    }
  });

  it("keeps the last of a key listed twice, as JSON.parse does", () => {
    const text = rootText({ g: group(`{"v":1}`) }).replace(`"metadata":{`, `"metadata":{"g": ${group(`{"v":0}`)},`);
    const { index } = readV3Root(text, STORE, true, parseWhole);
    assert.deepEqual(index!.get("g")!.attributes, { v: 1 });
  });

  it("is still capped by maxMetadataBytes", async () => {
    const text = rootText({ g: group(`{"level":1}`) });
    await assert.rejects(ZarrHierarchy.open(await storeWith(text), { maxMetadataBytes: 100 }), (e) => e instanceof StoreError || e instanceof MetadataError);
  });

  it("without consolidated metadata or when told not to use it, reads the root alone", async () => {
    const plain = group(`{"a":1}`);
    assert.equal(readV3Root(plain, STORE, true, parseWhole).index, undefined);
    assert.equal(readV3Root(rootText({ g: group("{}") }), STORE, false, parseWhole).index, undefined);
  });
});
