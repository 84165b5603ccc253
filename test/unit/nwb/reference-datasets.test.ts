/**
 * Reference columns of a file read back as hdmf-zarr 0.14's lazy reference datasets: the electrodes'
 * `group` column (10 rows, chunks of 2) is a ContainerZarrReferenceDataset whose rows resolve on
 * request reading only their chunks, iterates, inverts to builders and back, and takes appended
 * references in place in mode `a` (only the new rows' chunk written, shape grown in the array's
 * and the consolidated metadata; an append stopped part way leaves the array marked incomplete),
 * in Zarr v3 and v2; compound datasets with reference fields resolve them and refuse appends.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GroupBuilder } from "../../../src/format/builders.js";
import { ZarrDataIO } from "../../../src/io/zarr-data-io.js";
import { IncompleteWriteError, InvalidArgumentError, ReadOnlyError, UnsupportedWriteError } from "../../../src/errors.js";
import {
  BuilderZarrReferenceDataset, BuilderZarrTableDataset, ContainerZarrReferenceDataset, ContainerZarrTableDataset,
} from "../../../src/build/reference-data.js";
import { Device, ElectrodeGroup, NWBFile, NWBZarrIO, TimeSeries, loadNwbTypes } from "../../../src/nwb/index.js";
import { tempFolders } from "../../helpers/temp-folders.js";
import { chunksOf, recordingStore } from "../../helpers/recording-store.js";

const temps = tempFolders("nwb-reference-datasets");
after(() => temps.cleanup());
before(async () => {
  await loadNwbTypes();
});

const ROWS = 10;
const groupName = (i: number) => (i % 2 === 0 ? "shank0" : "shank1");

/** A file whose electrodes' group column has 10 rows in chunks of 2, alternating two groups. */
async function writeFile(dir: string, zarrFormat: 2 | 3): Promise<void> {
  const file = new NWBFile({ identifier: "refs-1", sessionDescription: "refs", sessionStartTime: new Date("2024-01-02T03:04:05.000Z") });
  const device = file.addDevice(new Device({ name: "probe", description: "a probe" }));
  const groups = ["shank0", "shank1"].map((name) => file.addElectrodeGroup(new ElectrodeGroup({ name, description: name, location: "CA1", device })));
  const rows = Array.from({ length: ROWS }, (_, i) => i);
  file.addElectrodes({ location: rows.map(() => "CA1"), group: rows.map((i) => groups[i % 2]), x: rows, y: rows, z: rows });
  const column = file.electrodes!.column("group")!;
  column.data = new ZarrDataIO(column.data as unknown[], { chunks: [2] });
  const io = new NWBZarrIO(dir, "w", { zarrFormat });
  await io.write(file);
  await io.close();
}

const GROUP = "/general/extracellular_ephys/electrodes/group";
const groupChunks = (keys: string[]) => chunksOf(keys, GROUP);

const nameOf = (v: unknown) => (v as { name: string }).name;

