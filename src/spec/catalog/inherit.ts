/**
 * Merging a spec with the spec it includes (`data_type_inc`), as hdmf's spec resolution does: the
 * result holds every attribute, dataset, group and link of the included spec, with the including
 * spec's own members overriding them by name. Named members that both define are merged in turn
 * (dtype, shape, dims, values and attributes fill in from the included one); unnamed typed members
 * are kept from the included spec unless the including spec has an unnamed member of the same type.
 * Inherited members come first, in the included spec's order, then the spec's new members.
 */
import { AttributeSpec } from "../model/attribute-spec.js";
import { DatasetSpec } from "../model/dataset-spec.js";
import { isAllowedDtype } from "../model/dtype-names.js";
import { DtypeSpec, type Dtype } from "../model/dtype-spec.js";
import { GroupSpec, type TypeSpec } from "../model/group-spec.js";
import type { LinkSpec } from "../model/link-spec.js";
import { child, syntaxError, type SpecContext } from "../model/raw.js";
import { RefSpec } from "../model/ref-spec.js";
import type { StorageSpecInit } from "../model/storage-spec.js";

/** Merge `spec` over `included` (group with group, dataset with dataset). */
export function inheritSpec(spec: TypeSpec, included: TypeSpec, ctx: SpecContext): TypeSpec {
  if (spec.kind === "group" && included.kind === "group") return inheritGroup(spec, included, ctx);
  if (spec.kind === "dataset" && included.kind === "dataset") return inheritDataset(spec, included, ctx);
  throw syntaxError(ctx, `a ${spec.kind} spec cannot include '${included.dataType}', which is a ${included.kind}`);
}

/** Merge a group spec over the group spec it includes. */
export function inheritGroup(spec: GroupSpec, included: GroupSpec, ctx: SpecContext): GroupSpec {
  return new GroupSpec({
    ...storageFields(spec, included, ctx),
    datasets: mergeMembers(spec.datasets, included.datasets, (d) => d.dataType, (o, i) => inheritDataset(o, i, child(ctx, o.name!))),
    groups: mergeMembers(spec.groups, included.groups, (g) => g.dataType, (o, i) => inheritGroup(o, i, child(ctx, o.name!))),
    // A link that both name is the including spec's own (hdmf does not merge links).
    links: mergeMembers<LinkSpec>(spec.links, included.links, (l) => l.targetType, (o) => o),
  });
}

/** Merge a dataset spec over the dataset spec it includes. */
export function inheritDataset(spec: DatasetSpec, included: DatasetSpec, ctx: SpecContext): DatasetSpec {
  return new DatasetSpec({
    ...storageFields(spec, included, ctx),
    dtype: mergeDtype(spec.dtype, included.dtype, ctx),
    dims: spec.dims ?? included.dims,
    shape: spec.shape ?? included.shape,
    value: spec.value ?? included.value,
    defaultValue: spec.defaultValue ?? included.defaultValue,
  });
}

/** Merge an attribute spec over an inherited attribute of the same name. */
export function inheritAttribute(spec: AttributeSpec, included: AttributeSpec, ctx: SpecContext): AttributeSpec {
  const here = child(ctx, spec.name);
  const init = spec.toInit();
  return new AttributeSpec({
    ...init,
    doc: spec.doc || included.doc,
    dtype: mergeDtype(spec.dtype, included.dtype, here) as AttributeSpec["dtype"],
    dims: spec.dims ?? included.dims,
    shape: spec.shape ?? included.shape,
    value: spec.value ?? included.value,
    defaultValue: spec.defaultValue ?? included.defaultValue,
  });
}

/** The shared fields: the spec's own, with doc, the included type and attributes filled in. */
function storageFields(spec: TypeSpec, included: TypeSpec, ctx: SpecContext): StorageSpecInit {
  return {
    name: spec.name,
    defaultName: spec.defaultName,
    doc: spec.doc || included.doc,
    quantity: spec.quantity,
    linkable: spec.linkable,
    typeDef: spec.typeDef,
    // An override of a typed member that repeats no type key still describes that type.
    typeInc: spec.typeInc ?? (spec.typeDef === undefined ? included.dataType : undefined),
    attributes: mergeMembers(spec.attributes, included.attributes, () => undefined, (o, i) => inheritAttribute(o, i, ctx)),
  };
}

/**
 * Inherited members in order (named ones merged with the spec's member of the same name, unnamed
 * ones replaced by the spec's unnamed member of the same type), then the spec's other members.
 */
function mergeMembers<T extends { name?: string }>(
  own: readonly T[], inherited: readonly T[], typeOf: (m: T) => string | undefined, mergeNamed: (own: T, inherited: T) => T,
): T[] {
  const out: T[] = [];
  const used = new Set<T>();
  for (const inh of inherited) {
    const mine = inh.name !== undefined
      ? own.find((m) => m.name === inh.name)
      : own.find((m) => m.name === undefined && typeOf(m) === typeOf(inh));
    if (mine === undefined) out.push(inh);
    else if (!used.has(mine)) {
      out.push(inh.name !== undefined ? mergeNamed(mine, inh) : mine);
      used.add(mine);
    }
  }
  for (const m of own) if (!used.has(m)) out.push(m);
  return out;
}

/**
 * The dtype of a spec over an included dtype. A primitive may only narrow to a dtype the included
 * one accepts; a compound keeps the included fields in order, replacing those it redefines.
 */
export function mergeDtype(spec: Dtype | undefined, included: Dtype | undefined, ctx: SpecContext): Dtype | undefined {
  if (included === undefined) return spec;
  if (spec === undefined) return included;
  if (!Array.isArray(spec)) {
    if (Array.isArray(included)) throw syntaxError(ctx, "cannot change a compound dtype into a simple one");
    checkSubDtype(spec, included, ctx);
    return spec;
  }
  if (!Array.isArray(included)) throw syntaxError(ctx, "cannot change a simple dtype into a compound one");
  const fields = new Map<string, DtypeSpec>(included.map((f) => [f.name, f]));
  for (const f of spec) {
    const old = fields.get(f.name);
    if (old !== undefined && !Array.isArray(old.dtype) && !Array.isArray(f.dtype)) checkSubDtype(f.dtype, old.dtype, child(ctx, f.name));
    fields.set(f.name, f);
  }
  return [...fields.values()];
}

function checkSubDtype(spec: string | RefSpec, included: string | RefSpec, ctx: SpecContext): void {
  const ok = typeof spec === "string" && typeof included === "string"
    ? isAllowedDtype(spec, included)
    : spec instanceof RefSpec && included instanceof RefSpec;
  if (!ok) throw syntaxError(ctx, `cannot change dtype ${show(included)} into ${show(spec)}`);
}

function show(d: string | RefSpec): string {
  return typeof d === "string" ? `'${d}'` : `reference to '${d.targetType}'`;
}
