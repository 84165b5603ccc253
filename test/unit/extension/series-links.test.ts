/**
 * A TimeSeries view's reads of an NWB file written here: electrode labels when the series'
 * `electrodes` is a link to a region elsewhere (two series sharing one region object: the second
 * holds a SoftLink), and the trials table as bands (only start and stop read).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Device, ElectricalSeries, ElectrodeGroup, NWBFile, NWBZarrIO, loadNwbTypes } from "../../../src/nwb/index.js";
import { LocalStore } from "../../../src/store/local.js";
import { ZarrStoreProvider } from "../../../src/extension/provider/zarr-provider.js";
import { electrodeLabels, followLinks } from "../../../src/extension/view/model/electrodes.js";
import { bandsInRange, intervalTables, readIntervalBands } from "../../../src/extension/view/model/interval-bands.js";
import { MetadataError, NodeNotFoundError, StoreError } from "../../../src/errors.js";

const dir = mkdtempSync(join(tmpdir(), "series-links-"));
const path = join(dir, "linked.nwb.zarr");
let provider: ZarrStoreProvider;

before(async () => {
  await loadNwbTypes();
  const file = new NWBFile({ identifier: "LINKS-1", sessionDescription: "links", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
  const device = file.addDevice(new Device({ name: "probe", description: "a probe" }));
  const group = file.addElectrodeGroup(new ElectrodeGroup({ name: "shank0", description: "shank", location: "hippocampus", device }));
  file.addElectrodes({ location: ["CA1", "CA3", "DG"], group: [group, group, group], x: [0, 1, 2], y: [0, 0, 0], z: [0, 0, 0] });
  const region = file.createElectrodeRegion([2, 0]);
  const data = Array.from({ length: 10 }, (_, t) => [t, -t]);
  file.addAcquisition(new ElectricalSeries({ name: "raw", data, rate: 100, startingTime: 0, electrodes: region, description: "owns the region" }));
  file.addAcquisition(new ElectricalSeries({ name: "copy", data, rate: 100, startingTime: 0, electrodes: region, description: "links to it" }));
  for (const [start, stop] of [[0, 0.02], [0.03, 0.05], [0.08, 0.09]]) file.addTrial({ startTime: start, stopTime: stop });
  await new NWBZarrIO(path, "w").write(file);
  provider = await ZarrStoreProvider.open(new LocalStore(path), { location: path });
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe("a series whose electrodes is a link", () => {
  it("is a link in the file, followed to the region of the other series", async () => {
    const e = await provider.getEntity("/acquisition/copy/electrodes");
    assert.equal(e.kind, "link");
    assert.equal(e.target?.path, "/acquisition/raw/electrodes");
    assert.equal((await followLinks(provider, e.path))?.path, "/acquisition/raw/electrodes");
  });

  it("labels its channels with the electrodes' ids and locations, as the series owning the region does", async () => {
    const expected = ["ch 0 · e2 · DG", "ch 1 · e0 · CA1"];
    assert.deepEqual(await electrodeLabels(provider, "/acquisition/raw", [0, 1]), expected);
    assert.deepEqual(await electrodeLabels(provider, "/acquisition/copy", [0, 1]), expected);
  });
});

describe("intervals as bands", () => {
  it("lists the file's intervals tables and reads their start and stop times", async () => {
    const tables = await intervalTables(provider);
    assert.deepEqual(tables, [{ name: "trials", path: "/intervals/trials" }]);
    const bands = await readIntervalBands(provider, tables[0]);
    assert.equal(bands.rows, 3);
    assert.deepEqual([...bands.x0], [0, 0.03, 0.08]);
    assert.deepEqual([...bands.x1], [0.02, 0.05, 0.09]);
    assert.deepEqual(bandsInRange(bands, 0.01, 0.04), [0, 1]);
    assert.deepEqual(bandsInRange(bands, 0.05, 0.08), [], "[start, stop): touching ends do not overlap");
  });

  it("lists nothing for a file without an intervals group, and passes other failures on", async () => {
    const without = { getChildren: async () => Promise.reject(new NodeNotFoundError("no group here", { store: "x.zarr", path: "/intervals" })) } as unknown as ZarrStoreProvider;
    assert.deepEqual(await intervalTables(without), []);
    const broken = { getChildren: async () => Promise.reject(new StoreError("HTTP 500", { store: "x.zarr" })) } as unknown as ZarrStoreProvider;
    await assert.rejects(intervalTables(broken), StoreError);
  });

  it("names the file and the table when a start or stop column is not a 1-d dataset", async () => {
    // /acquisition/raw/data is 2-d: read as if it were a table's column.
    const notATable = { ...provider, getEntity: (p: string) => provider.getEntity(p.replace(/start_time|stop_time/, "data")) } as ZarrStoreProvider;
    await assert.rejects(
      readIntervalBands(notATable, { name: "raw", path: "/acquisition/raw" }, "linked.nwb.zarr"),
      (e: unknown) => e instanceof MetadataError && e.message === "'/acquisition/raw' in 'linked.nwb.zarr': column 'start_time' of the intervals table is not a 1-d dataset",
    );
  });
});
