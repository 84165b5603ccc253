/**
 * Display: HTML and text reprs of datasets, groups and files, the
 * `application/vnd.hdmf-zarr+json` MIME bundle, and tslab display helpers. Runs in Node and in
 * the browser (no Node-only imports).
 */
export { display, sendMimeBundle, type DisplayRoute } from "./tslab/tslab-display.js";
export { toMimeBundle, toHtml, toText, bundleOf, payloadHtml } from "./bundle.js";
export { toPayload, isReprTarget, type ReprTarget, type ReprOptions } from "./payload/to-payload.js";
export { generateDatasetHtml, type DatasetHtmlOptions } from "./html/dataset-info.js";
export { payloadText } from "./text/text-repr.js";
export { containerPayload, isContainerTarget } from "./payload/container.js";
export { containerPayloadHtml, tableHtml } from "./html/container.js";
export { containerText } from "./text/container.js";
export { installDisplayMethods } from "./tslab/install-display.js";
export type { ContainerReprOptions } from "./payload/container-items.js";
export { arrayFacts, type ArrayFactsOptions } from "./payload/array-facts.js";
export { storageStats, storeSizeOf, type SizeOf, type StorageStats, type StorageStatsOptions } from "./payload/storage-stats.js";
export { toJsonValue, type JsonValueLimits } from "./payload/json-value.js";
export { escapeHtml } from "./html/escape.js";
export type { DatasetReprOptions } from "./payload/dataset.js";
export type { GroupReprOptions } from "./payload/group.js";
export type { HtmlOptions } from "./html/group.js";
export type { PreviewOptions } from "./payload/preview.js";
export {
  HDMF_ZARR_MIME, REPR_PAYLOAD_VERSION,
  type ReprPayload, type DatasetPayload, type GroupPayload, type TreeEntry, type GroupTreeEntry, type DatasetTreeEntry,
  type LinkTreeEntry, type ArrayFacts, type Preview, type PreviewValues, type PreviewError, type StoreInfo, type TypeInfo,
  type ChildCounts, type JsonValue, type MimeBundle,
  type ContainerPayload, type ContainerSection, type ContainerSectionItem, type ValueItem, type DatasetItem, type ContainerItem,
  type TableItem, type TableColumn, type GroupItem, type LinkItem, type SeriesPreview,
} from "./payload/types.js";
