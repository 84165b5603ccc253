/** core Units (spike times per unit, ragged) and TimeIntervals (trials, epochs, …). */
import { InvalidArgumentError } from "../errors.js";
import { DynamicTable, type AddRowOptions, type DynamicTableInit } from "../build/common/dynamic-table.js";
import { DynamicTableRegion } from "../build/common/dynamic-table-region.js";
import type { PredefinedColumn } from "../build/common/predefined-columns.js";
import { plainValue } from "../build/nd-values.js";
import { requireSpec } from "./spec-check.js";
import { timeSeriesReference, type TimeSeriesReference } from "./time-series-reference.js";
import type { TimeSeries } from "./time-series.js";

/** What Units constructors accept (name defaults to "units"). */
export interface UnitsInit extends Omit<DynamicTableInit, "name"> {
  name?: string;
  /** Spike times in seconds, one list per unit. */
  spikeTimes?: number[][];
  /** The table the `electrodes` column points into (pynwb `electrode_table`; default: the file's electrodes). */
  electrodeTable?: DynamicTable;
}

/** One unit for {@link Units.addUnit}: the predefined columns by camelCase name, other columns by their own. */
export interface UnitRow extends Record<string, unknown> {
  spikeTimes?: ArrayLike<number>;
  /** Observation intervals: [[start, stop], …]. */
  obsIntervals?: [number, number][];
  /** Rows of the electrodes table the unit came from. */
  electrodes?: number[];
  electrodeGroup?: unknown;
  waveformMean?: unknown;
  waveformSd?: unknown;
  waveforms?: unknown;
  id?: number;
}

/** camelCase keys of the Units helpers → column names. */
const UNIT_KEYS: Record<string, string> = {
  spikeTimes: "spike_times", obsIntervals: "obs_intervals", electrodeGroup: "electrode_group",
  waveformMean: "waveform_mean", waveformSd: "waveform_sd",
};

/** Sorted units: one row per unit. */
export class Units extends DynamicTable {
  static override typeName = "Units";
  static override namespace = "core";
  /** pynwb's `Units.__columns__`. */
  static override predefinedColumns: readonly PredefinedColumn[] = [
    { name: "spike_times", description: "the spike times for each unit in seconds", index: true },
    { name: "obs_intervals", description: "the observation intervals for each unit", index: true },
    { name: "electrodes", description: "the electrodes that each spike unit came from", index: true, table: true },
    { name: "electrode_group", description: "the electrode group that each spike unit came from" },
    { name: "waveform_mean", description: "the spike waveform mean for each spike unit" },
    { name: "waveform_sd", description: "the spike waveform standard deviation for each spike unit" },
    {
      name: "waveforms", index: 2,
      description: "Individual waveforms for each spike. If the dataset is three-dimensional, the third dimension shows the response from different electrodes that all observe this unit simultaneously. In this case, the `electrodes` column of this Units table should be used to indicate which electrodes are associated with this unit, and the electrodes dimension here should be in the same order as the electrodes referenced in the `electrodes` column of this table.",
    },
  ];
  /** The table the `electrodes` column points into (default: the electrodes of the file holding the units). */
  electrodeTable: DynamicTable | undefined;

  constructor(init: UnitsInit = {}) {
    super({ ...init, name: init.name ?? "units", description: init.description ?? (init.fromFile ? undefined : "data on spike-sorted units") });
    this.electrodeTable = init.electrodeTable;
    if (!init.fromFile) requireSpec(Units, this.name);
    if (init.spikeTimes !== undefined) {
      this.addColumn({ name: "spike_times", description: "the spike times for each unit in seconds", data: init.spikeTimes, index: true });
    }
  }

