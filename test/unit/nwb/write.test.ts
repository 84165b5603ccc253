/**
 * An NWBFile built in TypeScript with the typed classes (subject, device, electrode group, a
 * 4-row electrodes table, an ElectricalSeries with a rate, Units with ragged spike times, a
 * TimeSeries with timestamps, a behavior module with Position/SpatialSeries, trials) is written in
 * Zarr v3 and v2 and read back with equal values; pynwb 4.2 + hdmf-zarr 0.14 reads the v3 file
 * value by value and `pynwb.validate` finds no errors. Constructors refuse missing required fields.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { slice } from "../../../src/zarr/indexing.js";
import {
  Device, ElectricalSeries, ElectrodeGroup, NWBFile, NWBZarrIO, Position, ProcessingModule, SpatialSeries, Subject, TimeIntervals, TimeSeries, Units,
  loadNwbTypes, MemoryData,
} from "../../../src/nwb/index.js";
import { InvalidArgumentError } from "../../../src/errors.js";
import { REPO_ROOT as ROOT } from "../../helpers/repo-paths.js";
import { NO_BYTECODE, fullOutput, pythonOutput, venvPython } from "../../helpers/python.js";
import { assertSameTree } from "../../helpers/same-tree.js";
import { SAMPLE, buildSampleFile } from "../../helpers/nwb-sample-file.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const temps = tempFolders("nwb-write");
after(() => temps.cleanup());

const python = venvPython("v3");
const skipPy = existsSync(python) ? false : "SKIP: Python venv missing (bash test/interop/setup-venvs.sh)";

/** Reads our file with pynwb, prints its values as JSON, and pynwb.validate's findings. */
const READER = `
import json, sys, warnings
warnings.filterwarnings("ignore")
from hdmf_zarr.nwb import NWBZarrIO
from pynwb import validate
def clean(v):
    if hasattr(v, "tolist"): v = v.tolist()
    if isinstance(v, list): return [clean(x) for x in v]
    return v
with NWBZarrIO(sys.argv[1], "r") as io:
    f = io.read()
    es = f.acquisition["raw"]; ts = f.acquisition["temperature"]
    xy = f.processing["behavior"]["Position"]["xy"]
    el = f.electrodes
    out = {
        "identifier": f.identifier, "session_description": f.session_description,
        "session_start_time": f.session_start_time.isoformat(), "file_create_date": [d.isoformat() for d in f.file_create_date],
        "experimenter": list(f.experimenter), "institution": f.institution, "lab": f.lab, "session_id": f.session_id, "keywords": clean(f.keywords[:]),
        "subject": [f.subject.subject_id, f.subject.species, f.subject.sex, f.subject.age, f.subject.description],
        "devices": {k: [d.description, d.manufacturer] for k, d in f.devices.items()},
        "electrode_groups": {k: [g.description, g.location, g.device is f.devices["probe"]] for k, g in f.electrode_groups.items()},
        "electrodes": {"type": type(el).__name__, "colnames": list(el.colnames), "location": clean(el["location"][:]),
                       "group": [g is f.electrode_groups["shank0"] for g in el["group"][:]], "group_name": clean(el["group_name"][:]), "x": clean(el["x"][:])},
        "es": {"type": type(es).__name__, "data": clean(es.data[:]), "rate": es.rate, "starting_time": es.starting_time, "unit": es.unit,
               "description": es.description, "electrodes": clean(es.electrodes.data[:]), "region_table_is_electrodes": es.electrodes.table is el},
        "ts": {"type": type(ts).__name__, "data": clean(ts.data[:]), "timestamps": clean(ts.timestamps[:]), "unit": ts.unit, "description": ts.description},
        "units": {"type": type(f.units).__name__, "description": f.units.description, "spike_times": [clean(f.units["spike_times"][i]) for i in range(len(f.units))]},
        "xy": {"type": type(xy).__name__, "container": type(f.processing["behavior"]["Position"]).__name__, "data": clean(xy.data[:]),
               "rate": xy.rate, "reference_frame": xy.reference_frame, "unit": xy.unit},
        "trials": {"type": type(f.trials).__name__, "start": clean(f.trials["start_time"][:]), "stop": clean(f.trials["stop_time"][:])},
        "validation": [str(e) for e in validate(io=io)],
    }
print(json.dumps(out))
`;

