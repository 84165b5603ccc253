/**
 * HDF5 filter pipelines → Zarr codecs, as hdmf-zarr's `ZarrDataIO.hdf5_to_zarr_filters` maps them:
 * shuffle → shuffle (element size of the type), gzip (deflate) → zlib at the same level, blosc
 * (32001) → blosc, zstd (32015) → zstd; lz4, lzf, bitshuffle, scaleoffset, szip, fletcher32 and any
 * other filter are dropped with a warning. Also which filters this HDF5 build can decode at all.
 */
import type { CodecJSON } from "../../zarr/codecs/types.js";
import type { V2CodecJSON } from "../../zarr/metadata-types.js";
import type { ErrorLocation } from "../../errors.js";
import type { H5Filter } from "./h5wasm-api.js";
import { UnsupportedHdf5FilterError } from "./errors.js";

/** HDF5 filter ids. */
export const H5Z = {
  DEFLATE: 1, SHUFFLE: 2, FLETCHER32: 3, SZIP: 4, NBIT: 5, SCALEOFFSET: 6,
  LZF: 32000, BLOSC: 32001, LZ4: 32004, BITSHUFFLE: 32008, ZSTD: 32015,
} as const;

/**
 * Filters h5wasm 0.10 decodes without plug-ins. With any other filter it reads garbage silently,
 * so such datasets are refused. szip is left out: it is not verified in this build.
 */
export const READABLE_FILTERS: ReadonlySet<number> = new Set([H5Z.DEFLATE, H5Z.SHUFFLE, H5Z.FLETCHER32, H5Z.NBIT, H5Z.SCALEOFFSET]);

const FILTER_NAMES: Record<number, string> = {
  [H5Z.DEFLATE]: "gzip", [H5Z.SHUFFLE]: "shuffle", [H5Z.FLETCHER32]: "fletcher32", [H5Z.SZIP]: "szip", [H5Z.NBIT]: "nbit",
  [H5Z.SCALEOFFSET]: "scaleoffset", [H5Z.LZF]: "lzf", [H5Z.BLOSC]: "blosc", [H5Z.LZ4]: "lz4", [H5Z.BITSHUFFLE]: "bitshuffle",
  [H5Z.ZSTD]: "zstd",
};

/** A filter's usual name ("gzip", "lzf", …), else the name HDF5 reports, else its id. */
export function filterName(filter: Pick<H5Filter, "id" | "name">): string {
  return FILTER_NAMES[filter.id] ?? (filter.name || `filter ${filter.id}`);
}

/** Throw UnsupportedHdf5FilterError, naming the filter, when a dataset's filters cannot be decoded here. */
export function checkReadable(filters: readonly H5Filter[], where: ErrorLocation): void {
  const bad = filters.find((f) => !READABLE_FILTERS.has(f.id));
  if (bad) {
    throw new UnsupportedHdf5FilterError(
      `the dataset is compressed with HDF5 filter ${bad.id} (${filterName(bad)}), which this HDF5 reader (h5wasm) cannot decode; ` +
        `rewrite the file without it (e.g. h5repack -f GZIP=4) and export again`,
      where, bad.id,
    );
  }
}

/** The Zarr codecs standing for an HDF5 filter pipeline, in both conventions, and what was dropped. */
export interface ZarrFilterMapping {
  /** Zarr v3 codecs after the serializer (`numcodecs.*`), shuffle first, then the compressors in pipeline order. */
  compressors: CodecJSON[];
  /** The same codecs as numcodecs JSON, for a legacy (Zarr v2) array's filter list. */
  v2Filters: V2CodecJSON[];
  /** One message per filter that has no Zarr counterpart and was left out. */
  dropped: string[];
}

const BLOSC_CNAMES = ["blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"];

/**
 * Map an HDF5 filter pipeline. `itemSize` is the element size of the dataset's type (the shuffle
 * element size); `isObject` says the values are materialised objects (strings, references), which
 * cannot be shuffled.
 */
export function mapHdf5Filters(filters: readonly H5Filter[], itemSize: number, isObject: boolean): ZarrFilterMapping {
  const out: ZarrFilterMapping = { compressors: [], v2Filters: [], dropped: [] };
  const add = (name: string, configuration: Record<string, unknown>) => {
    out.compressors.push({ name: `numcodecs.${name}`, configuration });
    out.v2Filters.push({ id: name, ...configuration });
  };
  if (filters.some((f) => f.id === H5Z.SHUFFLE) && !isObject) add("shuffle", { elementsize: itemSize });
  for (const f of filters) {
    const p = f.cd_values ?? [];
    switch (f.id) {
      case H5Z.SHUFFLE:
        break;
      case H5Z.DEFLATE:
        add("zlib", { level: p[0] ?? 4 });
        break;
      case H5Z.BLOSC:
        // cd_values: filter revision, blosc version, type size, block bytes, clevel, shuffle, compressor code
        add("blosc", { cname: BLOSC_CNAMES[p[6] ?? 0] ?? "blosclz", clevel: p[4] ?? 5, shuffle: p[5] ?? 1, blocksize: p[3] ?? 0 });
        break;
      case H5Z.ZSTD:
        add("zstd", { level: p[0] ?? 0 });
        break;
      default:
        out.dropped.push(`HDF5 ${filterName(f)} filter (id ${f.id}, parameters [${p.join(", ")}]) ignored in Zarr`);
    }
  }
  return out;
}
