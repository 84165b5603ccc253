/**
 * Read direction: the fields of a container (or untyped subgroup) from its builder and the slots
 * of its spec. Members with a fixed name match by name; other typed members match the unnamed
 * member of the nearest type in their type's hierarchy (a VectorIndex goes where `VectorData *`
 * is asked for, unless a member of type VectorIndex exists). What no member describes is kept
 * under its own name and remembered as an extra.
 */
import { DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder } from "../format/builders.js";
import type { DatasetSpec } from "../spec/model/dataset-spec.js";
import { isContainer } from "./brands.js";
import { builderType, OBJECT_ATTRIBUTES } from "./builder-info.js";
import type { Container } from "./container.js";
import { ContainerMap } from "./container-map.js";
import { markExtra } from "./extras.js";
import type { FieldHolder } from "./field-holder.js";
import {
  ownAttributeSlots, slotKeys, type AttributeSlot, type ChildSlot, type DatasetSlot, type LinkSlot, type Slot,
} from "./field-slots.js";
import { UntypedGroup } from "./untyped-group.js";

/** What reading needs from the build manager. */
export interface ConstructContext {
  /** A type and its ancestors, nearest first. */
  hierarchy(type: string, namespace?: string): string[];
  /** What a builder stands for: its container when typed, lazy data for an untyped dataset, else the builder. */
  valueOf(builder: GroupBuilder | DatasetBuilder): unknown;
  /** The value of a dataset field: lazy data over the builder's dataset (`spec` says what it holds). */
  dataOf(builder: DatasetBuilder, spec?: DatasetSpec): unknown;
}

/** An attribute value as a field value: references become what they point to. */
function attributeValue(v: unknown, ctx: ConstructContext): unknown {
  if (v instanceof ReferenceBuilder) return ctx.valueOf(v.builder);
  if (v instanceof GroupBuilder || v instanceof DatasetBuilder) return ctx.valueOf(v);
  return v;
}

const NO_SLOTS: readonly Slot[] = [];
const NO_ATTRIBUTES: ReadonlyMap<string, AttributeSlot> = new Map();
const datasetAttributes = new WeakMap<DatasetSlot, ReadonlyMap<string, AttributeSlot>>();

/** The attribute slots of an untyped dataset, by attribute name. */
function datasetAttributeSlots(slot: DatasetSlot): ReadonlyMap<string, AttributeSlot> {
  let map = datasetAttributes.get(slot);
  if (map === undefined) datasetAttributes.set(slot, (map = new Map(slot.attributes.map((a) => [a.spec.name, a]))));
  return map;
}

/** The untyped group a holder is, for nesting. */
function withinOf(holder: FieldHolder): UntypedGroup | undefined {
  return holder instanceof UntypedGroup ? holder : undefined;
}

/** Hands out keys for extras that clash with no slot key and no field already set. */
function extraKey(holder: FieldHolder, taken: ReadonlySet<string>, name: string): string {
  let key = name;
  for (let i = 2; taken.has(key) || holder.fields.hasExact(key); i++) key = `${name}_${i}`;
  return key;
}

function setAttributes(
  holder: FieldHolder, attrs: Record<string, unknown>, byName: ReadonlyMap<string, AttributeSlot>, taken: ReadonlySet<string>,
  ctx: ConstructContext, prefix?: string,
): void {
  for (const [name, raw] of Object.entries(attrs)) {
    if (OBJECT_ATTRIBUTES.has(name)) continue;
    const slot = byName.get(name);
    const value = attributeValue(raw, ctx);
    if (slot !== undefined) {
      holder.fields.set(slot.key, value);
    } else {
      const key = extraKey(holder, taken, prefix === undefined ? name : `${prefix}__${name}`);
      holder.fields.set(key, value);
      markExtra(holder, key, "attribute");
    }
  }
}

/** The unnamed typed member that takes a builder of this type: the one of the nearest type. */
function nearestSlot<S extends ChildSlot | LinkSlot>(candidates: S[], chain: string[]): S | undefined {
  let best: S | undefined;
  let bestDepth = Infinity;
  for (const s of candidates) {
    const depth = chain.indexOf(s.dataType);
    if (depth >= 0 && depth < bestDepth) {
      best = s;
      bestDepth = depth;
    }
  }
  return best;
}

function place(holder: FieldHolder, slot: ChildSlot | LinkSlot, value: unknown): boolean {
  if (slot.many) {
    let map = holder.fields.getExact(slot.key);
    if (!(map instanceof ContainerMap)) holder.fields.set(slot.key, (map = new ContainerMap()));
    if (isContainer(value)) (map as ContainerMap).set(value.name, value);
    return true;
  }
  if (holder.fields.hasExact(slot.key)) return false; // a second object where the spec takes one
  holder.fields.set(slot.key, value);
  return true;
}

/**
 * Fill `holder` from `builder`. `owner` is the typed container the children belong to; `slots` are
 * the spec's (undefined: no spec — everything becomes an extra).
 */
