/**
 * Write direction: a container's (or untyped subgroup's) fields → its builder, member by member as
 * the spec describes them: attributes (fixed values and defaults as hdmf writes them; references
 * once their targets are built), untyped datasets with their attributes, untyped subgroups (written
 * when not empty or required), typed children (a child whose parent is another object becomes a
 * link, so a shared object is written once), links. Fields no member describes are written as what
 * they were in the file, or by what their value is.
 */
import type { ErrorLocation } from "../errors.js";
import { DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder } from "../format/builders.js";
import { DataIOBase } from "../data/index.js";
import { ZarrDataset } from "../format/zarr-dataset.js";
import { isReference } from "../spec/model/dtype-spec.js";
import { JsonFloat } from "../zarr/codecs/json-text.js";
import type { TypeSpec } from "../spec/model/group-spec.js";
import { isContainer, isUntypedGroup } from "./brands.js";
import { buildDataset, type DataBuildContext } from "./build-data.js";
import type { Container } from "./container.js";
import { ContainerMap } from "./container-map.js";
import { BuildError } from "./errors.js";
import { extraKind } from "./extras.js";
import type { FieldHolder } from "./field-holder.js";
import { slotKeys, type AttributeSlot, type Slot } from "./field-slots.js";
import { LazyData } from "./lazy-data.js";
import { UntypedGroup } from "./untyped-group.js";

/** What writing needs from the build manager. */
export interface BuildContext extends DataBuildContext {
  /** The builder of a child container (built once per container), for the member spec it fills. */
  build(container: Container, memberSpec?: TypeSpec): Promise<GroupBuilder | DatasetBuilder>;
  /** Where errors say the problem is. */
  where(container: Container): ErrorLocation;
}

/** An attribute value as a builder takes it (dates as ISO text). */
function plainAttribute(v: unknown, where: ErrorLocation, name: string): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v instanceof LazyData || v instanceof ZarrDataset) {
    throw new BuildError(`attribute '${name}' holds a dataset read from a file; attributes take values (read it first)`, where);
  }
  if (Array.isArray(v)) return v.map((x) => plainAttribute(x, where, name));
  return v;
}

function writeAttribute(builder: GroupBuilder | DatasetBuilder, slot: AttributeSlot, value: unknown, owner: Container, ctx: BuildContext): void {
  const spec = slot.spec;
  let v = spec.value !== undefined ? spec.value : value;
  if (v === undefined) v = spec.defaultValue;
  if (v === undefined || v === null) return;
  setAttributeValue(builder, spec.name, floatTyped(spec.dtype, v), isReference(spec.dtype), owner, ctx);
}

const FLOAT_DTYPES = new Set(["float", "float32", "double", "float64"]);

/** Numbers of a float-typed attribute are written as Python floats (`1.0`), as pynwb checks the type. */
function floatTyped(dtype: unknown, v: unknown): unknown {
  if (typeof dtype !== "string" || !FLOAT_DTYPES.has(dtype)) return v;
  if (typeof v === "number") return new JsonFloat(v);
  if (Array.isArray(v)) return v.map((x) => floatTyped(dtype, x));
  return v;
}

function setAttributeValue(builder: GroupBuilder | DatasetBuilder, name: string, v: unknown, isRef: boolean, owner: Container, ctx: BuildContext): void {
  if (isContainer(v)) {
    ctx.defer(async () => builder.setAttribute(name, new ReferenceBuilder(await ctx.targetOf(v))));
    return;
  }
  if (isRef && !(v instanceof ReferenceBuilder)) {
    throw new BuildError(`attribute '${name}' is a reference; give the object it points to`, ctx.where(owner));
  }
  builder.setAttribute(name, plainAttribute(v, ctx.where(owner), name));
}

/** Add a child container (or a link to it when another object owns it). */
async function addChild(builder: GroupBuilder, c: Container, owner: Container, spec: TypeSpec | undefined, linkName: string | undefined, ctx: BuildContext): Promise<void> {
  if (c.parent === undefined && c !== owner.root) c.parent = owner;
  const b = await ctx.build(c, spec);
  // Owned elsewhere, or already placed in another group of the same owner: written once, linked here.
  if (c.parent !== owner || (b.parent !== undefined && b.parent !== builder)) {
    builder.setLink(new LinkBuilder(b, linkName ?? c.name));
  } else if (b instanceof GroupBuilder) {
    if (builder.groups.get(b.name) !== b) builder.setGroup(b);
  } else if (builder.datasets.get(b.name) !== b) {
    builder.setDataset(b);
  }
}

async function addLink(builder: GroupBuilder, target: Container, name: string | undefined, ctx: BuildContext): Promise<void> {
  builder.setLink(new LinkBuilder(await ctx.targetOf(target), name ?? target.name));
}

/** The containers a field value holds (one, a ContainerMap, or a list). */
function containersOf(v: unknown, where: ErrorLocation, key: string): Container[] {
  if (v === undefined || v === null) return [];
  const list = v instanceof ContainerMap ? [...v.values()] : Array.isArray(v) ? v : [v];
  for (const c of list) {
    if (!isContainer(c)) throw new BuildError(`field '${key}' must hold containers, found ${typeof c === "object" ? c?.constructor?.name : typeof c}`, where);
  }
  return list as Container[];
}

