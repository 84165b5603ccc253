/**
 * The v3 root `zarr.json` scanned while its bytes arrive (`V3RootStreamScan`): whatever the pieces,
 * opening from the scan gives the nodes, children and errors that scanning the whole text gives,
 * multi-byte characters cut between pieces included; a text the piecewise scan cannot follow is
 * left to the whole scan, which reports what is wrong.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MetadataError } from "../../../src/errors.js";
import { MemoryStore } from "../../../src/store/memory.js";
import { readV3Root } from "../../../src/zarr/consolidated.js";
import { ZarrHierarchy } from "../../../src/zarr/hierarchy.js";
import { parseJsonExact } from "../../../src/zarr/json-exact.js";
import { V3RootStreamScan, type ScannedV3Root } from "../../../src/zarr/v3-root-stream.js";

const STORE = "stream-store";
const encoder = new TextEncoder();
const parseWhole = (text: string) => parseJsonExact(text, { store: STORE, path: "/" });

const array = (note: string) =>
  `{"zarr_format":3,"node_type":"array","shape":[3],"data_type":"int32","chunk_grid":{"name":"regular","configuration":{"chunk_shape":[3]}},` +
  `"chunk_key_encoding":{"name":"default","configuration":{"separator":"/"}},"fill_value":0,"codecs":[{"name":"bytes","configuration":{"endian":"little"}}],` +
  `"attributes":{"note":"${note}"}}`; // the note's raw text, escapes as written
const group = (attrs: string) => `{"zarr_format":3,"node_type":"group","attributes":${attrs}}`;

/** A root document listing `entries` (raw key texts, escapes as written), with `after` members after the consolidated metadata. */
function rootText(entries: [string, string][], after = `,"node_type":"group"`): string {
  const md = entries.map(([k, v]) => `"${k}" : ${v}`).join(",\n ");
  return `\ufeff {"zarr_format":3,"attributes":{"title":"r\u00e9sum\u00e9 \u{1f600}"},"consolidated_metadata":{"kind":"inline","metadata":{ ${md} },"must_understand":false}${after}} \n`;
}

const ENTRIES: [string, string][] = [
  ["g", group(`{"level":1,"s":"} ] \\" {"}`)],
  ["/g/x", array("caf\u00e9 \u{1f600} \\u00e9")],
  ["g/y", array("plain")],
  ["h", group(`{"deep":[[[[[[[[1]]]]]]]]}`)],
  ["h/z\\u00e9", array("escaped key")],
];

/** `bytes` pushed in pieces of `size` bytes (the last one shorter), each scanned as it comes. */
function scanInPieces(bytes: Uint8Array, size: number): ScannedV3Root {
  const scan = new V3RootStreamScan({ scanChars: 1 });
  for (let i = 0; i < bytes.length; i += size) scan.push(bytes.subarray(i, i + size));
  return scan.end();
}

/** Every node of a hierarchy opened from `bytes`, and the children of each group. */
async function openedNodes(bytes: Uint8Array, scanned?: ScannedV3Root): Promise<unknown> {
  const store = new MemoryStore(undefined, STORE);
  await store.set("zarr.json", bytes);
  const h = await ZarrHierarchy.open(store, { scannedRoot: () => scanned });
  return h.walk().then((nodes) => [...nodes]);
}

