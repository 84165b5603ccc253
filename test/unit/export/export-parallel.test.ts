/**
 * `numberOfJobs` of an export is honoured, never dropped: an HDF5 source's arrays (block sources)
 * go to the worker pool, and the result reads exactly as a serial export's.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Hdf5IO, ZarrIO } from "../../../src/index.js";
import { BlockWritePool } from "../../../src/io/parallel/block-write-pool.js";
import { HDF5_FIXTURES } from "../../helpers/fixture-paths.js";
import { tempFolders } from "../../helpers/temp-folders.js";
import { readEverything } from "../../helpers/zarr-files.js";

const tmp = tempFolders("export-parallel");
after(() => tmp.cleanup());

/** An NWB HDF5 file with a numeric array (`/acquisition/test_ts/data`: 1, 2, 3). */
const SOURCE = join(HDF5_FIXTURES, "2.1.0_nwbfile_with_extension.nwb");

describe("export with numberOfJobs", () => {
  it("an HDF5 source's arrays are written by the worker pool, and read as a serial export's", async () => {
    const serial = join(tmp.make(), "serial.nwb.zarr");
    await new ZarrIO(serial, "w").export(new Hdf5IO(SOURCE), { linkData: false });

    const original = BlockWritePool.prototype.write;
    let sent = 0;
    BlockWritePool.prototype.write = function (this: BlockWritePool, ...args: Parameters<typeof original>) {
      sent++;
      return original.apply(this, args);
    };
    const parallel = join(tmp.make(), "parallel.nwb.zarr");
    try {
      await new ZarrIO(parallel, "w").export(new Hdf5IO(SOURCE), { writeArgs: { linkData: false }, numberOfJobs: 2 });
    } finally {
      BlockWritePool.prototype.write = original;
    }
    assert.ok(sent > 0, "blocks went to the worker pool");
    const got = await readEverything(parallel);
    assert.deepEqual(got.get("/acquisition/test_ts/data")?.map(Number), [1, 2, 3]);
    assert.deepEqual(got, await readEverything(serial));
  });
});
