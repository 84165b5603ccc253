/**
 * The payload of a container (`kind: "container"`). Any container shows its fields (values,
 * datasets with a preview, untyped subgroups, links) and its children (sub-containers with a
 * summary); a DynamicTable adds a preview of its first rows. An NWBFile is grouped the way pynwb
 * shows one: session, general, acquisition, processing, analysis, stimulus, intervals, electrodes,
 * units.
 */
import { isContainer, isUntypedGroup } from "../../build/brands.js";
import { DynamicTable } from "../../build/common/dynamic-table.js";
import type { Container } from "../../build/container.js";
import { ContainerMap } from "../../build/container-map.js";
import type { FieldHolder } from "../../build/field-holder.js";
import { LazyData } from "../../build/lazy-data.js";
import type { UntypedGroup } from "../../build/untyped-group.js";
import {
  containerItem, containerType, fieldItem, groupItem, linkItem, objectPath, tableItem, type ContainerReprOptions,
} from "./container-items.js";
import type { ContainerPayload, ContainerSection, ContainerSectionItem, StoreInfo } from "./types.js";
import { seriesPreview } from "./series-preview.js";

function section(id: string, title: string, items: ContainerSectionItem[], max: number, total = items.length): ContainerSection {
  return { id, title, items: items.slice(0, max), hidden: Math.max(0, total - Math.min(max, items.length)) };
}

/** Where the object lives: the file it was read from, with the Zarr format of its first stored dataset. */
function storeOf(c: Container): StoreInfo {
  const root = c.root;
  const location = c.source ?? root.source ?? null;
  const seen = new Set<unknown>();
  const stack: unknown[] = [c];
  for (let steps = 0; stack.length && steps < 2000; steps++) {
    const v = stack.pop();
    if (v instanceof LazyData) return { location, zarrFormat: v.dataset.array.metadata.zarrFormat, type: null };
    if (seen.has(v)) continue;
    seen.add(v);
    if (isContainer(v) || isUntypedGroup(v)) stack.push(...(v as FieldHolder).fields.values());
    else if (v instanceof ContainerMap) stack.push(...v.values());
    if (isContainer(v) && "data" in v) stack.push((v as { data: unknown }).data);
  }
  return { location, zarrFormat: null, type: null };
}

/** The fields of any container: values, datasets, subgroups, links (children are listed apart). */
async function fieldItems(c: Container, options: ContainerReprOptions): Promise<ContainerSectionItem[]> {
  const items: ContainerSectionItem[] = [];
  for (const [key, v] of c.fields) {
    // ContainerMaps of references (links that take many) are links; of children, children.
    if (v instanceof ContainerMap) {
      for (const m of v.values()) if (m.parent !== c) items.push(linkItem(`${key}/${m.name}`, m));
      continue;
    }
    const it = await fieldItem(c, key, v, options);
    if (it) items.push(it);
  }
  return items;
}

async function genericSections(c: Container, options: ContainerReprOptions): Promise<ContainerSection[]> {
  const max = options.maxItems ?? 50;
  const sections: ContainerSection[] = [];
  if (c instanceof DynamicTable) sections.push(section("table", "Table", [await tableItem(c, options)], max));
  const fields = await fieldItems(c, options);
  sections.push(section("fields", "Fields", fields, max));
  const children = c.children;
  // Table columns are already in the preview; still listed so their storage can be seen.
  const shown = await Promise.all(children.slice(0, max).map(async (k) => (k instanceof DynamicTable ? tableItem(k, options) : containerItem(k, options))));
  sections.push(section("children", "Children", shown, max, children.length));
  return sections;
}

/** A field of the file (value, dataset or subgroup), or nothing when absent. */
async function fileField(file: Container, holder: FieldHolder | undefined, key: string, options: ContainerReprOptions): Promise<ContainerSectionItem | undefined> {
  if (!holder?.fields.hasExact(key)) return undefined;
  return fieldItem(file, key, holder.fields.getExact(key), options);
}

function untyped(holder: FieldHolder | undefined, name: string): UntypedGroup | undefined {
  const v = holder?.fields.getExact(name);
  return isUntypedGroup(v) ? v : undefined;
}

/** Children held under an untyped group, in field order (containers owned by the file). */
function ownedIn(file: Container, g: UntypedGroup | undefined): Container[] {
  return g ? g.children.filter((c) => c.parent === file) : [];
}

const SESSION_KEYS = ["identifier", "session_description", "session_start_time", "timestamps_reference_time", "file_create_date"];
/** `general` members given their own entries (or sections) rather than listed as plain fields. */
const GENERAL_SPECIAL = new Set(["subject", "devices", "extracellular_ephys"]);

