/**
 * Loading schemas from YAML files on disk (an ndx-style extension on top of the bundled core, sources
 * with and without extension) and over HTTP (the bundle served by a real local server), and the typed
 * errors for bad YAML, missing files and failed requests.
 */
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join, normalize } from "node:path";
import { after, before, describe, it } from "node:test";
import { SpecError } from "../../../src/errors.js";
import { tempFolder } from "../../helpers/temp-folders.js";
import {
  DatasetSpec, GroupSpec, MissingNamespaceError, NamespaceCatalog, SpecSyntaxError, bundledSchemaDir, loadBundledNamespaces,
  loadBundledNamespacesFrom, loadNamespaceFile, parseSchemaText, readNamespaceFileFromDisk, urlSpecReader,
} from "../../../src/spec/index.js";

const dir = tempFolder("spec-loading");
after(() => rmSync(dir, { recursive: true, force: true }));

const NAMESPACE = `namespaces:
- name: ndx-probe
  doc: Probe extension
  author: [A. Person]
  contact: [a@example.org]
  version: 0.2.0
  schema:
  - namespace: core
    neurodata_types: [ElectricalSeries, Device]
  - source: ndx-probe.extensions
`;

const EXTENSIONS = `groups:
- neurodata_type_def: ProbeSeries
  neurodata_type_inc: ElectricalSeries
  doc: Voltages recorded on a probe.
  attributes:
  - name: probe_model
    dtype: text
    doc: The model.
  datasets:
  - name: data
    dtype: int16
    doc: Raw samples.
  links:
  - name: probe
    target_type: Device
    doc: The probe.
`;

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("loading YAML files", () => {
  it("loads an extension that includes core types, with a source named without extension", async () => {
    const path = write("ndx-probe.namespace.yaml", NAMESPACE);
    write("ndx-probe.extensions.yaml", EXTENSIONS);
    const catalog = await loadBundledNamespaces();
    await loadNamespaceFile(path, catalog);
    assert.equal(catalog.getNamespace("ndx-probe").version, "0.2.0");
    assert.deepEqual(catalog.getTypes("ndx-probe", { own: true }), ["ProbeSeries"]);
    // The type list pulled in ElectricalSeries and everything it depends on, not all of core.
    const types = catalog.getTypes("ndx-probe");
    for (const t of ["ElectricalSeries", "TimeSeries", "NWBDataInterface", "DynamicTableRegion", "VectorData", "Device"]) assert.ok(types.includes(t), t);
    assert.ok(!types.includes("Units"));
    assert.deepEqual(catalog.getHierarchy("ProbeSeries"), ["ProbeSeries", "ElectricalSeries", "TimeSeries", "NWBDataInterface", "NWBContainer", "Container"]);
    const spec = catalog.getSpec("ndx-probe", "ProbeSeries") as GroupSpec;
    const data = spec.getDataset("data")!;
    assert.equal(data.dtype, "int16");
    assert.equal(data.getAttribute("unit")!.value, "volts"); // from ElectricalSeries
    assert.equal(data.getAttribute("conversion")!.dtype, "float32"); // from TimeSeries
    assert.equal(spec.getDataset("electrodes")!.typeInc, "DynamicTableRegion");
    assert.deepEqual(spec.attributes.map((a) => a.name), ["description", "comments", "filtering", "probe_model"]);
    assert.equal(spec.getLink("probe")!.targetType, "Device");
    // Written back for a file's spec cache: the source keeps its name, the namespace its NWB spelling.
    const cached = catalog.toCached("ndx-probe");
    assert.deepEqual(Object.keys(cached.documents), ["namespace", "ndx-probe.extensions"]);
    const ns = (cached.documents.namespace as { namespaces: { schema: unknown[] }[] }).namespaces[0];
    assert.deepEqual(ns.schema, [{ namespace: "core", neurodata_types: ["ElectricalSeries", "Device"] }, { source: "ndx-probe.extensions" }]);
  });

  it("reads sources written with their .yaml extension, and files with several namespaces", async () => {
    write("pair.namespace.yaml", `namespaces:
- name: first
  version: '1.0'
  schema:
  - source: first.types.yaml
- name: second
  version: '1.0'
  schema:
  - namespace: first
  - source: second.types.yaml
`);
    write("first.types.yaml", "datasets:\n- data_type_def: Thing\n  doc: a thing\n  dtype: float\n");
    write("second.types.yaml", "datasets:\n- data_type_def: Other\n  data_type_inc: Thing\n  doc: another\n");
    const loaded = await readNamespaceFileFromDisk(join(dir, "pair.namespace.yaml"));
    assert.deepEqual(loaded.map((l) => l.namespace.name), ["first", "second"]);
    assert.equal(loaded[0].locations!["first.types"], join(dir, "first.types.yaml").split("\\").join("/"));
    const catalog = new NamespaceCatalog();
    catalog.add(loaded);
    assert.equal((catalog.getSpec("second", "Other") as DatasetSpec).dtype, "float");
    assert.equal(catalog.getNamespace("first").style, "data_type");
  });

  it("an extension loaded alone names the namespace it needs", async () => {
    await assert.rejects(loadNamespaceFile(join(dir, "ndx-probe.namespace.yaml")), (e: unknown) => {
      assert.ok(e instanceof MissingNamespaceError);
      assert.equal(e.namespace, "core");
      assert.match(e.message, /namespace 'ndx-probe' includes namespace 'core', which is not loaded/);
      return true;
    });
  });

  it("bad YAML is a SpecSyntaxError naming the file and the line", async () => {
    const path = write("broken.namespace.yaml", "namespaces:\n- name: broken\n  schema: [\n    - source: x\n");
    await assert.rejects(loadNamespaceFile(path), (e: unknown) => {
      assert.ok(e instanceof SpecSyntaxError);
      assert.equal(e.store, normalize(path).split("\\").join("/"));
      assert.match(e.message, /not valid YAML: .*line \d+/s);
      return true;
    });
    assert.throws(() => parseSchemaText("a: 1\na: 2\n", "dup.yaml"), (e: unknown) => e instanceof SpecSyntaxError && /Map keys must be unique/.test(e.message));
    const badSource = write("bad-source.namespace.yaml", "namespaces:\n- name: bs\n  schema:\n  - source: bs.types\n");
    write("bs.types.yaml", "groups:\n  - data_type_def: X\n    doc: [unclosed\n");
    await assert.rejects(loadNamespaceFile(badSource), (e: unknown) => e instanceof SpecSyntaxError && e.store!.endsWith("bs.types.yaml"));
  });

  it("structural mistakes and missing files are SpecSyntaxErrors with the file and spec path", async () => {
    const path = write("shape.namespace.yaml", "namespaces:\n- name: sh\n  schema:\n  - source: sh.types\n");
    write("sh.types.yaml", "groups:\n- data_type_def: G\n  doc: g\n  datasets:\n  - name: d\n    doc: d\n    quantity: many\n");
    await assert.rejects(loadNamespaceFile(path), (e: unknown) => e instanceof SpecSyntaxError && e.path === "G/d" && /quantity "?.*many/.test(e.message));
    const missing = write("missing.namespace.yaml", "namespaces:\n- name: ms\n  schema:\n  - source: nowhere\n");
    await assert.rejects(loadNamespaceFile(missing), (e: unknown) => e instanceof SpecSyntaxError && /source 'nowhere' of namespace 'ms' not found/.test(e.message) && e.store!.endsWith("nowhere.yaml"));
    await assert.rejects(loadNamespaceFile(join(dir, "absent.namespace.yaml")), (e: unknown) => e instanceof SpecSyntaxError && /namespace file not found/.test(e.message));
    const empty = write("empty.namespace.yaml", "# nothing\n");
    await assert.rejects(loadNamespaceFile(empty), /declares no namespaces/);
  });
});

describe("loading over HTTP", () => {
  let server: Server;
  let base: string;
  before(async () => {
    const root = bundledSchemaDir();
    server = createServer((req, res) => {
      const rel = decodeURIComponent(new URL(req.url!, "http://x").pathname).replace(/^\/schemas\//, "");
      if (rel === "fail") {
        res.writeHead(500).end("no");
        return;
      }
      try {
        const body = readFileSync(join(root, normalize(rel).replace(/^(\.\.[/\\])+/, "")));
        res.writeHead(200, { "content-type": "text/yaml" }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    base = `http://127.0.0.1:${port}/schemas`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("loads the bundled schemas from a URL, the same as from disk", async () => {
    const overHttp = await loadBundledNamespacesFrom(urlSpecReader(base));
    const fromDisk = await loadBundledNamespaces();
    assert.deepEqual(overHttp.namespaces, fromDisk.namespaces);
    assert.deepEqual(overHttp.getTypes("core"), fromDisk.getTypes("core"));
    assert.deepEqual(
      (overHttp.getSpec("core", "ElectricalSeries") as GroupSpec).toSchema("neurodata_type"),
      (fromDisk.getSpec("core", "ElectricalSeries") as GroupSpec).toSchema("neurodata_type"),
    );
  });

  it("a missing file reads as absent; a server error is a SpecError naming the URL", async () => {
    const read = urlSpecReader(base);
    assert.equal(await read("core/none.yaml"), undefined);
    assert.match((await read("core/nwb.namespace.yaml"))!, /name: core/);
    await assert.rejects(read("fail"), (e: unknown) => e instanceof SpecError && e.store === `${base}/fail` && /HTTP 500/.test(e.message));
  });
});
