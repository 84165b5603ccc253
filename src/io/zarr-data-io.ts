/**
 * ZarrDataIO: wraps dataset data with how to store it (chunks, shards, fill value, codecs,
 * linking), like hdmf-zarr's ZarrDataIO. `compressors`, `filters`, `serializer` and `shards` apply
 * to Zarr v3 writes as in hdmf-zarr 0.14; `compressor` and `filters` as numcodecs JSON apply to
 * legacy Zarr v2 writes.
 */
import { InvalidArgumentError, UnknownCodecError, type ErrorLocation } from "../errors.js";
import { V3_DEFAULT_COMPRESSOR, checkShardShape, v2CompressorFor } from "../format/array-layout.js";
import { DataIOBase, type DataIOSettings, type ShardSettings } from "../data/index.js";
import { checkOptions, optionNames } from "../options.js";
import { codecNames, createCodec, hasCodec, v2ToCodecJSON } from "../zarr/codecs/index.js";
import type { CodecJSON } from "../zarr/codecs/types.js";
import type { V2CodecJSON } from "../zarr/metadata-types.js";
import type { Hdf5Dataset } from "./hdf5/dataset.js";
import { datasetFilterMapping, hdf5StorageSettings, warnDropped } from "./hdf5/storage-settings.js";

/**
 * `shards` of {@link ZarrDataIO}: the shard shape, "auto", or zarr-python's form with where each
 * shard keeps its index (`indexLocation`, or the Python spelling `index_location`; default "end").
 */
export type ShardsOption = number[] | "auto" | { shape: number[] | "auto"; indexLocation?: "start" | "end"; index_location?: "start" | "end" };

/** Options of {@link ZarrDataIO} (hdmf-zarr's arguments in camelCase). */
export interface ZarrDataIOOptions extends Omit<DataIOSettings, "filters" | "shards"> {
  /** Alias of `fillValue`, the Python spelling. */
  fillvalue?: unknown;
  /**
   * Codecs applied to the array before it is serialised, each as Zarr v3 JSON
   * (`{ name: "numcodecs.delta", configuration: { dtype: "<i4" } }`, `{ name: "transpose", … }`) or
   * as numcodecs JSON (`{ id: "delta", dtype: "<i4" }`). Zarr v3 writes put array→array codecs
   * (delta, transpose) before the serializer, as hdmf-zarr 0.14 does, and bytes→bytes codecs (a
   * legacy shuffle filter) ahead of the compressors, where a Zarr v2 filter acts; legacy Zarr v2
   * writes store them as the array's numcodecs `filters`.
   */
  filters?: (CodecJSON | V2CodecJSON)[];
  /**
   * Zarr v3 sharding: each shard is one stored object holding inner chunks of `chunks`, and each
   * shard dimension must be a multiple of the chunk's (see {@link ShardsOption}).
   */
  shards?: ShardsOption;
}

const OPTIONS = optionNames<ZarrDataIOOptions>({
  chunks: true, fillValue: true, fillvalue: true, compressors: true, compressor: true, filters: true,
  arrayCodecs: true, linkData: true, serializer: true, shards: true,
});

const SHARD_OPTIONS = ["indexLocation", "index_location", "shape"];

/** `shards` in its one stored form; a shape that is not whole positive numbers, or a bad index location, is refused. */
function shardSettings(shards: unknown, where: ErrorLocation): ShardSettings {
  const bad = (what: string) => new InvalidArgumentError(`ZarrDataIO shards ${JSON.stringify(shards)}: ${what}`, where);
  const shape = (value: unknown): ShardSettings["shape"] => {
    if (value === "auto") return value;
    if (!Array.isArray(value) || value.length === 0 || !value.every((n) => Number.isSafeInteger(n) && n > 0)) {
      throw bad("give the shard shape as a list of positive integers, \"auto\", or { shape, indexLocation }");
    }
    return value.slice();
  };
  if (typeof shards !== "object" || shards === null || Array.isArray(shards)) return { shape: shape(shards), indexLocation: "end" };
  const o = checkOptions(shards as Record<string, unknown>, SHARD_OPTIONS, { call: "new ZarrDataIO() option 'shards'" });
  if (o.indexLocation !== undefined && o.index_location !== undefined) throw bad("give indexLocation or index_location, not both");
  const location = o.indexLocation ?? o.index_location ?? "end";
  if (location !== "start" && location !== "end") throw bad(`the index location must be "start" or "end", not ${JSON.stringify(location)}`);
  return { shape: shape(o.shape), indexLocation: location };
}

