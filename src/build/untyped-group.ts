/**
 * The fields of an untyped subgroup with a fixed name (NWBFile `general`, `acquisition`,
 * `general/extracellular_ephys`, …): not an object of its own type, but a named place inside one.
 * Children placed here belong to the owning container (their `parent` is the owner), as in hdmf.
 * The class is in untyped-group-class.ts; here its owner is a {@link Container}, which that module
 * cannot import.
 */
import type { Container } from "./container.js";
import { UntypedGroup as UntypedGroupClass, type UntypedGroupInit as UntypedGroupClassInit } from "./untyped-group-class.js";

/** Options of {@link UntypedGroup}. */
export type UntypedGroupInit = UntypedGroupClassInit<Container>;

/** An untyped named subgroup's fields, owned by a {@link Container}. */
export type UntypedGroup = UntypedGroupClass<Container>;

/** The UntypedGroup class: `new UntypedGroup(name, init)`, `instanceof UntypedGroup`, `extends UntypedGroup`. */
export const UntypedGroup: {
  new (name: string, init?: UntypedGroupInit): UntypedGroup;
  readonly prototype: UntypedGroup;
} = UntypedGroupClass;
