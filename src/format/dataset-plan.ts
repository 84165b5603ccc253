/**
 * The plan of one dataset's array: its Zarr type, markers, shape and converted values
 * (`datasetPlan`), and the metadata of the new array (`arrayMetadata`), in the current convention
 * (Zarr v3: `_DTYPE`, 0-d scalars, struct compounds, path-string references) or the legacy one
 * (Zarr v2: `zarr_dtype`, `[1]` scalars, json2 object arrays; never pickle).
 *
 * Kept apart from the writers so that every way of writing a dataset (in-memory data in
 * write-dataset.ts, arrays of other files in copy-array.ts, block sources in write-blocks.ts)
 * plans the same way without importing one another.
 */
import { UnsupportedWriteError, type ErrorLocation } from "../errors.js";
import type { ArrayMetadata } from "../zarr/metadata-types.js";
import { allocate, integerRange, itemSize, toNumericValue, type DataType, type NdArray, type NumericName, type StructField } from "../zarr/dtype.js";
import { V2_JSON_CODEC, v2CodecChain, v2Filters } from "../zarr/codecs/v2-chain.js";
import { formatV2Dtype } from "../zarr/dtype-v2.js";
import { Builder, DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder } from "./builders.js";
import { V2, V3 } from "./convention.js";
import { dtypeMarker, elementType, isCompound, MIN_STRUCT_TEXT_LENGTH, requireClass, type DtypeClass } from "./dtype-map.js";
import { inferClass, pythonText } from "./values.js";
import { formatElementReference, type RefTarget } from "./references.js";
import { checkV2Layout, guessChunks, innerChunksFor, resolveCompressors, v3Layout } from "./array-layout.js";
import { flatten, type CompoundField, type DataIOSettings } from "../data/index.js";
import type { WriteTreeContext } from "./write-context.js";

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/** Where a link or reference points: "." for this file, else the other file relative to this one. */
export function targetOf(ctx: WriteTreeContext, b: Builder): RefTarget {
  const target = b instanceof LinkBuilder ? b.builder : b;
  const sameFile = target.root === ctx.root || (target.root.source !== undefined && target.root.source === ctx.source);
  return { source: sameFile ? "." : ctx.externalSource(target), path: target.path };
}

/** The object ids a reference to `b` carries: the target's and its file root's (null when absent). */
export function refExtra(b: Builder): { objectId?: string | null; sourceObjectId?: string | null } {
  const t = b instanceof LinkBuilder ? b.builder : b;
  const oid = (t as GroupBuilder | DatasetBuilder).attributes?.object_id;
  const rid = (t.root as GroupBuilder).attributes?.object_id;
  return { objectId: typeof oid === "string" ? oid : null, sourceObjectId: typeof rid === "string" ? rid : null };
}

/**
 * A number for a numeric type, refusing what numpy would refuse (non-numbers, integers out of
 * range) and a bigint the float type cannot hold exactly (numpy would round it).
 */
export function checkedNumeric(name: NumericName, v: unknown, where: ErrorLocation): number | bigint {
  if (typeof v !== "number" && typeof v !== "bigint" && typeof v !== "boolean") {
    throw new UnsupportedWriteError(`${typeof v === "string" ? JSON.stringify(v) : typeof v} is not a number (dtype ${name})`, where);
  }
  const range = integerRange(name);
  if (range && typeof v !== "boolean") {
    if (typeof v === "number" && !Number.isInteger(v)) throw new UnsupportedWriteError(`${v} is not an integer (dtype ${name})`, where);
    const big = BigInt(v);
    if (big < range[0] || big > range[1]) throw new UnsupportedWriteError(`${v} is out of range for ${name}`, where);
  }
  const out = toNumericValue(name, v);
  if (typeof v === "bigint" && !range) {
    const held = name === "float64" ? (out as number) : Math.fround(out as number);
    if (!Number.isFinite(held) || BigInt(held) !== v) throw new UnsupportedWriteError(`${v} cannot be held exactly by ${name}; give an integer dtype`, where);
  }
  return out;
}

