/**
 * Where each part of a type spec goes among a container's fields ("slots"), following hdmf's
 * naming: a member with a fixed name is the field of that name; an unnamed typed member is named
 * after its type in snake case, with an `s` when many may appear (`VectorData *` → `vector_datas`);
 * attributes of an untyped dataset are `<dataset>__<attribute>`. Untyped named subgroups are nested
 * slot lists (their fields live in an {@link UntypedGroup}).
 */
import type { AttributeSpec } from "../spec/model/attribute-spec.js";
import { DatasetSpec } from "../spec/model/dataset-spec.js";
import { GroupSpec, type TypeSpec } from "../spec/model/group-spec.js";
import type { LinkSpec } from "../spec/model/link-spec.js";

/** An attribute; `on` names the untyped dataset that carries it (undefined: the object itself). */
export interface AttributeSlot {
  kind: "attribute";
  key: string;
  spec: AttributeSpec;
  on?: string;
}

/** An untyped dataset with a fixed name: the field value is its data. */
export interface DatasetSlot {
  kind: "dataset";
  key: string;
  spec: DatasetSpec;
  /** Slots of its attributes. */
  attributes: AttributeSlot[];
}

/** An untyped group with a fixed name: the field value is an UntypedGroup with these slots. */
export interface GroupSlot {
  kind: "group";
  key: string;
  spec: GroupSpec;
  slots: Slot[];
}

/** A typed group or dataset member: the field value is a container, or a ContainerMap when many. */
export interface ChildSlot {
  kind: "child";
  key: string;
  spec: TypeSpec;
  storage: "group" | "dataset";
  dataType: string;
  many: boolean;
  /** The fixed name, when the spec gives one. */
  name?: string;
}

/** A link member: the field value is the target container (or a ContainerMap of them). */
export interface LinkSlot {
  kind: "link";
  key: string;
  spec: LinkSpec;
  dataType: string;
  many: boolean;
  name?: string;
}

export type Slot = AttributeSlot | DatasetSlot | GroupSlot | ChildSlot | LinkSlot;

/** hdmf's field name for an unnamed typed member: snake case of the type, plus `s` when many. */
export function typeFieldName(type: string, many: boolean): string {
  const snake = type.replace(/(.)([A-Z][a-z]+)/g, "$1_$2").replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
  return many && !snake.endsWith("s") ? `${snake}s` : snake;
}

/** Hands out keys, so that two members never share one (a later clash gets `_2`, `_3`, …). */
class KeyPool {
  private readonly used = new Set<string>();
  take(key: string): string {
    let k = key;
    for (let i = 2; this.used.has(k); i++) k = `${key}_${i}`;
    this.used.add(k);
    return k;
  }
}

function memberSlots(spec: GroupSpec, keys: KeyPool): Slot[] {
  const slots: Slot[] = [];
  for (const a of spec.attributes) slots.push({ kind: "attribute", key: keys.take(a.name), spec: a });
  for (const d of spec.datasets) slots.push(storageSlot(d, keys));
  for (const g of spec.groups) slots.push(storageSlot(g, keys));
  for (const l of spec.links) {
    const many = l.many;
    slots.push({ kind: "link", key: keys.take(l.name ?? typeFieldName(l.targetType, many)), spec: l, dataType: l.targetType, many, name: l.name });
  }
  return slots;
}

function storageSlot(spec: TypeSpec, keys: KeyPool): Slot {
  const type = spec.dataType;
  if (type !== undefined) {
    const key = keys.take(spec.name ?? typeFieldName(type, spec.many));
    return { kind: "child", key, spec, storage: spec instanceof GroupSpec ? "group" : "dataset", dataType: type, many: spec.many && spec.name === undefined, name: spec.name };
  }
  const name = spec.name!;
  if (spec instanceof DatasetSpec) {
    const key = keys.take(name);
    const attributes = spec.attributes.map((a): AttributeSlot => ({ kind: "attribute", key: keys.take(`${key}__${a.name}`), spec: a, on: name }));
    return { kind: "dataset", key, spec, attributes };
  }
  // An untyped group has its own namespace of keys (its fields live in their own holder).
  return { kind: "group", key: keys.take(name), spec, slots: memberSlots(spec, new KeyPool()) };
}

const cache = new WeakMap<TypeSpec, Slot[]>();

/** The slots of a type spec (resolved): its attributes and, for groups, its members. Memoised. */
export function slotsOf(spec: TypeSpec): Slot[] {
  let slots = cache.get(spec);
  if (slots === undefined) {
    const keys = new KeyPool();
    slots = spec instanceof GroupSpec
      ? memberSlots(spec, keys)
      : spec.attributes.map((a): AttributeSlot => ({ kind: "attribute", key: keys.take(a.name), spec: a }));
    cache.set(spec, slots);
  }
  return slots;
}

const keyCache = new WeakMap<readonly Slot[], ReadonlySet<string>>();

/** Every key a slot list stores values under (dataset attribute keys included). Memoised per list. */
export function slotKeys(slots: readonly Slot[]): ReadonlySet<string> {
  let keys = keyCache.get(slots);
  if (keys === undefined) {
    const set = new Set<string>();
    for (const s of slots) {
      set.add(s.key);
      if (s.kind === "dataset") for (const a of s.attributes) set.add(a.key);
    }
    keyCache.set(slots, (keys = set));
  }
  return keys;
}

const attributeCache = new WeakMap<readonly Slot[], ReadonlyMap<string, AttributeSlot>>();

/** The attribute slots of a list that sit on the object itself (not on a dataset), by attribute name. Memoised. */
export function ownAttributeSlots(slots: readonly Slot[]): ReadonlyMap<string, AttributeSlot> {
  let map = attributeCache.get(slots);
  if (map === undefined) {
    map = new Map(slots.filter((s): s is AttributeSlot => s.kind === "attribute" && s.on === undefined).map((s) => [s.spec.name, s]));
    attributeCache.set(slots, map);
  }
  return map;
}
