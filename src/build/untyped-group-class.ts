/**
 * The UntypedGroup class, generic over the type of its owner; untyped-group.ts exports it with
 * Container as that type (this module is below Container, which builds on it, so cannot name it).
 *
 * The fields of an untyped subgroup with a fixed name (NWBFile `general`, `acquisition`,
 * `general/extracellular_ephys`, …): not an object of its own type, but a named place inside one.
 * Children placed here belong to the owning container (their `parent` is the owner), as in hdmf.
 */
import type { GroupSpec } from "../spec/model/group-spec.js";
import { FieldHolder, type TypeHierarchy } from "./field-holder.js";
import type { GroupSlot, Slot } from "./field-slots.js";
import { UNTYPED_GROUP_BRAND, type ContainerNode, type GroupNode } from "./tree-nodes.js";

/** Options of {@link UntypedGroup}; `C` is the type of its owner. */
export interface UntypedGroupInit<C extends ContainerNode = ContainerNode> {
  /** The container this group is part of. */
  owner?: C;
  /** The spec of the group, when known (gives `add()` its members). */
  spec?: GroupSpec;
  /** Its member slots, when known. */
  slots?: readonly Slot[];
  /** Initial field values. */
  fields?: Record<string, unknown>;
  /** The untyped group this one sits in (for naming only). */
  within?: UntypedGroup<C>;
}

/**
 * An untyped named subgroup's fields. `C` is the type of its owner, the container class
 * (see {@link Container.group}); this module cannot import that class, which is built on it.
 */
export class UntypedGroup<C extends ContainerNode = ContainerNode> extends FieldHolder<C, UntypedGroup<C>> implements GroupNode<C> {
  readonly [UNTYPED_GROUP_BRAND] = true as const;
  readonly name: string;
  /** The container this group is part of. */
  owner?: C;
  readonly spec?: GroupSpec;
  private readonly memberSlots?: readonly Slot[];
  /** The untyped group this one sits in, if any. */
  readonly within?: UntypedGroup<C>;

  constructor(name: string, init: UntypedGroupInit<C> = {}) {
    super();
    this.name = name;
    this.owner = init.owner;
    this.spec = init.spec;
    this.memberSlots = init.slots;
    this.within = init.within;
    for (const [k, v] of Object.entries(init.fields ?? {})) this.set(k, v);
  }

  protected get adopter(): C | undefined {
    return this.owner;
  }

  get slots(): readonly Slot[] | undefined {
    return this.memberSlots;
  }

  protected get hierarchy(): TypeHierarchy | undefined {
    const ownerClass = this.owner?.constructor as { typeMap?: TypeHierarchy } | undefined;
    return ownerClass?.typeMap;
  }

  protected makeGroup(slot: GroupSlot): UntypedGroup<C> {
    return new UntypedGroup<C>(slot.spec.name!, { owner: this.owner, spec: slot.spec, slots: slot.slots, within: this });
  }

  /** Where the group sits: the owner's path, then the untyped groups down to this one (`/general/devices`). */
  get groupPath(): string {
    const names: string[] = [];
    for (let g: UntypedGroup<C> | undefined = this; g; g = g.within) names.unshift(g.name);
    const base = this.owner?.containerPath ?? "";
    return `${base === "/" ? "" : base}/${names.join("/")}`;
  }

  protected override describe(): string {
    return `'${this.groupPath}'`;
  }

  override toString(): string {
    return `UntypedGroup ${this.describe()} (${[...this.fields.keys()].join(", ")})`;
  }
}