/** Convert one value to the in-memory element of a dtype class. */
function element(ctx: WriteTreeContext, cls: DtypeClass, v: unknown, where: ErrorLocation): unknown {
  switch (cls.kind) {
    case "numeric": return checkedNumeric(cls.name, v, where);
    case "bool": return Boolean(v);
    case "text": return pythonText(v, where);
    case "bytes":
      if (ctx.format === 3) return v instanceof Uint8Array ? textDecoder.decode(v) : String(v);
      return v instanceof Uint8Array ? v : textEncoder.encode(String(v));
    case "reference": {
      if (!(v instanceof ReferenceBuilder || v instanceof Builder)) throw new UnsupportedWriteError(`expected a reference, got ${JSON.stringify(v)}`, where);
      const b = v instanceof ReferenceBuilder ? v.builder : v;
      return formatElementReference(targetOf(ctx, b), ctx.format, refExtra(b));
    }
  }
}

type FieldPlan = { name: string; cls?: DtypeClass; fields?: FieldPlan[] };

function planFields(fields: CompoundField[], where: ErrorLocation): FieldPlan[] {
  return fields.map((f) => (isCompound(f.dtype) ? { name: f.name, fields: planFields(f.dtype, where) } : { name: f.name, cls: requireClass(f.dtype, where) }));
}

/** One compound row (a record or a list in field order) → a record of converted elements. */
function compoundRow(ctx: WriteTreeContext, plan: FieldPlan[], row: unknown, where: ErrorLocation): Record<string, unknown> {
  return Object.fromEntries(plan.map((f, i) => {
    const v = Array.isArray(row) ? row[i] : (row as Record<string, unknown>)?.[f.name];
    return [f.name, f.fields ? compoundRow(ctx, f.fields, v, where) : element(ctx, f.cls!, v, where)];
  }));
}

/** Whether any field (at any depth) is not numeric or bool: such compounds are object arrays in the legacy convention. */
const needsObjects = (plan: FieldPlan[]): boolean =>
  plan.some((f) => (f.fields ? true : f.cls!.kind !== "numeric" && f.cls!.kind !== "bool"));

function legacyFieldMarkers(ctx: WriteTreeContext, plan: FieldPlan[]): unknown[] {
  return plan.map((f) => ({ name: f.name, dtype: f.fields ? legacyFieldMarkers(ctx, f.fields) : dtypeMarker(f.cls!, ctx.format) }));
}

/** The struct type of a compound: text and reference fields as fixed UTF-32 of at least 512 characters. */
function structType(plan: FieldPlan[], records: Record<string, unknown>[]): DataType {
  const fields: StructField[] = [];
  let offset = 0;
  for (const f of plan) {
    let type: DataType = f.fields ? structType(f.fields, records.map((r) => r[f.name] as Record<string, unknown>)) : elementType(f.cls!, 3);
    if (type.kind === "string") {
      const longest = Math.max(0, ...records.map((r) => [...String(r[f.name])].length));
      type = { kind: "fixed-utf32", length: Math.max(MIN_STRUCT_TEXT_LENGTH, longest), endian: "little" };
    }
    fields.push({ name: f.name, type, offset });
    offset += itemSize(type)!;
  }
  return { kind: "struct", fields, size: offset };
}

const rowList = (plan: FieldPlan[], r: Record<string, unknown>): unknown[] =>
  plan.map((f) => (f.fields ? rowList(f.fields, r[f.name] as Record<string, unknown>) : r[f.name]));

/** Plan the Zarr type and values of a compound dataset. */
function compoundPlan(ctx: WriteTreeContext, fields: CompoundField[], rows: unknown[], where: ErrorLocation) {
  const plan = planFields(fields, where);
  const records = rows.map((row) => compoundRow(ctx, plan, row, where));
  const refFields = plan.filter((f) => f.cls?.kind === "reference").map((f) => f.name);
  if (ctx.format === 2 && needsObjects(plan)) {
    // Legacy: a compound with text, references or nested fields is an object array of rows (lists), json2-encoded.
    return { dtype: { kind: "object" } as DataType, data: records.map((r) => rowList(plan, r)), markers: { [V2.dtype]: legacyFieldMarkers(ctx, plan) } as Record<string, unknown> };
  }
  const dtype = structType(plan, records);
  const markers: Record<string, unknown> = ctx.format === 3
    ? (refFields.length ? { [V3.referenceFields]: refFields } : {})
    : { [V2.dtype]: legacyFieldMarkers(ctx, plan) };
  return { dtype, data: records, markers };
}

/** What {@link datasetPlan} gives: the array's type, markers and shape, and the values converted to that type. */
export interface DatasetPlan {
  dtype: DataType;
  values: unknown[] | NdArray["data"];
  /** The convention's dtype attributes (`_DTYPE` / `zarr_dtype`, `_REFERENCE_FIELDS`). */
  markers: Record<string, unknown>;
  shape: number[];
}

