/**
 * core NWBFile: the root of an NWB file — session metadata, `general` (experimenter, lab, subject,
 * devices, electrode groups, the electrodes table), acquisition, processing, analysis, stimulus,
 * intervals (trials, epochs) and units. Untyped groups such as `general` are reached through the
 * getters; `add*` methods put objects where the schema wants them.
 */
import { isUntypedGroup } from "../build/brands.js";
import type { Container, ContainerInit } from "../build/container.js";
import { DynamicTable, type AddColumnOptions, type AddRowOptions } from "../build/common/dynamic-table.js";
import { DynamicTableRegion } from "../build/common/dynamic-table-region.js";
import { VectorData } from "../build/common/vector-data.js";
import type { UntypedGroup } from "../build/untyped-group.js";
import { InvalidArgumentError } from "../errors.js";
import { dateField, isoText, requireArgs, textField, textListField } from "./field-values.js";
import type { Device, DeviceInit, ElectrodeGroup, ElectrodeGroupInit } from "./ecephys.js";
import { ElectrodesTable } from "./electrodes-table.js";
import type { ImagingPlane, ImagingPlaneInit } from "./ophys.js";
import { ContainerCollection, fieldMembers } from "./container-collection.js";
import { NWBContainer } from "./nwb-container.js";
import type { ProcessingModule, ProcessingModuleInit } from "./processing-module.js";
import type { Subject } from "./subject.js";
import type { IntervalRow, TimeIntervals, UnitRow, Units } from "./tables.js";

/** The text fields of `general`, by camelCase name → spec name. */
const GENERAL_TEXT = {
  institution: "institution", lab: "lab", sessionId: "session_id", experimentDescription: "experiment_description",
  notes: "notes", pharmacology: "pharmacology", protocol: "protocol", slices: "slices", sourceScript: "source_script",
  surgery: "surgery", virus: "virus", dataCollection: "data_collection", stimulusNotes: "stimulus",
} as const;

/** What NWBFile constructors accept. */
export interface NWBFileInit extends Omit<ContainerInit, "name"> {
  name?: string;
  identifier?: string;
  sessionDescription?: string;
  sessionStartTime?: Date | string;
  /** Default: sessionStartTime. */
  timestampsReferenceTime?: Date | string;
  /** Default: now. */
  fileCreateDate?: Date | string | (Date | string)[];
  experimenter?: string | string[];
  keywords?: string[];
  relatedPublications?: string | string[];
  institution?: string;
  lab?: string;
  sessionId?: string;
  experimentDescription?: string;
  notes?: string;
  pharmacology?: string;
  protocol?: string;
  slices?: string;
  sourceScript?: string;
  surgery?: string;
  virus?: string;
  dataCollection?: string;
  stimulusNotes?: string;
  subject?: Subject;
}

/** Options of {@link NWBFile.addElectrodes}: one value per electrode. */
export interface ElectrodeColumns {
  location: string[];
  group: ElectrodeGroup[];
  x?: number[];
  y?: number[];
  z?: number[];
  imp?: number[];
  filtering?: string[];
  label?: string[];
  /** More columns: name → {description, data}. */
  extra?: Record<string, { description: string; data: unknown[] }>;
}

/** One electrode for {@link NWBFile.addElectrode}: NWB's columns by camelCase name, added columns by their own. */
export interface ElectrodeRow extends Record<string, unknown> {
  location: string;
  group: ElectrodeGroup;
  /** Default: the group's name. */
  groupName?: string;
  x?: number;
  y?: number;
  z?: number;
  imp?: number;
  filtering?: string;
  relX?: number;
  relY?: number;
  relZ?: number;
  reference?: string;
  id?: number;
}

/** camelCase keys of {@link ElectrodeRow} → column names. */
const ELECTRODE_KEYS: Record<string, string> = { groupName: "group_name", relX: "rel_x", relY: "rel_y", relZ: "rel_z" };
const ELECTRODES_PATH = "/general/extracellular_ephys/electrodes";

const asList = <T>(v: T | T[] | undefined): T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/**
 * The root of an NWB file (pynwb's NWBFile): session metadata as camelCase getters, and its members
 * as typed collections — `acquisition`, `analysis`, `stimulus`, `stimulusTemplate`, `processing`,
 * `devices`, `electrodeGroups`, `imagingPlanes`, `intervals` — whose `get(name, Class)` returns
 * the member as that class, checked (`nwbfile.acquisition.get("trace", TimeSeries)`).
 */