for (const zarrFormat of [3, 2] as const) {
  describe(`reference datasets read lazily (Zarr v${zarrFormat})`, () => {
    let dir: string;
    before(async () => {
      dir = temps.make();
      await writeFile(dir, zarrFormat);
    });

    it("rows resolve to containers on request, reading only their chunks", async () => {
      const { store, reads } = recordingStore(dir);
      const io = new NWBZarrIO(store, "r");
      const file = await io.read();
      const data = file.electrodes!.column("group")!.data;
      assert.ok(data instanceof ContainerZarrReferenceDataset);
      assert.equal(data.length, ROWS);
      assert.equal(data.io, io);
      reads.length = 0;
      const first = await data.slice(0, 2);
      assert.deepEqual(first.map(nameOf), ["shank0", "shank1"]);
      assert.ok(first[0] instanceof ElectrodeGroup);
      assert.equal(first[0], file.electrodeGroups.get("shank0"));
      assert.deepEqual(groupChunks(reads), ["0"]);
      reads.length = 0;
      assert.equal(nameOf(await data.getItem(-1)), "shank1");
      assert.deepEqual(groupChunks(reads), ["4"]);
      await io.close();
    });

    it("iterates every row in order", async () => {
      const io = new NWBZarrIO(dir, "r");
      const data = (await io.read()).electrodes!.column("group")!.data as ContainerZarrReferenceDataset;
      const names: string[] = [];
      for await (const g of data) names.push(nameOf(g));
      assert.deepEqual(names, Array.from({ length: ROWS }, (_, i) => groupName(i)));
      await io.close();
    });

    it("invert() resolves to builders, and back to containers", async () => {
      const io = new NWBZarrIO(dir, "r");
      const file = await io.read();
      const data = file.electrodes!.column("group")!.data as ContainerZarrReferenceDataset;
      const builders = data.invert();
      assert.ok(builders instanceof BuilderZarrReferenceDataset);
      const b = await builders.getItem(3);
      assert.ok(b instanceof GroupBuilder);
      assert.equal(b.path, "/general/extracellular_ephys/shank1");
      assert.equal(await builders.invert().getItem(3), file.electrodeGroups.get("shank1"));
      await io.close();
    });

    it("resolve(manager) gives every row through the reading manager; getObject maps one builder", async () => {
      const io = new NWBZarrIO(dir, "r");
      const file = await io.read();
      const data = file.electrodes!.column("group")!.data as ContainerZarrReferenceDataset;
      const rows = await data.resolve(io.manager);
      assert.deepEqual(rows.map(nameOf), Array.from({ length: ROWS }, (_, i) => groupName(i)));
      assert.equal(rows[1], file.electrodeGroups.get("shank1"));
      assert.deepEqual((await data.resolve()).map(nameOf), rows.map(nameOf));
      const other = new NWBZarrIO(dir, "r");
      await other.read();
      await assert.rejects(data.resolve(other.manager), (e: unknown) => e instanceof InvalidArgumentError && /manager of the ZarrIO/.test((e as Error).message));
      const builder = (await data.invert().getItem(0)) as GroupBuilder;
      assert.equal(data.getObject(builder), file.electrodeGroups.get("shank0"));
      assert.equal(data.invert().getObject(builder), builder);
      await io.close();
      await other.close();
    });

    it("append() in mode 'a' grows the dataset in place, writing only the new rows' chunk", async () => {
      const copy = temps.make();
      await writeFile(copy, zarrFormat);
      const { store, writes } = recordingStore(copy);
      const io = new NWBZarrIO(store, "a");
      const file = await io.read();
      const data = file.electrodes!.column("group")!.data as ContainerZarrReferenceDataset;
      writes.length = 0;
      await data.append(file.electrodeGroups.get("shank1"));
      await data.append(file.electrodeGroups.get("shank0"));
      assert.deepEqual(data.shape, [ROWS + 2]);
      assert.deepEqual(groupChunks(writes), ["5", "5"]);
      assert.deepEqual((await data.slice(ROWS)).map(nameOf), ["shank1", "shank0"]);
      await io.close();

      // Read back with consolidated metadata (mode `r`): it holds the grown shape.
      const again = new NWBZarrIO(copy, "r");
      const back = (await again.read()).electrodes!.column("group")!.data as ContainerZarrReferenceDataset;
      assert.equal(back.length, ROWS + 2);
      assert.deepEqual((await back.slice(ROWS - 1)).map(nameOf), ["shank1", "shank1", "shank0"]);
      await again.close();
    });

    it("an append stopped before its chunk is stored leaves the array marked incomplete, not fill values", async () => {
      const copy = temps.make();
      await writeFile(copy, zarrFormat);
      const { store } = recordingStore(copy);
      const set = store.set.bind(store);
      store.set = (key, value) => (groupChunks([key]).length ? Promise.reject(new Error("disk full")) : set(key, value));
      const io = new NWBZarrIO(store, "a");
      const file = await io.read();
      const data = file.electrodes!.column("group")!.data as ContainerZarrReferenceDataset;
      await assert.rejects(data.append(file.electrodeGroups.get("shank0")), (e: unknown) => e instanceof IncompleteWriteError && /disk full/.test(e.message) && e.incomplete.includes(GROUP));
      await io.close();
      const again = new NWBZarrIO(copy, "r");
      await assert.rejects(again.read(), IncompleteWriteError);
      assert.deepEqual(await again.incompleteNodes(), [GROUP]);
      await again.close();
    });

    it("append() is refused in mode 'r' and for targets outside a file", async () => {
      const io = new NWBZarrIO(dir, "r");
      const file = await io.read();
      const data = file.electrodes!.column("group")!.data as ContainerZarrReferenceDataset;
      await assert.rejects(data.append(file.electrodeGroups.get("shank0")), ReadOnlyError);
      await io.close();
      const copy = temps.make();
      await writeFile(copy, zarrFormat);
      const rw = new NWBZarrIO(copy, "a");
      const opened = (await rw.read()).electrodes!.column("group")!.data as ContainerZarrReferenceDataset;
      const stray = new ElectrodeGroup({ name: "stray", description: "not in a file", location: "CA3", device: new Device({ name: "d", description: "d" }) });
      await assert.rejects(opened.append(stray), (e: unknown) => e instanceof UnsupportedWriteError && /electrodes\/group/.test(String((e as Error).message) + JSON.stringify(e)));
      assert.equal(opened.length, ROWS);
      await rw.close();
    });
  });
}

describe("compound datasets with reference fields (epochs' timeseries)", () => {
  it("resolve their reference fields lazily, invert, and refuse appends", async () => {
    const file = new NWBFile({ identifier: "refs-2", sessionDescription: "refs", sessionStartTime: new Date("2024-01-02T03:04:05.000Z") });
    const rate = file.addAcquisition(new TimeSeries({ name: "rate", data: Array.from({ length: 100 }, (_, i) => i), unit: "m", rate: 10, startingTime: 1 }));
    file.addEpoch({ startTime: 2, stopTime: 3.25, timeseries: [rate] });
    file.addEpoch({ startTime: 4, stopTime: 5, timeseries: [rate] });
    const dir = temps.make();
    await new NWBZarrIO(dir, "w").write(file);

    const io = new NWBZarrIO(dir, "a");
    const back = await io.read();
    const data = back.epochs!.column("timeseries")!.data;
    assert.ok(data instanceof ContainerZarrTableDataset);
    const row = (await data.getItem(1)) as { idx_start: number; count: number; timeseries: unknown };
    assert.deepEqual([row.idx_start, row.count], [30, 10]);
    assert.equal(row.timeseries, back.acquisition.get("rate"));
    const builders = data.invert();
    assert.ok(builders instanceof BuilderZarrTableDataset);
    const brow = (await builders.getItem(0)) as { timeseries: unknown };
    assert.ok(brow.timeseries instanceof GroupBuilder);
    assert.equal(brow.timeseries.path, "/acquisition/rate");
    await assert.rejects(data.append(back.acquisition.get("rate")), (e: unknown) => e instanceof UnsupportedWriteError && /compound dataset/.test((e as Error).message));
    assert.equal(data.length, 2);
    await io.close();
  });
});
