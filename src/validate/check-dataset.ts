/**
 * A dataset against a dataset spec: dtype (primitive, reference, compound), shape and a fixed value.
 * Dtype and shape come from metadata; values are read only to type an object array, to check an
 * isodatetime's format, to compare a small fixed value, and to check reference targets (bounded).
 */
import { DanglingLinkError } from "../errors.js";
import type { DatasetBuilder } from "../format/builders.js";
import { ZarrDataset } from "../format/zarr-dataset.js";
import type { DatasetSpec } from "../spec/model/dataset-spec.js";
import { primaryDtype } from "../spec/model/dtype-names.js";
import type { DtypeSpec } from "../spec/model/dtype-spec.js";
import { RefSpec } from "../spec/model/ref-spec.js";
import { checkIsoText } from "./check-attributes.js";
import { referenceTarget, targetProblem } from "./check-reference.js";
import type { ValidationContext } from "./context.js";
import { acceptsDtype, isStringDtype, storedDtypeName, valueDtypeNames } from "./dtype-rules.js";
import { readFirst, readReferences, readSmall, type ReadResult } from "./read-values.js";
import { shapeOf, type BuilderDtype, type CompoundField } from "../data/index.js";
import { allowedShapes, formatAllowed, formatShape, shapeAllowed } from "./shape-rules.js";
import { describeValue, sameValue } from "./values.js";

type Where = { path: string; type?: string };

/** Check a dataset's dtype, shape and fixed value against `spec`. */
export async function checkDataset(ctx: ValidationContext, builder: DatasetBuilder, spec: DatasetSpec, type: string | undefined): Promise<void> {
  const where: Where = { path: builder.path, type };
  const dtype = spec.dtype;
  if (dtype instanceof RefSpec) await checkReferenceDataset(ctx, builder, dtype, where);
  else if (Array.isArray(dtype)) await checkCompound(ctx, builder, dtype, where);
  else if (dtype !== undefined) await checkPrimitive(ctx, builder, dtype, where);

  const allowed = allowedShapes(spec);
  const shape = shapeOf(builder.data);
  if (!shapeAllowed(shape, allowed)) {
    ctx.report({ ...where, kind: "shape", message: `shape ${formatShape(shape)} is not ${formatAllowed(allowed)}` });
  }
  if (spec.value !== undefined) await checkFixedValue(ctx, builder, spec.value, where);
}

function unreadable(ctx: ValidationContext, where: Where, what: string, result: ReadResult<unknown> & { ok: false }): void {
  ctx.report({ ...where, kind: "unreadable", severity: "warning", message: `could not read ${what}: ${result.error.message}` });
}

/** The stored dtype name of in-memory or stored data, reading one element when the array holds objects. */
async function storedName(ctx: ValidationContext, builder: DatasetBuilder, where: Where): Promise<string | undefined> {
  const data = builder.data;
  const dtype: BuilderDtype | undefined = builder.dtype ?? (data instanceof ZarrDataset ? data.dtype : undefined);
  const objectArray = data instanceof ZarrDataset && data.array.dtype.kind === "object" && !data.isReference;
  if (typeof dtype === "string" && !objectArray) return storedDtypeName(dtype) ?? dtype;
  if (Array.isArray(dtype)) return "compound";
  // As hdmf does for object arrays and untyped lists: the type of the first element.
  const first = await readFirst(data);
  if (!first.ok) {
    unreadable(ctx, where, "the first element to find its dtype", first);
    return undefined;
  }
  return valueDtypeNames(first.value)[0] ?? (typeof dtype === "string" ? storedDtypeName(dtype) : undefined);
}

async function checkPrimitive(ctx: ValidationContext, builder: DatasetBuilder, expected: string, where: Where): Promise<void> {
  const stored = await storedName(ctx, builder, where);
  if (stored === undefined) return;
  if (!acceptsDtype(expected, stored)) {
    ctx.report({ ...where, kind: "dtype", message: `expected dtype '${expected}', found '${stored}'` });
    return;
  }
  if (primaryDtype(expected) !== "isodatetime" || !isStringDtype(stored)) return;
  const first = await readFirst(builder.data);
  if (!first.ok) return unreadable(ctx, where, "the value to check its isodatetime format", first);
  // hdmf asks for a timezone on scalar datetimes; on arrays a missing one is only worth a warning.
  checkIsoText(ctx, first.value, where, shapeOf(builder.data).length === 0 ? "error" : "warning");
}

/** Whether dataset data holds references: stored ones say so in metadata; in-memory ones by dtype or first element. */
async function isReferenceData(builder: DatasetBuilder): Promise<boolean> {
  const data = builder.data;
  if (data instanceof ZarrDataset) return data.isReference;
  if (typeof builder.dtype === "string") return storedDtypeName(builder.dtype) === "object";
  const first = await readFirst(data);
  return first.ok && referenceTarget(first.value) !== undefined;
}