export class NWBFile extends NWBContainer {
  static override typeName = "NWBFile";

  constructor(init: NWBFileInit = {}) {
    super({ ...init, name: init.name ?? "root" });
    if (init.fromFile) return;
    requireArgs("NWBFile", "root", init, ["identifier", "sessionDescription", "sessionStartTime"]);
    this.set("identifier", init.identifier);
    this.set("session_description", init.sessionDescription);
    this.set("session_start_time", isoText(init.sessionStartTime));
    this.set("timestamps_reference_time", isoText(init.timestampsReferenceTime ?? init.sessionStartTime));
    this.set("file_create_date", isoText(asList(init.fileCreateDate) ?? [new Date()]));
    const general = () => this.group("general");
    if (init.experimenter !== undefined) general().set("experimenter", asList(init.experimenter));
    if (init.keywords !== undefined) general().set("keywords", init.keywords);
    if (init.relatedPublications !== undefined) general().set("related_publications", asList(init.relatedPublications));
    for (const [camel, key] of Object.entries(GENERAL_TEXT)) {
      const v = (init as Record<string, unknown>)[camel];
      if (v !== undefined) general().set(key, v);
    }
    if (init.subject !== undefined) this.subject = init.subject;
  }

  /** An untyped group of the file, when it exists (never created by reading). */
  private existing(...path: string[]): UntypedGroup | undefined {
    let g: unknown = this;
    for (const name of path) {
      g = (g as { fields: { getExact(k: string): unknown } }).fields.getExact(name);
      if (!isUntypedGroup(g)) return undefined;
    }
    return g as UntypedGroup;
  }

  get identifier(): string | undefined {
    return textField(this, "identifier");
  }
  get sessionDescription(): string | undefined {
    return textField(this, "session_description");
  }
  get sessionStartTime(): Date | undefined {
    return dateField(this, "session_start_time");
  }
  get timestampsReferenceTime(): Date | undefined {
    return dateField(this, "timestamps_reference_time");
  }
  get fileCreateDate(): Date[] | undefined {
    return textListField(this, "file_create_date")?.map((t) => new Date(t));
  }
  get nwbVersion(): string | undefined {
    return textField(this, "nwb_version");
  }
  get experimenter(): string[] | undefined {
    return textListField(this.existing("general"), "experimenter");
  }
  get keywords(): string[] | undefined {
    return textListField(this.existing("general"), "keywords");
  }
  get relatedPublications(): string[] | undefined {
    return textListField(this.existing("general"), "related_publications");
  }
  get institution(): string | undefined {
    return textField(this.existing("general"), "institution");
  }
  get lab(): string | undefined {
    return textField(this.existing("general"), "lab");
  }
  get sessionId(): string | undefined {
    return textField(this.existing("general"), "session_id");
  }
  get experimentDescription(): string | undefined {
    return textField(this.existing("general"), "experiment_description");
  }
  get notes(): string | undefined {
    return textField(this.existing("general"), "notes");
  }
  get protocol(): string | undefined {
    return textField(this.existing("general"), "protocol");
  }
  get pharmacology(): string | undefined {
    return textField(this.existing("general"), "pharmacology");
  }
  get surgery(): string | undefined {
    return textField(this.existing("general"), "surgery");
  }
  get virus(): string | undefined {
    return textField(this.existing("general"), "virus");
  }
  get sourceScript(): string | undefined {
    return textField(this.existing("general"), "source_script");
  }
  get dataCollection(): string | undefined {
    return textField(this.existing("general"), "data_collection");
  }
  /** general/stimulus: notes about the stimuli. */
  get stimulusNotes(): string | undefined {
    return textField(this.existing("general"), "stimulus");
  }

  get subject(): Subject | undefined {
    return this.existing("general")?.get<Subject>("subject");
  }
  set subject(subject: Subject | undefined) {
    this.group("general").set("subject", subject);
  }

  /** general/devices, by name. */
  get devices(): ContainerCollection<Device> {
    return this.collection("devices", "/general/devices", fieldMembers<Device>(this.existing("general", "devices")?.get("devices")));
  }
  addDevice<T extends Device>(device: T): T {
    return this.group("general").group("devices").add(device, "devices");
  }

  /** general/extracellular_ephys electrode groups, by name. */
  get electrodeGroups(): ContainerCollection<ElectrodeGroup> {
    const v = this.existing("general", "extracellular_ephys")?.get("electrode_groups");
    return this.collection("electrodeGroups", "/general/extracellular_ephys", fieldMembers<ElectrodeGroup>(v));
  }
  addElectrodeGroup<T extends ElectrodeGroup>(group: T): T {
    return this.group("general").group("extracellular_ephys").add(group, "electrode_groups");
  }