async function nwbFileSections(file: Container, options: ContainerReprOptions): Promise<ContainerSection[]> {
  const max = options.maxItems ?? 50;
  const sections: ContainerSection[] = [];
  const defined = (xs: (ContainerSectionItem | undefined)[]) => xs.filter((x): x is ContainerSectionItem => x !== undefined);

  const session = defined(await Promise.all(SESSION_KEYS.map((k) => fileField(file, file, k, options))));
  const version = file.fields.getExact("nwb_version");
  if (typeof version === "string") session.push({ kind: "value", name: "nwb_version", value: version });
  sections.push(section("session", "Session", session, max));

  const general = untyped(file, "general");
  const generalItems: ContainerSectionItem[] = [];
  if (general) {
    for (const [key, v] of general.fields) {
      if (GENERAL_SPECIAL.has(key)) continue;
      if (isContainer(v) && v.parent === file) generalItems.push(containerItem(v, options));
      else {
        const it = await fieldItem(file, key, v, options);
        if (it) generalItems.push(it);
      }
    }
    const subject = general.fields.getExact("subject");
    if (isContainer(subject)) {
      const fields = await fieldItems(subject, options);
      generalItems.push({ kind: "group", name: "subject", path: objectPath(subject), type: containerType(subject), items: fields.slice(0, max), hidden: Math.max(0, fields.length - max) });
    }
    const devices = ownedIn(file, untyped(general, "devices"));
    if (devices.length) generalItems.push({ kind: "group", name: "devices", path: "/general/devices", type: null, items: devices.slice(0, max).map((d) => containerItem(d, options)), hidden: Math.max(0, devices.length - max) });
    const ephys = untyped(general, "extracellular_ephys");
    const groups = ownedIn(file, ephys).filter((g) => !(g instanceof DynamicTable));
    if (groups.length) generalItems.push({ kind: "group", name: "electrode_groups", path: "/general/extracellular_ephys", type: null, items: groups.slice(0, max).map((g) => containerItem(g, options)), hidden: Math.max(0, groups.length - max) });
  }
  sections.push(section("general", "General", generalItems, max));

  const listed = async (id: string, title: string, kids: Container[], withChildren = false) => {
    if (!kids.length) return;
    const items = await Promise.all(kids.slice(0, max).map(async (k) => (k instanceof DynamicTable ? tableItem(k, options) : containerItem(k, options, withChildren))));
    sections.push(section(id, title, items, max, kids.length));
  };
  await listed("acquisition", "Acquisition", ownedIn(file, untyped(file, "acquisition")));
  await listed("processing", "Processing modules", ownedIn(file, untyped(file, "processing")), true);
  await listed("analysis", "Analysis", ownedIn(file, untyped(file, "analysis")));
  const stimulus = untyped(file, "stimulus");
  await listed("stimulus", "Stimulus", [...ownedIn(file, untyped(stimulus, "presentation")), ...ownedIn(file, untyped(stimulus, "templates"))]);
  await listed("intervals", "Intervals", ownedIn(file, untyped(file, "intervals")));

  const electrodes = untyped(general, "extracellular_ephys")?.fields.getExact("electrodes");
  if (electrodes instanceof DynamicTable) sections.push(section("electrodes", "Electrodes", [await tableItem(electrodes, options)], max));
  const units = file.fields.getExact("units");
  if (units instanceof DynamicTable) sections.push(section("units", "Units", [await tableItem(units, options)], max));

  // Anything else the file holds (extensions, scratch, …), so nothing is silently left out.
  const known = new Set([...SESSION_KEYS, "nwb_version", "general", "acquisition", "processing", "analysis", "stimulus", "intervals", "units"]);
  const others: ContainerSectionItem[] = [];
  for (const [key, v] of file.fields) {
    if (known.has(key)) continue;
    if (isContainer(v) && v.parent === file) others.push(v instanceof DynamicTable ? await tableItem(v, options) : containerItem(v, options));
    else if (isUntypedGroup(v)) others.push(await groupItem(file, v, options));
    else {
      const it = await fieldItem(file, key, v, options);
      if (it) others.push(it);
    }
  }
  if (others.length) sections.push(section("other", "Other", others, max));
  return sections;
}

/** Whether a value is a container {@link containerPayload} can show. */
export function isContainerTarget(obj: unknown): obj is Container {
  return isContainer(obj);
}

/**
 * The payload of a container. Reads only small things: scalar datasets, a preview of each dataset
 * field, the first rows of tables (of ragged columns only their index).
 */
export async function containerPayload(c: Container, options: ContainerReprOptions = {}): Promise<ContainerPayload> {
  const isFile = c.typeName === "NWBFile";
  const payload: ContainerPayload = {
    version: 1,
    kind: "container",
    name: c.name,
    path: objectPath(c),
    type: containerType(c),
    objectId: c.objectId ?? null,
    layout: isFile ? "nwbfile" : "container",
    store: storeOf(c),
    sections: isFile ? await nwbFileSections(c, options) : await genericSections(c, options),
  };
  const series = isFile ? undefined : await seriesPreview(c);
  if (series) payload.series = series;
  return payload;
}
