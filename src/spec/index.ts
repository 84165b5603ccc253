/**
 * The HDMF specification language (Node entry point): everything in `browser.ts` plus loading
 * namespace files and the bundled schemas from disk.
 */
export * from "./browser.js";
export {
  fileSpecReader, readNamespaceFileFromDisk, loadNamespaceFile, bundledSchemaDir, loadBundledNamespaces,
} from "./loading/node-loader.js";