describe("an NWBFile built in TypeScript", () => {
  let built: NWBFile;
  const paths: Record<3 | 2, string> = { 3: "", 2: "" };
  before(async () => {
    await loadNwbTypes();
    built = buildSampleFile();
    for (const format of [3, 2] as const) {
      paths[format] = join(temps.make(), `built-v${format}.nwb.zarr`);
      await new NWBZarrIO(paths[format], "w", { zarrFormat: format }).write(built);
    }
  });

  it("keeps what the constructors were given, readable through the getters before writing", async () => {
    assert.equal(built.identifier, SAMPLE.identifier);
    assert.equal(built.sessionStartTime!.toISOString(), SAMPLE.sessionStartTime);
    assert.equal(built.timestampsReferenceTime!.toISOString(), SAMPLE.sessionStartTime, "defaults to the session start");
    assert.deepEqual(built.experimenter, ["Ada Lovelace", "Alan Turing"]);
    const es = built.acquisition.get("raw") as ElectricalSeries;
    assert.equal(es.unit, "volts", "the unit ElectricalSeries fixes");
    assert.equal(es.startingTime, 2.5);
    assert.ok(es.data instanceof MemoryData);
    assert.deepEqual(await es.data.toList([slice(1, 3), 0]), [SAMPLE.ecephys[1][0], SAMPLE.ecephys[2][0]]);
    assert.deepEqual(await es.timestampsFor(0, 2), [2.5, 2.501]);
    assert.deepEqual(await built.units!.spikeTimes(3), SAMPLE.spikes[3]);
  });

  for (const format of [3, 2] as const) {
    it(`reads back from Zarr v${format} with equal values`, async () => {
      const file = await NWBZarrIO.readNwb(paths[format], { preload: "all" });
      assert.ok(file instanceof NWBFile);
      assert.equal(file.identifier, SAMPLE.identifier);
      assert.equal(file.sessionDescription, SAMPLE.sessionDescription);
      assert.equal(file.sessionStartTime!.toISOString(), SAMPLE.sessionStartTime);
      assert.deepEqual(file.fileCreateDate!.map((d) => d.toISOString()), ["2024-03-06T00:00:00.000Z"]);
      assert.deepEqual(file.experimenter, ["Ada Lovelace", "Alan Turing"]);
      assert.deepEqual(file.keywords, ["ecephys", "typescript"]);
      assert.equal(file.institution, "Analytical Engine Institute");
      assert.equal(file.lab, "Difference Lab");
      assert.equal(file.sessionId, "S-42");
      const subject = file.subject!;
      assert.ok(subject instanceof Subject);
      assert.deepEqual([subject.subjectId, subject.species, subject.sex, subject.age, subject.description], ["mouse-7", "Mus musculus", "F", "P90D", "a test mouse"]);
      const device = file.devices.get("probe")!;
      assert.ok(device instanceof Device);
      assert.deepEqual([device.description, device.manufacturer], ["a 4-channel probe", "Acme"]);
      const group = file.electrodeGroups.get("shank0")!;
      assert.ok(group instanceof ElectrodeGroup);
      assert.equal(group.device, device);
      const rows = await file.electrodes!.toRecords();
      assert.deepEqual(rows.map((r) => [r.id, r.location, r.group === group, r.group_name, r.x]),
        [[0, "CA1", true, "shank0", 1], [1, "CA1", true, "shank0", 2], [2, "CA1", true, "shank0", 3], [3, "CA3", true, "shank0", 4]]);
      const es = file.acquisition.get("raw") as ElectricalSeries;
      assert.ok(es instanceof ElectricalSeries);
      assert.deepEqual([es.rate, es.startingTime, es.unit, es.description], [1000, 2.5, "volts", "raw voltages"]);
      assert.deepEqual(await es.data!.toList(), SAMPLE.ecephys);
      assert.deepEqual(await es.data!.toList([slice(28, 30), null]), SAMPLE.ecephys.slice(28, 30));
      assert.equal(es.electrodes!.table, file.electrodes);
      assert.deepEqual(await es.electrodes!.rows(0, 4, { resolveRegions: false }), [0, 1, 2, 3]);
      const ts = file.acquisition.get("temperature") as TimeSeries;
      assert.equal(ts.unit, "degrees C");
      assert.equal(ts.rate, undefined);
      assert.deepEqual(await ts.timestampsFor(), SAMPLE.tsTimes);
      assert.deepEqual(await ts.data!.toList(), [20.5, 20.75, 21, 21.5]);
      const units = file.units!;
      assert.ok(units instanceof Units);
      for (let i = 0; i < SAMPLE.spikes.length; i++) assert.deepEqual(await units.spikeTimes(i), SAMPLE.spikes[i]);
      const behavior = file.processing.get("behavior")!;
      assert.ok(behavior instanceof ProcessingModule);
      const position = behavior.dataInterfaces.get("Position")!;
      assert.ok(position instanceof Position);
      const xy = position.spatialSeries.get("xy")!;
      assert.ok(xy instanceof SpatialSeries);
      assert.deepEqual([xy.rate, xy.referenceFrame, xy.unit], [10, "corner of the arena", "meters"]);
      assert.deepEqual(await xy.data!.toList(), SAMPLE.positions);
      const trials = file.trials!;
      assert.ok(trials instanceof TimeIntervals);
      assert.deepEqual(await trials.intervals(), [[0, 0.5], [1, 1.5], [2, 2.5]]);
    });
  }

  it("reads the same tree from both formats", async () => {
    const [a, b] = await Promise.all([NWBZarrIO.readNwb(paths[3]), NWBZarrIO.readNwb(paths[2])]);
    assert.ok((await assertSameTree(a, b)) > 15);
  });

  it("is read by pynwb 4.2 with equal values and passes pynwb.validate", { skip: skipPy }, () => {
    const py = JSON.parse(pythonOutput(python, ["-c", READER, paths[3]], { cwd: ROOT, env: NO_BYTECODE, maxBuffer: 32 << 20, message: fullOutput }));
    assert.deepEqual(py.validation, [], "pynwb.validate finds no errors");
    assert.equal(py.identifier, SAMPLE.identifier);
    assert.equal(py.session_description, SAMPLE.sessionDescription);
    assert.equal(new Date(py.session_start_time).toISOString(), SAMPLE.sessionStartTime);
    assert.deepEqual(py.file_create_date.map((d: string) => new Date(d).toISOString()), ["2024-03-06T00:00:00.000Z"]);
    assert.deepEqual([py.experimenter, py.institution, py.lab, py.session_id, py.keywords],
      [["Ada Lovelace", "Alan Turing"], "Analytical Engine Institute", "Difference Lab", "S-42", ["ecephys", "typescript"]]);
    assert.deepEqual(py.subject, ["mouse-7", "Mus musculus", "F", "P90D", "a test mouse"]);
    assert.deepEqual(py.devices, { probe: ["a 4-channel probe", "Acme"] });
    assert.deepEqual(py.electrode_groups, { shank0: ["the only shank", "CA1", true] });
    assert.deepEqual(py.electrodes, {
      type: "ElectrodesTable", colnames: ["location", "group", "group_name", "x", "y", "z"], location: ["CA1", "CA1", "CA1", "CA3"],
      group: [true, true, true, true], group_name: ["shank0", "shank0", "shank0", "shank0"], x: [1, 2, 3, 4],
    });
    assert.deepEqual(py.es, {
      type: "ElectricalSeries", data: SAMPLE.ecephys, rate: 1000, starting_time: 2.5, unit: "volts", description: "raw voltages",
      electrodes: [0, 1, 2, 3], region_table_is_electrodes: true,
    });
    assert.deepEqual(py.ts, { type: "TimeSeries", data: [20.5, 20.75, 21, 21.5], timestamps: SAMPLE.tsTimes, unit: "degrees C", description: "room temperature" });
    assert.deepEqual(py.units, { type: "Units", description: "sorted units", spike_times: SAMPLE.spikes });
    assert.deepEqual(py.xy, { type: "SpatialSeries", container: "Position", data: SAMPLE.positions, rate: 10, reference_frame: "corner of the arena", unit: "meters" });
    assert.deepEqual(py.trials, { type: "TimeIntervals", start: [0, 1, 2], stop: [0.5, 1.5, 2.5] });
  });
});

