/**
 * `exhaustDci: false` (hdmf-zarr's exhaust_dci=False): every dataset is created before any
 * iterator is read, the iterators are then read round-robin (one buffer each in turn) through
 * ZarrIODataChunkIteratorQueue, and a dataset whose iterator was not exhausted stays marked
 * incomplete. The order against hdmf-zarr 0.14's own is in test/interop/exhaust-dci.test.ts.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  DatasetBuilder, GroupBuilder, IncompleteWriteError, InvalidOptionError, ZarrDataset, ZarrIO, ZarrIODataChunkIteratorQueue,
} from "../../../src/index.js";
import { DataChunkIterator } from "../../../src/io/data-chunk-iterator.js";
import { loadNwbTypes, NWBFile, NWBZarrIO, TimeSeries } from "../../../src/nwb/index.js";
import { FORMATS, snapshot } from "../../helpers/store-files.js";
import { readDataset, writeFile } from "../../helpers/zarr-files.js";
import { tempFolders } from "../../helpers/temp-folders.js";
import { LoggedRamp } from "../../helpers/logged-iterator.js";

const tmp = tempFolders("exhaust-dci");
after(() => tmp.cleanup());

/** Root with `a` (5 values, buffers of 2) and `b` (4 values, buffers of 2) from iterators, then plain `z`. */
function tree(log: string[], onRead?: (name: string, start: number) => void) {
  const a = new LoggedRamp("a", 5, 0, 2, log, (s) => onRead?.("a", s));
  const b = new LoggedRamp("b", 4, 100, 2, log, (s) => onRead?.("b", s));
  return new GroupBuilder("root", {
    datasets: [new DatasetBuilder("a", a), new DatasetBuilder("b", b), new DatasetBuilder("z", [7, 8, 9])],
    groups: [new GroupBuilder("g", { datasets: [new DatasetBuilder("c", new DataChunkIterator({ data: [1, 2, 3], bufferSize: 1 }))] })],
  });
}

const zarrJson = (dir: string, node: string, fmt: number) => join(dir, node, fmt === 3 ? "zarr.json" : ".zarray");

for (const fmt of FORMATS) {
  describe(`exhaustDci (Zarr v${fmt})`, () => {
    it("false: every dataset exists before the first read; buffers are read round-robin", async () => {
      const dir = join(tmp.make(), "queued.zarr");
      const log: string[] = [];
      let zExisted: boolean | undefined;
      const root = tree(log, () => (zExisted ??= existsSync(zarrJson(dir, "z", fmt))));
      await writeFile(dir, root, fmt, { exhaustDci: false });
      assert.equal(zExisted, true);
      // g/c (a DataChunkIterator) is written first, a buffer per turn with a and b; ours log a and b only.
      assert.deepEqual(log, ["a:0", "b:0", "a:2", "b:2", "a:4"]);
      assert.deepEqual(await readDataset(dir, "/a"), [0, 1, 2, 3, 4]);
      assert.deepEqual(await readDataset(dir, "/b"), [100, 101, 102, 103]);
      assert.deepEqual(await readDataset(dir, "/g/c"), [1, 2, 3]);
      assert.deepEqual(await readDataset(dir, "/z"), [7, 8, 9]);
    });

    it("true (the default): each iterator is read to its end when its dataset is created", async () => {
      const dir = join(tmp.make(), "direct.zarr");
      const log: string[] = [];
      let zExisted: boolean | undefined;
      await writeFile(dir, tree(log, () => (zExisted ??= existsSync(zarrJson(dir, "z", fmt)))), fmt);
      assert.equal(zExisted, false);
      assert.deepEqual(log, ["a:0", "a:2", "a:4", "b:0", "b:2"]);
    });

    it("the same files either way, byte for byte", async () => {
      const queued = join(tmp.make(), "q.zarr");
      const direct = join(tmp.make(), "d.zarr");
      await writeFile(queued, tree([]), fmt, { exhaustDci: false });
      await writeFile(direct, tree([]), fmt, { exhaustDci: true });
      assert.deepEqual(snapshot(queued, { content: "base64" }), snapshot(direct, { content: "base64" }));
    });

    it("an iterator of unknown length grows its dataset when the queue reads it", async () => {
      const dir = join(tmp.make(), "grow.zarr");
      async function* rows() {
        for (let i = 0; i < 5; i++) yield [i, -i];
      }
      const root = new GroupBuilder("root", {
        datasets: [new DatasetBuilder("grow", new DataChunkIterator({ data: rows(), bufferSize: 2, dtype: "int32" })), new DatasetBuilder("b", new LoggedRamp("b", 4, 0, 1, []))],
      });
      await writeFile(dir, root, fmt, { exhaustDci: false });
      assert.deepEqual(await readDataset(dir, "/grow"), [0, 0, 1, -1, 2, -2, 3, -3, 4, -4]);
      const io = new ZarrIO(dir, "r");
      assert.deepEqual((((await io.getBuilder("/grow")) as DatasetBuilder).data as ZarrDataset).shape, [5, 2]);
      await io.close();
    });

    it("a read failing in the queue stops every queued write; those datasets stay incomplete and are refused", async () => {
      const dir = join(tmp.make(), "failed.zarr");
      const log: string[] = [];
      const root = tree(log, (name, start) => {
        if (name === "b" && start === 2) throw new Error("acquisition lost");
      });
      await assert.rejects(writeFile(dir, root, fmt, { exhaustDci: false }), (e: unknown) =>
        e instanceof IncompleteWriteError && /acquisition lost/.test(e.message) && e.incomplete.includes("/a") && e.incomplete.includes("/b") && !e.incomplete.includes("/z"));
      // a's last buffer was never read: the queue stopped at b's failure.
      assert.deepEqual(log, ["a:0", "b:0", "a:2"]);
      const io = new ZarrIO(dir, "r");
      assert.deepEqual((await io.incompleteNodes()).sort(), ["/", "/a", "/b", "/g", "/g/c"]);
      await io.close();
      await assert.rejects(readDataset(dir, "/a"), IncompleteWriteError);
      await assert.rejects(readDataset(dir, "/b"), IncompleteWriteError);
      assert.deepEqual(await readDataset(dir, "/z"), [7, 8, 9]);
    });
  });
}

