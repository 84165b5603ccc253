/**
 * The store pieces that run in a browser (no Node imports): the browser bundle imports this file,
 * never `index.ts`, which also brings in the file-system store.
 */
export type { ReadableStore, WritableStore, StoreListing } from "./types.js";
export { isWritable, joinKey } from "./types.js";
export { MemoryStore } from "./memory.js";
export { HttpStore, type HttpStoreOptions } from "./http.js";
export { isRemote, s3ToHttps, normalizeUrl } from "./url.js";
export { checkKey, checkPrefix } from "./keys.js";
export { Semaphore } from "./semaphore.js";
export { parseDirectoryIndex } from "./autoindex.js";
export { HttpRangeReader, type RangeReader } from "./range-reader.js";
export { ZipStore, inflateRawWithStreams, type InflateRaw, type ZipStoreOptions } from "./zip.js";
export { readZipDirectory, type ZipDirectory, type ZipEntry } from "./zip-directory.js";
export { ReferenceStore, type ReferenceStoreOptions, type ReferenceFileSource } from "./reference-store.js";
export { Hdf5ChunkIndexReader, type ChunkIndex, type ChunkLocation } from "./hdf5/chunk-index.js";
export type { Hdf5Limits } from "./hdf5/metadata-reader.js";
export { parseReferenceFile, type ReferenceSet, type ReferenceEntry, type ReferenceFormat } from "./reference-spec.js";
export { isLindiTarName, isReferenceName, openRemoteReference } from "./reference-open.js";
export { S3Store, type S3Access, type S3UploadOptions } from "./s3/s3-store.js";
export { checkS3Options, type S3StorageOptions, type S3ClientKwargs } from "./s3/s3-options.js";
export { signV4, type AwsCredentials, type SigV4Request, type SigV4Scope } from "./s3/sigv4.js";
