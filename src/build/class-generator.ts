/**
 * Classes made from specs: for a type with no class of its own, a subclass of its parent type's
 * class (so an extension of DynamicTable gets the DynamicTable API) that records the type, its
 * namespace, its resolved spec and the type map. The class is named after the type.
 */
import type { TypeSpec } from "../spec/model/group-spec.js";
import type { Container, ContainerClass } from "./container.js";
import type { TypeHierarchy } from "./field-holder.js";

/** What a made class records. */
export interface ClassInfo {
  typeName: string;
  namespace: string;
  spec?: TypeSpec;
  typeMap?: TypeHierarchy;
}

/** A subclass of `base` for a type. */
export function makeContainerClass<T extends Container>(base: ContainerClass<T>, info: ClassInfo): ContainerClass<T> {
  const Base = base as unknown as new (init: never) => Container;
  const cls = class extends Base {} as unknown as { -readonly [K in keyof ContainerClass<T>]: ContainerClass<T>[K] };
  Object.defineProperty(cls, "name", { value: info.typeName });
  cls.typeName = info.typeName;
  cls.namespace = info.namespace;
  cls.spec = info.spec;
  cls.typeMap = info.typeMap;
  return cls as unknown as ContainerClass<T>;
}
