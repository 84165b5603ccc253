/**
 * The children of an NWB object by name (`nwbfile.acquisition`, `nwbfile.processing`,
 * `module.dataInterfaces`, …): a Map whose `get(name, Class)` checks at run time that the child is
 * a `Class` and returns it typed as one, so no cast is needed and a wrong guess says what the child is.
 */
import { isContainer } from "../build/brands.js";
import { sourceBuilder } from "../build/build-manager.js";
import type { Container } from "../build/container.js";
import { ContainerMap } from "../build/container-map.js";
import { NodeNotFoundError, TypeMismatchError } from "../errors.js";

/** A class of containers, as passed to {@link ContainerCollection.get}: `TimeSeries`, `Units`, `Position`, … */
export type ContainerType<C extends Container> = abstract new (...args: never[]) => C;

/** The type name a class stands for: its neurodata type when it has one, else its class name. */
function typeNameOf(type: ContainerType<Container>): string {
  const named = type as unknown as { typeName?: unknown; name: string };
  return typeof named.typeName === "string" ? named.typeName : named.name;
}

/** The names of the classes an object is an instance of, its own first, up to Container. */
function classChain(member: Container): string[] {
  const names: string[] = [];
  for (let c = member.constructor as { name: string } | null; c && c.name && c !== Object; c = Object.getPrototypeOf(c)) {
    names.push(c.name);
    if (c.name === "Container") break;
  }
  return names;
}

/** Members by name, with typed, checked look-ups. */
export class ContainerCollection<T extends Container = Container> extends Map<string, T> {
  /** What the collection is, for messages (`acquisition`, `processing`). */
  readonly label: string;
  private readonly owner: Container;
  private readonly givenPath?: string;

  /**
   * @param label what the collection is, for messages
   * @param owner the object the collection belongs to (its file is named in messages)
   * @param groupPath path of the group holding the members in the file (default: the owner's)
   * @param members the members, in order
   */
  constructor(label: string, owner: Container, groupPath: string | undefined, members: Iterable<T> = []) {
    super();
    this.label = label;
    this.owner = owner;
    this.givenPath = groupPath;
    for (const m of members) this.set(m.name, m);
  }

  /** Path of the group holding the members (`/acquisition`, `/processing/behavior`). */
  get groupPath(): string {
    return this.givenPath ?? sourceBuilder(this.owner)?.path ?? this.owner.containerPath;
  }

  /** The member named `name`, or undefined. */
  override get(name: string): T | undefined;
  /**
   * The member named `name`, checked to be a `type` (that class or a subclass) and typed as one:
   * `nwbfile.acquisition.get("trace", TimeSeries)` is a TimeSeries. Throws NodeNotFoundError
   * (naming the members there are) when there is no such member, and TypeMismatchError (naming
   * its type and the one asked for) when it is of another type.
   */
  override get<C extends T>(name: string, type: ContainerType<C>): C;
  override get<C extends T>(name: string, type?: ContainerType<C>): T | C | undefined {
    const member = super.get(name);
    if (type === undefined) return member;
    const path = (member && sourceBuilder(member)?.path) ?? `${this.groupPath.replace(/\/$/, "")}/${name}`;
    const where = { store: sourceBuilder(this.owner.root)?.source, path };
    if (member === undefined) {
      const names = [...this.keys()];
      throw new NodeNotFoundError(
        `${this.label} has no member '${name}'; it holds ${names.length ? names.map((n) => `'${n}'`).join(", ") : "nothing"}`,
        where,
      );
    }
    if (!(member instanceof type)) {
      const expected = typeNameOf(type as ContainerType<Container>);
      throw new TypeMismatchError(
        `${this.label} member '${name}' has type ${member.typeName} (${member.namespace}), not ${expected}; ` +
          `ask for a class it is an instance of: ${classChain(member).join(", ")}`,
        where, member.typeName, expected,
      );
    }
    return member;
  }

  /** The members that are a `type` (that class or a subclass), typed as such. */
  ofType<C extends T>(type: ContainerType<C>): C[] {
    return [...this.values()].filter((m): m is C => m instanceof type);
  }
}

/** The containers a field holds (one, or a ContainerMap of many) as a list. */
export function fieldMembers<T extends Container>(value: unknown): T[] {
  if (value instanceof ContainerMap) return [...(value as ContainerMap<T>).values()];
  if (isContainer(value)) return [value as T];
  return [];
}
