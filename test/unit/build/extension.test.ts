/**
 * A file that uses an extension namespace reads with no code for it: the extension's spec is
 * cached in the file when it is written, and a reader whose type map knows only the bundled
 * schemas loads it from the file and makes its classes — fields reachable by name, an extension of
 * DynamicTable with the DynamicTable API, an extension of ElectricalSeries an instance of TimeSeries.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { join } from "node:path";
import { ZarrIO } from "../../../src/index.js";
import { readNamespaceFile } from "../../../src/spec/index.js";
import {
  ContainerMap, DynamicTable, LazyData, type DynamicTableInit, UntypedGroup, loadBundledTypeMap, readContainer, writeContainer,
} from "../../../src/build/index.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const temps = tempFolders("build-ext");
after(() => temps.cleanup());

const FILES: Record<string, string> = {
  "ndx-test.namespace.yaml": `
namespaces:
- name: ndx-test
  version: 0.1.0
  doc: an extension for tests
  author: [someone]
  contact: [someone@example.org]
  schema:
  - namespace: core
  - source: ndx-test.extensions.yaml
`,
  "ndx-test.extensions.yaml": `
groups:
- neurodata_type_def: LabInfo
  neurodata_type_inc: LabMetaData
  doc: what the lab notes about a session
  attributes:
  - name: rate
    dtype: float64
    doc: a sampling rate the lab uses
  datasets:
  - name: protocol
    dtype: text
    doc: the protocol followed
  groups:
  - neurodata_type_inc: Device
    quantity: '*'
    doc: devices the lab used
- neurodata_type_def: TrialTable
  neurodata_type_inc: DynamicTable
  doc: trials with a fixed column
  datasets:
  - name: outcome
    neurodata_type_inc: VectorData
    dtype: text
    doc: the outcome of each trial
`,
};

describe("an extension namespace cached in the file", () => {
  for (const format of [3, 2] as const) {
    it(`reads into classes made from the cached spec, fields by name (Zarr v${format})`, async () => {
      const writer = await loadBundledTypeMap();
      writer.catalog.add(await readNamespaceFile("ndx-test.namespace.yaml", async (p) => FILES[p]));
      const NWBFile = writer.getClass("core", "NWBFile");
      const LabInfo = writer.getClass("ndx-test", "LabInfo");
      const TrialTable = writer.getClass<DynamicTable, DynamicTableInit>("ndx-test", "TrialTable");
      const Device = writer.getClass("core", "Device");
      const file = new NWBFile({ name: "root" });
      file.set("identifier", "ext").set("session_description", "extension test").set("session_start_time", "2024-05-01T10:00:00+00:00");
      const info = file.group("general").add(new LabInfo({ name: "lab_info", fields: { rate: 2.5, protocol: "P-7" } }));
      info.add(new Device({ name: "scope", fields: { description: "a microscope" } }));
      const trials = file.group("analysis").add(new TrialTable({ name: "trials", description: "three trials" }));
      trials.addColumn({ name: "outcome", description: "the outcome", data: ["hit", "miss", "hit"] });
      trials.addColumn({ name: "reaction", description: "reaction time", data: [0.25, 0.5, 0.75] });
      assert.ok(trials.fields.getExact("outcome"), "the named column goes to the extension's own member");

      const path = join(temps.make(), "ext.nwb.zarr");
      await writeContainer(new ZarrIO(path, "w", { zarrFormat: format }), file, writer);
      const io = new ZarrIO(path, "r");
      assert.deepEqual((await io.loadNamespaces()).map((c) => c.name).sort(), ["core", "hdmf-common", "ndx-test"]);

      const reader = await loadBundledTypeMap();
      assert.ok(!reader.catalog.has("ndx-test"));
      const back = await readContainer(io, reader);
      assert.ok(reader.catalog.has("ndx-test"), "loaded from the file");
      const readInfo = back.get<UntypedGroup>("general")!.child("lab_info")!;
      assert.equal(readInfo.typeName, "LabInfo");
      assert.equal(readInfo.namespace, "ndx-test");
      assert.equal(readInfo.constructor.name, "LabInfo");
      assert.ok(readInfo instanceof reader.getClass("core", "LabMetaData"));
      assert.equal(readInfo.fields.get("rate"), 2.5);
      assert.equal(readInfo.get("rate"), 2.5);
      assert.ok(readInfo.get("protocol") instanceof LazyData);
      assert.equal(await readInfo.read("protocol"), "P-7");
      assert.equal((readInfo.get<ContainerMap>("devices")!).get("scope")!.get("description"), "a microscope");
      assert.equal(readInfo.objectId, info.objectId);
      const readTrials = back.get<UntypedGroup>("analysis")!.child("trials") as DynamicTable;
      assert.equal(readTrials.typeName, "TrialTable");
      assert.ok(readTrials instanceof DynamicTable, "an extension of DynamicTable has the DynamicTable API");
      assert.deepEqual(await readTrials.toRecords(), [
        { id: 0, outcome: "hit", reaction: 0.25 },
        { id: 1, outcome: "miss", reaction: 0.5 },
        { id: 2, outcome: "hit", reaction: 0.75 },
      ]);
      assert.equal(await back.read("session_description"), "extension test");
      const attrs = (await io.getBuilder("/general/lab_info")).attributes;
      assert.equal(attrs.neurodata_type, "LabInfo");
      assert.equal(attrs.namespace, "ndx-test");
    });
  }
});
