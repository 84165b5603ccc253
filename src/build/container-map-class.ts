/**
 * The ContainerMap class, generic over the containers it holds; container-map.ts exports it with
 * Container as the default (this module is below Container, which builds on it, so cannot name it).
 *
 * The value of a field that may hold many containers (a spec member with quantity `*`, `+` or a
 * count above one): containers by name, in the order added.
 */
import { InvalidArgumentError } from "../errors.js";
import type { ContainerNode } from "./tree-nodes.js";

/** Containers by name. */
export class ContainerMap<T extends ContainerNode = ContainerNode> extends Map<string, T> {
  /** Add a container under its name; refuses a second container of the same name. */
  add(container: T): T {
    const existing = super.get(container.name);
    if (existing !== undefined && existing !== container) {
      throw new InvalidArgumentError(`a container named '${container.name}' is already here; names must be unique`, { path: container.name });
    }
    super.set(container.name, container);
    return container;
  }
}
