/**
 * Rows added to tables read from a file open in mode `a` (hdmf's `add_row` on Zarr arrays): every
 * column grows in place (ids, plain, ragged index + data, regions, references), only the new rows'
 * chunks are written, dtypes are kept (a value needing a wider one is refused), a bad row leaves
 * the store byte for byte as it was, mode `r` is refused, and an append that stops part way leaves
 * its datasets marked incomplete. The values Python reads back are checked in
 * test/interop/add-rows-in-file.test.ts.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { IncompleteWriteError, InvalidArgumentError, ReadOnlyError, UnsupportedWriteError } from "../../../src/errors.js";
import { NWBZarrIO, loadNwbTypes, type NWBFile } from "../../../src/nwb/index.js";
import { ZarrDataset } from "../../../src/format/zarr-dataset.js";
import { LazyData } from "../../../src/build/lazy-data.js";
import { recordingStore } from "../../helpers/recording-store.js";
import { tempFolders } from "../../helpers/temp-folders.js";
import { WITH_OUR_ROWS, WRITTEN, addOurRows, rowsFile, tableRows, visitsOf } from "../../helpers/table-rows.js";

const temps = tempFolders("nwb-add-rows-in-file");
after(() => temps.cleanup());
before(async () => {
  await loadNwbTypes();
});

/** Every file of a store folder and its bytes. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p.slice(dir.length + 1), readFileSync(p).toString("base64"));
    }
  };
  walk(dir);
  return out;
}

const isMetadata = (k: string) => /(^|\/)(zarr\.json|\.zarray|\.zattrs|\.zgroup|\.zmetadata)$/.test(k);

/** Read the file at `path` in `mode` and return it with its ZarrIO. */
async function open(path: string, mode: "r" | "a" | "r+") {
  const io = new NWBZarrIO(path, mode);
  return { io, file: await io.read<NWBFile>() };
}

async function rowsOf(path: string) {
  const { io, file } = await open(path, "r");
  try {
    return await tableRows(file);
  } finally {
    await io.close();
  }
}

