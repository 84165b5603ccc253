/**
 * The build layer (objects ⇄ builders), browser-safe part: containers, spec-made classes, the type
 * map, object mappers, the build manager, reading and writing containers through a ZarrIO, and the
 * hdmf-common table classes. `index.ts` adds loading the bundled schemas from disk (Node).
 */
export { ConstructError, BuildError } from "./errors.js";
export { isContainer, isUntypedGroup } from "./brands.js";
export { FieldMap } from "./field-map.js";
export { FieldHolder, type SetOptions, type TypeHierarchy } from "./field-holder.js";
export { Container, type ContainerInit, type ContainerClass } from "./container.js";
export { Data, type DataInit } from "./data.js";
/** `shapeOf` under the name the package exports. */
export { shapeOf as shapeOfData } from "../data/index.js";
export { UntypedGroup, type UntypedGroupInit } from "./untyped-group.js";
export { ContainerMap } from "./container-map.js";
export { LazyData, type BuilderResolver, type LazyDataOptions } from "./lazy-data.js";
export {
  ContainerZarrReferenceDataset, BuilderZarrReferenceDataset, ContainerZarrTableDataset, BuilderZarrTableDataset, lazyDataOf,
} from "./reference-data.js";
export { plainValue, toNested, rowsOf } from "./nd-values.js";
export {
  slotsOf, slotKeys, typeFieldName,
  type Slot, type AttributeSlot, type DatasetSlot, type GroupSlot, type ChildSlot, type LinkSlot,
} from "./field-slots.js";
export { OBJECT_ATTRIBUTES, builderType, builderObjectId, type BuilderType } from "./builder-info.js";
export { extraKind, type ExtraKind } from "./extras.js";
export { makeContainerClass, type ClassInfo } from "./class-generator.js";
export { ObjectMapper } from "./object-mapper.js";
export { TypeMap, type MapperFactory } from "./type-map.js";
export { BuildManager, sourceBuilder, type BuildOptions } from "./build-manager.js";
export type { BuildContext } from "./build-fields.js";
export type { ConstructContext } from "./construct-fields.js";
export { givenNumericType, resolveNumeric, primitiveDtype, datasetDtype, dimensionLabels } from "./dtype-convert.js";
export {
  readContainer, writeContainer, type ContainerIO, type ReadContainerOptions, type WriteContainerOptions,
} from "./container-io.js";
export { VectorData, type VectorDataInit, type RowOptions } from "./common/vector-data.js";
export { VectorIndex, type VectorIndexInit } from "./common/vector-index.js";
export { ElementIdentifiers } from "./common/element-identifiers.js";
export { DynamicTableRegion, type DynamicTableRegionInit } from "./common/dynamic-table-region.js";
export { DynamicTable, type DynamicTableInit, type AddColumnOptions, type TableRecord } from "./common/dynamic-table.js";
export { registerCommonClasses, COMMON_CLASSES } from "./common/register.js";
export { readRows } from "./common/read-rows.js";
