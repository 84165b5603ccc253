/**
 * Attributes of a group or dataset against the attribute specs: presence of required ones, dtype
 * (references: target type), shape, fixed values and isodatetime format. Attribute values are in
 * memory already; nothing is read.
 */
import type { DatasetBuilder, GroupBuilder } from "../format/builders.js";
import type { AttributeSpec } from "../spec/model/attribute-spec.js";
import { RefSpec } from "../spec/model/ref-spec.js";
import { primaryDtype } from "../spec/model/dtype-names.js";
import type { StorageSpec } from "../spec/model/storage-spec.js";
import { referenceTarget, targetProblem } from "./check-reference.js";
import type { ValidationContext } from "./context.js";
import type { Severity } from "./findings.js";
import { acceptsDtype, asText, firstElement, hasTimezone, isIsoDatetime, valueDtypeNames } from "./dtype-rules.js";
import { allowedShapes, attributeShape, formatAllowed, formatShape, shapeAllowed } from "./shape-rules.js";
import { describeValue, sameValue } from "./values.js";

/** Check every attribute spec of `spec` on `builder`; `type` is the data type findings name. */
export function checkAttributes(ctx: ValidationContext, builder: GroupBuilder | DatasetBuilder, spec: StorageSpec, type: string | undefined): void {
  for (const attr of spec.attributes) {
    const value = builder.attributes[attr.name];
    const where = { path: builder.path, attribute: attr.name, type };
    if (value === undefined || value === null) {
      if (attr.required) ctx.report({ ...where, kind: "missing-attribute", message: `required attribute '${attr.name}' is missing` });
      continue;
    }
    checkAttributeValue(ctx, value, attr, where);
  }
}

function checkAttributeValue(ctx: ValidationContext, value: unknown, attr: AttributeSpec, where: { path: string; attribute: string; type?: string }): void {
  const dtype = attr.dtype;
  if (dtype instanceof RefSpec) {
    const target = referenceTarget(value);
    if (target === undefined) {
      ctx.report({ ...where, kind: "dtype", message: `expected a reference to '${dtype.targetType}', found ${describeValue(value)}` });
    } else {
      const problem = targetProblem(target, dtype.targetType, ctx.lookup);
      if (problem !== undefined) ctx.report({ ...where, kind: "reference-target", message: `the reference ${problem}` });
    }
  } else {
    const names = valueDtypeNames(value);
    if (names.length > 0 && !names.some((n) => acceptsDtype(dtype, n))) {
      ctx.report({ ...where, kind: "dtype", message: `expected dtype '${dtype}', found '${names[0]}' (${describeValue(value)})` });
    } else if (primaryDtype(dtype) === "isodatetime") {
      checkIsoText(ctx, firstElement(value), where);
    }
  }
  const allowed = allowedShapes(attr);
  const shape = attributeShape(value);
  if (!shapeAllowed(shape, allowed)) {
    ctx.report({ ...where, kind: "shape", message: `shape ${formatShape(shape)} is not ${formatAllowed(allowed)}` });
  }
  if (attr.value !== undefined && !sameValue(value, attr.value)) {
    ctx.report({ ...where, kind: "value", severity: "warning", message: `value ${describeValue(value)} differs from the fixed value ${describeValue(attr.value)}` });
  }
}

/** An isodatetime stored as text: its format (a dtype error when wrong) and its timezone. */
export function checkIsoText(
  ctx: ValidationContext, value: unknown, where: { path: string; attribute?: string; type?: string }, timezoneSeverity: Severity = "error",
): void {
  const text = asText(value);
  if (text === undefined) return;
  if (!isIsoDatetime(text)) {
    ctx.report({ ...where, kind: "dtype", message: `expected dtype 'isodatetime', found text that is not an ISO 8601 date (${describeValue(text)})` });
  } else if (!hasTimezone(text)) {
    ctx.report({ ...where, kind: "timezone", severity: timezoneSeverity, message: `datetime ${describeValue(text)} has no timezone` });
  }
}
