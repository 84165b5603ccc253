/**
 * The byte layer: key/value stores. Node entry point (includes the file-system store);
 * browser code imports `./browser.js` instead.
 */
export * from "./browser.js";
export { LocalStore, type LocalStoreOptions } from "./local.js";
export { openStore, isStore, type OpenStoreOptions } from "./open.js";
export { FileRangeReader } from "./file-range-reader.js";
export { inflateRawNode, openZipFile } from "./zip-node.js";
