/**
 * The items of a container repr: a field value, a dataset (facts plus a preview read by slice), a
 * sub-container with a one-line summary, a DynamicTable preview (first rows only), an untyped
 * subgroup, a link. Nothing here reads a whole array.
 */
import { isContainer, isUntypedGroup } from "../../build/brands.js";
import { DynamicTable } from "../../build/common/dynamic-table.js";
import { DynamicTableRegion } from "../../build/common/dynamic-table-region.js";
import type { VectorData } from "../../build/common/vector-data.js";
import { readRows } from "../../build/common/read-rows.js";
import { sourceBuilder } from "../../build/build-manager.js";
import type { Container } from "../../build/container.js";
import { ContainerMap } from "../../build/container-map.js";
import { Data } from "../../build/data.js";
import type { FieldHolder } from "../../build/field-holder.js";
import { LazyData } from "../../build/lazy-data.js";
import type { UntypedGroup } from "../../build/untyped-group.js";
import { isNdArray, isTypedArray, shapeOf, unwrapData } from "../../data/index.js";
import { ZarrDataset } from "../../format/zarr-dataset.js";
import { ZarrArray } from "../../zarr/array.js";
import { dtypeName } from "../../zarr/dtype.js";
import { formatShape } from "../text/format-text.js";
import { toJsonValue } from "./json-value.js";
import { dtypeLabel } from "./common.js";
import type {
  ContainerItem, ContainerSectionItem, DatasetItem, GroupItem, JsonValue, LinkItem, TableColumn, TableItem, TypeInfo,
} from "./types.js";
import { memoryPreview, readPreview } from "./preview.js";

/** Options of a container repr. */
export interface ContainerReprOptions {
  /** Most items per section or subgroup (default 50); the rest are counted. */
  maxItems?: number;
  /** Rows of a table preview (default 5). */
  tableRows?: number;
  /** Read the values of stored datasets with at most this many elements into value items (default 8). */
  inlineElements?: number;
}

/** Limits of converted field values: short lists, short strings. */
const VALUE_LIMITS = { maxItems: 20, maxString: 1000 };
const CELL_LIMITS = { maxItems: 8, maxString: 120 };
/** Values of a ragged cell shown (and read) at most. */
const RAGGED_ITEMS = 8;
const PREVIEW = { maxElements: 10, maxRows: 5, maxColumns: 6, maxString: 120 };

/** The type of a container. */
export function containerType(c: Container): TypeInfo {
  return { name: c.typeName, namespace: c.namespace || null };
}

/** Where a container sits among its parent's fields: untyped group names down to it. */
function fieldTrail(parent: FieldHolder, target: Container, depth = 0): string[] | undefined {
  for (const v of parent.fields.values()) {
    if (v === target) return [];
    if (v instanceof ContainerMap && [...v.values()].includes(target)) return [];
    if (isUntypedGroup(v) && depth < 4) {
      const inner = fieldTrail(v, target, depth + 1);
      if (inner) return [v.name, ...inner];
    }
  }
  return undefined;
}

/** The object's path in its file: the builder's when it was read, else worked out from its parents. */
export function objectPath(c: Container): string {
  const b = sourceBuilder(c);
  if (b) return b.path;
  if (!c.parent) return "/";
  const base = objectPath(c.parent);
  const trail = fieldTrail(c.parent, c) ?? [];
  return `${base === "/" ? "" : base}/${[...trail, c.name].join("/")}`;
}

/** Path of an untyped group: its owner's path, then the group names. */
function groupPath(g: UntypedGroup): string {
  const base = g.owner ? objectPath(g.owner) : "";
  const rest = g.groupPath.slice((g.owner?.containerPath ?? "").replace(/\/$/, "").length);
  return `${base === "/" ? "" : base}${rest}`;
}

function isTable(c: Container): c is DynamicTable {
  return c instanceof DynamicTable;
}

/** The dtype of data held in memory, as far as it can be told. */
function memoryDtype(data: unknown): string {
  if (isNdArray(data)) return dtypeName(data.dtype);
  if (isTypedArray(data)) return data.constructor.name.replace(/Array$/, "").toLowerCase().replace(/^big/, "");
  let cur: unknown = data;
  while (Array.isArray(cur) && cur.length) cur = cur[0];
  if (typeof cur === "number") return "float64";
  if (typeof cur === "string") return "text";
  if (typeof cur === "boolean") return "bool";
  if (isContainer(cur)) return "object";
  return "unknown";
}

/** A stored array behind a value (read lazily, possibly wrapped in a DataIO), else undefined. */
export function storedData(value: unknown): LazyData | ZarrDataset | ZarrArray | undefined {
  const data = unwrapData(value).data;
  return data instanceof LazyData || data instanceof ZarrDataset || data instanceof ZarrArray ? data : undefined;
}

