/**
 * Node metadata normalised over Zarr v2 and v3. `metadata-v2.ts` / `metadata-v3.ts` parse and
 * write the on-disk JSON; everything above this layer sees only these shapes.
 */
import type { CodecJSON } from "./codecs/types.js";
import type { DataType } from "./dtype.js";

export type ZarrFormat = 2 | 3;

/** How chunk coordinates become store keys. */
export interface ChunkKeyEncoding {
  /** v3 `default` puts `c/` in front (`c/0/0`, `c` for 0-d); v2 has no prefix (`0.0`, `0` for 0-d). */
  kind: "default" | "v2";
  separator: "/" | ".";
}

/** v2 codec configuration as written in `.zarray` (`{"id": "blosc", ...}`). */
export type V2CodecJSON = { id: string } & Record<string, unknown>;

export interface ArrayMetadata {
  zarrFormat: ZarrFormat;
  nodeType: "array";
  shape: number[];
  /** Chunk shape of the regular grid (the shard shape when sharded). */
  chunkShape: number[];
  dtype: DataType;
  /** Fill value in memory form (number, bigint, boolean, string, record, null); int64/uint64 fills are exact bigints. */
  fillValue: unknown;
  /** Element order inside a chunk (v2 `order`; v3 expresses F order through a `transpose` codec). */
  order: "C" | "F";
  chunkKeyEncoding: ChunkKeyEncoding;
  /** v3 codec chain, or the v2 chain converted to v3 form. */
  codecs: CodecJSON[];
  /** v2 only: the original `filters` and `compressor`, kept so writes round-trip exactly. */
  v2?: { filters: V2CodecJSON[] | null; compressor: V2CodecJSON | null; dtype: unknown };
  /** v3 `dimension_names`. */
  dimensionNames?: (string | null)[];
  /** User attributes as JSON values; integers beyond ±(2^53 − 1) are exact bigints, written back as the same literals. */
  attributes: Record<string, unknown>;
}

export interface GroupMetadata {
  zarrFormat: ZarrFormat;
  nodeType: "group";
  /** User attributes as JSON values; integers beyond ±(2^53 − 1) are exact bigints, written back as the same literals. */
  attributes: Record<string, unknown>;
}

export type NodeMetadata = ArrayMetadata | GroupMetadata;
