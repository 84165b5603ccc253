/**
 * The HDMF specification language, browser-safe part: the spec model, parsing, the catalog, and
 * loading from a file's spec cache or through any {@link SpecFileReader}. `index.ts` adds the Node
 * file-system loaders.
 */
export { SpecSyntaxError, MissingNamespaceError, UnknownTypeError } from "./errors.js";
export { type Quantity, DEFAULT_QUANTITY, parseQuantity, isRequiredQuantity, allowsMany, minCount, maxCount } from "./model/quantity.js";
export { type PrimaryDtype, isPrimitiveDtype, primaryDtype, primitiveDtypeNames, isAllowedDtype, storageDtypeName } from "./model/dtype-names.js";
export { RefSpec, type RefType } from "./model/ref-spec.js";
export { DtypeSpec, type Dtype, type AttributeDtype, isCompound, isReference, parseDtype, dtypeToSchema } from "./model/dtype-spec.js";
export {
  type Dim, type ShapeSpec, type DimsSpec, shapeOptions, dimsOptions, matchesShape, hasAlternatives,
} from "./model/shape.js";
export { AttributeSpec, type AttributeSpecInit } from "./model/attribute-spec.js";
export { StorageSpec, type StorageSpecInit } from "./model/storage-spec.js";
export { DatasetSpec, type DatasetSpecInit } from "./model/dataset-spec.js";
export { LinkSpec, type LinkSpecInit } from "./model/link-spec.js";
export { GroupSpec, type GroupSpecInit, type TypeSpec } from "./model/group-spec.js";
export { TYPE_KEYS, type TypeKeyStyle, type TypeKeyNames } from "./model/type-keys.js";
export {
  NamespaceSpec, type NamespaceSpecInit, type SchemaEntry, type SourceEntry, type IncludeEntry, stripExtension,
} from "./model/namespace-spec.js";
export { parseSpecDocument, type ParsedSpecDocument } from "./model/spec-document.js";
export type { LoadedNamespace } from "./catalog/loaded-namespace.js";
export { inheritSpec, inheritGroup, inheritDataset, inheritAttribute, mergeDtype } from "./catalog/inherit.js";
export { NamespaceCatalog, type CatalogOptions, type VersionOption } from "./catalog/namespace-catalog.js";
export { compareVersions } from "./catalog/versions.js";
export type { CachedNamespace } from "./loading/cached-namespace.js";
export { readCachedNamespaces } from "./loading/load-cached.js";
export { parseSchemaText } from "./loading/yaml-text.js";
export { type SpecFileReader, urlSpecReader, joinPath, dirOf } from "./loading/spec-reader.js";
export { readNamespaceFile } from "./loading/load-namespace-file.js";
export { BUNDLED_NAMESPACE_FILES, readBundledNamespaces, loadBundledNamespacesFrom } from "./loading/bundled.js";
