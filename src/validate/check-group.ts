/**
 * The walk: an object against a spec (attributes, then dataset values or group children), each typed
 * object also against its own type's spec. Children are assigned to member specs (spec-matcher.ts);
 * then missing and surplus children are reported and each child is checked against its member spec.
 * A link answering to a link spec is checked by its target's type only (the target is checked where
 * it lives); a link standing for a group or dataset is checked like that object.
 */
import { DatasetBuilder, GroupBuilder, LinkBuilder } from "../format/builders.js";
import type { GroupSpec, TypeSpec } from "../spec/model/group-spec.js";
import { maxCount, minCount, type Quantity } from "../spec/model/quantity.js";
import { checkAttributes } from "./check-attributes.js";
import { checkDataset } from "./check-dataset.js";
import type { ValidationContext } from "./context.js";
import type { FindingKind } from "./findings.js";
import { childTarget, matchChildren, specType, type ChildBuilder, type MemberSpec } from "./spec-matcher.js";
import { builderType } from "./type-lookup.js";

function childPath(group: GroupBuilder, name: string): string {
  return group.path === "/" ? `/${name}` : `${group.path}/${name}`;
}

function kindWord(child: ChildBuilder | GroupBuilder | DatasetBuilder): string {
  return child instanceof LinkBuilder ? "link" : child instanceof GroupBuilder ? "group" : "dataset";
}

function describeQuantity(q: Quantity): string {
  if (q === "?") return "at most 1";
  if (q === "*") return "any number";
  if (q === "+") return "at least 1";
  return `exactly ${q}`;
}

/** Check a typed object against its own type's spec (once per object). */
export async function checkOwnType(ctx: ValidationContext, builder: GroupBuilder | DatasetBuilder): Promise<void> {
  if (ctx.ownTypeDone.has(builder)) return;
  ctx.ownTypeDone.add(builder);
  const t = builderType(builder);
  if (t === undefined) return;
  const known = ctx.lookup.lookup(t);
  if (known === undefined) {
    const ns = t.namespace === undefined ? "" : ` (namespace '${t.namespace}')`;
    ctx.report({ kind: "unknown-type", path: builder.path, type: t.type, message: `data type '${t.type}'${ns} is not defined in any loaded namespace` });
    return;
  }
  if (known.spec.kind !== (builder instanceof GroupBuilder ? "group" : "dataset")) {
    ctx.report({ kind: "wrong-type", path: builder.path, type: t.type, message: `'${t.type}' is a ${known.spec.kind} type, but this object is a ${kindWord(builder)}` });
    return;
  }
  await checkAgainst(ctx, builder, known.spec, t.type);
}

/** Check an object against one spec (once per object and spec); `owner` is the data type findings name when the spec has none. */
export async function checkAgainst(ctx: ValidationContext, builder: GroupBuilder | DatasetBuilder, spec: TypeSpec, owner: string | undefined): Promise<void> {
  if (!ctx.firstVisit(builder, spec)) return;
  const type = spec.dataType ?? owner;
  checkAttributes(ctx, builder, spec, type);
  if (builder instanceof DatasetBuilder && spec.kind === "dataset") await checkDataset(ctx, builder, spec, type);
  else if (builder instanceof GroupBuilder && spec.kind === "group") await checkChildren(ctx, builder, spec, type);
}

async function checkChildren(ctx: ValidationContext, group: GroupBuilder, spec: GroupSpec, type: string | undefined): Promise<void> {
  const { matches, unmatched } = matchChildren(group, spec, ctx.lookup);
  const stray = new Set(unmatched);
  for (const { spec: member, builders } of matches) {
    const n = builders.length;
    if (n === 0) {
      const namesake = member.name === undefined ? undefined : unmatched.find((c) => c.name === member.name);
      if (namesake !== undefined) {
        stray.delete(namesake);
        ctx.described.add(namesake);
        reportWrongType(ctx, namesake, member, type);
      } else if (member.required) {
        reportMissing(ctx, group, member, type);
      }
    } else if (n > maxCount(member.quantity) || (typeof member.quantity === "number" && n !== member.quantity)) {
      const what = member.name !== undefined ? `'${member.name}'` : `of type '${specType(member)}'`;
      ctx.report({
        kind: "quantity", path: member.name !== undefined ? childPath(group, member.name) : group.path, type, detail: specType(member),
        message: `expected ${describeQuantity(member.quantity)} ${member.kind}(s) ${what}, found ${n}`,
      });
    }
    for (const child of builders) await checkChild(ctx, child, member, type);
  }
  for (const child of matches.flatMap((m) => m.builders)) ctx.described.add(child);
  // Only a spec of the group's own type (or any spec, for an untyped group) can call a child unexpected.
  const own = builderType(group);
  const complete = own === undefined || own.type === spec.dataType;
  for (const child of stray) {
    const target = childTarget(child);
    if (!(child instanceof LinkBuilder)) await checkOwnType(ctx, target);
    if (!complete) continue;
    const t = builderType(target);
    ctx.strays.push({ child, path: childPath(group, child.name), type, message: `no spec describes this ${kindWord(child)}${t ? ` of type '${t.type}'` : ""} here` });
  }
}

function reportMissing(ctx: ValidationContext, group: GroupBuilder, member: MemberSpec, type: string | undefined): void {
  const kind: FindingKind = member.kind === "group" ? "missing-group" : member.kind === "dataset" ? "missing-dataset" : "missing-link";
  const wanted = specType(member);
  if (member.name !== undefined) {
    const typed = wanted === undefined ? "" : ` of type '${wanted}'`;
    ctx.report({ kind, path: childPath(group, member.name), type, message: `required ${member.kind} '${member.name}'${typed} is missing` });
  } else {
    ctx.report({
      kind, path: group.path, type, detail: wanted,
      message: `at least ${Math.max(1, minCount(member.quantity))} ${member.kind}(s) of type '${wanted}' required, found none`,
    });
  }
}

function reportWrongType(ctx: ValidationContext, child: ChildBuilder, member: MemberSpec, type: string | undefined): void {
  const target = childTarget(child);
  const found = builderType(target);
  const foundText = found === undefined ? `an untyped ${kindWord(target)}` : `a ${kindWord(target)} of type '${found.type}'`;
  const wanted = specType(member);
  const wantedText = `a ${member.kind === "link" ? "group or dataset" : member.kind}${wanted === undefined ? "" : ` of type '${wanted}' (or a subtype)`}`;
  const path = child instanceof LinkBuilder ? child.path : target.path;
  if (child instanceof LinkBuilder) {
    ctx.report({ kind: "link-target", path, type, message: `link points to ${target.path}, ${foundText}, but the spec asks for ${wantedText}` });
  } else {
    ctx.report({ kind: "wrong-type", path, type, message: `found ${foundText}, but the spec asks for ${wantedText}` });
  }
}

async function checkChild(ctx: ValidationContext, child: ChildBuilder, member: MemberSpec, type: string | undefined): Promise<void> {
  if (child instanceof LinkBuilder) {
    if (member.kind !== "link" && !member.linkable) {
      ctx.report({ kind: "illegal-link", path: child.path, type, message: `'${child.name}' is a link, but the spec does not allow a link here` });
      return;
    }
    if (member.kind === "link") return;
    await checkOwnType(ctx, child.builder);
    await checkAgainst(ctx, child.builder, member, type);
    return;
  }
  await checkOwnType(ctx, child);
  if (member.kind !== "link") await checkAgainst(ctx, child, member, type);
}
