/**
 * The v2 `.zmetadata` read by its outline (`readV2Consolidated`), as the v3 root is: its entries
 * are text ranges until their node is asked for, then parsed exactly; a bad entry fails naming its
 * key, only when asked for; a document of the wrong shape fails at open; node summaries (kind and
 * a few attributes) read no other entry.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MetadataError } from "../../../src/errors.js";
import { MemoryStore } from "../../../src/store/memory.js";
import { parseV2Consolidated, readV2Consolidated } from "../../../src/zarr/consolidated.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { parseJsonExact } from "../../../src/zarr/json-exact.js";
import { keyIndex, valueEndNoting } from "../../../src/zarr/json-scan.js";

const STORE = "v2-scan-store";
const encoder = new TextEncoder();

const zarray = (fill: string) =>
  `{"zarr_format":2,"shape":[3],"chunks":[3],"dtype":"<u8","fill_value":${fill},"order":"C","filters":null,"compressor":null}`;
const zgroup = `{"zarr_format":2}`;

/** A `.zmetadata` text listing `entries` (raw JSON texts by key). */
function zmetadata(entries: Record<string, string>, format = "1"): string {
  const md = Object.entries(entries).map(([k, v]) => `${JSON.stringify(k)} : ${v}`).join(",\n ");
  return ` {"metadata":{ ${md} }, "zarr_consolidated_format": ${format}} \n`;
}

const parseWhole = (text: string) => parseJsonExact(text, { store: STORE, path: "/.zmetadata" });

const ENTRIES = {
  ".zgroup": zgroup,
  ".zattrs": `{"neurodata_type":"NWBFile","namespace":"core"}`,
  "g/.zgroup": zgroup,
  "g/.zattrs": `{"description":"a \\"quoted\\" } brace","neurodata_type":"ProcessingModule"}`,
  "g/x/.zarray": zarray("18446744073709551615"),
  "g/x/.zattrs": `{"big":18446744073709551615}`,
  "g/nan/.zarray": zarray(`"NaN"`),
};

