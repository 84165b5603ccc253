/**
 * What containers and untyped groups share: fields by spec name, children found through them, and
 * `add()` to put a child into the member of the spec that takes its type.
 */
import { InvalidArgumentError } from "../errors.js";
import { ContainerMap } from "./container-map-class.js";
import { FieldMap } from "./field-map.js";
import { slotKeys, type ChildSlot, type GroupSlot, type Slot } from "./field-slots.js";
import { LazyData } from "./lazy-data.js";
import { isContainerNode, isGroupNode, type ContainerNode, type GroupNode } from "./tree-nodes.js";

/** What `add()` needs to know of types: whether one is the other or inherits from it, and how far. */
export interface TypeHierarchy {
  /** The type and its ancestors, nearest first. */
  getHierarchy(type: string, namespace?: string): string[];
}

/** Options of {@link FieldHolder.set}. */
export interface SetOptions {
  /**
   * Make a parentless container value a child of this object. The default follows the spec: yes
   * for group and dataset members and for fields the spec does not know, no for links and
   * reference attributes.
   */
  adopt?: boolean;
}

/**
 * Base of {@link Container} and {@link UntypedGroup}. `C` is the type of the containers it holds
 * and `G` that of its untyped subgroups: Container fills them in with the classes, which this
 * module cannot import (they are built on it).
 */
export abstract class FieldHolder<C extends ContainerNode = ContainerNode, G extends GroupNode<C> = GroupNode<C>> {
  /** Field values by spec name (see {@link FieldMap} for the `a__b` names). */
  readonly fields = new FieldMap();

  /** The name of the object. */
  abstract get name(): string;

  /** The container that becomes the parent of children put into these fields. */
  protected abstract get adopter(): C | undefined;

  /** The slots of the spec describing these fields, when it is known. */
  abstract get slots(): readonly Slot[] | undefined;

  /** What `add()` uses to compare types, when known. */
  protected abstract get hierarchy(): TypeHierarchy | undefined;

  /**
   * A field by name (also by the last part of an `a__b` name), else a child container of that name.
   * The type parameter only casts: nothing is checked.
   */
  get<T = unknown>(name: string): T | undefined {
    if (this.fields.has(name)) return this.fields.get(name) as T;
    return this.child(name) as T | undefined;
  }

  /** Whether a field of that name holds a value. */
  has(name: string): boolean {
    return this.fields.has(name);
  }

  /** Set a field (undefined removes it). Parentless containers become children per {@link SetOptions.adopt}. */
  set(name: string, value: unknown, options: SetOptions = {}): this {
    const key = this.keyFor(name);
    if (value === undefined) {
      this.fields.delete(key);
      return this;
    }
    this.fields.set(key, value);
    if (options.adopt ?? this.adoptsInto(key)) this.adopt(value);
    return this;
  }

  /**
   * The stored key a name stands for: the name when a field or a slot has exactly that key, else
   * the one field — or, with none set, the one slot — whose key ends in `__<name>` (`rate` →
   * `starting_time__rate`), else the name itself.
   */
  keyFor(name: string): string {
    if (this.fields.hasExact(name)) return name;
    const slots = this.slots;
    if (slots !== undefined && slotKeys(slots).has(name)) return name;
    const keys = slots === undefined ? [] : [...slotKeys(slots)];
    const fromFields = this.fields.resolveKey(name);
    if (fromFields !== undefined) return fromFields;
    const matches = keys.filter((k) => k.endsWith(`__${name}`));
    return matches.length === 1 ? matches[0] : name;
  }

  /**
   * The value of a field, read: lazy datasets (and the data of dataset containers) are read whole —
   * a scalar as its value, an array as an NdArray. Other values come back as they are.
   */
  async read<T = unknown>(name: string): Promise<T | undefined> {
    const v = this.get(name);
    if (v instanceof LazyData) return (await v.read()) as T;
    if (isContainerNode(v) && "data" in v && (v as { data: unknown }).data instanceof LazyData) {
      return (await ((v as { data: LazyData }).data).read()) as T;
    }
    return v as T | undefined;
  }

  private slotFor(name: string): Slot | undefined {
    return this.slots?.find((s) => s.key === name);
  }

  private adoptsInto(name: string): boolean {
    const slot = this.slotFor(name);
    if (slot === undefined) return true;
    return slot.kind === "child" || slot.kind === "group" || slot.kind === "dataset";
  }

  /** Make parentless containers in a value children of the adopter. */
  protected adopt(value: unknown): void {
    const owner = this.adopter;
    if (owner === undefined) return;
    if (this.isChild(value)) {
      if (value.parent === undefined && value !== owner) value.parent = owner;
    } else if (value instanceof ContainerMap) {
      for (const c of value.values()) this.adopt(c);
    } else if (this.isGroup(value)) {
      if (value.owner === undefined) value.owner = owner;
      for (const v of value.fields.values()) value["adopt"](v);
    }
  }