  /**
   * Add a unit (pynwb `add_unit`): spike times, observation intervals, electrode rows and any other
   * column by name. The `electrodes` column points into `electrodeTable`, else the file's electrodes.
   */
  addUnit(unit: UnitRow, options: AddRowOptions = {}): this {
    const row: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(unit)) if (v !== undefined) row[UNIT_KEYS[k] ?? k] = v;
    this.addRow(row, options);
    const region = this.column("electrodes");
    if (region instanceof DynamicTableRegion && region.table === undefined) {
      const table = this.electrodeTable ?? this.fileElectrodes();
      if (table !== undefined) region.set("table", table, { adopt: false });
    }
    return this;
  }

  /** The electrodes table of the file holding these units (found through the parents). */
  private fileElectrodes(): DynamicTable | undefined {
    for (let p = this.parent; p !== undefined; p = p.parent) {
      const e = (p as { electrodes?: unknown }).electrodes;
      if (e instanceof DynamicTable) return e;
    }
    return undefined;
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

/** One interval for {@link TimeIntervals.addInterval}: start, stop, tags, series, and other columns by name. */
export interface IntervalRow extends Record<string, unknown> {
  startTime: number;
  stopTime: number;
  /** Tags: a list, or one text of comma-separated tags (as pynwb splits it). */
  tags?: string | string[];
  /** The series the interval applies to (their sample range is computed), or explicit references. */
  timeseries?: TimeSeries | (TimeSeries | TimeSeriesReference)[];
  id?: number;
}

/** Intervals of time (trials, epochs, invalid times): start_time and stop_time per row. */
export class TimeIntervals extends DynamicTable {
  static override typeName = "TimeIntervals";
  static override namespace = "core";
  /** pynwb's `TimeIntervals.__columns__`. */
  static override predefinedColumns: readonly PredefinedColumn[] = [
    { name: "start_time", description: "Start time of epoch, in seconds", required: true },
    { name: "stop_time", description: "Stop time of epoch, in seconds", required: true },
    { name: "tags", description: "user-defined tags", index: true },
    { name: "timeseries", description: "index into a TimeSeries object", index: true, columnType: { namespace: "core", typeName: "TimeSeriesReferenceVectorData" } },
  ];

  constructor(init: TimeIntervalsInit) {
    if (!init.fromFile) requireSpec(new.target, init.name);
    super({ ...init, description: init.description ?? (init.fromFile ? undefined : `intervals '${init.name}'`) });
    if (init.fromFile) return;
    if ((init.startTime === undefined) !== (init.stopTime === undefined)) {
      throw new InvalidArgumentError(`TimeIntervals '${init.name}': give both startTime and stopTime`, { path: init.name });
    }
    const starts = Array.from(init.startTime ?? []), stops = Array.from(init.stopTime ?? []);
    if (starts.length !== stops.length) throw new InvalidArgumentError(`TimeIntervals '${init.name}': ${starts.length} start times but ${stops.length} stop times`, { path: init.name });
    starts.forEach((start, i) => this.addRow({ start_time: start, stop_time: stops[i] }));
  }

  /**
   * Add an interval (pynwb `add_interval`, used by `add_trial`, `add_epoch`, `add_invalid_time_interval`).
   * Series become references to their samples in [startTime, stopTime), computed from their rate or
   * their in-memory timestamps, as pynwb does.
   */
  addInterval(interval: IntervalRow, options: AddRowOptions = {}): this {
    const { startTime, stopTime, tags, timeseries, ...rest } = interval;
    const row: Record<string, unknown> = { start_time: startTime, stop_time: stopTime, ...rest };
    if (tags !== undefined && tags !== null) row.tags = typeof tags === "string" ? splitTags(tags) : tags;
    const series = timeseries === undefined || timeseries === null ? [] : Array.isArray(timeseries) ? timeseries : [timeseries];
    if (series.length) row.timeseries = series.map((ts) => timeSeriesReference(ts, startTime, stopTime, this));
    this.addRow(row, options);
    return this;
  }

  /** Start and stop of rows [start, stop). */
  async intervals(start = 0, stop = this.length): Promise<[number, number][]> {
    const [a, b] = await Promise.all([this.readColumn("start_time", start, stop), this.readColumn("stop_time", start, stop)]);
    return a.map((v, i) => [Number(plainValue(v)), Number(plainValue(b[i]))]);
  }
}

/** pynwb's split of a tags text: by comma, dropping all-blank parts (an empty part stays), trimmed. */
function splitTags(text: string): string[] {
  return text.split(",").filter((t) => !(t.length > 0 && t.trim() === "")).map((t) => t.trim());
}
