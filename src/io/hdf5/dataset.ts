/**
 * One HDF5 dataset as the writer's data: a BlockSource that reads chunk-aligned hyper-slabs with
 * h5wasm (so a large array is never held whole), plus `read()` for small values. References come
 * back as ReferenceBuilders of the tree being exported; compound rows as records by field name.
 */
import type { ErrorLocation } from "../../errors.js";
import type { BlockSource, BlockSourceInfo, BuilderDtype, DataBlock } from "../../data/index.js";
import { ReferenceBuilder, type DatasetBuilder, type GroupBuilder } from "../../format/builders.js";
import { shapeSize, type NdArray } from "../../zarr/dtype.js";
import type { H5Dataset, H5Filter, H5Metadata, H5Module, H5Slice } from "./h5wasm-api.js";
import { checkReadable } from "./filters.js";
import { isH5Reference, readRawRecords, referencedPath } from "./references.js";
import { builderDtype, elementSize, hdf5Kind, numericValues, plainType, textValue, type Hdf5Kind } from "./types.js";
import { Hdf5ReadError } from "./errors.js";

/** Bytes of values per block read from HDF5 (whole source chunks along the first axis). */
const BLOCK_BYTES = 16 << 20;
/** Bytes assumed per element for values that are objects once read (strings, references). */
const OBJECT_BYTES = 64;

/** What a dataset needs from the file it belongs to. */
export interface Hdf5DatasetContext {
  Module: H5Module;
  fileId: bigint;
  /** The HDF5 file, for error messages. */
  file: string;
  /** The builder of the object at an absolute path of the file (for references). */
  resolve(path: string, where: ErrorLocation): GroupBuilder | DatasetBuilder;
}

/** An HDF5 dataset, read lazily. */
export class Hdf5Dataset implements BlockSource {
  readonly isBlockSource = true as const;
  /** Absolute path in the HDF5 file. */
  readonly path: string;
  /** Shape (`[]` for a scalar). */
  readonly shape: number[];
  /** HDF5 chunk shape, undefined for contiguous or compact storage. */
  readonly chunks?: number[];
  /** Maximum shape (`null` = unlimited). */
  readonly maxshape: (number | null)[];
  readonly filters: H5Filter[];
  readonly metadata: H5Metadata;
  readonly kind: Hdf5Kind;
  /** The hdmf dtype of the values. */
  readonly dtype: BuilderDtype;
  private readonly ctx: Hdf5DatasetContext;
  private readonly ds: H5Dataset;

  constructor(ctx: Hdf5DatasetContext, ds: H5Dataset) {
    this.ctx = ctx;
    this.ds = ds;
    this.path = ds.path;
    this.metadata = ds.metadata;
    this.shape = [...(ds.shape ?? [])];
    this.chunks = this.metadata.chunks ? [...this.metadata.chunks] : undefined;
    // h5wasm gives H5S_UNLIMITED as 2**64 (a float)
    this.maxshape = (this.metadata.maxshape ?? this.shape).map((m) => (m >= Number.MAX_SAFE_INTEGER ? null : m));
    this.filters = ds.filters ?? [];
    this.kind = hdf5Kind(this.metadata, this.where);
    this.dtype = builderDtype(this.kind);
  }

  private get where(): ErrorLocation {
    return { store: this.ctx.file, path: this.path };
  }

  get isScalar(): boolean {
    return this.shape.length === 0;
  }

  /** Bytes per element when stored plainly (the shuffle element size); 0 when the values are objects. */
  get itemSize(): number {
    return elementSize(this.kind, this.metadata);
  }

  info(): BlockSourceInfo {
    return { dtype: this.dtype, maxShape: this.shape.slice(), chunkShape: this.chunks?.slice() };
  }

  /** Blocks of whole chunks of `chunkShape`: several along the first axis, one per chunk along the others. */
  async *blocks(chunkShape: number[]): AsyncIterable<DataBlock> {
    if (this.isScalar) {
      yield { offset: [], shape: [], values: this.readFlat([], []) };
      return;
    }
    if (shapeSize(this.shape) === 0) return;
    const chunk = this.shape.map((s, i) => Math.max(1, Math.min(s, chunkShape[i] ?? s)));
    const bytes = shapeSize(chunk) * (this.itemSize || OBJECT_BYTES);
    const rows = chunk[0] * Math.max(1, Math.floor(BLOCK_BYTES / bytes));
    const grid = this.shape.map((s, i) => Math.ceil(s / chunk[i]));
    const inner = grid.slice(1);
    for (let start = 0; start < this.shape[0]; start += rows) {
      const index = inner.map(() => 0);
      for (;;) {
        const offset = [start, ...index.map((k, i) => k * chunk[i + 1])];
        const count = offset.map((o, i) => Math.min(i === 0 ? rows : chunk[i], this.shape[i] - o));
        yield { offset, shape: count, values: this.readFlat(offset, count) };
        let axis = inner.length - 1;
        while (axis >= 0 && ++index[axis] === inner[axis]) index[axis--] = 0;
        if (axis < 0) break;
      }
    }
  }

