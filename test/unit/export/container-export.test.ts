/**
 * ZarrIO/NWBZarrIO.export with a container (hdmf's `export(src_io, container=…)`, pynwb's
 * `nwbfile=…`): the NWBFile read from the source and changed since is what the new file holds —
 * additions in, removed fields out — with the source's arrays copied at their own paths and linked
 * inside the new file from other paths; the options hdmf-zarr takes (writeArgs, clearCache,
 * numberOfJobs) are honoured, and everything else is refused before anything is written.
 */
import assert from "node:assert/strict";
import { cpSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { BuildError, ContainerMap, DatasetBuilder, GroupBuilder, InvalidArgumentError, InvalidOptionError, LinkBuilder, ZarrDataset, ZarrIO } from "../../../src/index.js";
import { ElectricalSeries, loadNwbTypes, NWBFile, NWBZarrIO, ProcessingModule, TimeSeries } from "../../../src/nwb/index.js";
import { DataChunkIterator } from "../../../src/io/data-chunk-iterator.js";
import { BlockWritePool } from "../../../src/io/parallel/block-write-pool.js";
import { buildSampleFile, SAMPLE } from "../../helpers/nwb-sample-file.js";
import { snapshot } from "../../helpers/store-files.js";
import { tempFolders } from "../../helpers/temp-folders.js";
import { numbers, values } from "../../helpers/zarr-files.js";

const tmp = tempFolders("container-export");
after(() => tmp.cleanup());

let source = "";
before(async () => {
  await loadNwbTypes();
  source = join(tmp.make(), "source.nwb.zarr");
  await new NWBZarrIO(source, "w").write(buildSampleFile());
});

/** Read the source (a copy of it when `copy`), the NWBFile and its reader. */
async function readSource(copy = false): Promise<{ src: NWBZarrIO; file: NWBFile; path: string }> {
  const path = copy ? join(tmp.make(), "source-copy.nwb.zarr") : source;
  if (copy) cpSync(source, path, { recursive: true });
  const src = new NWBZarrIO(path, "r");
  return { src, file: await src.read(), path };
}

/** Add what the tests add: an acquisition TimeSeries and a processing module holding one. */
function addThings(file: NWBFile): void {
  file.addAcquisition(new TimeSeries({ name: "added", data: [1.5, 2.5, 3.5], unit: "m", rate: 10, description: "added after reading" }));
  const extra = file.addProcessingModule(new ProcessingModule({ name: "extra", description: "a module added after reading" }));
  extra.add(new TimeSeries({ name: "speed", data: [[0.5, 1.25], [1.5, 2.25], [2.5, 3.25]], unit: "m/s", timestamps: [0, 0.1, 0.3] }));
}

describe("export of a changed container", () => {
  it("NWBZarrIO.export(src, { nwbfile }) writes the additions, the original objects and their values, copied into the new file", async () => {
    const { src, file, path } = await readSource(true);
    addThings(file);
    // a field removed before the export (institution lives in the untyped group `general`)
    file.get<{ set(name: string, value: unknown): unknown }>("general")!.set("institution", undefined);
    const destPath = join(tmp.make(), "dest.nwb.zarr");
    await new NWBZarrIO(destPath, "w").export(src, { nwbfile: file });
    await src.close();
    rmSync(path, { recursive: true }); // the new file needs nothing of the source

    const back = new NWBZarrIO(destPath, "r");
    const got = await back.read();
    assert.deepEqual([...got.acquisition.keys()].sort(), ["added", "raw", "temperature"]);
    assert.deepEqual([...got.processing.keys()].sort(), ["behavior", "extra"]);
    assert.equal(got.identifier, SAMPLE.identifier);
    assert.equal(got.institution, undefined);
    assert.equal(got.lab, "Difference Lab");
    assert.deepEqual(await values(back, "/acquisition/added/data"), [1.5, 2.5, 3.5]);
    assert.deepEqual(await values(back, "/processing/extra/speed/data"), [0.5, 1.25, 1.5, 2.25, 2.5, 3.25]);
    assert.deepEqual(await values(back, "/processing/extra/speed/timestamps"), [0, 0.1, 0.3]);
    assert.deepEqual(await values(back, "/acquisition/raw/data"), SAMPLE.ecephys.flat());
    assert.deepEqual(await values(back, "/acquisition/temperature/timestamps"), SAMPLE.tsTimes);
    assert.deepEqual(await values(back, "/processing/behavior/Position/xy/data"), SAMPLE.positions.flat());
    const raw = (await back.getBuilder("/acquisition/raw/data")) as DatasetBuilder;
    assert.ok(raw.data instanceof ZarrDataset && raw.data.array.store.description === back.abspath);
    // the region of the ElectricalSeries still points at the electrodes table of the new file
    const region = (await back.getBuilder("/acquisition/raw/electrodes")) as DatasetBuilder;
    assert.equal((region.attributes.table as { builder: DatasetBuilder }).builder, await back.getBuilder("/general/extracellular_ephys/electrodes"));
    await back.close();
  });

  it("a child removed before the export (pynwb's `acquisition.pop(name)`) is not in the new file", async () => {
    const { src, file } = await readSource();
    const members = file.get<{ get(name: string): ContainerMap | undefined }>("acquisition")!.get("nwb_data_interfaces")!;
    assert.ok(members.delete("temperature"));
    const destPath = join(tmp.make(), "removed.nwb.zarr");
    await new NWBZarrIO(destPath, "w").export(src, { nwbfile: file });
    await src.close();
    const io = new ZarrIO(destPath, "r");
    assert.deepEqual([...(await io.getBuilder("/acquisition") as GroupBuilder).groups.keys()], ["raw"]);
    assert.deepEqual(await values(io, "/acquisition/raw/data"), SAMPLE.ecephys.flat());
    await io.close();
  });

  it("a legacy (Zarr v2) source exports with its changes, into Zarr v3 and into v2", async () => {
    const legacy = join(tmp.make(), "legacy.nwb.zarr");
    await new NWBZarrIO(legacy, "w", { zarrFormat: 2 }).write(buildSampleFile());
    for (const zarrFormat of [3, 2] as const) {
      const src = new NWBZarrIO(legacy, "r");
      const file = await src.read();
      addThings(file);
      const destPath = join(tmp.make(), `from-v2-to-v${zarrFormat}.nwb.zarr`);
      await new NWBZarrIO(destPath, "w", { zarrFormat }).export(src, { nwbfile: file });
      await src.close();
      const back = new NWBZarrIO(destPath, "r");
      const got = await back.read();
      assert.equal(back.zarrFormat, zarrFormat);
      assert.deepEqual([...got.acquisition.keys()].sort(), ["added", "raw", "temperature"]);
      assert.deepEqual(await values(back, "/processing/extra/speed/timestamps"), [0, 0.1, 0.3]);
      assert.deepEqual(await values(back, "/acquisition/raw/data"), SAMPLE.ecephys.flat());
      await back.close();
    }
  });

  it("without the container the file is exported as it is on disk: additions made after reading are not in it", async () => {
    const { src, file } = await readSource();
    addThings(file);
    const destPath = join(tmp.make(), "as-on-disk.nwb.zarr");
    await new NWBZarrIO(destPath, "w").export(src);
    const got = await NWBZarrIO.readNwb(destPath);
    assert.deepEqual([...got.acquisition.keys()].sort(), ["raw", "temperature"]);
    await src.close();
  });

  it("ZarrIO.export takes the container as `container`, and clearCache exports what read() gives", async () => {
    const { src, file } = await readSource();
    addThings(file);
    const withContainer = join(tmp.make(), "container.nwb.zarr");
    await new ZarrIO(withContainer, "w").export(src, { container: file });
    assert.deepEqual([...(await NWBZarrIO.readNwb(withContainer)).acquisition.keys()].sort(), ["added", "raw", "temperature"]);

    const fresh = new NWBZarrIO(source, "r");
    assert.equal(fresh.manager, undefined);
    const cleared = join(tmp.make(), "cleared.nwb.zarr");
    await new NWBZarrIO(cleared, "w").export(fresh, { clearCache: true });
    assert.ok(fresh.manager, "the source was read as containers");
    const got = await NWBZarrIO.readNwb(cleared);
    assert.deepEqual([...got.acquisition.keys()].sort(), ["raw", "temperature"]);
    const io = new ZarrIO(cleared, "r");
    assert.deepEqual(await values(io, "/acquisition/raw/data"), SAMPLE.ecephys.flat());
    await io.close();
    await fresh.close();
    await src.close();
  });

  it("data of the source at another path becomes a link inside the new file; with linkData false (or writeArgs) a copy", async () => {
    const { src, file } = await readSource();
    const temperature = file.acquisition.get("temperature", TimeSeries);
    file.addAcquisition(new TimeSeries({ name: "same_times", data: [7, 8, 9, 10], unit: "s", timestamps: temperature.get("timestamps") }));
    const linked = join(tmp.make(), "linked.nwb.zarr");
    await new NWBZarrIO(linked, "w").export(src, { nwbfile: file });
    const io = new ZarrIO(linked, "r");
    const group = await io.getBuilder("/acquisition/same_times");
    assert.ok(group instanceof GroupBuilder);
    const times = group.links.get("timestamps");
    assert.ok(times instanceof LinkBuilder, "timestamps is a link");
    assert.equal(times.builder, await io.getBuilder("/acquisition/temperature/timestamps"));
    assert.equal(times.builder.source, io.abspath, "the link stays inside the new file");
    await io.close();

    for (const options of [{ linkData: false }, { writeArgs: { linkData: false } }]) {
      const copied = join(tmp.make(), "copied.nwb.zarr");
      await new NWBZarrIO(copied, "w").export(src, { nwbfile: file, ...options });
      const c = new ZarrIO(copied, "r");
      assert.deepEqual(await values(c, "/acquisition/same_times/timestamps"), SAMPLE.tsTimes);
      assert.ok((await c.getBuilder("/acquisition/same_times/timestamps")) instanceof DatasetBuilder, JSON.stringify(options));
      await c.close();
    }
    await src.close();
  });

  it("numberOfJobs writes an added iterator on worker threads", async () => {
    const { src, file } = await readSource();
    const rows = function* () {
      for (let i = 0; i < 400; i++) yield [i, -i];
    };
    file.addAcquisition(new TimeSeries({ name: "streamed", data: new DataChunkIterator({ data: rows(), bufferSize: 100 }), unit: "V", rate: 100 }));
    const original = BlockWritePool.prototype.write;
    let sent = 0;
    BlockWritePool.prototype.write = function (this: BlockWritePool, ...args: Parameters<typeof original>) {
      sent++;
      return original.apply(this, args);
    };
    const destPath = join(tmp.make(), "parallel.nwb.zarr");
    try {
      await new NWBZarrIO(destPath, "w").export(src, { nwbfile: file, numberOfJobs: 2 });
    } finally {
      BlockWritePool.prototype.write = original;
    }
    assert.ok(sent > 0, "blocks went to the worker pool");
    const io = new ZarrIO(destPath, "r");
    const got = numbers(await ((await io.getBuilder("/acquisition/streamed/data")) as DatasetBuilder & { data: ZarrDataset }).data.get());
    assert.deepEqual(got.slice(0, 4), [0, -0, 1, -1]);
    assert.deepEqual(got.slice(-2), [399, -399]);
    assert.equal(got.length, 800);
    await io.close();
    await src.close();
  });
});

describe("export refusals (nothing written)", () => {
  it("a container that was not read by the source, or is not its root", async () => {
    const { src, file } = await readSource();
    const other = new NWBZarrIO(source, "r");
    const dest = () => new NWBZarrIO(join(tmp.make(), "refused.nwb.zarr"), "w");
    await assert.rejects(dest().export(other, { nwbfile: file }), (e: unknown) => e instanceof InvalidArgumentError && /not by this source/.test((e as Error).message));
    await assert.rejects(dest().export(src, { nwbfile: buildSampleFile() }), (e: unknown) => e instanceof InvalidArgumentError && /was not read from a file/.test((e as Error).message));
    const ts = file.acquisition.get("temperature", TimeSeries);
    await assert.rejects(dest().export(src, { container: ts }), (e: unknown) =>
      e instanceof InvalidArgumentError && e.path === "/acquisition/temperature" && /must be the root/.test(e.message));
    await src.close();
    await other.close();
  });

  it("unknown options, hdmf-zarr write arguments without a counterpart, and linkData given twice differently", async () => {
    const { src, file } = await readSource();
    const dest = new NWBZarrIO(join(tmp.make(), "options.nwb.zarr"), "w");
    await assert.rejects(dest.export(src, { nwbfile: file, cache_spec: false } as never), (e: unknown) =>
      e instanceof InvalidOptionError && e.option === "cache_spec" && /did you mean 'cacheSpec'/.test(e.message));
    await assert.rejects(dest.export(src, { writeArgs: { exportSource: "x" } } as never), (e: unknown) =>
      e instanceof InvalidOptionError && e.option === "exportSource" && /option 'writeArgs'/.test(e.message));
    await assert.rejects(dest.export(src, { linkData: true, writeArgs: { linkData: false } }), (e: unknown) =>
      e instanceof InvalidOptionError && /give it once/.test(e.message));
    await assert.rejects(dest.export(src, { nwbfile: file, container: buildSampleFile() }), (e: unknown) =>
      e instanceof InvalidOptionError && e.option === "nwbfile");
    await assert.rejects(new ZarrIO(join(tmp.make(), "z.zarr"), "w").export(src, { multiprocessingContext: "fork" } as never), (e: unknown) =>
      e instanceof InvalidOptionError && /worker threads/.test(e.message));
    await src.close();
  });

  it("a container that cannot be built leaves an existing destination as it was", async () => {
    const { src, file } = await readSource();
    const stranger = buildSampleFile(); // its electrodes table is in no file being written
    file.addAcquisition(new ElectricalSeries({ name: "stray", data: [[1, 2, 3, 4]], rate: 1, electrodes: stranger.createElectrodeRegion([0, 1, 2, 3]) }));
    const destPath = join(tmp.make(), "existing.nwb.zarr");
    cpSync(source, destPath, { recursive: true });
    const before = snapshot(destPath);
    await assert.rejects(new NWBZarrIO(destPath, "w").export(src, { nwbfile: file }), BuildError);
    assert.deepEqual(snapshot(destPath), before);
    await src.close();
  });
});
