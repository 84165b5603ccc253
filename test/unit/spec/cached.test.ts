/**
 * Namespaces cached in a file (read with ZarrIO.loadNamespaces from a pynwb-written fixture) load into
 * a catalog, agree with the bundled schemas on common types, keep their own versions beside the
 * bundled ones, and write back (toCached) as they were read.
 */
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { before, describe, it } from "node:test";
import { SpecError, ZarrIO, type CachedNamespace } from "../../../src/index.js";
import {
  DatasetSpec, GroupSpec, MissingNamespaceError, NamespaceCatalog, RefSpec, loadBundledNamespaces, readCachedNamespaces, storageDtypeName, type TypeSpec,
} from "../../../src/spec/index.js";
import { ECEPHYS_FIXTURE } from "../../helpers/fixture-paths.js";

const FIXTURE = ECEPHYS_FIXTURE;

let cached: CachedNamespace[];
before(async () => {
  cached = await ZarrIO.loadNamespaces(FIXTURE);
});

/** The facts both schema versions share, as plain values. */
function facts(c: NamespaceCatalog, options: { version?: string } = {}) {
  const es = c.getSpec("core", "ElectricalSeries", options) as GroupSpec;
  const ts = c.getSpec("core", "TimeSeries", options) as GroupSpec;
  const vi = c.getSpec("core", "VectorIndex") as DatasetSpec;
  return {
    esDatasets: es.datasets.map((d) => d.name),
    esData: [es.getDataset("data")!.dtype, es.getDataset("data")!.getAttribute("unit")!.value],
    // hdmf-common 1.5.1 writes `int`, 1.10.0 `int32`: synonyms, compared by their storage name.
    electrodes: [es.getDataset("electrodes")!.typeInc, storageDtypeName(es.getDataset("electrodes")!.dtype as string)],
    rate: ts.getDataset("starting_time")!.getAttribute("rate")!.dtype,
    timestamps: [ts.getDataset("timestamps")!.dtype, ts.getDataset("timestamps")!.quantity],
    viTarget: (vi.getAttribute("target")!.dtype as RefSpec).targetType,
    unitsHierarchy: c.getHierarchy("Units", "core", options),
    esHierarchy: c.getHierarchy("ElectricalSeries", "core", options),
  };
}

