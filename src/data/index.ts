/**
 * The array-values layer: the one owner of facts about in-memory data (what kind it is, its
 * shape and dtype, flat ⇄ nested) and of the contracts of data that is not in memory (lazily read
 * arrays, block sources) or comes with storage settings (DataIO). Imports only src/zarr, errors
 * and options; every layer above imports these from here.
 */
export { isNdArray, type NdArray } from "../zarr/dtype.js";
export { cStrides } from "../zarr/indexing.js";
export { isList, isTypedArray, typedArrayDtype } from "./guards.js";
export type { BuilderDtype, CompoundField } from "./builder-dtype.js";
export { shapeOf } from "./shape-of.js";
export { flatten, type FlatData } from "./flatten.js";
export { nest, type Nested } from "../zarr/nested.js";
export { dtypeNameOf, dtypeOf, firstValue, type ValueDtype } from "./dtype-of.js";
export { DataIOBase, RewrappedData, unwrapData, type DataIOSettings, type LayoutOptions, type ShardSettings } from "./data-io.js";
export { isBlockSource, type BlockSource, type BlockSourceInfo, type DataBlock } from "./block-source.js";
export { isLazyArray, type LazyArray } from "./lazy-array.js";
