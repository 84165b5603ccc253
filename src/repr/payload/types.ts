/**
 * The JSON payload carried by the `application/vnd.hdmf-zarr+json` MIME type (version 1).
 * Described for readers in `README.md` next to this file and formally in `mime-schema.json`;
 * the three must change together, and any change that a reader could trip over bumps `version`.
 */

/** The MIME type of the payload. */
export const HDMF_ZARR_MIME = "application/vnd.hdmf-zarr+json";

/** The payload version this code writes. */
export const REPR_PAYLOAD_VERSION = 1;

/**
 * A value that survives `JSON.stringify` unchanged. Values JSON cannot hold (NaN, big integers,
 * bytes, references, over-long lists) appear as tagged objects `{"$type": ..., ...}`; see
 * `json-value.ts`.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The HDMF type of a node: `neurodata_type` (NWB) or `data_type` (HDMF), with its namespace. */
export interface TypeInfo {
  name: string;
  namespace: string | null;
}

/** Where the node lives, so that a viewer can fetch more of it. */
export interface StoreInfo {
  /** The store's location as given to the reader: an absolute local path or a URL. */
  location: string | null;
  zarrFormat: 2 | 3 | null;
  /** Class name of the store (`LocalStore`, `HttpStore`, …). */
  type: string | null;
}

/** Facts of a Zarr array, the rows of the dataset info table. */
export interface ArrayFacts {
  zarrFormat: 2 | 3;
  /** Element type (`float64`, `string`, `struct{…}`). */
  dataType: string;
  /** The type as written in the metadata when it says more (`<f8`, `|O`), else null. */
  storedDataType: string | null;
  fillValue: JsonValue;
  shape: number[];
  /** Shape of the chunks that hold the data (the inner chunks when sharded). */
  chunkShape: number[];
  /** Shape of the shards (the stored objects) when sharded, else null. */
  shardShape: number[] | null;
  order: "C" | "F";
  readOnly: boolean;
  /** Codecs before serialisation (v2: the `filters`), each as `name(key=value, …)`. */
  filters: string[];
  /** The array→bytes codec, or null when none could be told apart. */
  serializer: string | null;
  /** Codecs after serialisation (v2: the `compressor`). */
  compressors: string[];
  /** Stored objects in the grid: chunks, or shards when sharded. */
  chunkCount: number;
  /** Bytes of the values in memory, null for variable-length elements. */
  nbytes: number | null;
  /** Bytes of every key under the array (metadata included), null when the store cannot tell. */
  nbytesStored: number | null;
  /** Stored objects present in the store, null when the store cannot list. */
  chunksInitialized: number | null;
}

/** A small corner of a dataset's values. */
export interface PreviewValues {
  /** The selection read, in Python slice notation (`[0:10, 0:4]`, `[]` for a scalar). */
  selection: string;
  /** Shape of `values` (the selection with integer-indexed dimensions dropped). */
  shape: number[];
  /** Nested lists of `shape` (the bare value for a 0-d selection). */
  values: JsonValue;
  /** True when the dataset holds more than the preview shows. */
  truncated: boolean;
}

/** A preview that could not be read (e.g. pickled objects without `allowPickle`). */
export interface PreviewError {
  error: string;
}

export type Preview = PreviewValues | PreviewError;

/** Counts of a group's direct children. */
export interface ChildCounts {
  groups: number;
  datasets: number;
  links: number;
}

interface PayloadBase {
  version: 1;
  name: string;
  /** Absolute path inside the file (`/` for the root). */
  path: string;
  type: TypeInfo | null;
  /** Attributes (at most a limit of them; reserved format markers left out). */
  attributes: Record<string, JsonValue>;
  /** How many attributes there are in all (more than `attributes` holds when truncated). */
  attributeCount: number;
  store: StoreInfo;
}

/** A dataset (Zarr array). */
export interface DatasetPayload extends PayloadBase {
  kind: "dataset";
  /** The HDMF dtype (`float64`, `text`, `{x: int32, y: float64}`). */
  dtype: string;
  shape: number[];
  /** Dimension names (`_ARRAY_DIMENSIONS` or v3 `dimension_names`), null when there are none. */
  dims: (string | null)[] | null;
  /** Array facts; null for data held in memory (a builder not yet written). */
  array: ArrayFacts | null;
  preview: Preview | null;
}

/** A group entry of a tree. */
export interface GroupTreeEntry {
  kind: "group";
  name: string;
  path: string;
  type: TypeInfo | null;
  attributeCount: number;
  counts: ChildCounts;
  /** Listed children; fewer than `counts` add up to when the tree is truncated. */
  children: TreeEntry[];
  /** Direct children left out. */
  hiddenChildren: number;
}

/** A dataset entry of a tree: metadata, plus the values of a tiny dataset. */
export interface DatasetTreeEntry {
  kind: "dataset";
  name: string;
  path: string;
  type: TypeInfo | null;
  dtype: string;
  shape: number[];
  dims: (string | null)[] | null;
  /** All values of a tiny dataset (a scalar or a few elements); absent when not read. */
  value?: JsonValue;
}