describe("namespaces cached in a file", () => {
  it("ZarrIO.loadNamespaces gives core 2.5.0, hdmf-common 1.5.1 and hdmf-experimental 0.2.0", () => {
    assert.deepEqual(cached.map((c) => [c.name, c.version]).sort(), [["core", "2.5.0"], ["hdmf-common", "1.5.1"], ["hdmf-experimental", "0.2.0"]]);
  });

  it("load into a catalog in include order, with core 2.5.0 and its types", () => {
    const catalog = new NamespaceCatalog();
    const added = catalog.addCached(cached);
    // core and hdmf-experimental include hdmf-common, so it is added first whatever the input order.
    assert.equal(added[0].name, "hdmf-common");
    assert.deepEqual(added.map((n) => n.name).sort(), ["core", "hdmf-common", "hdmf-experimental"]);
    assert.equal(catalog.getNamespace("core").version, "2.5.0");
    assert.equal(catalog.getNamespace("core").style, "neurodata_type");
    for (const t of ["ElectricalSeries", "ElectrodeGroup", "NWBFile", "Units", "LFP", "TimeSeries"]) {
      assert.ok(catalog.getTypes("core", { own: true }).includes(t), t);
    }
    const es = catalog.getSpec("core", "ElectricalSeries") as GroupSpec;
    assert.equal(es.typeDef, "ElectricalSeries");
    assert.equal((catalog.getSpec("core", "NWBFile") as GroupSpec).getAttribute("nwb_version")!.value, "2.5.0");
    assert.deepEqual(catalog.getTypeSource("core", "DynamicTable"), { namespace: "hdmf-common", version: "1.5.1", source: "table" });
    assert.deepEqual(catalog.warnings, []);
  });

  it("the cached 2.5.0 and bundled 2.11.0 core agree on common types", async () => {
    const fromFile = new NamespaceCatalog();
    fromFile.addCached(cached);
    const bundled = await loadBundledNamespaces();
    const a = facts(fromFile);
    assert.deepEqual(a, facts(bundled));
    assert.deepEqual(a.esDatasets, ["data", "starting_time", "timestamps", "control", "control_description", "electrodes", "channel_conversion"]);
    assert.deepEqual(a.electrodes, ["DynamicTableRegion", "int32"]);
    assert.equal(a.rate, "float32");
    assert.equal((fromFile.getSpec("core", "DynamicTableRegion") as DatasetSpec).dtype, "int");
  });

  it("a catalog keeps both versions; the newest is active and the cached one is reachable by version", async () => {
    const catalog = await loadBundledNamespaces();
    catalog.addCached(cached);
    assert.deepEqual(catalog.getVersions("core"), ["2.11.0", "2.5.0"]);
    assert.equal(catalog.getNamespace("core").version, "2.11.0");
    assert.equal(catalog.getNamespace("core", { version: "2.5.0" }).version, "2.5.0");
    const old = catalog.getSpec("core", "NWBFile", { version: "2.5.0" }) as GroupSpec;
    assert.equal(old.getAttribute("nwb_version")!.value, "2.5.0");
    // The cached core's include of hdmf-common resolved to the hdmf-common cached with it.
    assert.deepEqual(catalog.getTypeSource("core", "DynamicTable", { version: "2.5.0" }), { namespace: "hdmf-common", version: "1.5.1", source: "table" });
    assert.deepEqual(facts(catalog, { version: "2.5.0" }).esDatasets, facts(catalog).esDatasets);
    // 2.11.0 has types 2.5.0 lacks.
    assert.ok(catalog.getTypes("core").includes("EventsTable"));
    assert.ok(!catalog.getTypes("core", { version: "2.5.0" }).includes("EventsTable"));
  });

  it("prefer: first keeps the first version added active, as hdmf does", async () => {
    const catalog = new NamespaceCatalog({ prefer: "first" });
    catalog.addCached(cached);
    await loadBundledNamespaces(catalog);
    assert.equal(catalog.getNamespace("core").version, "2.5.0");
    assert.equal(catalog.getNamespace("hdmf-common").version, "1.5.1");
    assert.deepEqual(catalog.getVersions("hdmf-common"), ["1.5.1", "1.10.0"]);
  });

  it("adding the same versions again is a no-op with a warning", () => {
    const catalog = new NamespaceCatalog();
    catalog.addCached(cached);
    assert.deepEqual(catalog.addCached(cached), []);
    assert.equal(catalog.warnings.length, 3);
    assert.match(catalog.warnings[0], /already loaded/);
  });

  it("toCached gives back what was read: the namespace document and every source", () => {
    const catalog = new NamespaceCatalog();
    catalog.addCached(cached);
    for (const c of cached) {
      const out = catalog.toCached(c.name);
      assert.equal(out.version, c.version);
      assert.deepEqual(Object.keys(out.documents).sort(), Object.keys(c.documents).sort());
      assert.deepEqual(out.documents, c.documents);
    }
  });

  it("the resolved specs write back to the schema language with the namespace's own spelling", () => {
    const catalog = new NamespaceCatalog();
    catalog.addCached(cached);
    const raw = (catalog.getUnresolvedSpec("core", "ElectricalSeries") as TypeSpec).toSchema("neurodata_type");
    const source = (cached.find((c) => c.name === "core")!.documents["nwb.ecephys"] as { groups: Record<string, unknown>[] }).groups
      .find((g) => g.neurodata_type_def === "ElectricalSeries")!;
    assert.deepEqual(normalise(raw), normalise(source));
  });

  it("a damaged cache gives typed errors naming the cached document, never a crash", () => {
    const core = cached.find((c) => c.name === "core")!;
    const damaged = (documents: Record<string, unknown>): CachedNamespace[] => [{ ...core, documents: { ...core.documents, ...documents } }];
    const cases: [Record<string, unknown>, RegExp, string][] = [
      [{ namespace: "not json object" }, /the cached 'namespace' document must be a mapping/, "cache:core/2.5.0/namespace"],
      [{ namespace: { namespaces: [] } }, /a namespace must be a mapping/, "cache:core/2.5.0/namespace"],
      [{ "nwb.base": { groups: "x" } }, /'groups' must be a list/, "cache:core/2.5.0/nwb.base"],
      [{ "nwb.base": { groups: [{ neurodata_type_def: "X", doc: "", attributes: [null] }] } }, /an attribute spec must be a mapping/, "cache:core/2.5.0/nwb.base"],
      [{ "nwb.retinotopy": { groups: [{ neurodata_type_def: "Y", neurodata_type_inc: "Nope", doc: "" }] } }, /includes type 'Nope'/, "cache:core/2.5.0/nwb.retinotopy"],
    ];
    for (const [docs, message, store] of cases) {
      const catalog = new NamespaceCatalog();
      catalog.addCached(cached.filter((c) => c.name === "hdmf-common"));
      assert.throws(() => catalog.addCached(damaged(docs)), (e: unknown) => {
        assert.ok(e instanceof SpecError, String(e));
        assert.match(e.message, message);
        assert.equal(e.store, store);
        return true;
      });
      assert.ok(!catalog.has("core"));
    }
    const missing = { ...core, documents: Object.fromEntries(Object.entries(core.documents).filter(([k]) => k !== "nwb.file")) };
    assert.throws(() => new NamespaceCatalog().addCached([cached.find((c) => c.name === "hdmf-common")!, missing]), /source 'nwb.file' of namespace 'core' was not found/);
    assert.throws(() => new NamespaceCatalog().addCached([core]), MissingNamespaceError);
  });

  it("readCachedNamespaces names each source by its cache location", () => {
    const loaded = readCachedNamespaces(cached);
    const core = loaded.find((l) => l.namespace.name === "core")!;
    assert.equal(core.origin, "cache:core/2.5.0");
    assert.equal(core.locations!["nwb.ecephys"], "cache:core/2.5.0/nwb.ecephys");
    assert.deepEqual(core.namespace.sources.map((s) => s.source).slice(0, 2), ["nwb.base", "nwb.device"]);
  });
});

/** JSON with sorted keys, so key order does not matter. */
function normalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, normalise(x)]));
  }
  return v;
}
