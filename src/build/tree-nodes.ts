/**
 * The nodes of the object tree as the field layer sees them: the brands that mark containers and
 * untyped groups, and the interfaces {@link Container} and {@link UntypedGroup} implement. It
 * imports none of the modules that define those classes, so FieldHolder, UntypedGroup and
 * ContainerMap can name containers without importing the Container class, which is built on them.
 */
import type { FieldMap } from "./field-map.js";

/** Marks a container; a `Symbol.for` key, so copies of this package loaded twice agree. */
export const CONTAINER_BRAND: unique symbol = Symbol.for("hdmf-zarr.container");
/** Marks an untyped group; a `Symbol.for` key, so copies of this package loaded twice agree. */
export const UNTYPED_GROUP_BRAND: unique symbol = Symbol.for("hdmf-zarr.untyped-group");

/** What the field layer uses of a container (a typed group or dataset object). */
export interface ContainerNode {
  readonly [CONTAINER_BRAND]: true;
  /** The name of the object. */
  readonly name: string;
  /** The container the object is a child of. */
  parent?: ContainerNode;
  /** The type of the object. */
  readonly typeName: string;
  /** The namespace that defines the type. */
  readonly namespace: string;
  /** Names from the root's child down to the object; "/" for the root. */
  readonly containerPath: string;
}

/** What the field layer uses of an untyped group, owned by a container of type `C`. */
export interface GroupNode<C extends ContainerNode = ContainerNode> {
  readonly [UNTYPED_GROUP_BRAND]: true;
  /** The name of the group. */
  readonly name: string;
  /** The container the group is part of. */
  owner?: C;
  /** The group's field values by spec name. */
  readonly fields: FieldMap;
}

/** Whether a value carries the container brand. */
export function isContainerNode(v: unknown): v is ContainerNode {
  return typeof v === "object" && v !== null && (v as Record<symbol, unknown>)[CONTAINER_BRAND] === true;
}

/** Whether a value carries the untyped-group brand. */
export function isGroupNode(v: unknown): v is GroupNode {
  return typeof v === "object" && v !== null && (v as Record<symbol, unknown>)[UNTYPED_GROUP_BRAND] === true;
}
