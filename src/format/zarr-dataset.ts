/**
 * A dataset read from a file: metadata now, values on request. `get(selection)` reads only the
 * chunks it needs; reference elements come back as ReferenceBuilders.
 */
import { MetadataError, type ErrorLocation } from "../errors.js";
import type { ZarrArray } from "../zarr/array.js";
import type { NdArray } from "../zarr/dtype.js";
import type { Selection } from "../zarr/indexing.js";
import type { BuilderDtype, LazyArray } from "../data/index.js";
import { ReferenceBuilder, type DatasetBuilder, type GroupBuilder } from "./builders.js";
import { elementReference, type RefTarget } from "./references.js";

/** Resolves a reference target to the builder it names. */
export type TargetResolver = (target: RefTarget, where: ErrorLocation) => Promise<GroupBuilder | DatasetBuilder>;

export interface ZarrDatasetOptions {
  /** hdmf dtype (from `_DTYPE`/`zarr_dtype` or the Zarr type). */
  dtype: BuilderDtype;
  /** Legacy `[1]`-shaped scalar (`zarr_dtype: "scalar"`). */
  legacyScalar?: boolean;
  /** Every element is a reference. */
  isReference?: boolean;
  /** Compound fields that hold references. */
  referenceFields?: string[];
  resolve: TargetResolver;
}

/**
 * The file object that can change a dataset it read in place (a ZarrIO in mode `a` or `r+`);
 * `targets` are what the references point to (containers or builders).
 */
export interface DatasetOwner {
  appendReferences(dataset: ZarrDataset, targets: readonly unknown[]): Promise<void>;
  /** The build manager the owner reads containers with (hdmf's `io.manager`), if it has one yet. */
  readonly manager?: object;
  /** The mode the file is open in (`r` refuses every change). */
  readonly mode: string;
  /**
   * Queue rows to append in place to several datasets of the file (the columns of one table row),
   * after `check` (run in turn, before any change) passes; settles once they are written.
   */
  appendRows(columns: readonly RowValues[], check?: () => Promise<void>): Promise<void>;
}

/** New rows for one dataset: values of its rows (for a reference dataset, the containers or builders they point to). */
export interface RowValues {
  dataset: ZarrDataset;
  values: readonly unknown[];
}

/** A dataset of a Zarr file, read lazily. */
export class ZarrDataset implements LazyArray {
  /** Brand of a {@link LazyArray}. */
  readonly isLazyArray = true as const;
  /** The array read; replaced by {@link useArray} when the dataset grows in place. */
  array: ZarrArray;
  readonly dtype: BuilderDtype;
  readonly legacyScalar: boolean;
  readonly isReference: boolean;
  readonly referenceFields: readonly string[];
  private readonly resolve: TargetResolver;
  /** The file object that read this dataset, set by it; appends go through it. */
  owner?: DatasetOwner;

  constructor(array: ZarrArray, options: ZarrDatasetOptions) {
    this.array = array;
    this.dtype = options.dtype;
    this.legacyScalar = options.legacyScalar ?? false;
    this.isReference = options.isReference ?? false;
    this.referenceFields = options.referenceFields ?? [];
    this.resolve = options.resolve;
  }

  /** Read `array` from now on: the same node after it was resized in place (an append). */
  useArray(array: ZarrArray): void {
    if (array.path !== this.array.path) throw new MetadataError(`cannot swap in the array '${array.path}'`, { store: this.array.store.description, path: this.path });
    this.array = array;
  }

  /** Shape as hdmf sees it: `[]` for scalars of either convention. */
  get shape(): number[] {
    return this.legacyScalar ? [] : this.array.shape;
  }

  get isScalar(): boolean {
    return this.shape.length === 0;
  }

  /** Number of elements. */
  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  /** Path of the array in its store. */
  get path(): string {
    return "/" + this.array.path;
  }

  /** Values as stored (references as path strings or dicts), for a selection. */
  async getRaw(selection?: Selection): Promise<NdArray> {
    if (this.legacyScalar) return this.array.get([0]);
    return this.array.get(selection);
  }

  /** Legacy compounds stored as object arrays hold rows as lists: name their fields. */
  private asRecords(nd: NdArray): NdArray {
    const fields = this.dtype;
    if (!Array.isArray(fields) || nd.dtype.kind !== "object") return nd;
    const toRecord = (row: unknown, fs: typeof fields): unknown =>
      Array.isArray(row)
        ? Object.fromEntries(fs.map((f, i) => [f.name, Array.isArray(f.dtype) ? toRecord(row[i], f.dtype) : row[i]]))
        : row;
    return { ...nd, data: (nd.data as unknown[]).map((row) => toRecord(row, fields)) };
  }

  /** Values for a selection, with references resolved to ReferenceBuilders. */
  async get(selection?: Selection): Promise<NdArray> {
    const raw = await this.asRecords(await this.getRaw(selection));
    if (!this.isReference && this.referenceFields.length === 0) return raw;
    const where = { store: this.array.store.description, path: this.path };
    const toRef = async (v: unknown) => new ReferenceBuilder(await this.resolve(elementReference(v, where), where));
    const data = raw.data as unknown[];
    const out = await Promise.all(
      data.map(async (v) => {
        if (this.isReference) return toRef(v);
        const rec = { ...(v as Record<string, unknown>) };
        for (const f of this.referenceFields) rec[f] = await toRef(rec[f]);
        return rec;
      }),
    );
    return { ...raw, data: out };
  }

  /** All values: the bare value for a scalar, else the NdArray. Reads the whole array; prefer `get(selection)` for big ones. */
  async read(): Promise<unknown> {
    const nd = await this.get();
    return this.isScalar ? nd.data[0] : nd;
  }
}
