/**
 * The MIME bundle of every dataset and group of the Python-written fixtures: the payload validates
 * against src/repr/mime-schema.json, survives JSON, and carries the values the file holds; the
 * HTML and text parts are there. Large trees are cut with counts of what is hidden.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { DatasetBuilder, GroupBuilder, LinkBuilder, ZarrDataset, ZarrIO } from "../../../src/index.js";
import {
  HDMF_ZARR_MIME, toMimeBundle, toPayload, type DatasetPayload, type GroupPayload, type LinkTreeEntry, type ReprPayload,
} from "../../../src/repr/index.js";
import { validate } from "./json-schema.js";
import { ZARR_V2_FIXTURES } from "../../helpers/fixture-paths.js";

const schema = JSON.parse(readFileSync(resolve(__dirname, "../../../src/repr/mime-schema.json"), "utf8"));
const fixtures = ZARR_V2_FIXTURES;
const FILES = ["ecephys_tutorial.nwb.zarr", "zarr_tutorial.nwb.zarr"];

function* walk(g: GroupBuilder): Generator<GroupBuilder | DatasetBuilder> {
  yield g;
  for (const d of g.datasets.values()) yield d;
  for (const c of g.groups.values()) yield* walk(c);
}

function assertValid(p: unknown, what: string): void {
  assert.deepEqual(validate(schema, p), [], `${what} validates against mime-schema.json`);
}

async function open(file: string): Promise<GroupBuilder> {
  return new ZarrIO(resolve(fixtures, file), "r").readBuilder();
}

describe("the schema validator used here", () => {
  test("rejects payloads that break the schema", async () => {
    const root = await open(FILES[0]);
    const good = (await toPayload(root.get("acquisition/ElectricalSeries/data") as DatasetBuilder)) as DatasetPayload;
    assertValid(good, "the dataset payload");
    const broken: [string, unknown][] = [
      ["wrong version", { ...good, version: 2 }],
      ["missing shape", { ...good, shape: undefined }],
      ["extra property", { ...good, extra: 1 }],
      ["negative dimension", { ...good, shape: [-1, 4] }],
      ["non-integer count", { ...good, attributeCount: 1.5 }],
      ["bad kind", { ...good, kind: "table" }],
      ["bad array facts", { ...good, array: { ...good.array, order: "X" } }],
    ];
    for (const [why, p] of broken) assert.notDeepEqual(validate(schema, JSON.parse(JSON.stringify(p))), [], why);
  });
});

for (const file of FILES) {
  test(`${file}: every dataset and group gives a bundle whose payload validates and survives JSON`, async () => {
    const root = await open(file);
    let count = 0;
    for (const node of walk(root)) {
      const bundle = await toMimeBundle(node);
      const payload = bundle[HDMF_ZARR_MIME];
      assert.deepEqual(Object.keys(bundle).sort(), [HDMF_ZARR_MIME, "text/html", "text/plain"]);
      assertValid(payload, `${file}:${node.path}`);
      assert.deepEqual(JSON.parse(JSON.stringify(payload)), payload, `${node.path}: nothing is lost through JSON`);
      assert.equal(payload.path, node.path);
      assert.equal(payload.kind, node instanceof DatasetBuilder ? "dataset" : node === root ? "store" : "group");
      assert.match(bundle["text/html"], /^<div style="[^"]+">/);
      assert.doesNotMatch(bundle["text/html"], /<style|<script|<svg/i);
      assert.ok(bundle["text/plain"].length > 0);
      count++;
    }
    assert.ok(count > 10, `${count} nodes shown`);
  });
}

test("a dataset payload carries the file's facts and its first values", async () => {
  const root = await open("ecephys_tutorial.nwb.zarr");
  const b = root.get("acquisition/ElectricalSeries/data") as DatasetBuilder;
  const p = (await toPayload(b)) as DatasetPayload;
  assert.equal(p.name, "data");
  assert.equal(p.dtype, "float64");
  assert.deepEqual(p.shape, [50, 4]);
  assert.deepEqual(p.attributes, { conversion: 1, offset: 0, resolution: -1, unit: "volts" });
  assert.deepEqual(p.store, { location: resolve(fixtures, "ecephys_tutorial.nwb.zarr"), zarrFormat: 2, type: "LocalStore (read-only)" });
  const a = p.array!;
  assert.deepEqual(
    { ...a, nbytesStored: undefined },
    {
      zarrFormat: 2, dataType: "float64", storedDataType: "<f8", fillValue: 0, shape: [50, 4], chunkShape: [50, 4], shardShape: null,
      order: "C", readOnly: true, filters: [], serializer: "bytes(endian='little')",
      compressors: ["blosc(blocksize=0, clevel=5, cname='lz4', shuffle=1)"], chunkCount: 1, nbytes: 1600,
      nbytesStored: undefined, chunksInitialized: 1,
    },
  );
  const all = await (b.data as ZarrDataset).get();
  const values = all.data as Float64Array;
  const expected = Array.from({ length: 10 }, (_, i) => Array.from(values.subarray(i * 4, i * 4 + 4)));
  assert.ok(!("error" in p.preview!));
  assert.deepEqual(p.preview, { selection: "[0:10, 0:4]", shape: [10, 4], values: expected, truncated: true });
});

test("a 100-chunk dataset shows its chunk count from the listing and a 10×10 corner", async () => {
  const root = await open("zarr_tutorial.nwb.zarr");
  const p = (await toPayload(root.get("acquisition/synthetic_timeseries/data") as DatasetBuilder)) as DatasetPayload;
  const chunkFiles = readdirSync(resolve(fixtures, "zarr_tutorial.nwb.zarr/acquisition/synthetic_timeseries/data")).filter((f) => /^\d+\.\d+$/.test(f));
  assert.equal(p.array!.chunkCount, 100);
  assert.equal(p.array!.chunksInitialized, chunkFiles.length);
  assert.ok(p.preview && !("error" in p.preview));
  assert.deepEqual(p.preview.shape, [10, 10]);
  assert.equal(p.preview.selection, "[0:10, 0:10]");
});

test("pickled references give a preview error that says what to do, not a failure", async () => {
  const root = await open("ecephys_tutorial.nwb.zarr");
  const bundle = await toMimeBundle(root.get("general/extracellular_ephys/electrodes/group") as DatasetBuilder);
  const p = bundle[HDMF_ZARR_MIME] as DatasetPayload;
  assert.ok(p.preview && "error" in p.preview);
  assert.match(p.preview.error, /allowPickle/);
  assert.equal(p.array!.serializer, "pickle(protocol=4)");
  assert.match(bundle["text/html"], /could not be read/);
});

test("the file payload: type, counts, links and the values of scalar datasets", async () => {
  const root = await open("ecephys_tutorial.nwb.zarr");
  const bundle = await toMimeBundle(root);
  const p = bundle[HDMF_ZARR_MIME] as GroupPayload;
  assert.equal(p.kind, "store");
  assert.equal(p.name, "ecephys_tutorial.nwb.zarr");
  assert.deepEqual(p.type, { name: "NWBFile", namespace: "core" });
  assert.deepEqual(p.counts, { groups: 6, datasets: 5, links: 0 });
  let total = 0;
  for (const g of walk(root)) if (g instanceof GroupBuilder) total += g.groups.size + g.datasets.size + g.links.size;
  assert.deepEqual(p.nodes, { total, shown: total });
  const byName = Object.fromEntries(p.children.map((c) => [c.name, c]));
  assert.deepEqual(p.children.map((c) => c.name), [
    "acquisition", "analysis", "general", "processing", "stimulus", "units",
    "file_create_date", "identifier", "session_description", "session_start_time", "timestamps_reference_time",
  ]);
  assert.equal((byName.identifier as { value?: unknown }).value, "EXAMPLE_ID");
  assert.deepEqual((byName.session_start_time as { value?: unknown }).value, { $type: "bytes", length: 32, text: "2022-12-21T12:02:40.489505-08:00" });
  const shank0 = root.get("general/extracellular_ephys/shank0") as GroupBuilder;
  const shankPayload = (await toPayload(shank0)) as GroupPayload;
  assert.equal(shankPayload.kind, "group");
  const link = shankPayload.children[0] as LinkTreeEntry;
  assert.deepEqual(link, { kind: "link", name: "device", path: "/general/extracellular_ephys/shank0/device", target: "/general/devices/array", targetKind: "group", targetSource: null });
  assert.match(bundle["text/plain"], /identifier {2}scalar text {2}= 'EXAMPLE_ID'/);
  assert.match(bundle["text/plain"], /device → \/general\/devices\/array {2}\(link\)/);
  // A LinkBuilder shows its target.
  const viaLink = await toPayload(shank0.links.get("device") as LinkBuilder);
  assert.equal(viaLink.path, "/general/devices/array");
});

test("a large tree is cut breadth-first with counts of what is hidden", async () => {
  const groups = Array.from({ length: 30 }, (_, i) =>
    new GroupBuilder(`g${String(i).padStart(2, "0")}`, {
      datasets: Array.from({ length: 30 }, (_, j) => new DatasetBuilder(`d${String(j).padStart(2, "0")}`, [j, j + 1], { dtype: "int32" })),
    }));
  const root = new GroupBuilder("root", { groups, attributes: { neurodata_type: "NWBFile" } });
  const bundle = await toMimeBundle(root, { maxNodes: 100, maxChildren: 20 });
  const p = bundle[HDMF_ZARR_MIME] as GroupPayload;
  assertValid(p, "the truncated tree");
  assert.deepEqual(p.nodes, { total: 30 + 30 * 30, shown: 100 });
  // Level 1 first: 20 of the 30 groups (maxChildren), then 20 datasets of each of the first 4 groups.
  assert.equal(p.children.length, 20);
  assert.equal(p.hiddenChildren, 10);
  const listed = p.children.map((c) => (c.kind === "group" ? [c.children.length, c.hiddenChildren] : null));
  assert.deepEqual(listed.slice(0, 5), [[20, 10], [20, 10], [20, 10], [20, 10], [0, 30]]);
  assert.match(bundle["text/html"], /… 10 more entries not shown/);
  assert.match(bundle["text/html"], /The listing stops at 100 of 930 nodes; 830 are not shown\./);
  assert.match(bundle["text/plain"], /\(830 of 930 nodes not shown\)/);
  // In-memory datasets show their values inline and as payload values.
  const first = p.children[0];
  assert.ok(first.kind === "group");
  assert.deepEqual(first.children[1], { kind: "dataset", name: "d01", path: "/g00/d01", type: null, dtype: "int32", shape: [2], dims: null, value: [1, 2] });
  const ds = (await toPayload(root.get("g00/d01") as DatasetBuilder)) as ReprPayload;
  assertValid(ds, "an in-memory dataset");
  assert.deepEqual((ds as DatasetPayload).preview, { selection: "[0:2]", shape: [2], values: [1, 2], truncated: false });
  assert.equal((ds as DatasetPayload).array, null);
});

test("toPayload refuses what it cannot show with a typed error", async () => {
  await assert.rejects(toPayload(42 as never), { name: "InvalidArgumentError", message: /cannot display number/ });
});