for (const format of [3, 2] as const) {
  describe(`rows added in place to a Zarr v${format} file`, () => {
    let written: string;
    before(async () => {
      written = join(temps.make(), "rows.nwb.zarr");
      await new NWBZarrIO(written, "w", format === 2 ? { zarrFormat: 2 } : {}).write(rowsFile());
    });
    const copy = async () => {
      const { cpSync } = await import("node:fs");
      const dir = join(temps.make(), "copy.nwb.zarr");
      cpSync(written, dir, { recursive: true });
      return dir;
    };
    const chunk = (n: number) => (format === 3 ? `c/${n}` : `${n}`);

    it("appends trials, electrodes (with their group references), units (ragged, regions) and region rows", async () => {
      const path = await copy();
      const { store, writes } = recordingStore(path);
      const io = new NWBZarrIO(store, "a");
      const file = await io.read<NWBFile>();
      const indexType = (file.units!.indexesOf("spike_times")[0].data as LazyData).dataset.array.dtype;
      writes.length = 0;
      addOurRows(file);
      // Queued rows count at once: lengths, default ids and ragged ends follow them.
      assert.equal(file.trials!.length, 3);
      assert.equal(file.electrodes!.length, 4);
      assert.equal(file.units!.length, 3);
      assert.deepEqual(await tableRows(file), WITH_OUR_ROWS);
      await io.close();
      assert.deepEqual(await rowsOf(path), WITH_OUR_ROWS);
      // Each column was one chunk of its length: the new rows go to chunk 1 of each, nothing else.
      const chunks = writes.filter((k) => !isMetadata(k)).sort();
      assert.deepEqual(chunks, [
        `general/extracellular_ephys/electrodes/group/${chunk(1)}`,
        `general/extracellular_ephys/electrodes/group_name/${chunk(1)}`,
        `general/extracellular_ephys/electrodes/id/${chunk(1)}`,
        `general/extracellular_ephys/electrodes/location/${chunk(1)}`,
        `intervals/trials/id/${chunk(1)}`,
        `intervals/trials/start_time/${chunk(1)}`,
        `intervals/trials/stop_time/${chunk(1)}`,
        `processing/tables/visits/electrode/${chunk(1)}`,
        `processing/tables/visits/id/${chunk(1)}`,
        `processing/tables/visits/weight/${chunk(1)}`,
        `units/electrodes/${chunk(1)}`,
        `units/electrodes_index/${chunk(1)}`,
        `units/id/${chunk(1)}`,
        `units/spike_times/${chunk(1)}`,
        `units/spike_times_index/${chunk(1)}`,
      ]);
      // Consolidated metadata is written once, after the last queued row.
      assert.equal(writes.filter((k) => k === (format === 3 ? "zarr.json" : ".zmetadata")).length, 1);
      // The stored dtypes are kept.
      const back = await open(path, "r");
      const grown = (back.file.units!.indexesOf("spike_times")[0].data as LazyData).dataset.array;
      assert.deepEqual(grown.dtype, indexType);
      assert.deepEqual(grown.shape, [3]);
      assert.deepEqual(await back.io.incompleteNodes(), []);
      await back.io.close();
    });

    it("refuses a value needing a wider dtype, or a bad row, leaving the store byte for byte unchanged", async () => {
      const path = await copy();
      const before = snapshot(path);
      const { io, file } = await open(path, "a");
      // The spike times index is uint8: a unit ending past 255 would need a wider index.
      const tooMany = Array.from({ length: 300 }, (_, i) => i / 100);
      assert.throws(() => file.addUnit({ spikeTimes: tooMany, electrodes: [0] }), (e: unknown) =>
        e instanceof UnsupportedWriteError && /303 is out of range for uint8: the dataset keeps its dtype, and this value would need a wider one/.test(e.message) && /units\/spike_times_index/.test(e.path ?? ""));
      assert.throws(() => file.addTrial({ startTime: "soon" as unknown as number, stopTime: 2 }), (e: unknown) =>
        e instanceof UnsupportedWriteError && /"soon" is not a number \(dtype float64\)/.test(e.message) && e.path === "/intervals/trials/start_time");
      assert.throws(() => visitsOf(file).addRow({ weight: 1, colour: "red" } as Record<string, unknown>), (e: unknown) =>
        e instanceof InvalidArgumentError && /extra key\(s\) 'colour'/.test(e.message));
      assert.throws(() => visitsOf(file).addRow({ weight: 1 }), (e: unknown) =>
        e instanceof InvalidArgumentError && /column 'electrode': missing from the row/.test(e.message));
      assert.throws(() => visitsOf(file).addRow({ weight: 1, electrode: 3 }), (e: unknown) =>
        e instanceof InvalidArgumentError && /row 3 is out of range of table 'electrodes' \(3 rows\)/.test(e.message));
      // A column added in code since the read has no dataset in the file to grow.
      file.trials!.addColumn({ name: "score", description: "in memory", data: [1, 2] });
      assert.throws(() => file.addTrial({ startTime: 7, stopTime: 8, score: 3 }), (e: unknown) =>
        e instanceof UnsupportedWriteError && /column 'score': the table was read from a file but this column is not in it yet/.test(e.message));
      assert.equal(file.units!.length, 2);
      assert.equal(file.trials!.length, 2);
      // A duplicate id is found in the file when the row's turn comes: refused before any change.
      file.addElectrode({ id: 1, location: "CA3", group: file.electrodeGroups.get("shank0")! });
      await assert.rejects(file.electrodes!.rowsWritten(), (e: unknown) => e instanceof InvalidArgumentError && /id 1 is already in the table/.test(e.message));
      assert.equal(file.electrodes!.length, 3);
      await io.close();
      assert.deepEqual(snapshot(path), before);
    });

    it("reports a row that failed in io.close() when no read reported it", async () => {
      const path = await copy();
      const before = snapshot(path);
      const { io, file } = await open(path, "a");
      file.addElectrode({ id: 2, location: "CA3", group: file.electrodeGroups.get("shank0")! });
      await assert.rejects(io.close(), (e: unknown) => e instanceof InvalidArgumentError && /id 2 is already in the table/.test(e.message));
      assert.deepEqual(snapshot(path), before);
    });

    it("refuses rows in mode 'r' with a ReadOnlyError before anything changes", async () => {
      const path = await copy();
      const before = snapshot(path);
      const { io, file } = await open(path, "r");
      assert.throws(() => file.addTrial({ startTime: 7, stopTime: 8 }), (e: unknown) =>
        e instanceof ReadOnlyError && /cannot add rows to table 'trials': the file is open in mode 'r'/.test(e.message) && e.store?.endsWith("copy.nwb.zarr") === true);
      assert.equal(file.trials!.length, 2);
      await io.close();
      assert.deepEqual(snapshot(path), before);
      assert.deepEqual(await rowsOf(path), WRITTEN);
    });

    it("leaves an append that stops part way marked incomplete, and reports it", async () => {
      const path = await copy();
      const { store } = recordingStore(path);
      const set = store.set.bind(store);
      // The disk fills up at the first chunk of the new rows.
      store.set = (key, value) => (isMetadata(key) ? set(key, value) : Promise.reject(new Error("no space left on device")));
      const io = new NWBZarrIO(store, "a");
      const file = await io.read<NWBFile>();
      file.addTrial({ startTime: 7, stopTime: 8 });
      file.addTrial({ startTime: 9, stopTime: 10 });
      await assert.rejects(file.trials!.rowsWritten(), (e: unknown) =>
        e instanceof IncompleteWriteError && /adding rows stopped: .*no space left on device/.test(e.message)
        && e.incomplete.includes("/intervals/trials/start_time"));
      await io.close();
      const again = new NWBZarrIO(path, "a");
      assert.deepEqual((await again.incompleteNodes()).sort(), ["/intervals/trials/id", "/intervals/trials/start_time", "/intervals/trials/stop_time"]);
      await again.close();
      // Mode 'r' refuses the file, as after any stopped write.
      await assert.rejects(new NWBZarrIO(path, "r").read(), (e: unknown) => e instanceof IncompleteWriteError);
    });
  });
}

describe("rows added to a file's table", () => {
  it("keep the file's datasets as lazy data that grew in place", async () => {
    const path = join(temps.make(), "lazy.nwb.zarr");
    await new NWBZarrIO(path, "w").write(rowsFile());
    const { io, file } = await open(path, "a");
    const data = file.trials!.column("start_time")!.data;
    assert.ok(data instanceof LazyData && data.dataset instanceof ZarrDataset);
    file.addTrial({ startTime: 7, stopTime: 8 });
    await file.trials!.rowsWritten();
    assert.deepEqual(data.shape, [3]);
    assert.deepEqual(await data.slice(), [0, 1, 7]);
    await io.close();
  });
});