describe("typed constructors", () => {
  before(() => loadNwbTypes());

  it("refuse missing required fields", () => {
    assert.throws(() => new NWBFile({ identifier: "x", sessionDescription: "y" }), (e: Error) => e instanceof InvalidArgumentError && /sessionStartTime/.test(e.message));
    assert.throws(() => new TimeSeries({ name: "t", data: [1] , rate: 1 }), /'unit'/);
    assert.throws(() => new TimeSeries({ name: "t", data: [1], unit: "m" }), /'rate'.*'timestamps'/);
    assert.throws(() => new TimeSeries({ name: "t", data: [1], unit: "m", rate: 1, timestamps: [0] }), /not both/);
    assert.throws(() => new ElectrodeGroup({ name: "g", description: "d", location: "l" }), /'device'/);
    assert.throws(() => new ElectricalSeries({ name: "e", data: [[1]], rate: 1 }), /'electrodes'/);
    assert.throws(() => new ProcessingModule({ name: "m" }), /'description'/);
    assert.throws(() => new TimeIntervals({ name: "trials", startTime: [0] }), /both startTime and stopTime/);
    const file = new NWBFile({ identifier: "x", sessionDescription: "y", sessionStartTime: new Date(0) });
    assert.throws(() => (file.trials = new TimeIntervals({ name: "other" })), /named 'trials'/);
    assert.throws(() => file.createElectrodeRegion([0]), /no electrodes table/);
  });
});
