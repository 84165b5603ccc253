/**
 * One dataset builder → one Zarr array: in-memory data planned by dataset-plan.ts, arrays of other
 * files copied by copy-array.ts, block sources written by write-blocks.ts. Attribute values are
 * converted here too; the order in which nodes, links and references are written is write-tree.ts's.
 */
import { UnsupportedWriteError, type ErrorLocation } from "../errors.js";
import type { NdArray } from "../zarr/dtype.js";
import { JsonFloat } from "../zarr/codecs/json-text.js";
import { jsonInteger } from "../zarr/json-values.js";
import { Builder, ReferenceBuilder, type DatasetBuilder } from "./builders.js";
import { DIMENSION_LABELS_ATTR } from "./convention.js";
import { formatAttributeReference } from "./references.js";
import { arrayMetadata, datasetPlan, refExtra, targetOf } from "./dataset-plan.js";
import { isBlockSource, isNdArray, isTypedArray, nest, unwrapData } from "../data/index.js";
import { copyDataset } from "./copy-array.js";
import { writeBlockSource } from "./write-blocks.js";
import { ZarrDataset } from "./zarr-dataset.js";
import type { WriteTreeContext } from "./write-context.js";

const textDecoder = new TextDecoder();

/** A JSON-ready attribute value: references in the convention's form, arrays as nested lists. */
export function attributeJson(ctx: WriteTreeContext, value: unknown, where: ErrorLocation): unknown {
  if (value instanceof ReferenceBuilder || value instanceof Builder) {
    const b = value instanceof ReferenceBuilder ? value.builder : value;
    return formatAttributeReference(targetOf(ctx, b), ctx.format, refExtra(b));
  }
  // Exact: a bigint beyond 2^53 is written as its integer literal (and reads back as that bigint).
  if (typeof value === "bigint") return jsonInteger(value);
  if (value instanceof Uint8Array) return textDecoder.decode(value);
  if (value instanceof Set) return [...value].map((v) => attributeJson(ctx, v, where));
  if (isNdArray(value)) {
    const { shape, data, dtype } = value;
    const isFloat = dtype.kind === "numeric" && dtype.name.startsWith("float");
    const flat = Array.from(data as ArrayLike<unknown>, (v) => (isFloat ? new JsonFloat(Number(v)) : attributeJson(ctx, v, where)));
    return shape.length === 0 ? flat[0] : nest(flat, shape);
  }
  if (value instanceof Float32Array || value instanceof Float64Array) return Array.from(value, (v) => new JsonFloat(v));
  if (isTypedArray(value)) return Array.from(value as ArrayLike<unknown>, (v) => (typeof v === "bigint" ? jsonInteger(v) : v));
  if (value instanceof JsonFloat) return value;
  if (Array.isArray(value)) return value.map((v) => attributeJson(ctx, v, where));
  if (value === undefined) throw new UnsupportedWriteError("attribute value is undefined", where);
  if (value !== null && typeof value === "object") {
    throw new UnsupportedWriteError(`attribute values must be scalars, lists or references, not ${value.constructor?.name ?? "object"}`, where);
  }
  return value;
}

export function attributesJson(ctx: WriteTreeContext, attrs: Record<string, unknown>, where: ErrorLocation): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) out[k] = attributeJson(ctx, v, { ...where, path: `${where.path}@${k}` });
  return out;
}

/**
 * Write one dataset as an array. `attributes` are the builder's attributes to store now (write-tree
 * adds reference attributes once their targets exist). An array of another file is copied chunk by
 * chunk (copy-array.ts), never read whole. The array stays marked incomplete until every chunk is
 * stored; with `complete: false` it stays so after, for the caller to complete (with the
 * attributes still to come). A block source whose write is queued is completed by the queue.
 */
export async function writeDataset(
  ctx: WriteTreeContext, builder: DatasetBuilder, path: string, attributes: Record<string, unknown> = builder.attributes,
  options: { complete?: boolean } = {},
): Promise<void> {
  const where = { store: ctx.source, path: "/" + path };
  const { data, settings } = unwrapData(builder.data);
  const userAttrs = attributesJson(ctx, attributes, where);
  if (builder.dimensionLabels) userAttrs[DIMENSION_LABELS_ATTR] = builder.dimensionLabels;
  const complete = async () => {
    if (options.complete === false) return;
    await ctx.hierarchy.completeNode(path);
    builder.written = true;
    ctx.onWritten?.(builder);
  };
  if (data instanceof ZarrDataset) {
    await copyDataset(ctx, builder, data, path, userAttrs, settings);
  } else if (isBlockSource(data)) {
    // Completed after its last block, which a queued write stores later (exhaustDci: false).
    return writeBlockSource(ctx, builder, data, path, userAttrs, settings, complete);
  } else {
    const plan = datasetPlan(ctx, builder, data, where);
    const meta = arrayMetadata(ctx, plan, { ...userAttrs, ...plan.markers }, settings, builder.chunks, where);
    const array = await ctx.hierarchy.createArray(path, meta, { incomplete: true });
    if (plan.shape.every((s) => s > 0)) {
      await array.set([], { dtype: plan.dtype, shape: plan.shape, data: plan.values as NdArray["data"] });
    }
  }
  await complete();
}
