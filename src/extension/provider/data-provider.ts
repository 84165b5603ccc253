/**
 * The data-provider interface the store browser and the MIME renderer sit on: the views ask it for
 * entities (metadata by path), pages of children, values of selections, link and reference targets
 * and search hits, and never see a store, a payload or a Zarr node. One implementation reads a
 * store (`ZarrStoreProvider`), one serves what a MIME payload carries (`PayloadProvider`).
 */
import type { JsonValue, TypeInfo } from "../../repr/payload/types.js";

/** What an entity is. `reference`: a dataset whose elements are object references. */
export type EntityKind = "group" | "dataset" | "link" | "reference";

/** The codecs of an array in the three groups zarr-python's `info` shows. */
export interface CodecFacts {
  filters: string[];
  serializer: string | null;
  compressors: string[];
}

/** Facts of a stored array (what the Inspect pane lists). */
export interface ArrayFacts {
  zarrFormat: 2 | 3;
  shape: number[];
  /** Element type of the Zarr array (`float64`, `string`, `struct{…}`). */
  dataType: string;
  /** The type as the metadata spells it when it says more (`<f8`, `|O`), else null. */
  storedDataType: string | null;
  /** Chunk shape (the inner chunks when sharded). */
  chunks: number[];
  /** Shard shape when sharded, else null. */
  shards: number[] | null;
  codecs: CodecFacts;
  fillValue: JsonValue;
  order: "C" | "F";
  /** Bytes of every key under the array; null when unknown (ask `storage()`). */
  bytesStored: number | null;
  /** Stored chunks present; null when unknown. */
  chunksInitialized: number | null;
  /** Chunks (or shards) in the grid. */
  chunkCount: number;
}

/** A link or reference target: a path in this store (`source` null) or in another file. */
export interface Target {
  path: string;
  /** The other file holding the target, as the file names it; null for this store. */
  source: string | null;
}

/** An attribute whose value is an object reference. */
export interface ReferenceAttribute {
  name: string;
  target: Target;
}

/** Metadata of one node, by path. */
export interface Entity {
  kind: EntityKind;
  /** Last path segment ("" for the root). */
  name: string;
  /** Absolute path, "/" for the root. */
  path: string;
  /** `neurodata_type` / `data_type` with its namespace. */
  type: TypeInfo | null;
  /** The `description` attribute when it is text. */
  description: string | null;
  /** User attributes (format markers left out) as JSON-safe values. */
  attributes: Record<string, JsonValue>;
  /** Attributes that are object references, with their targets (these navigate when clicked). */
  references: ReferenceAttribute[];
  /** Direct children (groups, arrays and links) of a group; null when not known without a listing. */
  childCount: number | null;
  /** The HDMF dtype of a dataset (`float64`, `text`, `object reference`, `{x: int32}`). */
  dtype?: string;
  /** Shape as HDMF sees it (`[]` for scalars of either convention). */
  shape?: number[];
  /** Dimension names from `_ARRAY_DIMENSIONS` or v3 `dimension_names`. */
  dims?: (string | null)[] | null;
  /** Facts of the stored array; null when the data is not a stored array. */
  array?: ArrayFacts | null;
  /** Where a link points. */
  target?: Target;
  /**
   * The part of the values the provider can give, as a stop per dimension from 0 (`shape` when
   * everything is readable). A payload carries only a preview corner.
   */
  readable?: number[];
}

/** One page of a group's children. */
export interface ChildPage {
  entries: Entity[];
  /** Children in all. */
  total: number;
  offset: number;
  /** Children the provider knows exist but cannot list (a payload left them out). */
  hidden?: number;
}

/** A selection: per dimension an index, a `[start, stop)` range, or null for the whole dimension. */
export type ValueSelection = readonly (number | readonly [number, number] | null)[];

/** Values of a selection, flat in C order. */
export interface ValueBlock {
  /** Shape of the block (integer-indexed dimensions dropped). */
  shape: number[];
  /** JSON-safe values (references as `{"$type": "reference", …}`). */
  values: JsonValue[];
  /** The same values as numbers when the dtype is numeric or boolean (NaN for missing). */
  numbers: Float64Array | null;
}

/** A search request: text matched against paths, type matched against neurodata types. */
export interface SearchQuery {
  /** Case-insensitive substring of the path. */
  text?: string;
  /** Case-insensitive substring of the type name (`TimeSeries`, `DynamicTable`). */
  type?: string;
  /** Most hits returned (default 200). */
  limit?: number;
  /** Called with the hits found so far while a search waits for an index still being built (may never be called). */
  onPartial?: (hits: SearchHit[]) => void;
}

/** A search hit. */
export interface SearchHit {
  path: string;
  kind: EntityKind;
  type: TypeInfo | null;
}

/** Storage facts that cost a listing (asked for separately, when the Inspect pane shows them). */
export interface StorageFacts {
  bytesStored: number | null;
  chunksInitialized: number | null;
}

/** Everything the views need from a data source. */
export interface DataProvider {
  /** Where the store is (a path or URL), for the copy-snippet button; "" when unknown. */
  readonly location: string;
  /** Zarr format of the store, when known. */
  readonly zarrFormat: 2 | 3 | null;
  /** Whether the data is an NWB file (the root says `NWBFile`). */
  readonly isNwb: boolean;
  /** Metadata of the node at `path`; throws NodeNotFoundError for a missing path. */
  getEntity(path: string): Promise<Entity>;
  /** A page of a group's children (links included), in name order. */
  getChildren(path: string, offset: number, limit: number): Promise<ChildPage>;
  /** Values of a selection of a dataset; reads only the chunks the selection needs. */
  getValues(path: string, selection: ValueSelection): Promise<ValueBlock>;
  /** Bytes stored and chunks present of an array (may list the store). */
  getStorage(path: string): Promise<StorageFacts>;
  /** Hits for a query, in path order. */
  search(query: SearchQuery): Promise<SearchHit[]>;
  /**
   * Start building what `search` needs, in the background (slices of work that leave the page
   * responsive), so that the first search answers at once. Optional: a no-op where search is cheap.
   */
  prepareSearch?(): void;
  /** Release what the provider holds. */
  close?(): Promise<void>;
}

/** Parent of an absolute path ("/" for top-level nodes and the root). */
export function parentPath(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

/** `/a/b` joined with `c`. */
export function childPath(parent: string, name: string): string {
  return parent === "/" ? `/${name}` : `${parent}/${name}`;
}

/** Normalise a path to an absolute one without a trailing slash ("/" for the root). */
export function absolutePath(path: string): string {
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  return "/" + parts.join("/");
}
