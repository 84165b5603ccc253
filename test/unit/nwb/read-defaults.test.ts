/**
 * What pynwb fills in on read, we fill in too: a TimeSeries stored without `data` (files of old
 * NWB versions) reads with an empty uint8 array, shape [0] ([0, 0, 0] for an ImageSeries).
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ImageSeries, loadNwbTypes, NWBFile, NWBZarrIO, TimeSeries } from "../../../src/nwb/index.js";
import { tempFolder } from "../../helpers/temp-folders.js";

const dir = tempFolder("nwb-read-defaults");
after(() => rmSync(dir, { recursive: true, force: true }));

describe("defaults pynwb fills in on read", () => {
  it("a series without data reads with pynwb's empty data; one with data keeps it", async () => {
    await loadNwbTypes();
    const file = new NWBFile({ identifier: "defaults", sessionDescription: "read defaults", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
    file.addAcquisition(new TimeSeries({ name: "kept", data: [1.5, 2.5, 3.5], unit: "V", rate: 10 }));
    file.addAcquisition(new TimeSeries({ name: "dropped", data: [4, 5], unit: "V", rate: 10 }));
    file.addAcquisition(new ImageSeries({ name: "frames", data: [[[1, 2], [3, 4]]], unit: "n/a", rate: 1 }));
    const path = join(dir, "defaults.nwb.zarr");
    await new NWBZarrIO(path, "w").write(file);
    // As in a file of an old NWB version: the series have no data array.
    rmSync(join(path, "acquisition", "dropped", "data"), { recursive: true });
    rmSync(join(path, "acquisition", "frames", "data"), { recursive: true });
    const io = new NWBZarrIO(path, "r+");
    await io.consolidateMetadata();
    await io.close();
    const back = await NWBZarrIO.readNwb(path);
    const kept = (back.acquisition.get("kept") as TimeSeries).data!;
    assert.deepEqual(Array.from((await kept.get()).data as Iterable<number>), [1.5, 2.5, 3.5]);
    const dropped = (back.acquisition.get("dropped") as TimeSeries).data!;
    assert.deepEqual(dropped.shape, [0]);
    assert.equal((await dropped.get()).data.length, 0);
    assert.deepEqual((back.acquisition.get("frames") as ImageSeries).data!.shape, [0, 0, 0]);
  });
});