  /** The electrodes table (general/extracellular_ephys/electrodes). */
  get electrodes(): DynamicTable | undefined {
    const v = this.existing("general", "extracellular_ephys")?.fields.getExact("electrodes");
    return v instanceof DynamicTable ? v : undefined;
  }
  set electrodes(table: DynamicTable | undefined) {
    this.group("general").group("extracellular_ephys").set("electrodes", table);
  }

  /**
   * Make the electrodes table from columns, one value per electrode (each row as
   * {@link addElectrode} adds it; `group_name` is filled from the groups); `label` and `extra`
   * columns follow.
   */
  addElectrodes(columns: ElectrodeColumns): DynamicTable {
    if (this.electrodes !== undefined) throw new InvalidArgumentError("the file already has an electrodes table", { path: ELECTRODES_PATH });
    const n = columns.location.length;
    if (columns.group.length !== n) throw new InvalidArgumentError(`electrodes: ${n} locations but ${columns.group.length} groups`, { path: ELECTRODES_PATH });
    for (let i = 0; i < n; i++) {
      this.addElectrode({
        location: columns.location[i], group: columns.group[i], x: columns.x?.[i], y: columns.y?.[i], z: columns.z?.[i],
        imp: columns.imp?.[i], filtering: columns.filtering?.[i],
      });
    }
    const table = this.ensureElectrodes();
    if (columns.label !== undefined) table.addColumn({ name: "label", description: "a user-defined label for each electrode", data: columns.label });
    for (const [name, c] of Object.entries(columns.extra ?? {})) table.addColumn({ name, description: c.description, data: c.data });
    return table;
  }

  /** The electrodes table, made (empty, of the schema's type) when the file has none. */
  private ensureElectrodes(): DynamicTable {
    const existing = this.electrodes;
    if (existing !== undefined) return existing;
    const hierarchy = (this.constructor as { typeMap?: { hasType?(t: string, ns?: string): boolean; getClass?(ns: string, t: string): unknown } }).typeMap;
    const Table = (hierarchy?.hasType?.("ElectrodesTable", "core") ? hierarchy.getClass!("core", "ElectrodesTable") : ElectrodesTable) as typeof ElectrodesTable;
    const table = new Table({ name: "electrodes", description: "metadata about extracellular electrodes" });
    this.electrodes = table;
    return table;
  }