/** Shape and dtype of a data value (stored arrays, in-memory arrays, a Data container). */
function dataFacts(value: unknown): { shape: number[]; dtype: string } | undefined {
  if (value instanceof Data) return dataFacts(value.data);
  const stored = storedData(value);
  if (stored instanceof ZarrArray) return { shape: stored.shape, dtype: dtypeName(stored.dtype) };
  if (stored) return { shape: stored.shape, dtype: dtypeLabel(stored.dtype) };
  const data = unwrapData(value).data;
  if (isNdArray(data) || isTypedArray(data) || Array.isArray(data)) return { shape: shapeOf(data), dtype: memoryDtype(data) };
  return undefined;
}

/** A dataset field: facts and a preview. */
export async function datasetItem(name: string, value: unknown): Promise<DatasetItem> {
  const stored = storedData(value);
  if (stored) {
    const ds = stored instanceof LazyData ? stored.dataset : stored;
    const array = ds instanceof ZarrDataset ? ds.array : ds;
    const path = stored.path.startsWith("/") ? stored.path : `/${stored.path}`;
    const dtype = stored instanceof ZarrArray ? dtypeName(stored.dtype) : dtypeLabel(stored.dtype);
    return { kind: "dataset", name, path, dtype, shape: stored.shape, chunks: array.chunkShape.slice(), preview: await readPreview(ds, PREVIEW) };
  }
  const data = unwrapData(value).data;
  return { kind: "dataset", name, path: null, dtype: memoryDtype(data), shape: shapeOf(data), chunks: null, preview: memoryPreview(data, PREVIEW) };
}

function numberField(c: FieldHolder, key: string): number | undefined {
  const v = c.fields.get(key);
  return typeof v === "number" ? v : undefined;
}

/** A one-line summary of a container: its data, its rows, its description. */
export function summarize(c: Container): string {
  const parts: string[] = [];
  if (isTable(c)) parts.push(`${c.length} rows × ${c.colnames.length} columns`);
  else if (c instanceof Data) {
    const f = dataFacts(c);
    if (f) parts.push(`${formatShape(f.shape)} ${f.dtype}`);
  } else {
    const data = c.fields.has("data") ? dataFacts(c.fields.get("data")) : undefined;
    if (data) parts.push(`data ${formatShape(data.shape)} ${data.dtype}`);
    const rate = numberField(c, "starting_time__rate");
    if (rate !== undefined) parts.push(`rate ${rate} Hz`);
    else if (c.fields.has("timestamps")) parts.push("timestamps");
    const unit = c.fields.get("data__unit");
    if (typeof unit === "string" && data) parts.push(unit);
    if (!data) {
      const n = c.children.length;
      if (n) parts.push(`${n} ${n === 1 ? "child" : "children"}`);
    }
  }
  const desc = c.fields.get("description");
  if (typeof desc === "string" && desc && desc !== "no description") parts.push(desc.length > 80 ? `${desc.slice(0, 79)}…` : desc);
  return parts.join(" · ");
}

/** A sub-container entry; `withChildren` lists what it holds (a processing module's interfaces). */
export function containerItem(c: Container, options: ContainerReprOptions = {}, withChildren = false): ContainerItem {
  const item: ContainerItem = { kind: "container", name: c.name, path: objectPath(c), type: containerType(c), summary: summarize(c) };
  if (withChildren) {
    const max = options.maxItems ?? 50;
    const kids = c.children;
    item.children = kids.slice(0, max).map((k) => containerItem(k, options));
    item.hiddenChildren = Math.max(0, kids.length - max);
  }
  return item;
}

/** A reference to a container owned elsewhere. */
export function linkItem(name: string, target: Container): LinkItem {
  return { kind: "link", name, target: objectPath(target), type: containerType(target) };
}

/** A table cell as JSON: containers as references, values within cell limits. */
function cellValue(v: unknown): JsonValue {
  if (isContainer(v)) return { $type: "reference", path: objectPath(v), source: null };
  if (Array.isArray(v)) return toJsonValue(v.map((x) => (isContainer(x) ? objectPath(x) : x)), CELL_LIMITS);
  return toJsonValue(v, CELL_LIMITS);
}

/** The first values of each ragged row (at most RAGGED_ITEMS each; a truncated-array when a row has more). */
async function raggedItems(data: VectorData, bounds: [number, number][]): Promise<JsonValue[]> {
  return Promise.all(bounds.map(async ([b, e]) => {
    const shown = await data.rows(b, Math.min(e, b + RAGGED_ITEMS));
    const items = shown.map(cellValue);
    return e - b > items.length ? { $type: "truncated-array", length: e - b, items } : items;
  }));
}

/** The cells of one column for rows [0, n): ragged rows as item counts, regions as row indices. */
async function columnCells(t: DynamicTable, name: string, n: number): Promise<{ column: TableColumn; cells: JsonValue[] }> {
  const indexes = t.indexesOf(name);
  const data = t.column(name);
  const region = data instanceof DynamicTableRegion;
  if (indexes.length && !region) {
    // Only the index is read for the counts (a row's end minus the previous end); of a singly
    // ragged column also the first few values of each row shown.
    const bounds = await indexes[0].bounds(0, n);
    const column: TableColumn = { name, kind: "ragged" };
    if (indexes.length === 1 && data) column.items = await raggedItems(data, bounds);
    return { column, cells: bounds.map(([b, e]) => e - b) };
  }
  const values = await t.readColumn(name, 0, n, { resolveRegions: false });
  const column: TableColumn = { name, kind: region ? (indexes.length ? "ragged-region" : "region") : "plain" };
  if (region && data.table) column.target = objectPath(data.table);
  return { column, cells: values.map(cellValue) };
}

