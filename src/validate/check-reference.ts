/** Checking that a reference (or link) target is of the type a spec asks for. */
import { DatasetBuilder, GroupBuilder, ReferenceBuilder } from "../format/builders.js";
import { builderType, type TypeLookup } from "./type-lookup.js";

/** The object a reference value points to, or undefined when the value is no reference. */
export function referenceTarget(value: unknown): GroupBuilder | DatasetBuilder | undefined {
  if (value instanceof ReferenceBuilder) return value.builder;
  if (value instanceof GroupBuilder || value instanceof DatasetBuilder) return value;
  return undefined;
}

/** Why a target does not satisfy `targetType`, or undefined when it does. */
export function targetProblem(target: GroupBuilder | DatasetBuilder, targetType: string, lookup: TypeLookup): string | undefined {
  if (lookup.isA(target, targetType)) return undefined;
  const t = builderType(target);
  const found = t === undefined ? "an object with no data type" : `'${t.type}'`;
  return `points to ${target.path}, ${found}, but must point to '${targetType}' or a subtype`;
}
