/**
 * core NWBFile: the root of an NWB file — session metadata, `general` (experimenter, lab, subject,
 * devices, electrode groups, the electrodes table), acquisition, processing, analysis, stimulus,
 * intervals (trials, epochs) and units. Untyped groups such as `general` are reached through the
 * getters; `add*` methods put objects where the schema wants them.
 */
import { isContainer, isUntypedGroup } from "../build/brands.js";
import type { Container, ContainerInit } from "../build/container.js";
import { ContainerMap } from "../build/container-map.js";
import { DynamicTable } from "../build/common/dynamic-table.js";
import { DynamicTableRegion } from "../build/common/dynamic-table-region.js";
import { VectorData } from "../build/common/vector-data.js";
import type { TypeHierarchy } from "../build/field-holder.js";
import type { UntypedGroup } from "../build/untyped-group.js";
import { InvalidArgumentError } from "../errors.js";
import { dateField, isoText, requireArgs, textField, textListField } from "./field-values.js";
import type { Device, ElectrodeGroup } from "./ecephys.js";
import { NWBContainer } from "./nwb-container.js";
import type { ProcessingModule } from "./processing-module.js";
import type { Subject } from "./subject.js";
import type { TimeIntervals, Units } from "./tables.js";

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

const asList = <T>(v: T | T[] | undefined): T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

function typed<T extends Container>(v: unknown): Map<string, T> {
  if (v instanceof ContainerMap) return new Map(v as ContainerMap<T>);
  if (isContainer(v)) return new Map([[v.name, v as T]]);
  return new Map();
}

/** The root of an NWB file. */
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
  get devices(): Map<string, Device> {
    return typed<Device>(this.existing("general", "devices")?.get("devices"));
  }
  addDevice<T extends Device>(device: T): T {
    return this.group("general").group("devices").add(device, "devices");
  }

  /** general/extracellular_ephys electrode groups, by name. */
  get electrodeGroups(): Map<string, ElectrodeGroup> {
    return typed<ElectrodeGroup>(this.existing("general", "extracellular_ephys")?.get("electrode_groups"));
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
   * Make the electrodes table (of the schema's type: ElectrodesTable in NWB ≥ 2.9) from columns, one
   * value per electrode; `group_name` is filled from the groups.
   */
  addElectrodes(columns: ElectrodeColumns): DynamicTable {
    if (this.electrodes !== undefined) throw new InvalidArgumentError("the file already has an electrodes table", { path: "/general/extracellular_ephys/electrodes" });
    const n = columns.location.length;
    if (columns.group.length !== n) throw new InvalidArgumentError(`electrodes: ${n} locations but ${columns.group.length} groups`, { path: "/general/extracellular_ephys/electrodes" });
    const hierarchy = (this.constructor as { typeMap?: TypeHierarchy & { hasType?(t: string, ns?: string): boolean; getClass?(ns: string, t: string): unknown } }).typeMap;
    const Table = (hierarchy?.hasType?.("ElectrodesTable", "core") ? hierarchy.getClass!("core", "ElectrodesTable") : DynamicTable) as typeof DynamicTable;
    const table = new Table({ name: "electrodes", description: "metadata about extracellular electrodes" });
    const col = (name: string, description: string, data: unknown[] | undefined) => data !== undefined && table.addColumn({ name, description, data });
    col("location", "the location of channel within the subject e.g. brain region", columns.location);
    table.addColumn({
      name: "group", description: "a reference to the ElectrodeGroup this electrode is a part of",
      column: new VectorData({ name: "group", description: "a reference to the ElectrodeGroup this electrode is a part of", data: columns.group }),
    });
    col("group_name", "the name of the ElectrodeGroup this electrode is a part of", columns.group.map((g) => g.name));
    col("x", "the x coordinate of the channel location", columns.x);
    col("y", "the y coordinate of the channel location", columns.y);
    col("z", "the z coordinate of the channel location", columns.z);
    col("imp", "the impedance of the channel", columns.imp);
    col("filtering", "description of hardware filtering", columns.filtering);
    col("label", "a user-defined label for each electrode", columns.label);
    for (const [name, c] of Object.entries(columns.extra ?? {})) col(name, c.description, c.data);
    this.electrodes = table;
    return table;
  }

  /** A region of the electrodes table (for ElectricalSeries `electrodes`). */
  createElectrodeRegion(rows: number[], description = "the electrodes recorded", name = "electrodes"): DynamicTableRegion {
    const table = this.electrodes;
    if (table === undefined) throw new InvalidArgumentError("the file has no electrodes table yet (addElectrodes first)", { path: "/general/extracellular_ephys/electrodes" });
    return new DynamicTableRegion({ name, description, data: rows, table });
  }

  /** acquisition, by name. */
  get acquisition(): Map<string, Container> {
    return new Map((this.existing("acquisition")?.children ?? []).map((c) => [c.name, c]));
  }
  addAcquisition<T extends Container>(c: T): T {
    return this.group("acquisition").add(c);
  }

  /** analysis, by name. */
  get analysis(): Map<string, Container> {
    return new Map((this.existing("analysis")?.children ?? []).map((c) => [c.name, c]));
  }
  addAnalysis<T extends Container>(c: T): T {
    return this.group("analysis").add(c);
  }

  /** stimulus/presentation, by name. */
  get stimulus(): Map<string, Container> {
    return new Map((this.existing("stimulus", "presentation")?.children ?? []).map((c) => [c.name, c]));
  }
  addStimulus<T extends Container>(c: T): T {
    return this.group("stimulus").group("presentation").add(c);
  }

  /** stimulus/templates, by name. */
  get stimulusTemplate(): Map<string, Container> {
    return new Map((this.existing("stimulus", "templates")?.children ?? []).map((c) => [c.name, c]));
  }

  /** processing modules, by name. */
  get processing(): Map<string, ProcessingModule> {
    return typed<ProcessingModule>(this.existing("processing")?.get("processing_modules"));
  }
  addProcessingModule<T extends ProcessingModule>(m: T): T {
    return this.group("processing").add(m, "processing_modules");
  }

  /** Every table of `intervals` (trials, epochs, invalid_times and others), by name. */
  get intervals(): Map<string, TimeIntervals> {
    return new Map((this.existing("intervals")?.children ?? []).map((c) => [c.name, c as TimeIntervals]));
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
