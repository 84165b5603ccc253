/**
 * Copying a dataset whose data is an array of a file (either Zarr format) into the file being
 * written, block by block: never the whole array in memory, only a block of whole destination
 * chunks (a few MB) at a time.
 *
 * Two ways, chosen per array:
 * - plain copy: numbers, booleans, strings and numeric structs keep their values, chunk shape and
 *   fill value; codecs are carried over (legacy numcodecs ids become the `numcodecs.*` names
 *   hdmf-zarr 0.14 writes, and back), falling back to the defaults when a codec has no
 *   counterpart. Same format and same codecs: the stored chunk bytes are copied as they are.
 * - converting copy: references, object arrays (pickle/json2), compounds with text or references,
 *   bytes (v3 has none) and scalars of the other convention go through the writer's own planning
 *   (`datasetPlan`), block by block, exactly as in-memory data would be written.
 *
 * A plain copy that decodes and encodes may send its blocks elsewhere: a write context with
 * `blockCopier` (set by the I/O layer for `numberOfJobs`) hands each block to worker threads,
 * which decode the source chunks and encode the new ones. Converting copies stay on this thread,
 * and so do stored bytes copied as they are: file copies from worker threads were no faster than
 * from this one, whose file I/O already runs on libuv's pool (bench/export-copy/README.md).
 */
import { UnsupportedWriteError, type ErrorLocation } from "../errors.js";
import { CodecPipeline, createCodec, type CodecJSON } from "../zarr/codecs/index.js";
import { toV2Codec, v2CodecChain, v2Filters } from "../zarr/codecs/v2-chain.js";
import type { ZarrArray } from "../zarr/array.js";
import { allocate, itemSize, shapeSize, type DataType, type NdArray, type StructField } from "../zarr/dtype.js";
import { forEachConcurrent } from "../zarr/concurrency.js";
import type { WritableStore } from "../store/types.js";
import type { Slice } from "../zarr/indexing.js";
import type { ArrayMetadata, V2CodecJSON, ZarrFormat } from "../zarr/metadata-types.js";
import type { DatasetBuilder } from "./builders.js";
import type { BuilderDtype, CompoundField, DataIOSettings } from "../data/index.js";
import { classifyDtype, isCompound } from "./dtype-map.js";
import type { WriteTreeContext } from "./write-context.js";
import { arrayMetadata, datasetPlan, type DatasetPlan } from "./dataset-plan.js";
import type { ZarrDataset } from "./zarr-dataset.js";

/**
 * Copies blocks of a plain copy off this thread: `put` may return before the block is stored
 * (`flush` waits for every block put so far, and throws the first failure).
 */
export interface BlockCopier {
  put(selection: Slice[]): Promise<void>;
  flush(): Promise<void>;
}

/** A write context whose plain copies may go to worker threads (set by the I/O layer). */
export interface CopyWriteContext extends WriteTreeContext {
  /**
   * A copier of blocks from `source` into `dest` (blocks of whole chunks of `dest`, none sharing
   * a chunk), or undefined to copy them here.
   */
  blockCopier?(source: ZarrArray, dest: ZarrArray): BlockCopier | undefined;
}

/** Bytes of decoded values held per block (at least one chunk). */
const BLOCK_BYTES = 4 << 20;
/** Stored chunks in flight when chunk bytes are copied as they are. */
const RAW_CONCURRENCY = 8;

/**
 * Write the dataset `builder`, whose data is `src` (an array of some file), as a new array at
 * `path`. `attributes` are the builder's attributes, already in JSON form; `settings` are the
 * storage settings of a ZarrDataIO wrapper (they win over what the source array uses).
 */