  /**
   * Add one electrode (pynwb `add_electrode`): `location` and `group` are required, `groupName`
   * defaults to the group's name, and every column added with {@link addElectrodeColumn} needs a
   * value. Ids must be unique unless `enforceUniqueId: false`.
   */
  addElectrode(electrode: ElectrodeRow, options: AddRowOptions = {}): DynamicTable {
    const where = { path: ELECTRODES_PATH };
    if (!electrode.location) throw new InvalidArgumentError("an electrode needs a 'location'", where);
    if (!electrode.group) throw new InvalidArgumentError("an electrode needs a 'group' (an ElectrodeGroup)", where);
    const row: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(electrode)) if (v !== undefined && v !== null) row[ELECTRODE_KEYS[k] ?? k] = v;
    row.group_name ??= electrode.group.name;
    return this.ensureElectrodes().addRow(row, { enforceUniqueId: true, ...options });
  }

  /** Add a column to the electrodes table, made when missing (pynwb `add_electrode_column`). */
  addElectrodeColumn(options: AddColumnOptions): VectorData {
    return this.ensureElectrodes().addColumn(options);
  }

  /**
   * A region of the electrodes table, for an ElectricalSeries or the units' `electrodes` (pynwb
   * `create_electrode_table_region`); every row must exist.
   */
  createElectrodeTableRegion(rows: number[], description: string, name = "electrodes"): DynamicTableRegion {
    const table = this.electrodes;
    if (table === undefined) throw new InvalidArgumentError("the file has no electrodes table yet (add electrodes first)", { path: ELECTRODES_PATH });
    for (const r of rows) {
      if (!Number.isInteger(r) || r < 0 || r >= table.length) {
        throw new InvalidArgumentError(`electrode row ${r} is out of range of the electrodes table (${table.length} rows)`, { path: ELECTRODES_PATH });
      }
    }
    return new DynamicTableRegion({ name, description, data: rows, table });
  }

  /** A region of the electrodes table (see {@link createElectrodeTableRegion}). */
  createElectrodeRegion(rows: number[], description = "the electrodes recorded", name = "electrodes"): DynamicTableRegion {
    return this.createElectrodeTableRegion(rows, description, name);
  }

  /** Make a Device and add it (pynwb `create_device`). */
  createDevice(init: DeviceInit): Device {
    return this.addDevice(new (this.nwbClass<typeof Device>("Device"))(init));
  }

  /** Make an ElectrodeGroup and add it (pynwb `create_electrode_group`). */
  createElectrodeGroup(init: ElectrodeGroupInit): ElectrodeGroup {
    return this.addElectrodeGroup(new (this.nwbClass<typeof ElectrodeGroup>("ElectrodeGroup"))(init));
  }

  /** Make a ProcessingModule and add it (pynwb `create_processing_module`). */
  createProcessingModule(init: ProcessingModuleInit): ProcessingModule {
    return this.addProcessingModule(new (this.nwbClass<typeof ProcessingModule>("ProcessingModule"))(init));
  }

  /** general/optophysiology imaging planes, by name. */
  get imagingPlanes(): ContainerCollection<ImagingPlane> {
    const v = this.existing("general", "optophysiology")?.get("imaging_planes");
    return this.collection("imagingPlanes", "/general/optophysiology", fieldMembers<ImagingPlane>(v));
  }
  /** Add an ImagingPlane to general/optophysiology (pynwb `add_imaging_plane`). */
  addImagingPlane<T extends ImagingPlane>(plane: T): T {
    return this.group("general").group("optophysiology").add(plane, "imaging_planes");
  }
  /** Make an ImagingPlane and add it (pynwb `create_imaging_plane`). */
  createImagingPlane(init: ImagingPlaneInit): ImagingPlane {
    return this.addImagingPlane(new (this.nwbClass<typeof ImagingPlane>("ImagingPlane"))(init));
  }

  /** The class the type map uses for a core type (the typed class, or a registered subclass). */
  private nwbClass<C>(type: string): C {
    const map = (this.constructor as { typeMap?: { getClass?(ns: string, t: string): unknown } }).typeMap;
    const cls = map?.getClass?.("core", type);
    if (cls === undefined) throw new InvalidArgumentError(`the NWB type '${type}' is not loaded; call \`await loadNwbTypes()\` first`, { path: type });
    return cls as C;
  }

  /** The units table, made when missing (pynwb's default description). */
  private ensureUnits(): Units {
    if (this.units === undefined) this.units = new (this.nwbClass<typeof Units>("Units"))({ name: "units", description: "Autogenerated by NWBFile" });
    return this.units!;
  }

  /** Add a unit (pynwb `add_unit`); its `electrodes` are rows of the file's electrodes table. */
  addUnit(unit: UnitRow, options: AddRowOptions = {}): Units {
    return this.ensureUnits().addUnit(unit, options);
  }

  /** Add a column to the units table, made when missing (pynwb `add_unit_column`). */
  addUnitColumn(options: AddColumnOptions): VectorData {
    return this.ensureUnits().addColumn(options);
  }

  /** The intervals table of that name, made when missing. */
  private ensureIntervals(name: "trials" | "epochs" | "invalid_times", description: string): TimeIntervals {
    const existing = this.existing("intervals")?.get<TimeIntervals>(name);
    if (existing !== undefined) return existing;
    const t = new (this.nwbClass<typeof TimeIntervals>("TimeIntervals"))({ name, description });
    this.setInterval(name, t);
    return t;
  }

  /** Add a trial (pynwb `add_trial`): start and stop time, and a value for every trial column. */
  addTrial(trial: IntervalRow, options: AddRowOptions = {}): TimeIntervals {
    return this.ensureIntervals("trials", "experimental trials").addInterval(trial, options);
  }
  /** Add a column to the trials table (pynwb `add_trial_column`). */
  addTrialColumn(options: AddColumnOptions): VectorData {
    return this.ensureIntervals("trials", "experimental trials").addColumn(options);
  }

  /** Add an epoch (pynwb `add_epoch`): start and stop time, tags, the series it covers. */
  addEpoch(epoch: IntervalRow, options: AddRowOptions = {}): TimeIntervals {
    return this.ensureIntervals("epochs", "experimental epochs").addInterval(epoch, options);
  }
  /** Add a column to the epochs table (pynwb `add_epoch_column`). */
  addEpochColumn(options: AddColumnOptions): VectorData {
    return this.ensureIntervals("epochs", "experimental epochs").addColumn(options);
  }

  /** Add an interval to remove from analysis (pynwb `add_invalid_time_interval`). */
  addInvalidTimeInterval(interval: IntervalRow, options: AddRowOptions = {}): TimeIntervals {
    return this.ensureIntervals("invalid_times", "time intervals to be removed from analysis").addInterval(interval, options);
  }
  /** Same as {@link addInvalidTimeInterval}. */
  addInvalidTime(interval: IntervalRow, options: AddRowOptions = {}): TimeIntervals {
    return this.addInvalidTimeInterval(interval, options);
  }
  /** Add a column to the invalid_times table (pynwb `add_invalid_times_column`). */
  addInvalidTimesColumn(options: AddColumnOptions): VectorData {
    return this.ensureIntervals("invalid_times", "time intervals to be removed from analysis").addColumn(options);
  }

  /** The members of a collection, for a getter. */
  private collection<T extends Container>(label: string, groupPath: string, members: Iterable<T>): ContainerCollection<T> {
    return new ContainerCollection<T>(label, this, groupPath, members);
  }

  /** The children of an untyped group of the file, as a collection. */
  private groupMembers<T extends Container = Container>(label: string, ...path: string[]): ContainerCollection<T> {
    return this.collection(label, `/${path.join("/")}`, (this.existing(...path)?.children ?? []) as T[]);
  }

  /** acquisition, by name; `acquisition.get(name, TimeSeries)` gives a member as a TimeSeries, checked. */
  get acquisition(): ContainerCollection {
    return this.groupMembers("acquisition", "acquisition");
  }
  addAcquisition<T extends Container>(c: T): T {
    return this.group("acquisition").add(c);
  }

  /** analysis, by name. */
  get analysis(): ContainerCollection {
    return this.groupMembers("analysis", "analysis");
  }
  addAnalysis<T extends Container>(c: T): T {
    return this.group("analysis").add(c);
  }

  /** stimulus/presentation, by name. */
  get stimulus(): ContainerCollection {
    return this.groupMembers("stimulus", "stimulus", "presentation");
  }
  addStimulus<T extends Container>(c: T): T {
    return this.group("stimulus").group("presentation").add(c);
  }

  /** stimulus/templates, by name. */
  get stimulusTemplate(): ContainerCollection {
    return this.groupMembers("stimulusTemplate", "stimulus", "templates");
  }

  /** processing modules, by name. */
  get processing(): ContainerCollection<ProcessingModule> {
    return this.collection("processing", "/processing", fieldMembers<ProcessingModule>(this.existing("processing")?.get("processing_modules")));
  }
  addProcessingModule<T extends ProcessingModule>(m: T): T {
    return this.group("processing").add(m, "processing_modules");
  }

  /** Every table of `intervals` (trials, epochs, invalid_times and others), by name. */
  get intervals(): ContainerCollection<TimeIntervals> {
    return this.groupMembers<TimeIntervals>("intervals", "intervals");
  }
  get trials(): TimeIntervals | undefined {
    return this.existing("intervals")?.get<TimeIntervals>("trials");
  }
  set trials(t: TimeIntervals | undefined) {
    this.setInterval("trials", t);
  }
  get epochs(): TimeIntervals | undefined {
    return this.existing("intervals")?.get<TimeIntervals>("epochs");
  }
  set epochs(t: TimeIntervals | undefined) {
    this.setInterval("epochs", t);
  }
  get invalidTimes(): TimeIntervals | undefined {
    return this.existing("intervals")?.get<TimeIntervals>("invalid_times");
  }
  /** Add a TimeIntervals table to `intervals` (trials, epochs and invalid_times go to their own members). */
  addTimeIntervals<T extends TimeIntervals>(t: T): T {
    return this.group("intervals").add(t);
  }

  private setInterval(name: string, t: TimeIntervals | undefined): void {
    if (t !== undefined && t.name !== name) throw new InvalidArgumentError(`the ${name} table must be named '${name}', not '${t.name}'`, { path: `/intervals/${name}` });
    this.group("intervals").set(name, t);
  }

  get units(): Units | undefined {
    return this.get<Units>("units");
  }
  set units(u: Units | undefined) {
    if (u !== undefined && u.name !== "units") throw new InvalidArgumentError(`the units table must be named 'units', not '${u.name}'`, { path: "/units" });
    this.set("units", u);
  }
}