describe("exhaustDci options", () => {
  it("numberOfJobs 2 with exhaustDci false writes the same bytes as a serial write", async () => {
    const queued = join(tmp.make(), "jobs.zarr");
    const serial = join(tmp.make(), "serial.zarr");
    await writeFile(queued, tree([]), 3, { exhaustDci: false, numberOfJobs: 2 });
    await writeFile(serial, tree([]), 3);
    assert.deepEqual(snapshot(queued, { content: "base64" }), snapshot(serial, { content: "base64" }));
  });

  it("write(container) and export(writeArgs) take it; a wrong name is still refused", async () => {
    const src = join(tmp.make(), "src.zarr");
    await writeFile(src, tree([]), 3);
    const srcIO = new ZarrIO(src, "r");
    const dest = join(tmp.make(), "exported.zarr");
    const destIO = new ZarrIO(dest, "w");
    await destIO.export(srcIO, { writeArgs: { exhaustDci: false } });
    await destIO.close();
    await srcIO.close();
    assert.deepEqual(await readDataset(dest, "/a"), [0, 1, 2, 3, 4]);
    const io = new ZarrIO(join(tmp.make(), "x.zarr"), "w");
    await assert.rejects(io.writeBuilder(tree([]), { exhaust_dci: false } as never), (e: unknown) =>
      e instanceof InvalidOptionError && e.option === "exhaust_dci" && /exhaustDci/.test(e.message));
    await io.close();
  });

  it("ZarrIO.write(nwbfile, { exhaustDci: false }) reads the TimeSeries' iterators in turn", async () => {
    await loadNwbTypes();
    const log: string[] = [];
    const file = new NWBFile({ identifier: "q", sessionDescription: "queued", sessionStartTime: new Date("2024-01-01T00:00:00Z") });
    file.addAcquisition(new TimeSeries({ name: "s1", data: new LoggedRamp("s1", 4, 0, 2, log), unit: "V", rate: 10 }));
    file.addAcquisition(new TimeSeries({ name: "s2", data: new LoggedRamp("s2", 4, 50, 2, log), unit: "V", rate: 10 }));
    const path = join(tmp.make(), "q.nwb.zarr");
    const io = new NWBZarrIO(path, "w");
    await io.write(file, { exhaustDci: false });
    await io.close();
    assert.deepEqual(log, ["s1:0", "s2:0", "s1:2", "s2:2"]);
    assert.deepEqual(await readDataset(path, "/acquisition/s2/data"), [50, 51, 52, 53]);
  });

  it("the queue: hdmf-zarr's defaults, and iteration over what waits", () => {
    const queue = new ZarrIODataChunkIteratorQueue();
    assert.equal(queue.numberOfJobs, 1);
    assert.equal(queue.maxThreadsPerProcess, undefined);
    assert.equal(queue.length, 0);
    const source = new LoggedRamp("q", 2, 0, 1, []);
    queue.append({ path: "q", source, step: async () => false, abort: async () => {} });
    assert.deepEqual([...queue], [{ dataset: "q", data: source }]);
  });
});
