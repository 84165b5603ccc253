/**
 * The store browser's path index over consolidated metadata (either format): a path filter is
 * answered from the node paths of the document's outline, and only the hits it returns have their
 * kind and type read (from a summary of their metadata, not a parse); links come from the groups
 * whose attributes list them; a hit with bad metadata fails naming its node; 100,000 nodes index
 * within a memory bound.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MetadataError } from "../../../src/errors.js";
import { ZarrStoreProvider } from "../../../src/extension/provider/zarr-provider.js";
import type { ReadableStore } from "../../../src/store/browser.js";

const encoder = new TextEncoder();

/** A read-only store of the given documents (text by key), counting the reads. */
function storeOf(docs: Record<string, string>): ReadableStore & { reads: string[] } {
  const reads: string[] = [];
  return {
    description: "index-store",
    reads,
    async get(key: string) {
      reads.push(key);
      return key in docs ? encoder.encode(docs[key]) : undefined;
    },
  };
}

const v3Array = (attrs: string) =>
  `{"zarr_format":3,"node_type":"array","shape":[3],"data_type":"int32","chunk_grid":{"name":"regular","configuration":{"chunk_shape":[3]}},` +
  `"chunk_key_encoding":{"name":"default","configuration":{"separator":"/"}},"fill_value":0,"codecs":[{"name":"bytes","configuration":{"endian":"little"}}],"attributes":${attrs}}`;
const v3Group = (attrs: string) => `{"zarr_format":3,"node_type":"group","attributes":${attrs}}`;

function v3Root(entries: Record<string, string>): string {
  const md = Object.entries(entries).map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",");
  return `{"zarr_format":3,"node_type":"group","attributes":{"neurodata_type":"NWBFile","namespace":"core"},"consolidated_metadata":{"kind":"inline","must_understand":false,"metadata":{${md}}}}`;
}

const ENTRIES = {
  acquisition: v3Group(`{"_LINKS":[{"name":"raw","source":".","path":"/data/ts"}]}`),
  data: v3Group(`{"description":"the \\"_LINKS\\" word in a value lists no link"}`),
  "data/ts": v3Group(`{"neurodata_type":"TimeSeries","namespace":"core","comments":"no comments"}`),
  "data/ts/data": v3Array(`{"unit":"V"}`),
  "data/refs": v3Array(`{"_DTYPE":"object_reference","neurodata_type":"VectorData"}`),
  "data/caf\u00e9 \"x\"": v3Array(`{"neurodata_type":"Ve\\u0063torData"}`),
};
/** The entries and a node whose attributes are not JSON. */
const WITH_BAD = { ...ENTRIES, "data/bad": v3Array(`{"neurodata_type": nope}`) };