export async function copyDataset(
  ctx: CopyWriteContext, builder: DatasetBuilder, src: ZarrDataset, path: string,
  attributes: Record<string, unknown>, settings: DataIOSettings,
): Promise<void> {
  const where = { store: ctx.source, path: "/" + path };
  const source = src.array;
  // Stored chunks are copied without reading them through the array: refuse an incomplete one,
  // or one of a type whose values cannot be held, here.
  source.assertComplete();
  source.assertSupportedDtype();
  const planner = { dtype: effectiveDtype(builder.dtype ?? src.dtype, source.dtype, src.referenceFields) };
  const sample = datasetPlan(ctx, planner, await sampleOf(src), where);
  const plain = isPlainCopy(src, sample.dtype, ctx.format);
  const scalar = src.isScalar;
  const shape = scalar ? (ctx.format === 3 ? [] : [1]) : source.shape.slice();
  const layout = scalar ? undefined : destinationLayout(ctx.format, source, settings, plain ? source.dtype : sample.dtype, where);
  const blocks = layout ? blockShape(shape, layout.chunks, plain ? source.dtype : sample.dtype) : shape;

  // A converted struct's text fields are as wide as the longest value: scan the data first.
  let dtype = plain ? source.dtype : sample.dtype;
  let onlyBlock: DatasetPlan | undefined; // kept when the array is one block, so it is read once
  if (!plain && !scalar && hasFixedText(dtype)) {
    let count = 0;
    for (const selection of blockSelections(shape, blocks)) {
      const plan = await convertBlock(ctx, planner, src, selection, where);
      dtype = widen(dtype, plan.dtype);
      onlyBlock = count++ === 0 ? plan : undefined;
    }
  }

  const keepFill = plain || sameKind(sample.dtype, source.dtype);
  const meta = arrayMetadata(
    ctx, { dtype, shape }, { ...attributes, ...sample.markers },
    { ...settings, ...layout?.settings, fillValue: settings.fillValue ?? (keepFill ? source.fillValue : undefined) },
    undefined, where,
  );
  if (layout?.v3Codecs && ctx.format === 3) meta.codecs = layout.v3Codecs;
  // Marked incomplete until the dataset's writer completes it, after the last block.
  const dest = await ctx.hierarchy.createArray(path, meta, { incomplete: true });
  if (shapeSize(shape) === 0) return;

  if (scalar) {
    const plan = datasetPlan(ctx, planner, await src.get(), where);
    await dest.set(null, { dtype: meta.dtype, shape, data: plan.values as NdArray["data"] });
  } else if (plain && sameStoredForm(source, dest)) {
    await copyStoredChunks(source, dest);
  } else if (plain) {
    // Blocks whose source chunks are all missing stay missing here too (same fill value).
    const skippable = sameShape(source.chunkShape, dest.chunkShape) && sameFill(source, dest);
    const copier = ctx.blockCopier?.(source, dest);
    // A copier is sent the stored source chunks a block touches: blocks of whole source chunks
    // (shards), when these hold whole destination chunks, have each read and sent once.
    const whole = copier && source.chunkShape.every((c, d) => c % dest.chunkShape[d] === 0);
    try {
      for (const selection of blockSelections(shape, whole ? blockShape(shape, source.chunkShape, source.dtype) : blocks)) {
        if (skippable && (await allMissing(source, selection))) continue;
        if (copier) await copier.put(selection);
        else await dest.set(selection, await source.get(selection));
      }
      await copier?.flush();
    } catch (err) {
      // Blocks still in workers finish (or fail) before the write's failure path runs.
      await copier?.flush().catch(() => undefined);
      throw err;
    }
  } else {
    for (const selection of blockSelections(shape, blocks)) {
      const plan = onlyBlock ?? (await convertBlock(ctx, planner, src, selection, where));
      await dest.set(selection, { dtype, shape: plan.shape, data: plan.values as NdArray["data"] });
    }
  }
}

// ------------------------------------------------------------------------------ what to copy how

/** The builder dtype, with struct fields the reader could only call "compound" spelled out. */
function effectiveDtype(dtype: BuilderDtype, zarrType: DataType, refFields: readonly string[]): BuilderDtype {
  if (!isCompound(dtype) || zarrType.kind !== "struct") return dtype;
  const fromStruct = (t: Extract<DataType, { kind: "struct" }>, refs: readonly string[]): CompoundField[] =>
    t.fields.map((f) => ({
      name: f.name,
      dtype: f.type.kind === "struct" ? fromStruct(f.type, []) : refs.includes(f.name) ? "object" : typeName(f.type),
    }));
  return dtype.some((f) => f.dtype === "compound") ? fromStruct(zarrType, refFields) : dtype;
}

function typeName(t: DataType): string {
  switch (t.kind) {
    case "numeric": return t.name;
    case "bool": return "bool";
    case "bytes": case "fixed-bytes": return "bytes";
    default: return "text";
  }
}

/**
 * One element of the source in the form the writer plans with: the fill value for plain types
 * (no read), the first real element for references and object arrays (their type needs a value).
 */