describe("v2 .zmetadata read by its outline", () => {
  it("gives the same nodes as parsing the whole document, big integers exact", () => {
    const text = zmetadata(ENTRIES);
    const scanned = readV2Consolidated(text, STORE, parseWhole);
    const whole = parseV2Consolidated(parseWhole(text), STORE);
    assert.deepEqual([...scanned.keys()].sort(), ["", "g", "g/nan", "g/x"]);
    for (const p of ["", "g", "g/x", "g/nan"]) assert.deepEqual(scanned.get(p), whole.get(p), p);
    assert.equal(scanned.get("g/x")!.attributes.big, 18446744073709551615n);
    assert.equal(scanned.get("g")!.attributes.description, `a "quoted" } brace`);
    assert.equal(scanned.get("g/x"), scanned.get("g/x"), "parsed once");
  });

  it("reads a node's kind and named attributes without parsing it; a node without a type has none", () => {
    const text = zmetadata({ ...ENTRIES, "g/bad/.zarray": `{"zarr_format":2, "shape": [1,, 2]}` });
    const docs = readV2Consolidated(text, STORE, parseWhole);
    const names = ["neurodata_type", "namespace"];
    assert.deepEqual(docs.summary("", names), { nodeType: "group", attributes: { neurodata_type: "NWBFile", namespace: "core" } });
    assert.deepEqual(docs.summary("g", names), { nodeType: "group", attributes: { neurodata_type: "ProcessingModule" } });
    assert.deepEqual(docs.summary("g/nan", names), { nodeType: "array", attributes: {} });
    // Its .zarray is not JSON, but a summary reads only the key's name and the .zattrs.
    assert.deepEqual(docs.summary("g/bad", names), { nodeType: "array", attributes: {} });
    assert.equal(docs.summary("nowhere", names), undefined);
  });

  it("a bad entry fails with a MetadataError naming its key and node, only when asked for", async () => {
    const text = zmetadata({ ...ENTRIES, "g/bad/.zarray": `{"zarr_format":2, "shape": [1,, 2]}`, "g/t/.zarray": zarray("0"), "g/t/.zattrs": `{"neurodata_type": nope}` });
    const store = new MemoryStore(undefined, STORE);
    await store.set(".zmetadata", encoder.encode(text));
    const h = await ZarrHierarchy.open(store);
    assert.ok(h.isConsolidated);
    assert.deepEqual(await h.listChildren("g"), ["bad", "nan", "t", "x"]);
    assert.equal((await h.requireNode("g/x")).nodeType, "array");
    await assert.rejects(h.getNode("g/bad"), (e) => e instanceof MetadataError && e.store === STORE && e.path === "/g/bad" && e.message.includes("'g/bad/.zarray'"));
    await assert.rejects(h.getNode("g/t"), (e) => e instanceof MetadataError && e.path === "/g/t" && e.message.includes("'g/t/.zattrs'"));
    assert.throws(
      () => h.consolidatedDocuments!.summary("g/t", ["neurodata_type"]),
      (e) => e instanceof MetadataError && e.path === "/g/t" && e.message.includes("'g/t/.zattrs'") && e.message.includes("'neurodata_type'"),
    );
    // An attributes entry that is not an object names its key too.
    const notObject = readV2Consolidated(zmetadata({ ...ENTRIES, "g/x/.zattrs": "[1]" }), STORE, parseWhole);
    assert.throws(() => notObject.summary("g/x", ["a"]), (e) => e instanceof MetadataError && e.message.includes("'g/x/.zattrs' in .zmetadata is not a JSON object"));
    assert.throws(() => notObject.get("g/x"), (e) => e instanceof MetadataError && e.message.includes("'g/x/.zattrs' in .zmetadata is not a JSON object"));
  });

  it("decodes escapes in names: the node path is the key's text", () => {
    // Keys written with escapes, as a writer that escapes everything beyond ASCII writes them.
    const text = String.raw`{"metadata":{".zgroup":${zgroup},"caf\u00e9/.zgroup":${zgroup},"caf\u00e9/\"q\"/.zarray":${zarray("0")},` +
      String.raw`"caf\u00e9/\"q\"/.zattrs":{"neurodata_type":"Ve\u0063torData"}},"zarr_consolidated_format":1}`;
    const docs = readV2Consolidated(text, STORE, parseWhole);
    assert.deepEqual([...docs.keys()].sort(), ["", "café", `café/"q"`]);
    assert.deepEqual(docs.summary(`café/"q"`, ["neurodata_type"]), { nodeType: "array", attributes: { neurodata_type: "VectorData" } });
    assert.deepEqual(docs.get(`café/"q"`)!.attributes, { neurodata_type: "VectorData" });
  });

  it("fails at open on a document of the wrong shape or one that does not scan, naming .zmetadata", () => {
    const cases = [
      zmetadata(ENTRIES, "2"), // unsupported format
      zmetadata(ENTRIES).replace(`, "zarr_consolidated_format": 1`, ""), // no format
      ` {"metadata": [], "zarr_consolidated_format": 1}`,
      ` {"zarr_consolidated_format": 1}`,
      zmetadata(ENTRIES).replace(/\}\s*$/, ""), // unbalanced
      zmetadata(ENTRIES) + "x", // text after the value
      zmetadata({ ...ENTRIES, ".zgroup": `{"zarr_format":3}` }), // a bad root
    ];
    for (const text of cases) {
      assert.throws(() => readV2Consolidated(text, STORE, parseWhole), (e) => e instanceof MetadataError && e.store === STORE && (e.path === "/.zmetadata" || e.path === "/"), text.slice(0, 60));
    }
  });

  it("keeps the last of a key listed twice, as JSON.parse does", () => {
    const text = zmetadata(ENTRIES).replace(`"metadata":{`, `"metadata":{"g/.zattrs": {"v":0},`).replace(`"g/.zattrs" : {`, `"g/.zattrs" : {"v":1,`);
    const docs = readV2Consolidated(text, STORE, parseWhole);
    assert.equal(docs.get("g")!.attributes.v, 1);
  });
});

describe("a node's members noted in one pass", () => {
  it("finds where named top-level members start, the last of a key listed twice, escaped spellings too", () => {
    const t = String.raw`{"attributes":{"node_type":"inner"}, "node\u005ftype" : "array", "data_type":"int32", "attributes" : {"a":1}} x`;
    const starts: number[] = [];
    const end = valueEndNoting(t, 0, ["node_type", "attributes"], starts);
    assert.equal(t.slice(end), " x");
    assert.equal(t.slice(starts[0], starts[0] + 7), `"array"`);
    assert.equal(t.slice(starts[1], starts[1] + 7), `{"a":1}`);
    const none: number[] = [];
    valueEndNoting(`{"shape":[1]}`, 0, ["node_type"], none);
    assert.deepEqual(none, [-1]);
    assert.equal(keyIndex(`"data_type"`, 1, 10, ["node_type", "data_type"]), 1);
    assert.equal(keyIndex(`"nope"`, 1, 5, ["node_type"]), -1);
  });
});
