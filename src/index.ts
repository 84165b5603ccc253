/**
 * hdmf-zarr: read and write HDMF and NWB files stored in Zarr, compatible with the Python
 * hdmf-zarr package (legacy Zarr v2 files of hdmf-zarr ≤ 0.13 and Zarr v3 files of 0.14).
 */
export * from "./errors.js";
export * from "./store/index.js";
export { ZarrHierarchy, type HierarchyOptions } from "./zarr/hierarchy.js";
export { ZarrArray, type ChunkDecoder } from "./zarr/array.js";
export { slice, type Selection, type Slice } from "./zarr/indexing.js";
export type { DataType, NdArray, ArrayData, TypedArray, NumericName } from "./zarr/dtype.js";
export { dtypeName } from "./zarr/dtype.js";
export { NAT, type Complex, type TimeResolution, type TimeUnit } from "./zarr/dtype.js";
export { datetimeToDate, formatDatetime } from "./zarr/dtype-time.js";
export { formatComplex } from "./zarr/dtype-display.js";
export type { ArrayMetadata, GroupMetadata, NodeMetadata, ZarrFormat } from "./zarr/metadata-types.js";
export { Builder, GroupBuilder, DatasetBuilder, LinkBuilder, ReferenceBuilder } from "./format/builders.js";
export { ZarrDataset } from "./format/zarr-dataset.js";
export type { RefTarget, LinkEntry } from "./format/references.js";
export { readSpecCache, writeSpecCache, latestCached, type SpecCache } from "./format/spec-cache.js";
export { ZarrIO, type ZarrIOOptions, type WriteOptions, type ResolvedRef, type NodeRef } from "./io/zarr-io.js";
export type { SkippedEntry } from "./format/read-tree.js";
export { version } from "./io/version.js";
export { isZarrV2File, type IsZarrV2FileOptions } from "./io/zarr-v2-file.js";
export { ZarrDataIO, type ZarrDataIOOptions } from "./io/zarr-data-io.js";
export type { Mode } from "./io/modes.js";
export * from "./spec/index.js";
export * from "./repr/index.js";
export * from "./validate/index.js";
export { validate, catalogForFile, type ValidateOptions, type ValidatableFile } from "./io/validate-file.js";
export { JsonFloat } from "./zarr/codecs/json-text.js";
export * from "./build/index.js";
export * from "./nwb/index.js";
export type { AddRowOptions } from "./build/common/dynamic-table.js";
export type { PredefinedColumn } from "./build/common/predefined-columns.js";
export type { ExportOptions, ExportWriteArgs } from "./io/export-contract.js";
export { convert, type ConvertOptions, type ConversionSummary } from "./io/convert.js";
export { Hdf5IO } from "./io/hdf5/hdf5-io.js";
export { Hdf5Dataset } from "./io/hdf5/dataset.js";
export { mapHdf5Filters, type ZarrFilterMapping } from "./io/hdf5/filters.js";
export { Hdf5ReadError, UnsupportedHdf5FilterError, UnsupportedHdf5FeatureError } from "./io/hdf5/errors.js";
export { isBlockSource, type BlockSource, type BlockSourceInfo, type BuilderDtype, type CompoundField, type DataBlock } from "./data/index.js";
export { writeRegion } from "./format/write-region.js";
export { DataChunk, AbstractDataChunkIterator, type ChunkSlice, type DataChunkInit } from "./io/data-chunk.js";
export { DataChunkIterator, type DataChunkIteratorOptions } from "./io/data-chunk-iterator.js";
export { GenericDataChunkIterator, type GenericDataChunkIteratorOptions, type BufferData } from "./io/generic-data-chunk-iterator.js";
export { ZarrIODataChunkIteratorQueue, type QueuedDataset } from "./io/dci-queue.js";
export type { BlockWrite } from "./format/write-blocks.js";
export { defaultChunkShape, defaultBufferShape } from "./io/chunk-shapes.js";
export { Progress, type ProgressOptions, type ProgressTarget } from "./io/progress.js";
export type { ParallelWriteOptions } from "./io/parallel/write-jobs.js";
export { ChunkLocks, acquireFileLock, type KeyLocker, type FileLockOptions } from "./store/file-lock.js";

// `obj.display()` on every container: the build layer cannot import the display layer, so the entry point wires it.
import { installDisplayMethods } from "./repr/tslab/install-display.js";
installDisplayMethods();

// `ZarrIO.generateDatasetHtml` (the Python API puts it on the I/O class): the I/O layer cannot import the display layer either.
import { installDatasetHtml } from "./io/dataset-html.js";
import { generateDatasetHtml } from "./repr/index.js";
installDatasetHtml((array) => generateDatasetHtml(array));