async function sampleOf(src: ZarrDataset): Promise<NdArray> {
  const shape = src.shape.map(() => 1);
  const dtype = src.array.dtype;
  if (src.shape.some((s) => s === 0)) return { dtype, shape: src.shape.slice(), data: allocate(dtype, 0) };
  const needsValue = src.isReference || src.referenceFields.length > 0 || dtype.kind === "object";
  if (!needsValue) return { dtype, shape, data: allocate(dtype, 1, src.array.fillValue) };
  return src.get(src.isScalar ? [] : shape.map(() => ({ start: 0, stop: 1 })));
}

/** Whether values go from the source chunks to the new array unchanged. */
function isPlainCopy(src: ZarrDataset, planned: DataType, format: ZarrFormat): boolean {
  const t = src.array.dtype;
  if (src.isReference || src.referenceFields.length > 0 || src.legacyScalar) return false;
  if (t.kind === "object" || (format === 2 && src.array.shape.length === 0)) return false;
  return sameType(planned, t);
}

/** Same element type, byte order aside (values are decoded and encoded again). */
function sameType(a: DataType, b: DataType): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "numeric": return a.name === (b as typeof a).name;
    case "fixed-utf32": case "fixed-bytes": return a.length === (b as typeof a).length;
    case "struct": {
      const bf = (b as typeof a).fields;
      return a.fields.length === bf.length && a.fields.every((f, i) => f.name === bf[i].name && sameType(f.type, bf[i].type));
    }
    default: return true;
  }
}

function sameKind(a: DataType, b: DataType): boolean {
  return a.kind === b.kind && (a.kind !== "numeric" || a.name === (b as typeof a).name) && a.kind !== "struct" && a.kind !== "object";
}

function hasFixedText(t: DataType): boolean {
  return t.kind === "fixed-utf32" || (t.kind === "struct" && t.fields.some((f) => hasFixedText(f.type)));
}

/** The wider of two plans of one struct: each text field as long as the longer one. */
function widen(a: DataType, b: DataType): DataType {
  if (a.kind === "fixed-utf32" && b.kind === "fixed-utf32") return { ...a, length: Math.max(a.length, b.length) };
  if (a.kind !== "struct" || b.kind !== "struct") return a;
  let offset = 0;
  const fields: StructField[] = a.fields.map((f, i) => {
    const type = widen(f.type, b.fields[i].type);
    const field = { name: f.name, type, offset };
    offset += itemSize(type) ?? 0;
    return field;
  });
  return { kind: "struct", fields, size: offset };
}

/** Read one block of the source (references resolved, legacy rows as records) and plan it as the writer would. */
async function convertBlock(ctx: WriteTreeContext, planner: { dtype: BuilderDtype }, src: ZarrDataset, selection: Slice[], where: ErrorLocation): Promise<DatasetPlan> {
  const values = await src.get(selection);
  if (src.array.dtype.kind === "object" && typeof planner.dtype === "string") checkScalarValues(values.data as unknown[], planner.dtype, where);
  return datasetPlan(ctx, planner, values, where);
}

/** Values of a legacy object array that claims a text/number type must be such values, not objects. */
function checkScalarValues(values: unknown[], dtype: string, where: ErrorLocation): void {
  const cls = classifyDtype(dtype);
  if (!cls || cls.kind === "reference") return;
  const bad = values.find((v) => v !== null && typeof v === "object" && !(v instanceof Uint8Array));
  if (bad !== undefined) {
    throw new UnsupportedWriteError(`cannot convert: an element of this '${dtype}' object array is ${JSON.stringify(bad)?.slice(0, 80)}, not a ${cls.kind} value`, where);
  }
}

// ------------------------------------------------------------------------------ chunks and codecs

/** Chunk shape, and codecs carried over from the source (undefined parts: the writer's defaults). */
interface Layout {
  chunks: number[];
  /** Settings for arrayMetadata: chunks, and v2 filters/compressor. */
  settings: DataIOSettings;
  /** v3 codec chain replacing the writer's default. */
  v3Codecs?: CodecJSON[];
}

/** The parts of a codec chain, by stage. */
interface ChainParts {
  arrayArray: CodecJSON[];
  serializer: CodecJSON;
  bytesBytes: CodecJSON[];
  /** Chunk shape the chain applies to (the inner chunks of a shard). */
  chunks: number[];
}

function chainParts(codecs: CodecJSON[], dtype: DataType, chunks: number[], format: ZarrFormat, where: ErrorLocation): ChainParts {
  const ctx = { dtype, chunkShape: chunks, zarrFormat: format, allowPickle: true, where };
  const parts: ChainParts = { arrayArray: [], serializer: { name: "bytes" }, bytesBytes: [], chunks };
  let seen = false;
  for (const json of codecs) {
    const kind = createCodec(json, ctx).kind;
    if (kind === "array-array" && !seen) parts.arrayArray.push(json);
    else if (kind === "array-bytes") ((parts.serializer = json), (seen = true));
    else parts.bytesBytes.push(json);
  }
  return parts;
}

