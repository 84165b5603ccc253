/**
 * A file read in mode `a` and written again with the same ZarrIO (the Python habit: read, add,
 * `io.write(nwbfile)`): datasets read from the file stay as they are (no link to themselves, no
 * copy over themselves), new objects and added rows are written, and nothing else changes. Before,
 * each dataset read from the file was written as a link to itself beside the dataset, and the file
 * no longer opened ("the name is taken").
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { LazyData } from "../../../src/build/lazy-data.js";
import { NWBFile, NWBZarrIO, TimeSeries, loadNwbTypes } from "../../../src/nwb/index.js";
import { FORMATS, snapshot } from "../../helpers/store-files.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const temps = tempFolders("nwb-write-after-read");
after(() => temps.cleanup());
before(async () => {
  await loadNwbTypes();
});

async function writeFile(dir: string, zarrFormat: 2 | 3): Promise<void> {
  const file = new NWBFile({ identifier: "again-1", sessionDescription: "again", sessionStartTime: new Date("2024-01-02T03:04:05.000Z") });
  file.addAcquisition(new TimeSeries({ name: "ts", data: [1, 2, 3], unit: "m", rate: 1 }));
  file.addTrial({ startTime: 0, stopTime: 1 });
  await new NWBZarrIO(dir, "w", { zarrFormat }).write(file);
}

/** Files whose bytes differ between two snapshots; JSON documents compared by value (key order may change). */
function changed(dir: string, before: Map<string, string>, afterSnap: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...afterSnap.keys()]);
  return [...keys].filter((k) => {
    if (before.get(k) === afterSnap.get(k)) return false;
    if (!before.has(k) || !afterSnap.has(k) || !/(zarr\.json|\.z\w+)$/.test(k)) return true;
    const a = JSON.parse(Buffer.from(before.get(k)!, "base64").toString());
    const b = JSON.parse(readFileSync(join(dir, k), "utf8"));
    return JSON.stringify(sortKeys(a)) !== JSON.stringify(sortKeys(b));
  }).sort();
}

/** The values of a series' data read from a file, as numbers. */
async function seriesValues(ts: TimeSeries | undefined): Promise<number[]> {
  const data = ts?.data as LazyData;
  assert.ok(data instanceof LazyData, "the series' data is read from the file");
  return Array.from((await data.get()).data as ArrayLike<unknown>, Number);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}

for (const zarrFormat of FORMATS) {
  describe(`a file read in mode 'a' and written again (Zarr v${zarrFormat})`, () => {
    it("unchanged, it keeps every object and value", async () => {
      const dir = temps.make();
      await writeFile(dir, zarrFormat);
      const before = snapshot(dir, { content: "base64" });
      const io = new NWBZarrIO(dir, "a");
      await io.write(await io.read());
      await io.close();
      assert.deepEqual(changed(dir, before, snapshot(dir, { content: "base64" })), []);
      const back = await NWBZarrIO.readNwb(dir);
      assert.deepEqual([...back.acquisition.keys()], ["ts"]);
      assert.deepEqual(await seriesValues(back.acquisition.get("ts", TimeSeries)), [1, 2, 3]);
    });

    it("changed, it writes only the new objects and rows", async () => {
      const dir = temps.make();
      await writeFile(dir, zarrFormat);
      const before = snapshot(dir, { content: "base64" });
      const io = new NWBZarrIO(dir, "a");
      const file = await io.read();
      file.addAcquisition(new TimeSeries({ name: "ts2", data: [4, 5], unit: "m", rate: 2 }));
      file.addTrial({ startTime: 2, stopTime: 3 });
      await io.write(file);
      await io.close();

      const touched = changed(dir, before, snapshot(dir, { content: "base64" }));
      const outside = touched.filter((k) => !k.startsWith("acquisition/ts2/") && !k.startsWith("intervals/trials/"));
      // Only the root's metadata (consolidated metadata, and in v2 the `.zmetadata` beside it) outside the new series and the grown table.
      assert.deepEqual(outside, zarrFormat === 3 ? ["zarr.json"] : [".zmetadata"]);
      assert.ok(!touched.some((k) => k.startsWith("acquisition/ts/")), `the old series stays untouched: ${touched}`);

      const back = await NWBZarrIO.readNwb(dir);
      assert.deepEqual([...back.acquisition.keys()].sort(), ["ts", "ts2"]);
      assert.deepEqual(await seriesValues(back.acquisition.get("ts2", TimeSeries)), [4, 5]);
      assert.deepEqual(await back.trials!.readColumn("start_time", 0, back.trials!.length), [0, 2]);
    });
  });
}
