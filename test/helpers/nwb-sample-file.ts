/** The sample NWB file of the tests: an NWBFile built from scratch with the typed classes. */
import {
  Device, ElectricalSeries, ElectrodeGroup, NWBFile, Position, ProcessingModule, SpatialSeries, Subject, TimeIntervals, TimeSeries, Units,
} from "../../src/nwb/index.js";

/** Sample values of the built file (what readers must see). */
export const SAMPLE = {
  identifier: "TS-BUILT-0001",
  sessionDescription: "a session built in TypeScript",
  sessionStartTime: "2024-03-05T10:20:30.000Z",
  ecephys: Array.from({ length: 30 }, (_, t) => Array.from({ length: 4 }, (_, c) => Math.round(Math.sin(t + c) * 1e4) / 1e4)),
  spikes: [[0.1, 0.25, 0.9], [], [1.5], [0.01, 0.02, 0.03, 0.04]],
  tsTimes: [0, 0.5, 1.25, 2],
  positions: [[0, 0], [0.1, 0.05], [0.2, 0.1], [0.35, 0.2], [0.5, 0.4]],
};

/** The NWBFile of the tests: subject, device, electrode group, electrodes (4 rows), ElectricalSeries, Units, TimeSeries, behavior module, trials. */
export function buildSampleFile(): NWBFile {
  const file = new NWBFile({
    identifier: SAMPLE.identifier,
    sessionDescription: SAMPLE.sessionDescription,
    sessionStartTime: new Date(SAMPLE.sessionStartTime),
    fileCreateDate: "2024-03-06T00:00:00.000Z",
    experimenter: ["Ada Lovelace", "Alan Turing"],
    institution: "Analytical Engine Institute",
    lab: "Difference Lab",
    sessionId: "S-42",
    keywords: ["ecephys", "typescript"],
    subject: new Subject({ subjectId: "mouse-7", species: "Mus musculus", sex: "F", age: "P90D", description: "a test mouse" }),
  });
  const device = file.addDevice(new Device({ name: "probe", description: "a 4-channel probe", manufacturer: "Acme" }));
  const group = file.addElectrodeGroup(new ElectrodeGroup({ name: "shank0", description: "the only shank", location: "CA1", device }));
  file.addElectrodes({ location: ["CA1", "CA1", "CA1", "CA3"], group: [group, group, group, group], x: [1, 2, 3, 4], y: [0, 0, 0, 0], z: [0, 0, 0, 0] });
  file.addAcquisition(new ElectricalSeries({
    name: "raw", data: SAMPLE.ecephys, rate: 1000, startingTime: 2.5, electrodes: file.createElectrodeRegion([0, 1, 2, 3]), description: "raw voltages",
  }));
  file.addAcquisition(new TimeSeries({ name: "temperature", data: [20.5, 20.75, 21, 21.5], unit: "degrees C", timestamps: SAMPLE.tsTimes, description: "room temperature" }));
  file.units = new Units({ description: "sorted units", spikeTimes: SAMPLE.spikes });
  const behavior = file.addProcessingModule(new ProcessingModule({ name: "behavior", description: "behavioral data" }));
  const position = new Position();
  position.addSpatialSeries(new SpatialSeries({ name: "xy", data: SAMPLE.positions, rate: 10, referenceFrame: "corner of the arena", description: "head position" }));
  behavior.add(position);
  file.trials = new TimeIntervals({ name: "trials", description: "experimental trials", startTime: [0, 1, 2], stopTime: [0.5, 1.5, 2.5] });
  return file;
}