/** The codecs inside a shard, as the chain of an unsharded array with the inner chunk shape. */
function unshard(parts: ChainParts, dtype: DataType, format: ZarrFormat, where: ErrorLocation): ChainParts {
  if (parts.serializer.name !== "sharding_indexed") return parts;
  const cfg = parts.serializer.configuration ?? {};
  const inner = chainParts(cfg.codecs as CodecJSON[], dtype, cfg.chunk_shape as number[], format, where);
  return unshard(inner, dtype, format, where);
}

/** The `bytes` serializer: the source's when it names a byte order, else little endian for multi-byte types. */
function bytesSerializer(json: CodecJSON, dtype: DataType): CodecJSON {
  if (json.name === "bytes" && json.configuration?.endian !== undefined) return json;
  return (itemSize(dtype) ?? 2) > 1 ? { name: "bytes", configuration: { endian: "little" } } : { name: "bytes" };
}

/** Whether a chain can encode chunks of this type (every codec known and in order). */
function works(codecs: CodecJSON[], dtype: DataType, chunks: number[], format: ZarrFormat, where: ErrorLocation): boolean {
  try {
    CodecPipeline.create(codecs, { dtype, chunkShape: chunks, zarrFormat: format, allowPickle: false, where });
    return true;
  } catch {
    return false;
  }
}

/** Chunks and codecs of the new array: the source's, in the destination's format, unless the settings say otherwise. */
function destinationLayout(format: ZarrFormat, source: ZarrArray, settings: DataIOSettings, dtype: DataType, where: ErrorLocation): Layout {
  const meta = source.metadata;
  const whole = chainParts(meta.codecs, meta.dtype, meta.chunkShape, meta.zarrFormat, where);
  const keepShards = format === 3 && meta.zarrFormat === 3 && settings.shards === undefined && (settings.chunks === undefined || sameShape(settings.chunks, meta.chunkShape));
  const parts = keepShards ? whole : unshard(whole, meta.dtype, meta.zarrFormat, where);
  const chunks = settings.chunks ?? parts.chunks;
  const userCodecs = format === 3
    ? settings.compressors !== undefined || settings.arrayCodecs !== undefined || settings.serializer !== undefined || settings.shards !== undefined
    : settings.compressor !== undefined || settings.compressors !== undefined || settings.filters !== undefined;
  if (userCodecs) return { chunks, settings: { chunks } };
  if (format === 3) {
    const serializer: CodecJSON =
      dtype.kind === "string" ? { name: "vlen-utf8", configuration: {} }
      : dtype.kind === "bytes" ? { name: "vlen-bytes", configuration: {} }
      : parts.serializer.name === "sharding_indexed" ? parts.serializer
      : bytesSerializer(parts.serializer, dtype);
    // A legacy F-order transpose only set the layout inside chunks; values are written in C order again.
    const arrayArray = meta.zarrFormat === 3 ? parts.arrayArray : parts.arrayArray.filter((c) => c.name !== "transpose");
    const codecs = [...arrayArray, serializer, ...parts.bytesBytes];
    return works(codecs, dtype, chunks, 3, where) ? { chunks, settings: { chunks }, v3Codecs: codecs } : { chunks, settings: { chunks } };
  }
  let filters: V2CodecJSON[];
  let compressor: V2CodecJSON | null;
  if (meta.zarrFormat === 2 && meta.v2) {
    // Same format: the object codec is the writer's to choose (json2, never pickle); the rest stays.
    const objectIds = new Set(["vlen-utf8", "vlen-bytes", "json2", "pickle", "json", "msgpack2"]);
    filters = (meta.v2.filters ?? []).filter((f) => !objectIds.has(f.id));
    compressor = meta.v2.compressor && !objectIds.has(meta.v2.compressor.id) ? meta.v2.compressor : null;
  } else {
    const arrayArray = parts.arrayArray.filter((c) => c.name !== "transpose").map(toV2Codec);
    const bytesBytes = parts.bytesBytes.map(toV2Codec);
    if ([...arrayArray, ...bytesBytes].some((c) => c === null)) return { chunks, settings: { chunks } };
    const mapped = [...arrayArray, ...bytesBytes].filter((c): c is V2CodecJSON => !!c);
    compressor = bytesBytes.some((c) => !!c) ? mapped.pop()! : null;
    filters = mapped;
  }
  const chain = v2CodecChain({ filters: v2Filters(dtype, filters), compressor, dtype, order: "C" });
  if (!works(chain, dtype, chunks, 2, where)) return { chunks, settings: { chunks } };
  return { chunks, settings: { chunks, filters, compressor: compressor ?? false } };
}