async function checkReferenceDataset(ctx: ValidationContext, builder: DatasetBuilder, ref: RefSpec, where: Where): Promise<void> {
  if (!(await isReferenceData(builder))) {
    const stored = typeof builder.dtype === "string" ? storedDtypeName(builder.dtype) ?? builder.dtype : Array.isArray(builder.dtype) ? "compound" : "unknown";
    ctx.report({ ...where, kind: "dtype", message: `expected references to '${ref.targetType}', found dtype '${stored}'` });
    return;
  }
  await checkTargets(ctx, builder, where, (v) => [[v, ref.targetType, ""]]);
}

/** Read (a bounded part of) the data and check each reference it yields against its target type. */
async function checkTargets(ctx: ValidationContext, builder: DatasetBuilder, where: Where, refsOf: (element: unknown) => [unknown, string, string][]): Promise<void> {
  if (ctx.maxReferenceElements === 0) return;
  let pending = ctx.referenceReads.get(builder) as ReturnType<typeof readReferences> | undefined;
  if (pending === undefined) ctx.referenceReads.set(builder, (pending = readReferences(builder.data, ctx.maxReferenceElements)));
  const read = await pending;
  if (!read.ok) {
    if (read.error instanceof DanglingLinkError) ctx.report({ ...where, kind: "reference-target", message: `a reference does not resolve: ${read.error.message}` });
    else unreadable(ctx, where, "the references to check their targets", read);
    return;
  }
  for (const [i, element] of read.value.values.entries()) {
    for (const [value, targetType, field] of refsOf(element)) {
      const target = referenceTarget(value);
      const label = `element ${i}${field ? ` field '${field}'` : ""}`;
      const problem = target === undefined ? `is not a reference (${describeValue(value)})` : targetProblem(target, targetType, ctx.lookup);
      if (problem === undefined) continue;
      ctx.report({ ...where, kind: "reference-target", message: `${label} ${problem}` });
      return; // one finding per dataset, for the first bad element
    }
  }
}

/** The stored field answering to a spec field: by name, else at the same position. */
function storedField(stored: CompoundField[], spec: DtypeSpec, index: number): CompoundField | undefined {
  return stored.find((f) => f.name === spec.name) ?? (stored.every((f) => !f.name) ? stored[index] : undefined);
}

async function checkCompound(ctx: ValidationContext, builder: DatasetBuilder, fields: DtypeSpec[], where: Where): Promise<void> {
  const data = builder.data;
  const stored = builder.dtype ?? (data instanceof ZarrDataset ? data.dtype : undefined);
  if (!Array.isArray(stored)) {
    ctx.report({ ...where, kind: "dtype", message: `expected a compound dtype with fields ${fields.map((f) => `'${f.name}'`).join(", ")}, found '${stored ?? "unknown"}'` });
    return;
  }
  const problems: string[] = [];
  const refFields: [string, string][] = [];
  fields.forEach((f, i) => {
    const s = storedField(stored, f, i);
    if (s === undefined) return void problems.push(`field '${f.name}' is missing`);
    const name = typeof s.dtype === "string" ? storedDtypeName(s.dtype) ?? s.dtype : "compound";
    const isRef = name === "object" || (data instanceof ZarrDataset && data.referenceFields.includes(s.name));
    if (f.dtype instanceof RefSpec) {
      if (!isRef) problems.push(`field '${f.name}' must hold references to '${f.dtype.targetType}', found '${name}'`);
      else refFields.push([s.name, f.dtype.targetType]);
    } else if (typeof f.dtype === "string" && !acceptsDtype(f.dtype, name)) {
      problems.push(`field '${f.name}' must be '${f.dtype}', found '${name}'`);
    }
  });
  if (problems.length > 0) {
    ctx.report({ ...where, kind: "dtype", message: `compound dtype does not match the spec: ${problems.join("; ")}` });
    return;
  }
  if (refFields.length === 0) return;
  await checkTargets(ctx, builder, where, (row) => refFields.map(([name, t]) => [(row as Record<string, unknown> | null)?.[name], t, name]));
}

async function checkFixedValue(ctx: ValidationContext, builder: DatasetBuilder, expected: unknown, where: Where): Promise<void> {
  const read = await readSmall(builder.data, 1000);
  if (!read.ok) return unreadable(ctx, where, "the value to compare it with the spec's fixed value", read);
  if (read.value === undefined) return; // too large to be a fixed value worth reading
  const actual = shapeOf(builder.data).length === 0 ? read.value[0] : read.value;
  if (!sameValue(actual, expected)) {
    ctx.report({ ...where, kind: "value", severity: "warning", message: `value ${describeValue(actual)} differs from the fixed value ${describeValue(expected)}` });
  }
}
