/**
 * The fields of an untyped subgroup with a fixed name (NWBFile `general`, `acquisition`,
 * `general/extracellular_ephys`, …): not an object of its own type, but a named place inside one.
 * Children placed here belong to the owning container (their `parent` is the owner), as in hdmf.
 */
import type { GroupSpec } from "../spec/group-spec.js";
import { UNTYPED_GROUP_BRAND } from "./brands.js";
import type { Container } from "./container.js";
import { FieldHolder, type TypeHierarchy } from "./field-holder.js";
import type { GroupSlot, Slot } from "./field-slots.js";

/** Options of {@link UntypedGroup}. */
export interface UntypedGroupInit {
  /** The container this group is part of. */
  owner?: Container;
  /** The spec of the group, when known (gives `add()` its members). */
  spec?: GroupSpec;
  /** Its member slots, when known. */
  slots?: readonly Slot[];
  /** Initial field values. */
  fields?: Record<string, unknown>;
  /** The untyped group this one sits in (for naming only). */
  within?: UntypedGroup;
}

/** An untyped named subgroup's fields. */
export class UntypedGroup extends FieldHolder {
  readonly [UNTYPED_GROUP_BRAND] = true;
  readonly name: string;
  /** The container this group is part of. */
  owner?: Container;
  readonly spec?: GroupSpec;
  private readonly memberSlots?: readonly Slot[];
  /** The untyped group this one sits in, if any. */
  readonly within?: UntypedGroup;

  constructor(name: string, init: UntypedGroupInit = {}) {
    super();
    this.name = name;
    this.owner = init.owner;
    this.spec = init.spec;
    this.memberSlots = init.slots;
    this.within = init.within;
    for (const [k, v] of Object.entries(init.fields ?? {})) this.set(k, v);
  }

  protected get adopter(): Container | undefined {
    return this.owner;
  }

  get slots(): readonly Slot[] | undefined {
    return this.memberSlots;
  }

  protected get hierarchy(): TypeHierarchy | undefined {
    const ownerClass = this.owner?.constructor as { typeMap?: TypeHierarchy } | undefined;
    return ownerClass?.typeMap;
  }

  protected makeGroup(slot: GroupSlot): UntypedGroup {
    return new UntypedGroup(slot.spec.name!, { owner: this.owner, spec: slot.spec, slots: slot.slots, within: this });
  }

  /** Where the group sits: the owner's path, then the untyped groups down to this one (`/general/devices`). */
  get groupPath(): string {
    const names: string[] = [];
    for (let g: UntypedGroup | undefined = this; g; g = g.within) names.unshift(g.name);
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