// ------------------------------------------------------------------------------ blocks

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/**
 * A block of whole chunks holding about BLOCK_BYTES of values: the innermost dimensions grow
 * first (so a block is contiguous in C order), never past the array. One chunk for
 * variable-length types, whose size is unknown.
 */
function blockShape(shape: number[], chunks: number[], dtype: DataType): number[] {
  const size = itemSize(dtype);
  const block = chunks.map((c, d) => Math.min(c, Math.max(1, shape[d])));
  if (size === undefined) return block;
  let budget = Math.floor(BLOCK_BYTES / Math.max(1, shapeSize(chunks) * size));
  for (let d = shape.length - 1; d >= 0 && budget > 1; d--) {
    const grid = Math.ceil(shape[d] / chunks[d]);
    const k = Math.max(1, Math.min(grid, budget));
    block[d] = Math.min(shape[d], chunks[d] * k);
    budget = Math.floor(budget / k);
  }
  return block;
}

/** Selections of consecutive blocks covering the array, in C order. */
function* blockSelections(shape: number[], block: number[]): Generator<Slice[]> {
  if (shape.some((s) => s === 0)) return;
  const starts = shape.map(() => 0);
  for (;;) {
    yield starts.map((s, d) => ({ start: s, stop: Math.min(shape[d], s + block[d]) }));
    let d = shape.length - 1;
    while (d >= 0) {
      starts[d] += block[d];
      if (starts[d] < shape[d]) break;
      starts[d] = 0;
      d--;
    }
    if (d < 0) return;
  }
}

/** Grid coordinates of the chunks (of shape `chunks`) a non-empty block selection covers, in C order. */
export function* chunksOf(selection: Slice[], chunks: number[]): Generator<number[]> {
  const lo = selection.map((s, d) => Math.floor((s.start ?? 0) / chunks[d]));
  const hi = selection.map((s, d) => Math.ceil((s.stop ?? 0) / chunks[d]));
  const idx = lo.slice();
  for (;;) {
    yield idx.slice();
    let d = idx.length - 1;
    while (d >= 0) {
      if (++idx[d] < hi[d]) break;
      idx[d] = lo[d];
      d--;
    }
    if (d < 0) return;
  }
}

/** Whether none of the source chunks of a block is stored (they all read as the fill value). */
async function allMissing(source: ZarrArray, selection: Slice[]): Promise<boolean> {
  const has = source.store.has?.bind(source.store);
  if (!has) return false;
  for (const coords of chunksOf(selection, source.chunkShape)) if (await has(source.chunkKey(coords))) return false;
  return true;
}

/** Whether a stored chunk of the source is, byte for byte, the same chunk of the destination. */
function sameStoredForm(source: ZarrArray, dest: ZarrArray): boolean {
  const a: ArrayMetadata = source.metadata;
  const b: ArrayMetadata = dest.metadata;
  return a.zarrFormat === b.zarrFormat && a.order === b.order && sameShape(a.chunkShape, b.chunkShape)
    && JSON.stringify(a.dtype) === JSON.stringify(b.dtype) && JSON.stringify(a.codecs) === JSON.stringify(b.codecs)
    && sameFill(source, dest);
}

function sameFill(source: ZarrArray, dest: ZarrArray): boolean {
  return JSON.stringify(source.fillValue, bigints) === JSON.stringify(dest.fillValue, bigints);
}

const bigints = (_k: string, v: unknown) => (typeof v === "bigint" ? `${v}n` : typeof v === "number" && !Number.isFinite(v) ? String(v) : v);

/**
 * Copy every stored chunk's bytes (missing chunks stay missing: they read as the same fill value),
 * each read under the source's stored-chunk cap.
 */
async function copyStoredChunks(source: ZarrArray, dest: ZarrArray): Promise<void> {
  const store = dest.store as WritableStore;
  await forEachConcurrent(source.chunkCoords(), RAW_CONCURRENCY, async (coords) => {
    const bytes = await source.getStoredChunk(coords);
    if (bytes !== undefined) await store.set(dest.chunkKey(coords), bytes);
  });
}
