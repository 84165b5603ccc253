/**
 * The value of a field that may hold many containers (a spec member with quantity `*`, `+` or a
 * count above one): containers by name, in the order added. The class is in container-map-class.ts;
 * here it gets {@link Container} as its default, which that module cannot import.
 */
import type { Container } from "./container.js";
import { ContainerMap as ContainerMapClass } from "./container-map-class.js";

/** Containers by name (by default any {@link Container}). */
export type ContainerMap<T extends Container = Container> = ContainerMapClass<T>;

/** The ContainerMap class: `new ContainerMap()`, `instanceof ContainerMap`, `extends ContainerMap`. */
export const ContainerMap: {
  new <T extends Container = Container>(entries?: Iterable<readonly [string, T]> | null): ContainerMap<T>;
  readonly prototype: ContainerMap;
} = ContainerMapClass;