/** A link entry of a tree. */
export interface LinkTreeEntry {
  kind: "link";
  name: string;
  path: string;
  /** Absolute path of the target inside its file. */
  target: string;
  targetKind: "group" | "dataset";
  /** The target's file when it is another file (external link), else null. */
  targetSource: string | null;
}

export type TreeEntry = GroupTreeEntry | DatasetTreeEntry | LinkTreeEntry;

/** A group, or (kind `store`) the root group of a file with the tree below it. */
export interface GroupPayload extends PayloadBase {
  kind: "group" | "store";
  counts: ChildCounts;
  children: TreeEntry[];
  hiddenChildren: number;
  /** Nodes below this group in all, and how many of them the payload lists. */
  nodes: { total: number; shown: number };
}

/** A plain field value: a scalar, a date, a short list (long lists truncated). */
export interface ValueItem {
  kind: "value";
  name: string;
  value: JsonValue;
}

/** A dataset field: facts and a tiny preview (read by slice, never the whole array). */
export interface DatasetItem {
  kind: "dataset";
  name: string;
  /** Path in the file, or null for data held in memory. */
  path: string | null;
  dtype: string;
  shape: number[];
  /** Chunk shape of a stored array, else null. */
  chunks: number[] | null;
  preview: Preview | null;
}

/** A sub-container: its type, a one-line summary, and (for processing modules) what it holds. */
export interface ContainerItem {
  kind: "container";
  name: string;
  path: string;
  type: TypeInfo | null;
  /** `data (50, 4) float64 · rate 30000 Hz`, `12 rows × 9 columns`, … */
  summary: string;
  /** Containers it holds, when listed (e.g. a processing module's data interfaces). */
  children?: ContainerSectionItem[];
  /** Children left out of `children`. */
  hiddenChildren?: number;
}

/** A column of a table preview; `ragged` cells hold a row's item count, `region` cells row indices. */
export interface TableColumn {
  name: string;
  kind: "id" | "plain" | "ragged" | "region" | "ragged-region";
  /** Region columns: the path of the table their row indices point into, when known. */
  target?: string;
  /**
   * Ragged columns (one level of index): per row shown, the row's first values (a
   * `truncated-array` whose `length` is the row's item count when it holds more).
   */
  items?: JsonValue[];
}

/** A DynamicTable as a small preview: the first rows of every column. */
export interface TableItem {
  kind: "table";
  name: string;
  path: string;
  type: TypeInfo | null;
  description: string | null;
  rowCount: number;
  /** `id` first, then the columns in `colnames` order. */
  columns: TableColumn[];
  /** The first rows, one value per column. */
  rows: JsonValue[][];
  /** Rows not shown. */
  hiddenRows: number;
  /** Why the rows could not be read, else absent. */
  error?: string;
}

/** An untyped subgroup (`general`, `devices`, a subject's fields shown inline). */
export interface GroupItem {
  kind: "group";
  name: string;
  path: string;
  type: TypeInfo | null;
  items: ContainerSectionItem[];
  hidden: number;
}

/** A reference to a container owned elsewhere (a link or a reference field). */
export interface LinkItem {
  kind: "link";
  name: string;
  target: string;
  type: TypeInfo | null;
}

export type ContainerSectionItem = ValueItem | DatasetItem | ContainerItem | TableItem | GroupItem | LinkItem;

/** A titled, collapsible part of a container repr. */
export interface ContainerSection {
  /** Stable key (`session`, `general`, `fields`, `children`, `table`, …). */
  id: string;
  title: string;
  items: ContainerSectionItem[];
  /** Items left out. */
  hidden: number;
}

/** The first samples of a TimeSeries, for a plot: some channels of its data and their times. */
export interface SeriesPreview {
  /** Path of the data in the file, or null for data held in memory. */
  data: string | null;
  /** Shape of the whole data (1-d, or 2-d: samples × channels). */
  shape: number[];
  /** `data`'s unit, when it has one. */
  unit: string | null;
  /** Samples shown: `[0, samples)` of the first dimension. */
  samples: number;
  /** One list of `samples` values per channel shown (channels `0 … n-1` of the second dimension). */
  channels: JsonValue[][];
  /** Sample times: `start + i / rate`, or the timestamps of the samples shown. */
  time: { kind: "rate"; rate: number; start: number } | { kind: "timestamps"; values: JsonValue[] };
}

/** A container (an object read with NWBZarrIO/readContainer or built in code), e.g. an NWBFile. */
export interface ContainerPayload {
  version: 1;
  kind: "container";
  name: string;
  /** Path of the object in its file (`/` for the root). */
  path: string;
  type: TypeInfo;
  objectId: string | null;
  /** `nwbfile`: sections grouped the way pynwb shows an NWBFile; `container`: fields and children. */
  layout: "container" | "nwbfile";
  store: StoreInfo;
  sections: ContainerSection[];
  /** A TimeSeries: its first samples for a plot (absent for other containers). */
  series?: SeriesPreview;
}

/** The payload of `application/vnd.hdmf-zarr+json`. */
export type ReprPayload = DatasetPayload | GroupPayload | ContainerPayload;

/** The MIME bundle: the payload plus HTML and text that need no extension to show. */
export interface MimeBundle {
  "application/vnd.hdmf-zarr+json": ReprPayload;
  "text/html": string;
  "text/plain": string;
}