  /** The child containers held in the fields (inside untyped subgroups too), in field order. */
  get children(): C[] {
    const owner = this.adopter;
    const out: C[] = [];
    const visit = (v: unknown) => {
      if (this.isChild(v)) {
        if (v.parent === owner) out.push(v);
      } else if (v instanceof ContainerMap) {
        for (const c of v.values()) visit(c);
      } else if (isGroupNode(v)) {
        for (const inner of v.fields.values()) visit(inner);
      }
    };
    for (const v of this.fields.values()) visit(v);
    return out;
  }

  /** The child container of that name (the first one found in field order). */
  child(name: string): C | undefined {
    return this.children.find((c) => c.name === name);
  }

  /**
   * The untyped subgroup of that name (e.g. NWBFile `general`): the one already set, else a new
   * empty one stored in the field (only for names the spec knows as untyped groups).
   */
  group(name: string): G {
    const existing = this.fields.get(name);
    if (this.isGroup(existing)) return existing;
    const slot = this.slotFor(name);
    if (slot?.kind !== "group") throw new InvalidArgumentError(`'${name}' is not an untyped subgroup of ${this.describe()}`, { path: name });
    const g = this.makeGroup(slot);
    this.fields.set(name, g);
    return g;
  }

  /** A new empty untyped subgroup for a slot, owned by this object's adopter. */
  protected abstract makeGroup(slot: GroupSlot): G;

  /** Whether a value is a container; its brand stands for `C`, the one container class of a tree. */
  private isChild(v: unknown): v is C {
    return isContainerNode(v);
  }

  /** Whether a value is an untyped group; its brand stands for `G`, which is also a FieldHolder. */
  private isGroup(v: unknown): v is G & FieldHolder<C, G> {
    return isGroupNode(v);
  }

  /**
   * Put a child container into the spec member that takes it: `key` names the field; otherwise the
   * member whose fixed name is the child's name, else the unnamed member of the nearest type the
   * child's type is or inherits from. Members that take many hold a ContainerMap.
   */
  add<T extends C>(child: T, key?: string): T {
    const slot = key === undefined ? this.slotTaking(child) : this.slotFor(key);
    const fieldKey = key ?? slot?.key;
    if (fieldKey === undefined) {
      throw new InvalidArgumentError(`no member of ${this.describe()} takes a ${child.typeName} ('${child.name}'); pass the field name`, { path: child.name });
    }
    const many = slot === undefined ? this.fields.get(fieldKey) instanceof ContainerMap : slot.kind !== "attribute" && "many" in slot && slot.many;
    if (many) {
      let map = this.fields.get(fieldKey);
      if (!(map instanceof ContainerMap)) {
        map = new ContainerMap();
        this.fields.set(fieldKey, map);
      }
      (map as ContainerMap<C>).add(child);
    } else {
      this.fields.set(fieldKey, child);
    }
    if (slot?.kind !== "link") this.adopt(child);
    return child;
  }

  private slotTaking(child: C): ChildSlot | undefined {
    const slots = (this.slots ?? []).filter((s): s is ChildSlot => s.kind === "child");
    const storage = (child.constructor as { storage?: string }).storage === "dataset" ? "dataset" : "group";
    const named = slots.find((s) => s.name === child.name && s.storage === storage);
    if (named) return named;
    const h = this.hierarchy;
    if (h === undefined) return undefined;
    const chain = h.getHierarchy(child.typeName, child.namespace);
    let best: ChildSlot | undefined;
    let bestDepth = Infinity;
    for (const s of slots) {
      if (s.name !== undefined || s.storage !== storage) continue;
      const depth = chain.indexOf(s.dataType);
      if (depth >= 0 && depth < bestDepth) {
        best = s;
        bestDepth = depth;
      }
    }
    return best;
  }

  /** A short view for `console.log` / `util.inspect`: fields, with objects named instead of expanded. */
  [Symbol.for("nodejs.util.inspect.custom")](_depth: number, options: { depth?: number | null }, inspect: (v: unknown, o: unknown) => string): string {
    const shown: Record<string, unknown> = {};
    for (const [k, v] of this.fields) shown[k] = summarize(v);
    const inner = typeof inspect === "function" ? inspect(shown, { ...options, depth: options?.depth == null ? null : Math.max(0, options.depth - 1) }) : JSON.stringify(shown);
    return `${this.toString()} ${inner}`;
  }

  /** How errors name this object. */
  protected describe(): string {
    return `'${this.name}'`;
  }
}

/** A label standing for a value in an object's short view. */
class Label {
  constructor(readonly text: string) {}
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.text;
  }
}

function summarize(v: unknown): unknown {
  if (isContainerNode(v)) return new Label(`<${v.typeName} '${v.name}'>`);
  if (v instanceof ContainerMap) return [...v.values()].map(summarize);
  if (isGroupNode(v)) return Object.fromEntries([...v.fields].map(([k, x]) => [k, summarize(x)]));
  if (v instanceof LazyData) return new Label(`<LazyData ${v.path} [${v.shape.join(", ")}] ${typeof v.dtype === "string" ? v.dtype : "compound"}>`);
  return v;
}