describe("path index of the store browser", () => {
  it("answers a path filter with each hit's kind and type; a node without a type has none", async () => {
    const provider = await ZarrStoreProvider.open(storeOf({ "zarr.json": v3Root(ENTRIES) }), { location: "mem" });
    assert.deepEqual(await provider.search({ text: "ts", limit: 100 }), [
      { path: "/data/ts", kind: "group", type: { name: "TimeSeries", namespace: "core" } },
      { path: "/data/ts/data", kind: "dataset", type: null },
    ]);
    assert.deepEqual(await provider.search({ text: "REFS" }), [{ path: "/data/refs", kind: "reference", type: { name: "VectorData", namespace: null } }]);
    assert.deepEqual(await provider.search({ text: "café" }), [{ path: `/data/café "x"`, kind: "dataset", type: { name: "VectorData", namespace: null } }]);
  });

  it("lists links from the groups whose attributes list them, not from a value that names the attribute", async () => {
    const provider = await ZarrStoreProvider.open(storeOf({ "zarr.json": v3Root(ENTRIES) }), { location: "mem" });
    assert.deepEqual(await provider.search({ text: "raw" }), [{ path: "/acquisition/raw", kind: "link", type: null }]);
    assert.deepEqual((await provider.search({ text: "acq" })).map((h) => h.path), ["/acquisition", "/acquisition/raw"]);
  });

  it("a hit whose metadata is bad fails the search with a MetadataError naming its node; other filters still answer", async () => {
    const provider = await ZarrStoreProvider.open(storeOf({ "zarr.json": v3Root(WITH_BAD) }), { location: "mem" });
    await assert.rejects(provider.search({ text: "bad" }), (e) => e instanceof MetadataError && e.path === "/data/bad" && e.message.includes("'neurodata_type'"));
    assert.deepEqual((await provider.search({ text: "ts/" })).map((h) => h.path), ["/data/ts/data"]);
  });

  it("filters by type, reading the types of the paths the text matches", async () => {
    const provider = await ZarrStoreProvider.open(storeOf({ "zarr.json": v3Root(ENTRIES) }), { location: "mem" });
    assert.deepEqual((await provider.search({ text: "a/", type: "vector" })).map((h) => h.path), ["/data/café \"x\"", "/data/refs"].sort());
  });

  it("indexes a v2 .zmetadata the same way", async () => {
    const zarray = `{"zarr_format":2,"shape":[3],"chunks":[3],"dtype":"<i4","fill_value":0,"order":"C","filters":null,"compressor":null}`;
    const md = {
      ".zgroup": `{"zarr_format":2}`, ".zattrs": `{"neurodata_type":"NWBFile"}`,
      "g/.zgroup": `{"zarr_format":2}`, "g/.zattrs": `{"zarr_link":[{"name":"alias","source":".","path":"/g/x"}]}`,
      "g/x/.zarray": zarray, "g/x/.zattrs": `{"neurodata_type":"TimeSeries","namespace":"core"}`,
      "g/r/.zarray": zarray, "g/r/.zattrs": `{"zarr_dtype":"object"}`,
      "g/plain/.zarray": zarray,
    };
    const text = `{"metadata":{${Object.entries(md).map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}},"zarr_consolidated_format":1}`;
    const store = storeOf({ ".zmetadata": text });
    const provider = await ZarrStoreProvider.open(store, { location: "mem" });
    assert.equal(provider.zarrFormat, 2);
    assert.deepEqual(await provider.search({ text: "g/" }), [
      { path: "/g/alias", kind: "link", type: null },
      { path: "/g/plain", kind: "dataset", type: null },
      { path: "/g/r", kind: "reference", type: null },
      { path: "/g/x", kind: "dataset", type: { name: "TimeSeries", namespace: "core" } },
    ]);
    assert.deepEqual([...new Set(store.reads)].sort(), [".zmetadata", "zarr.json"], "no document but the consolidated one read");
  });

  it("indexes 100,000 nodes of a v2 store within a memory bound, and finds a filter's hits among them", async () => {
    const zarray = `{"zarr_format":2,"shape":[3],"chunks":[3],"dtype":"<i4","fill_value":0,"order":"C","filters":null,"compressor":null}`;
    const parts = [`".zgroup":{"zarr_format":2}`];
    for (let g = 0; g < 100; g++) {
      parts.push(`"g${g}/.zgroup":{"zarr_format":2}`, `"g${g}/.zattrs":{"neurodata_type":"ProcessingModule"}`);
      for (let d = 0; d < 999; d++) parts.push(`"g${g}/d${d}/.zarray":${zarray}`, `"g${g}/d${d}/.zattrs":{"unit":"n"}`);
    }
    const text = `{"metadata":{${parts.join(",")}},"zarr_consolidated_format":1}`;
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    const provider = await ZarrStoreProvider.open(storeOf({ ".zmetadata": text }), { location: "mem" });
    const hits = await provider.search({ text: "d42", limit: 100_000 });
    const grown = process.memoryUsage().heapUsed - before;
    // d42 and d420…d429 in each of the 100 groups.
    assert.equal(hits.length, 100 * 11);
    assert.deepEqual(hits[0], { path: "/g0/d42", kind: "dataset", type: null });
    assert.deepEqual((await provider.search({ text: "g7", type: "processing" })).map((h) => h.path), ["/g7", "/g70", "/g71", "/g72", "/g73", "/g74", "/g75", "/g76", "/g77", "/g78", "/g79"]);
    // The text (about 20 MB as UTF-16 at most) plus the outline and the index; parsing every node would take several times more.
    assert.ok(grown < 400 * 2 ** 20, `heap grew by ${(grown / 2 ** 20).toFixed(0)} MiB`);
  });
});