export function constructFields(
  holder: FieldHolder, owner: Container, builder: GroupBuilder | DatasetBuilder, slots: readonly Slot[] | undefined, ctx: ConstructContext,
): void {
  const all = slots ?? NO_SLOTS;
  const taken = slotKeys(all);
  setAttributes(holder, builder.attributes, ownAttributeSlots(all), taken, ctx);
  if (!(builder instanceof GroupBuilder)) return;

  const { named, unnamedChildren, unnamedLinks } = memberIndex(all);
  const adoptChild = (v: unknown) => {
    if (isContainer(v)) v.parent = owner;
    return v;
  };

  const members: (GroupBuilder | DatasetBuilder | LinkBuilder)[] = [...builder.groups.values(), ...builder.datasets.values(), ...builder.links.values()];
  for (const b of members) {
    const isLink = b instanceof LinkBuilder;
    const target = isLink ? b.builder : b;
    const slot = named.get(b.name);
    if (slot !== undefined && placeNamed(holder, owner, slot, target, ctx, isLink, adoptChild)) continue;
    const bt = builderType(target);
    if (bt !== undefined) {
      const chain = ctx.hierarchy(bt.type, bt.namespace);
      const storage = target instanceof GroupBuilder ? "group" : "dataset";
      const children = unnamedChildren.filter((s) => s.storage === storage);
      const found = (isLink ? nearestSlot(unnamedLinks, chain) : undefined) ?? nearestSlot(children, chain);
      if (found !== undefined) {
        const value = ctx.valueOf(target);
        if (place(holder, found, value)) {
          if (!isLink && found.kind === "child") adoptChild(value);
          continue;
        }
      }
    }
    // No member describes it: keep it under its own name.
    const key = extraKey(holder, taken, b.name);
    if (isLink) {
      holder.fields.set(key, ctx.valueOf(target));
      markExtra(holder, key, "link");
    } else if (bt !== undefined) {
      holder.fields.set(key, adoptChild(ctx.valueOf(target)));
      markExtra(holder, key, "child");
    } else if (target instanceof DatasetBuilder) {
      holder.fields.set(key, ctx.dataOf(target));
      markExtra(holder, key, "dataset");
      setAttributes(holder, target.attributes, NO_ATTRIBUTES, taken, ctx, key);
    } else {
      const g = new UntypedGroup(target.name, { owner, within: withinOf(holder) });
      constructFields(g, owner, target, undefined, ctx);
      holder.fields.set(key, g);
      markExtra(holder, key, "group");
    }
  }
}

interface MemberIndex {
  named: ReadonlyMap<string, Slot>;
  unnamedChildren: ChildSlot[];
  unnamedLinks: LinkSlot[];
}

const memberIndexes = new WeakMap<readonly Slot[], MemberIndex>();

/** The members of a slot list: those with a fixed name by name, and the unnamed typed ones. Memoised. */
function memberIndex(all: readonly Slot[]): MemberIndex {
  let index = memberIndexes.get(all);
  if (index === undefined) {
    const named = new Map<string, Slot>();
    for (const s of all) {
      if (s.kind === "dataset" || s.kind === "group") named.set(s.spec.name!, s);
      else if ((s.kind === "child" || s.kind === "link") && s.name !== undefined) named.set(s.name, s);
    }
    index = {
      named,
      unnamedChildren: all.filter((s): s is ChildSlot => s.kind === "child" && s.name === undefined),
      unnamedLinks: all.filter((s): s is LinkSlot => s.kind === "link" && s.name === undefined),
    };
    memberIndexes.set(all, index);
  }
  return index;
}

/** Put a member into the slot that names it; false when the slot does not fit what the file has. */
function placeNamed(
  holder: FieldHolder, owner: Container, slot: Slot, target: GroupBuilder | DatasetBuilder, ctx: ConstructContext,
  isLink: boolean, adoptChild: (v: unknown) => unknown,
): boolean {
  switch (slot.kind) {
    case "dataset": {
      if (!(target instanceof DatasetBuilder)) return false;
      holder.fields.set(slot.key, ctx.dataOf(target, slot.spec));
      setAttributes(holder, target.attributes, datasetAttributeSlots(slot), slotKeys(slot.attributes), ctx, slot.key);
      return true;
    }
    case "group": {
      if (!(target instanceof GroupBuilder) || isLink) return false;
      const g = new UntypedGroup(slot.spec.name!, { owner, spec: slot.spec, slots: slot.slots, within: withinOf(holder) });
      constructFields(g, owner, target, slot.slots, ctx);
      holder.fields.set(slot.key, g);
      return true;
    }
    case "child": {
      const storage = target instanceof GroupBuilder ? "group" : "dataset";
      if (storage !== slot.storage) return false;
      const value = ctx.valueOf(target);
      holder.fields.set(slot.key, isLink ? value : adoptChild(value));
      return true;
    }
    case "link": {
      holder.fields.set(slot.key, ctx.valueOf(target));
      return true;
    }
    default:
      return false;
  }
}