/** A DynamicTable as a preview of its first rows (reads only those rows, and only indexes of ragged columns). */
export async function tableItem(t: DynamicTable, options: ContainerReprOptions = {}): Promise<TableItem> {
  const rowCount = t.length;
  const n = Math.min(rowCount, options.tableRows ?? 5);
  const names = t.colnames;
  const item: TableItem = {
    kind: "table", name: t.name, path: objectPath(t), type: containerType(t), description: t.description ?? null,
    rowCount, columns: [{ name: "id", kind: "id" }, ...names.map((name) => ({ name, kind: "plain" as const }))], rows: [], hiddenRows: rowCount - n,
  };
  try {
    const ids = t.id ? await readRows(t.id.data, 0, n) : Array.from({ length: n }, (_, i) => i);
    const cols = await Promise.all(names.map((name) => columnCells(t, name, n)));
    item.columns = [{ name: "id", kind: "id" }, ...cols.map((c) => c.column)];
    item.rows = ids.map((id, r) => [cellValue(id), ...cols.map((c) => c.cells[r] ?? null)]);
  } catch (e) {
    // A display must not fail because some rows cannot be decoded.
    item.error = e instanceof Error ? e.message : String(e);
  }
  return item;
}

/** Whether a plain value reads best as a dataset (numeric arrays beyond a few elements). */
function isArrayData(v: unknown): boolean {
  const data = unwrapData(v).data;
  if (isNdArray(data) || isTypedArray(data)) return true;
  if (!Array.isArray(data)) return false;
  const shape = shapeOf(data);
  const size = shape.reduce((a, b) => a * b, 1);
  return (shape.length > 1 || size > 8) && memoryDtype(data) !== "text";
}

/** One field as an item: undefined for a child container (listed among the children instead). */
export async function fieldItem(owner: Container, name: string, value: unknown, options: ContainerReprOptions, depth = 0): Promise<ContainerSectionItem | undefined> {
  if (isContainer(value)) {
    if (value.parent !== owner) return linkItem(name, value);
    return undefined;
  }
  if (value instanceof ContainerMap) return undefined;
  if (isUntypedGroup(value)) return groupItem(owner, value, options, depth + 1);
  const stored = storedData(value);
  if (stored) {
    const limit = options.inlineElements ?? 8;
    if (stored instanceof LazyData && stored.size <= limit && stored.shape.length <= 1) {
      try {
        // Through LazyData, so text stored as bytes (legacy `|S`) reads as text, as the spec says.
        const nd = await stored.get();
        const flat = Array.from(nd.data as ArrayLike<unknown>);
        return { kind: "value", name, value: toJsonValue(stored.isScalar ? flat[0] : flat, VALUE_LIMITS) };
      } catch {
        // Not readable (e.g. pickled without allowPickle): shown as a dataset with the error.
      }
    }
    return datasetItem(name, stored);
  }
  if (isArrayData(value)) return datasetItem(name, value);
  return { kind: "value", name, value: toJsonValue(value, VALUE_LIMITS) };
}

/** Children inside an untyped group's fields (containers whose parent is the owner). */
function groupChildren(owner: Container, g: FieldHolder): { name: string; child: Container }[] {
  const out: { name: string; child: Container }[] = [];
  for (const [key, v] of g.fields) {
    if (isContainer(v) && v.parent === owner) out.push({ name: key, child: v });
    else if (v instanceof ContainerMap) for (const c of v.values()) if (c.parent === owner) out.push({ name: c.name, child: c });
  }
  return out;
}

/** An untyped subgroup: its values, datasets, containers (tables as previews) and nested groups. */
export async function groupItem(owner: Container, g: UntypedGroup, options: ContainerReprOptions, depth = 0): Promise<GroupItem> {
  const max = options.maxItems ?? 50;
  const items: ContainerSectionItem[] = [];
  let total = 0;
  for (const [key, v] of g.fields) {
    if (isContainer(v) || v instanceof ContainerMap) continue;
    total++;
    if (items.length >= max) continue;
    const it = depth > 3 && isUntypedGroup(v) ? undefined : await fieldItem(owner, key, v, options, depth);
    if (it) items.push(it);
  }
  for (const { child } of groupChildren(owner, g)) {
    total++;
    if (items.length < max) items.push(isTable(child) ? await tableItem(child, options) : containerItem(child, options));
  }
  for (const [key, v] of g.fields) {
    if (isContainer(v) && v.parent !== owner) {
      total++;
      if (items.length < max) items.push(linkItem(key, v));
    }
  }
  return { kind: "group", name: g.name, path: groupPath(g), type: null, items, hidden: total - items.length };
}
