/**
 * The byte layer: key/value stores. Node entry point (includes the file-system store);
 * browser code imports `./browser.js` instead.
 */
export * from "./browser.js";
export { LocalStore, type LocalStoreOptions } from "./local.js";
export { openStore, isStore, type OpenStoreOptions, type StorageOptions } from "./open.js";
export { S3Store, type S3Access, type S3UploadOptions } from "./s3/s3-store.js";
export { resolveS3Access, type AwsEnvironment } from "./s3/aws-config.js";
export type { S3StorageOptions, S3ClientKwargs } from "./s3/s3-options.js";
export { signV4, type AwsCredentials, type SigV4Request, type SigV4Scope } from "./s3/sigv4.js";
export { FileRangeReader } from "./file-range-reader.js";
export { inflateRawNode, openZipFile } from "./zip-node.js";
