/** The payload of a dataset: a DatasetBuilder, a ZarrDataset read from a file, or a bare ZarrArray. */
import { DatasetBuilder } from "../../format/builders.js";
import { shapeOf, unwrapData } from "../../data/index.js";
import { DIMENSION_LABELS_ATTR, RESERVED_ATTRIBUTES } from "../../format/convention.js";
import { ZarrDataset } from "../../format/zarr-dataset.js";
import type { ZarrArray } from "../../zarr/array.js";
import { dtypeName } from "../../zarr/dtype.js";
import { arrayFacts, storeType, type ArrayFactsOptions } from "./array-facts.js";
import { attributesPayload, baseName, dimsOf, dtypeLabel, typeInfo, type CommonReprOptions } from "./common.js";
import type { DatasetPayload, StoreInfo } from "./types.js";
import { memoryPreview, readPreview, type PreviewOptions } from "./preview.js";

/** Options of a dataset repr. */
export interface DatasetReprOptions extends CommonReprOptions, PreviewOptions, ArrayFactsOptions {
  /** Read a data preview (default true). */
  preview?: boolean;
}

const HIDDEN_DATASET_ATTRS = new Set([...RESERVED_ATTRIBUTES, DIMENSION_LABELS_ATTR]);
const HIDDEN_ARRAY_ATTRS = new Set([DIMENSION_LABELS_ATTR]);

function arrayStore(array: ZarrArray, source: string | undefined): StoreInfo {
  return { location: source ?? array.store.description, zarrFormat: array.metadata.zarrFormat, type: storeType(array.store) };
}

/** The payload of a dataset. Reads a small preview and lists the array's keys; reads nothing else. */
export async function datasetPayload(
  source: DatasetBuilder | ZarrDataset | ZarrArray,
  options: DatasetReprOptions = {},
): Promise<DatasetPayload> {
  const maxAttributes = options.maxAttributes ?? 100;
  const wantPreview = options.preview !== false;
  if (source instanceof DatasetBuilder) {
    // Values wrapped with storage settings (ZarrDataIO) show as the values they wrap.
    const data = unwrapData(source.data).data;
    const attrs = attributesPayload(source.attributes, HIDDEN_DATASET_ATTRS, maxAttributes);
    const base = { version: 1 as const, kind: "dataset" as const, name: source.name, path: source.path, type: typeInfo(source.attributes), ...attrs };
    if (data instanceof ZarrDataset) {
      const meta = data.array.metadata;
      return {
        ...base,
        dtype: dtypeLabel(source.dtype ?? data.dtype),
        shape: data.shape.slice(),
        dims: dimsOf(source.dimensionLabels ?? meta.dimensionNames ?? source.attributes[DIMENSION_LABELS_ATTR], data.shape.length),
        store: arrayStore(data.array, source.source),
        array: await arrayFacts(data.array, options),
        preview: wantPreview ? await readPreview(data, options) : null,
      };
    }
    const shape = shapeOf(data);
    return {
      ...base,
      dtype: dtypeLabel(source.dtype),
      shape,
      dims: dimsOf(source.dimensionLabels, shape.length),
      store: { location: source.source ?? null, zarrFormat: null, type: null },
      array: null,
      preview: wantPreview ? memoryPreview(data, options) : null,
    };
  }
  const array = source instanceof ZarrDataset ? source.array : source;
  const isDataset = source instanceof ZarrDataset;
  const attrs = attributesPayload(array.attributes, isDataset ? HIDDEN_DATASET_ATTRS : HIDDEN_ARRAY_ATTRS, maxAttributes);
  const path = "/" + array.path;
  return {
    version: 1,
    kind: "dataset",
    name: array.path === "" ? baseName(array.store.description) : baseName(array.path),
    path,
    type: typeInfo(array.attributes),
    ...attrs,
    dtype: isDataset ? dtypeLabel(source.dtype) : dtypeName(array.dtype),
    shape: source.shape.slice(),
    dims: dimsOf(array.metadata.dimensionNames ?? array.attributes[DIMENSION_LABELS_ATTR], source.shape.length),
    store: arrayStore(array, undefined),
    array: await arrayFacts(array, options),
    preview: wantPreview ? await readPreview(source, options) : null,
  };
}
