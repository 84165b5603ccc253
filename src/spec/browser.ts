/**
 * The HDMF specification language, browser-safe part: the spec model, parsing, the catalog, and
 * loading from a file's spec cache or through any {@link SpecFileReader}. `index.ts` adds the Node
 * file-system loaders.
 */
export { SpecSyntaxError, MissingNamespaceError, UnknownTypeError } from "./errors.js";
export { type Quantity, DEFAULT_QUANTITY, parseQuantity, isRequiredQuantity, allowsMany, minCount, maxCount } from "./quantity.js";
export { type PrimaryDtype, isPrimitiveDtype, primaryDtype, primitiveDtypeNames, isAllowedDtype, storageDtypeName } from "./dtype-names.js";
export { RefSpec, type RefType } from "./ref-spec.js";
export { DtypeSpec, type Dtype, type AttributeDtype, isCompound, isReference, parseDtype, dtypeToSchema } from "./dtype-spec.js";
export {
  type Dim, type ShapeSpec, type DimsSpec, shapeOptions, dimsOptions, matchesShape, hasAlternatives,
} from "./shape.js";
export { AttributeSpec, type AttributeSpecInit } from "./attribute-spec.js";
export { StorageSpec, type StorageSpecInit } from "./storage-spec.js";
export { DatasetSpec, type DatasetSpecInit } from "./dataset-spec.js";
export { LinkSpec, type LinkSpecInit } from "./link-spec.js";
export { GroupSpec, type GroupSpecInit, type TypeSpec } from "./group-spec.js";
export { TYPE_KEYS, type TypeKeyStyle, type TypeKeyNames } from "./type-keys.js";
export {
  NamespaceSpec, type NamespaceSpecInit, type SchemaEntry, type SourceEntry, type IncludeEntry, stripExtension,
} from "./namespace-spec.js";
export { parseSpecDocument, type ParsedSpecDocument } from "./spec-document.js";
export type { LoadedNamespace } from "./loaded-namespace.js";
export { inheritSpec, inheritGroup, inheritDataset, inheritAttribute, mergeDtype } from "./inherit.js";
export { NamespaceCatalog, type CatalogOptions, type VersionOption } from "./namespace-catalog.js";
export { compareVersions } from "./versions.js";
export { readCachedNamespaces } from "./load-cached.js";
export { parseSchemaText } from "./yaml-text.js";
export { type SpecFileReader, urlSpecReader, joinPath, dirOf } from "./spec-reader.js";
export { readNamespaceFile } from "./load-namespace-file.js";
export { BUNDLED_NAMESPACE_FILES, readBundledNamespaces, loadBundledNamespacesFrom } from "./bundled.js";
