/** core Units (spike times per unit, ragged) and TimeIntervals (trials, epochs, …). */
import { InvalidArgumentError } from "../errors.js";
import { DynamicTable, type DynamicTableInit } from "../build/common/dynamic-table.js";
import { plainValue } from "../build/nd-values.js";
import { requireSpec } from "./spec-check.js";

/** What Units constructors accept (name defaults to "units"). */
export interface UnitsInit extends Omit<DynamicTableInit, "name"> {
  name?: string;
  /** Spike times in seconds, one list per unit. */
  spikeTimes?: number[][];
}

/** Sorted units: one row per unit. */
export class Units extends DynamicTable {
  static override typeName = "Units";
  static override namespace = "core";

  constructor(init: UnitsInit = {}) {
    super({ ...init, name: init.name ?? "units", description: init.description ?? (init.fromFile ? undefined : "data on spike-sorted units") });
    if (!init.fromFile) requireSpec(Units, this.name);
    if (init.spikeTimes !== undefined) {
      this.addColumn({ name: "spike_times", description: "the spike times for each unit in seconds", data: init.spikeTimes, index: true });
    }
  }

  /** The spike times of one unit (reads only that unit's part). */
  async spikeTimes(unit: number): Promise<number[]> {
    if (!this.colnames.includes("spike_times")) throw new InvalidArgumentError("the units table has no spike_times column", { path: this.containerPath });
    const row = unit < 0 ? this.length + unit : unit;
    if (!Number.isInteger(row) || row < 0 || row >= this.length) {
      throw new InvalidArgumentError(`unit ${unit} is out of range (the table has ${this.length} units)`, { path: this.containerPath });
    }
    const [times] = await this.readColumn("spike_times", row, row + 1);
    return Array.from(times as ArrayLike<unknown>, (v) => Number(plainValue(v)));
  }
}

/** What TimeIntervals constructors accept. */
export interface TimeIntervalsInit extends DynamicTableInit {
  startTime?: number[];
  stopTime?: number[];
}

/** Intervals of time (trials, epochs, invalid times): start_time and stop_time per row. */
export class TimeIntervals extends DynamicTable {
  static override typeName = "TimeIntervals";
  static override namespace = "core";

  constructor(init: TimeIntervalsInit) {
    super({ ...init, description: init.description ?? (init.fromFile ? undefined : `intervals '${init.name}'`) });
    if (init.fromFile) return;
    requireSpec(this.constructor as typeof TimeIntervals, init.name);
    if ((init.startTime === undefined) !== (init.stopTime === undefined)) {
      throw new InvalidArgumentError(`TimeIntervals '${init.name}': give both startTime and stopTime`, { path: init.name });
    }
    if (init.startTime !== undefined) {
      this.addColumn({ name: "start_time", description: "Start time of epoch, in seconds", data: init.startTime });
      this.addColumn({ name: "stop_time", description: "Stop time of epoch, in seconds", data: init.stopTime });
    }
  }

  /** Start and stop of rows [start, stop). */
  async intervals(start = 0, stop = this.length): Promise<[number, number][]> {
    const [a, b] = await Promise.all([this.readColumn("start_time", start, stop), this.readColumn("stop_time", start, stop)]);
    return a.map((v, i) => [Number(plainValue(v)), Number(plainValue(b[i]))]);
  }
}