describe("v3 root zarr.json scanned as it arrives", () => {
  const text = rootText(ENTRIES);
  const bytes = encoder.encode(text);

  it("gives the text and the entries of the whole scan, cut anywhere (multi-byte characters included)", () => {
    const whole = readV3Root(new TextDecoder().decode(bytes), STORE, true, parseWhole);
    for (const size of [1, 2, 3, 5, 7, 64, bytes.length]) {
      const scanned = scanInPieces(bytes, size);
      assert.equal(scanned.bytes, bytes.length);
      assert.ok(scanned.entries, `pieces of ${size}: the entries were scanned as they came`);
      let joined = 0;
      const streamed = readV3Root(() => (joined++, scanned.text()), STORE, true, parseWhole, scanned.entries);
      assert.deepEqual([...streamed.index!.keys()], ["", "g", "g/x", "g/y", "h", "h/z\u00e9"]);
      const names = ["note", "level"];
      for (const p of streamed.index!.keys()) {
        assert.deepEqual(streamed.index!.summary(p, names), whole.index!.summary(p, names), `summary of ${p}, pieces of ${size}`);
        assert.deepEqual(streamed.index!.get(p), whole.index!.get(p), `${p}, pieces of ${size}`);
      }
      assert.equal(streamed.index!.get("g/x")!.attributes.note, "caf\u00e9 \u{1f600} \u00e9");
      assert.equal(joined, 0, "opened and read without the whole text");
      // A search through the whole text joins it once; summaries then read it.
      assert.deepEqual(streamed.index!.pathsMentioning(["level"]).sort(), ["", "g"]);
      assert.equal(joined, 1);
      assert.deepEqual(streamed.index!.summary("g", names), { nodeType: "group", attributes: { level: 1 } });
      assert.equal(scanned.text(), new TextDecoder().decode(bytes), `pieces of ${size}`);
    }
  });

  it("opens the same hierarchy from the scan as from the bytes", async () => {
    const expected = await openedNodes(bytes);
    assert.deepEqual(await openedNodes(bytes, scanInPieces(bytes, 7)), expected);
    // A scan of other bytes is not used.
    assert.deepEqual(await openedNodes(bytes, scanInPieces(encoder.encode(rootText(ENTRIES.slice(0, 2))), 7)), expected);
  });

  it("lists children from the groups made while scanning, and again from the paths after a node is removed", async () => {
    const store = new MemoryStore(undefined, STORE);
    await store.set("zarr.json", bytes);
    const scanned = scanInPieces(bytes, 9);
    const h = await ZarrHierarchy.open(store, { scannedRoot: () => scanned });
    assert.deepEqual(await h.listChildren(""), ["g", "h"]);
    assert.deepEqual(await h.listChildren("g"), ["x", "y"]);
    await h.deleteNode("g/x");
    assert.deepEqual(await h.listChildren("g"), ["y"]);
    assert.deepEqual(await h.listChildren("h"), ["z\u00e9"]);
  });

  it("keeps the last of a key listed twice and a later metadata object, as JSON.parse does", () => {
    const twice = encoder.encode(rootText([["g", group(`{"v":0}`)], ["g", group(`{"v":1}`)]]));
    const scanned = scanInPieces(twice, 3);
    assert.deepEqual(readV3Root(scanned.text, STORE, true, parseWhole, scanned.entries).index!.get("g")!.attributes, { v: 1 });
    const later = encoder.encode(rootText([["g", group(`{"v":0}`)]]).replace(`,"must_understand":false`, `,"metadata":{"k":${group(`{"v":2}`)}}`));
    const again = scanInPieces(later, 5);
    assert.ok(again.entries, "the first metadata object was scanned as it came");
    const { index } = readV3Root(again.text, STORE, true, parseWhole, again.entries);
    assert.deepEqual([...index!.keys()], ["", "k"]);
    assert.deepEqual(index!.get("k")!.attributes, { v: 2 });
  });

  it("a bad entry still fails naming its node, only when asked for", async () => {
    const bad = encoder.encode(rootText([["g", group("{}")], ["g/bad", `{"zarr_format":3,"node_type":"array","shape":[1,,2]}`]]));
    const scanned = scanInPieces(bad, 4);
    assert.ok(scanned.entries);
    const { index } = readV3Root(scanned.text, STORE, true, parseWhole, scanned.entries);
    assert.equal(index!.get("g")!.nodeType, "group");
    assert.throws(() => index!.get("g/bad"), (e) => e instanceof MetadataError && e.store === STORE && e.path === "/g/bad");
  });

  it("leaves a text it cannot follow to the whole scan, which fails at open as before", async () => {
    const cases = [
      rootText(ENTRIES).replace(/\}\s*$/, ""), // unbalanced
      rootText(ENTRIES) + "x", // text after the value
      rootText(ENTRIES).replace(`"metadata":{`, `"metadata":{,`), // a bad member
      rootText(ENTRIES).replace(`"g" : {`, `"g" {`), // no ':'
    ];
    for (const text of cases) {
      const b = encoder.encode(text);
      const scanned = scanInPieces(b, 6);
      await assert.rejects(openedNodes(b, scanned), (e) => e instanceof MetadataError && e.path === "/", text.slice(0, 60));
    }
    // No consolidated metadata: nothing scanned as it came, the root read whole.
    const plain = scanInPieces(encoder.encode(group(`{"a":1}`)), 3);
    assert.equal(plain.entries, undefined);
    assert.equal(readV3Root(plain.text(), STORE, true, parseWhole, plain.entries).index, undefined);
  });
});
