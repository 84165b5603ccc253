/**
 * core ElectrodesTable (NWB ≥ 2.8): one row per electrode (channel), with `location` and `group`
 * required and NWB's other columns added when a row first gives them (pynwb `ElectrodesTable`).
 */
import { DynamicTable, type DynamicTableInit } from "../build/common/dynamic-table.js";
import type { PredefinedColumn } from "../build/common/predefined-columns.js";
import { requireSpec } from "./spec-check.js";

/** What ElectrodesTable constructors accept (name is always "electrodes"). */
export type ElectrodesTableInit = Omit<DynamicTableInit, "name"> & { name?: string };

/** The electrodes table of a file (general/extracellular_ephys/electrodes). */
export class ElectrodesTable extends DynamicTable {
  static override typeName = "ElectrodesTable";
  static override namespace = "core";
  /** pynwb's `ElectrodesTable.__columns__`. */
  static override predefinedColumns: readonly PredefinedColumn[] = [
    { name: "location", description: "Location of the electrode (channel).", required: true },
    { name: "group", description: "Reference to the ElectrodeGroup.", required: true },
    { name: "group_name", description: "Name of the ElectrodeGroup." },
    { name: "x", description: "x coordinate of the channel location in the brain." },
    { name: "y", description: "y coordinate of the channel location in the brain." },
    { name: "z", description: "z coordinate of the channel location in the brain." },
    { name: "imp", description: "Impedance of the channel, in ohms." },
    { name: "filtering", description: "Description of hardware filtering." },
    { name: "rel_x", description: "x coordinate in electrode group." },
    { name: "rel_y", description: "xy coordinate in electrode group." },
    { name: "rel_z", description: "z coordinate in electrode group." },
    { name: "reference", description: "Description of the reference electrode and/or reference scheme used for this electrode." },
  ];

  constructor(init: ElectrodesTableInit = {}) {
    if (!init.fromFile) requireSpec(new.target, "electrodes");
    super({ ...init, name: init.name ?? "electrodes", description: init.description ?? (init.fromFile ? undefined : "metadata about extracellular electrodes") });
  }
}