/** A serializer as Zarr v3 JSON; whether it fits the dataset's type is checked when it is written. */
function serializerJson(serializer: unknown, where: ErrorLocation): CodecJSON {
  const s = serializer as { name?: unknown; configuration?: unknown } | null;
  const config = s?.configuration;
  if (typeof s !== "object" || s === null || typeof s.name !== "string" || (config !== undefined && (typeof config !== "object" || config === null || Array.isArray(config)))) {
    throw new InvalidArgumentError(`ZarrDataIO serializer ${JSON.stringify(serializer)}: give a Zarr v3 codec such as { name: "bytes", configuration: { endian: "big" } }`, where);
  }
  const json: CodecJSON = config === undefined ? { name: s.name } : { name: s.name, configuration: config as Record<string, unknown> };
  checkKnown(json, where, "serializer");
  return json;
}

/** A filter in both forms: Zarr v3 JSON and numcodecs JSON (a v3-only codec keeps its v3 form; a legacy write refuses it). */
function filterForms(filter: unknown, index: number, where: ErrorLocation): { v3: CodecJSON; v2: V2CodecJSON } {
  const f = filter as { id?: unknown; name?: unknown; configuration?: unknown } | null;
  if (typeof f === "object" && f !== null && typeof f.id === "string") {
    const v2 = f as V2CodecJSON;
    return { v3: v2ToCodecJSON(v2, where), v2 };
  }
  if (typeof f === "object" && f !== null && typeof f.name === "string") {
    const configuration = (f.configuration ?? {}) as Record<string, unknown>;
    const v3: CodecJSON = { name: f.name, configuration };
    const v2 = f.name.startsWith("numcodecs.") ? { id: f.name.slice("numcodecs.".length), ...configuration } : (f as unknown as V2CodecJSON);
    return { v3, v2 };
  }
  throw new InvalidArgumentError(
    `ZarrDataIO filters[${index}] is ${JSON.stringify(filter)}: give a codec as { name, configuration } (Zarr v3) or { id, … } (numcodecs)`,
    where,
  );
}

/**
 * Whether a codec works on bytes (shuffle, a compressor) rather than on the array; false when
 * that depends on the array (its configuration does not build without the array's type and
 * chunks): the writer then checks it against the array.
 */
function isBytesCodec(codec: CodecJSON, where: ErrorLocation): boolean {
  try {
    const ctx = { dtype: { kind: "numeric", name: "float64", endian: "little" } as const, chunkShape: [], zarrFormat: 3 as const, allowPickle: false, where };
    return createCodec(codec, ctx).kind === "bytes-bytes";
  } catch {
    return false;
  }
}

/** Refuse a codec name this package cannot write, before anything is written. */
function checkKnown(codec: CodecJSON, where: ErrorLocation, role = "filter"): void {
  if (!hasCodec(codec.name)) {
    throw new UnknownCodecError(`ZarrDataIO ${role} '${codec.name}' is not a codec this package knows (supported: ${codecNames().join(", ")})`, where);
  }
}

/**
 * Data to write plus how to store it (hdmf-zarr's `ZarrDataIO`): wrap a dataset's values (an
 * array, a typed array, a `DataChunkIterator`, an array of another file) to choose its chunks,
 * fill value and codecs, or whether an array of another file is linked or copied.
 *
 * `new ZarrDataIO(data, { chunks, shards, fillvalue, compressors, filters, serializer, compressor, linkData })`:
 * - `chunks`: chunk shape, the inner chunk shape when sharded (default: the whole array when
 *   small, else about 1 MB chunks);
 * - `shards` (Zarr v3): shard shape, each dimension a multiple of `chunks`' (InvalidArgumentError
 *   otherwise), "auto", or `{ shape, indexLocation: "start" | "end" }`; the filters, serializer and
 *   compressors then act on each inner chunk, inner chunks holding only the fill value are left
 *   out, and partial writes rewrite only the inner chunks they touch (as zarr-python 3);
 * - `compressors`: Zarr v3 bytes→bytes codecs, e.g. `[{ name: "zstd", configuration: { level: 5 } }]`,
 *   or `false` for none (default zstd level 0, as zarr-python);
 * - `filters`: array→array codecs before serialisation (see {@link ZarrDataIOOptions.filters});
 * - `serializer` (Zarr v3): the array→bytes codec, `{ name: "bytes", configuration: { endian: "big" } }`
 *   for big-endian values; text takes only `vlen-utf8` and bytes only `vlen-bytes` (anything else
 *   is an UnsupportedWriteError when written);
 * - `compressor`: the numcodecs compressor of legacy Zarr v2 writes (default Blosc lz4); when left
 *   out, a legacy write stores `compressors` in numcodecs form, or refuses them (UnsupportedWriteError)
 *   when a Zarr v2 array cannot hold them (more than one, or one with no numcodecs counterpart).
 *   A Zarr v3 write given `compressor` without `compressors` throws InvalidOptionError, as
 *   hdmf-zarr 0.14 refuses `compressor`;
 * - `linkData`: for an array of another file, link to it (default) or copy it.
 * Unknown options throw InvalidOptionError; legacy Zarr v2 writes refuse `shards` and
 * `serializer` (UnsupportedWriteError: Zarr v2 has neither).
 *
 * @example
 * const data = new ZarrDataIO(samples, { chunks: [30000, 64], compressors: [{ name: "zstd", configuration: { level: 3 } }] });
 * file.addAcquisition(new TimeSeries({ name: "raw", data, unit: "V", rate: 30000 }));
 */
