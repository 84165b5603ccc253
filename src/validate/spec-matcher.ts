/**
 * Which member spec of a group spec each child of a group builder answers to, as hdmf's validator
 * assigns them: a spec is a candidate when its name (if it has one) is the child's name and its type
 * (if it has one) is the child's type or an ancestor of it — for a link, the type of the link's
 * target. Among several candidates the first one not yet holding as many children as its quantity
 * asks wins, else the first. Groups answer to group specs, datasets to dataset specs; link specs take
 * any child of the right type.
 */
import { DatasetBuilder, GroupBuilder, LinkBuilder } from "../format/builders.js";
import type { DatasetSpec } from "../spec/model/dataset-spec.js";
import type { GroupSpec } from "../spec/model/group-spec.js";
import type { LinkSpec } from "../spec/model/link-spec.js";
import { minCount } from "../spec/model/quantity.js";
import type { TypeLookup } from "./type-lookup.js";

/** A member spec of a group spec. */
export type MemberSpec = GroupSpec | DatasetSpec | LinkSpec;
/** A child of a group builder. */
export type ChildBuilder = GroupBuilder | DatasetBuilder | LinkBuilder;

/** A member spec and the children assigned to it. */
export interface SpecMatch {
  spec: MemberSpec;
  builders: ChildBuilder[];
}

/** The object a child stands for: a link's target, else the child itself. */
export function childTarget(child: ChildBuilder): GroupBuilder | DatasetBuilder {
  return child instanceof LinkBuilder ? child.builder : child;
}

/** The type a member spec asks for: a link's target type, else the spec's data type. */
export function specType(spec: MemberSpec): string | undefined {
  return spec.kind === "link" ? spec.targetType : spec.dataType;
}

/** Whether a child could answer to a spec, ignoring its name. */
export function fitsSpec(child: ChildBuilder, spec: MemberSpec, lookup: TypeLookup): boolean {
  const target = childTarget(child);
  if (spec.kind === "group" && !(target instanceof GroupBuilder)) return false;
  if (spec.kind === "dataset" && !(target instanceof DatasetBuilder)) return false;
  const type = specType(spec);
  return type === undefined || lookup.isA(target, type);
}

function unsatisfied(m: SpecMatch): boolean {
  const q = m.spec.quantity;
  return m.builders.length < Math.max(minCount(q), typeof q === "number" ? q : 0);
}

/** Assign the children of `group` to the members of `spec`. */
export function matchChildren(group: GroupBuilder, spec: GroupSpec, lookup: TypeLookup): { matches: SpecMatch[]; unmatched: ChildBuilder[] } {
  const matches: SpecMatch[] = [...spec.datasets, ...spec.groups, ...spec.links].map((s) => ({ spec: s, builders: [] }));
  const unmatched: ChildBuilder[] = [];
  for (const child of [...group.datasets.values(), ...group.groups.values(), ...group.links.values()]) {
    // A name a spec reserves is judged by that spec alone (a misfit is then reported as the wrong type).
    const named = matches.filter((m) => m.spec.name === child.name);
    const pool = named.length > 0 ? named : matches.filter((m) => m.spec.name === undefined);
    const candidates = pool.filter((m) => fitsSpec(child, m.spec, lookup));
    const best = candidates.find(unsatisfied) ?? candidates[0];
    if (best === undefined) unmatched.push(child);
    else best.builders.push(child);
  }
  return { matches, unmatched };
}