/** Build the metadata and values of a dataset (also used to convert blocks of arrays copied from other files). */
export function datasetPlan(ctx: WriteTreeContext, builder: Pick<DatasetBuilder, "dtype">, data: unknown, where: ErrorLocation): DatasetPlan {
  const flat = flatten(data, where, isCompound(builder.dtype) ? builder.dtype.length : undefined);
  const isScalar = flat.shape.length === 0;
  let dtype: DataType;
  let values: unknown[] | NdArray["data"];
  let markers: Record<string, unknown>;
  if (isCompound(builder.dtype)) {
    const plan = compoundPlan(ctx, builder.dtype, Array.from(flat.values), where);
    ({ dtype, markers } = plan);
    values = plan.data;
  } else {
    const cls = builder.dtype ? requireClass(builder.dtype, where) : inferClass(flat, where);
    dtype = elementType(cls, ctx.format);
    if (dtype.kind === "numeric") {
      const out = allocate(dtype, flat.values.length) as unknown as { [i: number]: unknown };
      // typed arrays convert like numpy's astype; plain values are checked one by one
      if (flat.typed) for (let i = 0; i < flat.values.length; i++) out[i] = toNumericValue(dtype.name, flat.values[i]);
      else for (let i = 0; i < flat.values.length; i++) out[i] = checkedNumeric(dtype.name, flat.values[i], where);
      values = out as unknown as NdArray["data"];
    } else {
      values = Array.from(flat.values, (v) => element(ctx, cls, v, where));
    }
    // Legacy scalars say "scalar"; a legacy scalar reference keeps "object" so it still reads as a reference.
    const marker = isScalar && ctx.format === 2 && cls.kind !== "reference" ? V2.scalar : dtypeMarker(cls, ctx.format);
    markers = { [ctx.format === 3 ? V3.dtype : V2.dtype]: marker };
  }
  const shape = isScalar ? (ctx.format === 3 ? [] : [1]) : flat.shape;
  return { dtype, values, markers, shape };
}

/**
 * Metadata of a new array of `dtype` and `shape`: chunks, fill value and codecs from the settings,
 * else the builder's chunks, else the defaults. With `shards` (Zarr v3 only), the chunks are the
 * inner chunks of each shard and the chunk grid is the shard shape.
 */
export function arrayMetadata(
  ctx: WriteTreeContext, plan: { dtype: DataType; shape: number[] }, attributes: Record<string, unknown>,
  settings: DataIOSettings, builderChunks: DatasetBuilder["chunks"], where: ErrorLocation,
): ArrayMetadata {
  const shards = settings.shards?.shape;
  const requested = settings.chunks ?? (Array.isArray(shards) ? innerChunksFor(shards, plan.dtype) : Array.isArray(builderChunks) ? builderChunks : undefined);
  const chunkShape = plan.shape.length === 0 ? [] : requested ?? guessChunks(plan.shape, plan.dtype);
  const fillValue = settings.fillValue ?? undefined;
  if (ctx.format === 3) {
    const layout = v3Layout(plan.dtype, plan.shape, chunkShape, settings, where);
    return {
      zarrFormat: 3, nodeType: "array", shape: plan.shape, chunkShape: layout.chunkShape, dtype: plan.dtype,
      fillValue: fillValue ?? (allocate(plan.dtype, 1) as unknown[])[0], order: "C",
      chunkKeyEncoding: { kind: "default", separator: "/" }, codecs: layout.codecs, attributes,
    };
  }
  checkV2Layout(settings, where);
  const comp = resolveCompressors(ctx.format, settings, where);
  const filters = plan.dtype.kind === "object" ? [V2_JSON_CODEC, ...(settings.filters ?? [])] : v2Filters(plan.dtype, settings.filters);
  const compressor = comp.v2 ?? null;
  return {
    zarrFormat: 2, nodeType: "array", shape: plan.shape, chunkShape, dtype: plan.dtype,
    fillValue: fillValue ?? (allocate(plan.dtype, 1) as unknown[])[0], order: "C",
    chunkKeyEncoding: { kind: "v2", separator: "." },
    codecs: v2CodecChain({ filters, compressor, dtype: plan.dtype, order: "C" }),
    v2: { filters, compressor, dtype: formatV2Dtype(plan.dtype, where) }, attributes,
  };
}