export class ZarrDataIO extends DataIOBase {
  readonly data: unknown;
  private readonly settings: DataIOSettings;

  constructor(data: unknown, options: ZarrDataIOOptions = {}) {
    super();
    const where = { path: "ZarrDataIO" };
    const { fillvalue, filters, shards, serializer, ...rest } = checkOptions(options, OPTIONS, { call: "new ZarrDataIO()" });
    this.data = data;
    this.settings = { ...rest, fillValue: rest.fillValue ?? fillvalue };
    // null, as Python's None: not given.
    if (serializer !== undefined && serializer !== null) this.settings.serializer = serializerJson(serializer, where);
    if (shards !== undefined && shards !== null) {
      const s = (this.settings.shards = shardSettings(shards, where));
      if (Array.isArray(s.shape) && rest.chunks !== undefined) checkShardShape(s.shape, rest.chunks, where);
      if (Array.isArray(s.shape) && rest.chunks === undefined) {
        // As hdmf-zarr 0.14 warns; the writer then picks inner chunks that divide the shards.
        process.emitWarning("ZarrDataIO: `shards` without `chunks` is not recommended; `chunks` sets the inner chunk shape within each shard", "ZarrDataIOWarning");
      }
    }
    if (rest.compressor !== undefined && rest.compressor !== null && typeof rest.compressor !== "boolean") checkKnown(v2ToCodecJSON(rest.compressor, where), where, "compressor");
    if (filters !== undefined) {
      if (!Array.isArray(filters)) throw new InvalidArgumentError(`ZarrDataIO filters must be a list of codecs, not ${JSON.stringify(filters)}`, where);
      const forms = filters.map((f, i) => filterForms(f, i, where));
      for (const f of forms) checkKnown(f.v3, where);
      this.settings.filters = forms.map((f) => f.v2);
      if (this.settings.arrayCodecs === undefined) {
        // Zarr v3: bytes→bytes filters act on the serialised chunk ahead of the compressors, as in Zarr v2.
        const onBytes = forms.map((f) => f.v3).filter((c) => isBytesCodec(c, where));
        this.settings.arrayCodecs = forms.map((f) => f.v3).filter((c) => !onBytes.includes(c));
        if (onBytes.length) {
          // Legacy writes keep these filters as filters: their compressor comes from the compressors given, not from this list.
          if (this.settings.compressor === undefined) {
            const v2 = rest.compressors === undefined ? { compressor: true } : v2CompressorFor(rest.compressors);
            if ("compressor" in v2) this.settings.compressor = v2.compressor;
          }
          const given = this.settings.compressors;
          const compressors = given === false ? [] : Array.isArray(given) ? given : [V3_DEFAULT_COMPRESSOR];
          this.settings.compressors = [...onBytes, ...compressors];
        }
      }
    }
  }

  /** The storage settings, including `linkData` (hdmf-zarr's `get_io_params`). */
  getIoSettings(): DataIOSettings {
    return { ...this.settings };
  }

  /** Same as getIoSettings, the name hdmf-zarr uses. */
  getIoParams(): DataIOSettings {
    return this.getIoSettings();
  }

  /**
   * Wrap an HDF5 dataset (read with h5wasm, see `Hdf5IO`) with the storage settings hdmf-zarr's
   * `from_h5py_dataset` derives: its chunk shape and its filters mapped to Zarr codecs (dropped
   * filters are reported as process warnings). `options` override what is derived.
   */
  static fromHdf5Dataset(ds: Hdf5Dataset, options: ZarrDataIOOptions = {}): ZarrDataIO {
    checkOptions(options, OPTIONS, { call: "ZarrDataIO.fromHdf5Dataset()", path: ds.path });
    const { settings, dropped } = hdf5StorageSettings(ds);
    warnDropped(ds, dropped);
    // The derived `filters` are the legacy (v2) spelling of the derived compressors: Zarr v3 writes
    // take the compressors alone, so no array→array codecs come from them.
    const derived = settings.filters && options.filters === undefined ? { ...settings, arrayCodecs: [] } : settings;
    return new ZarrDataIO(ds, { ...(derived as ZarrDataIOOptions), ...options });
  }

  /** The Zarr v3 codecs standing for an HDF5 dataset's filters (hdmf-zarr's `hdf5_to_zarr_filters`); dropped filters warn. */
  static hdf5ToZarrFilters(ds: Hdf5Dataset): CodecJSON[] {
    const m = datasetFilterMapping(ds);
    warnDropped(ds, m.dropped);
    return m.compressors;
  }
}
