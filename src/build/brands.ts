/**
 * Tell containers and untyped groups apart by their brands (see tree-nodes.ts), typed as the
 * classes. Only modules above Container and UntypedGroup import this one.
 */
import type { Container } from "./container.js";
import { CONTAINER_BRAND, UNTYPED_GROUP_BRAND, isContainerNode, isGroupNode } from "./tree-nodes.js";
import type { UntypedGroup } from "./untyped-group.js";

export { CONTAINER_BRAND, UNTYPED_GROUP_BRAND };

/** Whether a value is a {@link Container} (a typed group or dataset object). */
export function isContainer(v: unknown): v is Container {
  return isContainerNode(v);
}

/** Whether a value is an {@link UntypedGroup} (the fields of an untyped named subgroup). */
export function isUntypedGroup(v: unknown): v is UntypedGroup {
  return isGroupNode(v);
}
