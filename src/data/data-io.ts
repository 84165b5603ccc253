/**
 * The contract between a dataset's data wrapper (ZarrDataIO in the I/O layer) and the writer:
 * the wrapped values plus how to store them.
 */
import type { CodecJSON } from "../zarr/codecs/types.js";
import type { V2CodecJSON } from "../zarr/metadata-types.js";

/** Codec settings a caller may pass for one dataset (see ZarrDataIO). */
export interface LayoutOptions {
  chunks?: number[];
  fillValue?: unknown;
  /** v3 compressors; `false` for none; `true`/undefined for the default. */
  compressors?: CodecJSON[] | boolean;
  /** v2 compressor; `false`/null for none; when left out, the numcodecs form of `compressors` if given, else the default. */
  compressor?: V2CodecJSON | boolean | null;
  /** v2 extra filters, after the object codec. */
  filters?: V2CodecJSON[];
  /** v3 array→array codecs before the serializer: hdmf-zarr 0.14's `filters` (ZarrDataIO sets them from its `filters`). */
  arrayCodecs?: CodecJSON[];
  /** v3 array→bytes codec (`bytes` with its byte order, `vlen-utf8`, `vlen-bytes`); left out, the one the dtype needs. */
  serializer?: CodecJSON;
  /** v3 sharding: each shard holds inner chunks of `chunks` (see {@link ShardSettings}). Legacy v2 writes refuse it. */
  shards?: ShardSettings;
}

/** How a sharded array is laid out (zarr-python 3's `shards`). */
export interface ShardSettings {
  /** Shard shape, each a multiple of the inner chunk shape; "auto": as zarr-python chooses (two inner chunks along each axis holding more than eight). */
  shape: number[] | "auto";
  /** Where each shard keeps its index of inner chunks (zarr-python's default "end"). */
  indexLocation: "start" | "end";
}

/** Storage settings of one dataset. */
export interface DataIOSettings extends LayoutOptions {
  /** When the data is an array of another file: link to it (true) or copy it (false). */
  linkData?: boolean;
}

/** Base class of data wrappers that carry storage settings. */
export abstract class DataIOBase {
  abstract readonly data: unknown;
  abstract getIoSettings(): DataIOSettings;
}

/** Values with the storage settings of another wrapper (the same settings over converted values). */
export class RewrappedData extends DataIOBase {
  constructor(readonly data: unknown, private readonly settings: DataIOSettings) {
    super();
  }
  getIoSettings(): DataIOSettings {
    return this.settings;
  }
}

/** Split builder data into the values and the storage settings (none for data that is not wrapped). */
export function unwrapData(data: unknown): { data: unknown; settings: DataIOSettings } {
  if (data instanceof DataIOBase) return { data: data.data, settings: data.getIoSettings() };
  return { data, settings: {} };
}