function isEmpty(b: GroupBuilder): boolean {
  return !b.groups.size && !b.datasets.size && !b.links.size && !Object.keys(b.attributes).length;
}

/**
 * Fill `builder` from the fields of `holder`. `owner` is the typed container the fields belong to;
 * `slots` the spec's members (undefined: no spec).
 */
export async function buildFields(
  holder: FieldHolder, owner: Container, builder: GroupBuilder | DatasetBuilder, slots: readonly Slot[] | undefined, ctx: BuildContext,
): Promise<void> {
  const all = slots ?? [];
  const fields = holder.fields;
  const where = ctx.where(owner);
  for (const slot of all) {
    switch (slot.kind) {
      case "attribute":
        writeAttribute(builder, slot, fields.getExact(slot.key), owner, ctx);
        break;
      case "dataset": {
        if (!(builder instanceof GroupBuilder)) break;
        let v = fields.getExact(slot.key);
        if (v === undefined || v === null) break;
        if (isContainer(v) && "data" in v) v = (v as { data: unknown }).data;
        const ds = await buildDataset(slot.spec.name!, v, slot.spec, ctx);
        for (const a of slot.attributes) writeAttribute(ds, a, fields.getExact(a.key), owner, ctx);
        builder.setDataset(ds);
        break;
      }
      case "group": {
        if (!(builder instanceof GroupBuilder)) break;
        const v = fields.getExact(slot.key);
        const sub = builder.groups.get(slot.spec.name!) ?? new GroupBuilder(slot.spec.name!);
        if (isUntypedGroup(v)) await buildFields(v, owner, sub, slot.slots, ctx);
        // never set: still written when the spec requires it, with what the spec fixes
        else if (v === undefined) await buildFields(new UntypedGroup(slot.spec.name!), owner, sub, slot.slots, ctx);
        else throw new BuildError(`field '${slot.key}' must be an UntypedGroup`, where);
        if ((!isEmpty(sub) || slot.spec.required) && builder.groups.get(sub.name) !== sub) builder.setGroup(sub);
        break;
      }
      case "child": {
        if (!(builder instanceof GroupBuilder)) break;
        for (const c of containersOf(fields.getExact(slot.key), where, slot.key)) await addChild(builder, c, owner, slot.spec, slot.name, ctx);
        break;
      }
      case "link": {
        if (!(builder instanceof GroupBuilder)) break;
        for (const c of containersOf(fields.getExact(slot.key), where, slot.key)) await addLink(builder, c, slot.name, ctx);
        break;
      }
    }
  }
  await buildExtras(holder, owner, builder, slotKeys(all), ctx);
}

/** Fields no spec member describes. */
async function buildExtras(holder: FieldHolder, owner: Container, builder: GroupBuilder | DatasetBuilder, covered: ReadonlySet<string>, ctx: BuildContext): Promise<void> {
  const where = ctx.where(owner);
  const dsAttributes: [string, unknown][] = [];
  for (const [key, v] of holder.fields) {
    if (covered.has(key) || v === undefined) continue;
    const kind = extraKind(holder, key);
    const group = builder instanceof GroupBuilder ? builder : undefined;
    if (kind === "attribute" || (kind === undefined && isAttributeValue(v))) {
      const split = key.lastIndexOf("__");
      if (split > 0 && group?.datasets.has(key.slice(0, split))) {
        dsAttributes.push([key, v]);
        continue;
      }
      setAttributeValue(builder, key, v, false, owner, ctx);
      continue;
    }
    if (group === undefined) throw new BuildError(`field '${key}' holds objects, but a dataset has no members`, where);
    if (kind === "link") {
      for (const c of containersOf(v, where, key)) await addLink(group, c, key, ctx);
    } else if (isContainer(v) || v instanceof ContainerMap) {
      // After every spec member of the tree: an object also held by a member is written there, linked here.
      const list = containersOf(v, where, key);
      ctx.defer(async () => {
        for (const c of list) await addChild(group, c, owner, undefined, isContainer(v) ? key : undefined, ctx);
      });
    } else if (isUntypedGroup(v)) {
      const sub = new GroupBuilder(v.name);
      await buildFields(v, owner, sub, v.slots, ctx);
      group.setGroup(sub);
    } else {
      group.setDataset(await buildDataset(key, v, undefined, ctx));
    }
  }
  for (const [key, v] of dsAttributes) {
    const split = key.lastIndexOf("__");
    const ds = (builder as GroupBuilder).datasets.get(key.slice(0, split))!;
    setAttributeValue(ds, key.slice(split + 2), v, false, owner, ctx);
  }
}

/** Values that are written as attributes when nothing says otherwise: no datasets, objects or groups. */
function isAttributeValue(v: unknown): boolean {
  return !(v instanceof LazyData || v instanceof ZarrDataset || v instanceof DataIOBase || isContainer(v) || v instanceof ContainerMap || isUntypedGroup(v));
}