  /** The values of a hyper-slab (the whole dataset by default) as an n-d array the writer takes. */
  read(offset: number[] = this.shape.map(() => 0), count: number[] = this.shape.slice()): NdArray {
    const data = this.readFlat(offset, count);
    const dtype = plainType(this.kind) ?? { kind: this.kind.kind === "text" ? "string" : "object" };
    return { dtype, shape: count.slice(), data: data as NdArray["data"] };
  }

  /** Flat C-order values of a hyper-slab. */
  readFlat(offset: number[], count: number[]): ArrayLike<unknown> {
    checkReadable(this.filters, this.where);
    const n = shapeSize(count);
    if (n === 0) return numericOrEmpty(this.kind);
    let raw: unknown;
    try {
      raw = this.isScalar ? this.ds.value : this.ds.slice(offset.map((o, i): H5Slice => [o, o + count[i]]));
    } catch (e) {
      throw new Hdf5ReadError(`reading the values failed: ${(e as Error).message}`, this.where, { cause: e });
    }
    const list = (this.isScalar ? [raw] : raw) as ArrayLike<unknown>;
    switch (this.kind.kind) {
      case "numeric": return numericValues(this.kind.name, this.isScalar ? raw : list);
      case "bool": return Array.from(list, (v) => Number(v) !== 0);
      case "text": return Array.from(list, textValue);
      case "reference": return Array.from(list, (v) => this.reference(v));
      case "compound": return this.compoundRows(list, offset, count);
    }
  }

  private reference(v: unknown): ReferenceBuilder {
    const ref = Array.isArray(v) && v.length === 1 ? v[0] : v;
    if (!isH5Reference(ref)) throw new Hdf5ReadError(`expected an object reference, got ${JSON.stringify(ref)}`, this.where);
    return this.referenceAt(ref.ref_data);
  }

  private referenceAt(bytes: Uint8Array): ReferenceBuilder {
    const path = referencedPath(this.ctx.Module, this.ctx.fileId, bytes, this.where);
    return new ReferenceBuilder(this.ctx.resolve(path, this.where));
  }

  /** Rows as records; reference members (which h5wasm leaves empty) decoded from the raw record bytes. */
  private compoundRows(rows: ArrayLike<unknown>, offset: number[], count: number[]): Record<string, unknown>[] {
    const kind = this.kind as Extract<Hdf5Kind, { kind: "compound" }>;
    const size = this.metadata.size;
    const raw = hasReference(kind) ? readRawRecords(this.ctx.Module, this.ctx.fileId, this.path, size, { offset, count }, this.where) : undefined;
    const record = (k: Extract<Hdf5Kind, { kind: "compound" }>, row: unknown, base: number): Record<string, unknown> => {
      const values = row as unknown[];
      return Object.fromEntries(k.fields.map((f, i) => {
        const v = values?.[i];
        switch (f.type.kind) {
          case "reference": return [f.name, this.referenceAt(raw!.subarray(base + f.offset, base + f.offset + f.size))];
          case "compound": return [f.name, record(f.type, v, base + f.offset)];
          case "text": return [f.name, textValue(v)];
          case "bool": return [f.name, Number(v) !== 0];
          case "numeric": return [f.name, f.type.name.endsWith("64") && f.type.name !== "float64" ? BigInt(v as number | bigint) : Number(v)];
        }
      }));
    };
    return Array.from(rows, (row, i) => record(kind, row, i * size));
  }
}

function hasReference(kind: Hdf5Kind): boolean {
  return kind.kind === "reference" || (kind.kind === "compound" && kind.fields.some((f) => hasReference(f.type)));
}

function numericOrEmpty(kind: Hdf5Kind): ArrayLike<unknown> {
  return kind.kind === "numeric" ? numericValues(kind.name, []) : [];
}
