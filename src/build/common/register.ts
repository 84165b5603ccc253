/** Register the hdmf-common classes (the base Container and Data, and the table types) in a type map. */
import { Container } from "../container.js";
import { Data } from "../data.js";
import type { TypeMap } from "../type-map.js";
import { DynamicTable } from "./dynamic-table.js";
import { DynamicTableRegion } from "./dynamic-table-region.js";
import { ElementIdentifiers } from "./element-identifiers.js";
import { VectorData } from "./vector-data.js";
import { VectorIndex } from "./vector-index.js";

/** The typed hdmf-common classes. */
export const COMMON_CLASSES = [Container, Data, VectorData, VectorIndex, ElementIdentifiers, DynamicTableRegion, DynamicTable] as const;

/** Use the typed hdmf-common classes for their types (and, by derivation, for every subtype). */
export function registerCommonClasses(typeMap: TypeMap): TypeMap {
  for (const cls of COMMON_CLASSES) typeMap.registerClass("hdmf-common", cls.typeName, cls);
  return typeMap;
}
