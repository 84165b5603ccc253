/**
 * Container: the object of a typed group (hdmf's Container/AbstractContainer) — a name, a parent,
 * an `object_id`, its type and namespace (from its class), and fields by spec name. Subclasses made
 * from specs (see class-generator.ts) carry the spec and the type map; typed classes such as
 * DynamicTable add their own API on top.
 */
import type { TypeSpec } from "../spec/model/group-spec.js";
import { FieldHolder, type TypeHierarchy } from "./field-holder.js";
import { slotsOf, type GroupSlot, type Slot } from "./field-slots.js";
import { CONTAINER_BRAND, type ContainerNode } from "./tree-nodes.js";
import { UntypedGroup } from "./untyped-group-class.js";

/** What every container constructor accepts. */
export interface ContainerInit {
  name: string;
  /** Initial field values by spec name. */
  fields?: Record<string, unknown>;
  /** The object id; a new UUID v4 when absent, none with `null`. */
  objectId?: string | null;
  parent?: Container;
  /**
   * Set by the reader: the object comes from a file and its fields are filled after construction,
   * so constructors must not insist on required fields.
   */
  fromFile?: boolean;
}

/**
 * A container class: constructible from a {@link ContainerInit} (typed classes take more, `I`),
 * with its type on the class.
 */
export interface ContainerClass<T extends Container = Container, I extends ContainerInit = ContainerInit> {
  new (init: I): T;
  readonly typeName: string;
  readonly namespace: string;
  readonly storage: "group" | "dataset";
  readonly spec?: TypeSpec;
  readonly typeMap?: TypeHierarchy;
  readonly prototype: T;
}

function newObjectId(): string {
  return globalThis.crypto.randomUUID();
}

/** The object of a typed group. Its children are containers and its untyped subgroups are owned by one. */
export class Container extends FieldHolder<Container, UntypedGroup<Container>> implements ContainerNode {
  /** The type the class stands for. */
  static typeName = "Container";
  /** The namespace that defines the type. */
  static namespace = "hdmf-common";
  /** Groups are containers; datasets are {@link Data}. */
  static storage: "group" | "dataset" = "group";
  /** The resolved spec of the type (classes made from specs). */
  static spec?: TypeSpec;
  /** The type map the class was made by (classes made from specs). */
  static typeMap?: TypeHierarchy;

  readonly [CONTAINER_BRAND] = true as const;
  name: string;
  parent?: Container;
  objectId?: string;
  /** The file the object was read from. */
  source?: string;

  constructor(init: ContainerInit) {
    super();
    this.name = init.name;
    this.parent = init.parent;
    this.objectId = init.objectId === null ? undefined : init.objectId ?? newObjectId();
    for (const [k, v] of Object.entries(init.fields ?? {})) this.set(k, v);
  }

  private get cls(): ContainerClass {
    return this.constructor as ContainerClass;
  }

  /** The type of the object (`ElectricalSeries`, `DynamicTable`, …). */
  get typeName(): string {
    return this.cls.typeName;
  }

  /** The namespace that defines the type. */
  get namespace(): string {
    return this.cls.namespace;
  }

  /** The resolved spec of the type, when the class carries it. */
  get spec(): TypeSpec | undefined {
    return this.cls.spec;
  }

  get slots(): readonly Slot[] | undefined {
    const spec = this.cls.spec;
    return spec === undefined ? undefined : slotsOf(spec);
  }

  protected get adopter(): Container {
    return this;
  }

  protected get hierarchy(): TypeHierarchy | undefined {
    return this.cls.typeMap;
  }

  protected makeGroup(slot: GroupSlot): UntypedGroup<Container> {
    return new UntypedGroup<Container>(slot.spec.name!, { owner: this, spec: slot.spec, slots: slot.slots });
  }

  /** The top of the tree this object belongs to. */
  get root(): Container {
    let c: Container = this;
    while (c.parent) c = c.parent;
    return c;
  }

  /** Names from the root's child down to this object (`/trials/spikes`); "/" for the root. */
  get containerPath(): string {
    const names: string[] = [];
    for (let c: Container | undefined = this; c?.parent; c = c.parent) names.push(c.name);
    return "/" + names.reverse().join("/");
  }

  /**
   * Called once an object read from a file has all its fields: a class fills in here what its
   * Python original fills in on read (pynwb gives a TimeSeries without `data` an empty array).
   */
  completeRead(): void {}

  protected override describe(): string {
    return `${this.typeName} '${this.name}'`;
  }

  override toString(): string {
    return `${this.typeName} '${this.name}' (${this.namespace})`;
  }
}
