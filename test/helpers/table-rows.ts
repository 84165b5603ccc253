/**
 * The NWB file of the add-rows-in-file tests (the one test/interop/python/add_rows_in_file.py
 * writes): 2 trials, 3 electrodes, 2 units (ragged spike times, ragged region into the electrodes)
 * and a table `visits` in processing/tables with a region column; its rows as plain lists, in the
 * script's JSON form; and the rows the tests add.
 */
import { DynamicTable } from "../../src/build/common/dynamic-table.js";
import { NWBFile, type ElectrodeGroup } from "../../src/nwb/index.js";

/** Every row of the four tables: values as stored, regions as row numbers, groups by name. */
export interface TableRows {
  trials: [number, number, number][];
  electrodes: [number, string, string, string][];
  units: [number, number[], number[]][];
  visits: [number, number, number][];
}

/** The file's rows as written (before any row is added). */
export const WRITTEN: TableRows = {
  trials: [[0, 0, 1], [1, 1, 2.5]],
  electrodes: [[0, "CA1", "shank0", "shank0"], [1, "CA1", "shank0", "shank0"], [2, "CA1", "shank0", "shank0"]],
  units: [[0, [0.1, 0.2], [0, 1]], [1, [0.3], [2]]],
  visits: [[0, 1.5, 2], [1, 2.5, 0]],
};

/** The file, built here as the Python script builds it. */
export function rowsFile(): NWBFile {
  const file = new NWBFile({ identifier: "rows-1", sessionDescription: "rows", sessionStartTime: new Date("2024-01-01T00:00:00.000Z") });
  const device = file.createDevice({ name: "probe", description: "a probe" });
  const group = file.createElectrodeGroup({ name: "shank0", description: "s", location: "CA1", device });
  for (let i = 0; i < 3; i++) file.addElectrode({ location: "CA1", group });
  file.addTrial({ startTime: 0, stopTime: 1 });
  file.addTrial({ startTime: 1, stopTime: 2.5 });
  file.addUnit({ spikeTimes: [0.1, 0.2], electrodes: [0, 1] });
  file.addUnit({ spikeTimes: [0.3], electrodes: [2] });
  const visits = new DynamicTable({ name: "visits", description: "electrode visits" });
  visits.addColumn({ name: "weight", description: "w", data: [1.5, 2.5] });
  visits.addColumn({ name: "electrode", description: "e", data: [2, 0], table: file.electrodes });
  file.createProcessingModule({ name: "tables", description: "tables" }).add(visits);
  return file;
}

/** The `visits` table of the file. */
export function visitsOf(file: NWBFile): DynamicTable {
  const t = file.processing.get("tables")!.dataInterfaces.get("visits");
  if (!(t instanceof DynamicTable)) throw new Error(`visits is ${String(t)}`);
  return t;
}

/** Every row of the four tables, read. */
export async function tableRows(file: NWBFile): Promise<TableRows> {
  const num = (v: unknown) => Number(v);
  const trials = await file.trials!.toRecords();
  const electrodes = await file.electrodes!.toRecords();
  const units = await file.units!.toRecords(0, file.units!.length, { resolveRegions: false });
  const visits = await visitsOf(file).toRecords(0, visitsOf(file).length, { resolveRegions: false });
  return {
    trials: trials.map((r) => [num(r.id), num(r.start_time), num(r.stop_time)]),
    electrodes: electrodes.map((r) => [num(r.id), String(r.location), (r.group as ElectrodeGroup).name, String(r.group_name)]),
    units: units.map((r) => [num(r.id), (r.spike_times as unknown[]).map(num), (r.electrodes as unknown[]).map(num)]),
    visits: visits.map((r) => [num(r.id), num(r.weight), num(r.electrode)]),
  };
}

/** The rows the tests add here: a trial, an electrode, a unit (ragged values and regions) and a visit. */
export function addOurRows(file: NWBFile): void {
  file.addTrial({ startTime: 7, stopTime: 8 });
  file.addElectrode({ location: "CA3", group: file.electrodeGroups.get("shank0")! });
  file.addUnit({ spikeTimes: [0.5, 0.75, 1.25], electrodes: [0, 3] });
  visitsOf(file).addRow({ weight: 9.25, electrode: 3 });
}

/** The file's rows after {@link addOurRows}. */
export const WITH_OUR_ROWS: TableRows = {
  trials: [...WRITTEN.trials, [2, 7, 8]],
  electrodes: [...WRITTEN.electrodes, [3, "CA3", "shank0", "shank0"]],
  units: [...WRITTEN.units, [2, [0.5, 0.75, 1.25], [0, 3]]],
  visits: [...WRITTEN.visits, [2, 9.25, 3]],
};

/** The file's rows after the Python script's `append` (a trial, an electrode and a visit; no unit: hdmf cannot add one in place). */
export const WITH_PYTHON_ROWS: TableRows = {
  trials: [...WRITTEN.trials, [2, 7, 8]],
  electrodes: [...WRITTEN.electrodes, [3, "CA3", "shank0", "shank0"]],
  units: WRITTEN.units,
  visits: [...WRITTEN.visits, [2, 9.25, 3]],
};
