/**
 * Writes the demo NWB file that the demo notebooks and the store browser open: a session with a
 * probe (electrodes table, 4 channels), an ElectricalSeries, a TimeSeries and a Units table, in
 * Zarr v3 (hdmf-zarr 0.14's layout).
 *
 * Usage: node --import tsx scripts/write-demo-store.ts OUT.nwb.zarr
 * OUT is replaced when it exists (it is generated data; the setup runs this on every call).
 */
import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import {
  Device, ElectricalSeries, ElectrodeGroup, NWBFile, NWBZarrIO, Subject, TimeSeries, Units, loadNwbTypes,
} from "../src/index.js";

/** The values the demo file holds, for tests that check what the notebooks print. */
export const DEMO = {
  identifier: "hdmf-zarr-demo-0001",
  sessionDescription: "demo session written from TypeScript",
  sessionStartTime: "2025-01-15T09:30:00.000Z",
  /** 200 samples × 4 channels at 1 kHz: a 10 Hz sine per channel, phase-shifted by channel. */
  voltages: Array.from({ length: 200 }, (_, t) =>
    Array.from({ length: 4 }, (_, c) => Math.round(Math.sin(2 * Math.PI * 10 * (t / 1000) + c / 2) * 1e4) / 1e7)),
  temperature: [21, 21.1, 21.3, 21.2, 21.4, 21.6, 21.5, 21.7],
  spikeTimes: [[0.012, 0.055, 0.131], [0.02, 0.18], [0.007, 0.09, 0.1, 0.16]],
  locations: ["CA1", "CA1", "CA3", "CA3"],
};

/** Build the demo NWBFile (not written). */
export function buildDemoFile(): NWBFile {
  const file = new NWBFile({
    identifier: DEMO.identifier,
    sessionDescription: DEMO.sessionDescription,
    sessionStartTime: new Date(DEMO.sessionStartTime),
    fileCreateDate: new Date(DEMO.sessionStartTime),
    experimenter: ["Demo Experimenter"],
    institution: "hdmf-zarr demo",
    subject: new Subject({ subjectId: "mouse-1", species: "Mus musculus", sex: "F", age: "P60D" }),
  });
  const device = file.addDevice(new Device({ name: "probe", description: "a 4-channel silicon probe" }));
  const shank = file.addElectrodeGroup(new ElectrodeGroup({ name: "shank0", description: "the probe's shank", location: "hippocampus", device }));
  file.addElectrodes({
    location: DEMO.locations, group: DEMO.locations.map(() => shank),
    x: [0, 0, 0, 0], y: [0, 25, 50, 75], z: [0, 0, 0, 0], label: ["ch0", "ch1", "ch2", "ch3"],
  });
  file.addAcquisition(new ElectricalSeries({
    name: "ElectricalSeries", description: "raw voltages", data: DEMO.voltages, rate: 1000, startingTime: 0,
    electrodes: file.createElectrodeRegion([0, 1, 2, 3]),
  }));
  file.addAcquisition(new TimeSeries({
    name: "temperature", description: "room temperature, once a second", data: DEMO.temperature, unit: "degrees C", rate: 1, startingTime: 0,
  }));
  file.units = new Units({ description: "sorted units", spikeTimes: DEMO.spikeTimes });
  return file;
}

/** Write the demo file to `path` (replacing it), returning its absolute path. */
export async function writeDemoStore(path: string): Promise<string> {
  const target = resolve(path);
  await loadNwbTypes();
  await rm(target, { recursive: true, force: true });
  await new NWBZarrIO(target, "w").write(buildDemoFile());
  return target;
}

if (require.main === module) {
  const out = process.argv[2];
  if (!out) {
    console.error("usage: node --import tsx scripts/write-demo-store.ts OUT.nwb.zarr");
    process.exit(2);
  }
  writeDemoStore(out).then(
    (p) => console.log(`demo store written: ${p}`),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
