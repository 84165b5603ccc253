/**
 * The value of a dataset field read from a file: a thin wrapper over the file's lazy ZarrDataset.
 * Nothing is read until `get()`/`read()` is called; reference elements (whole-element references and
 * reference fields of compounds) come back as the containers they point to.
 */
import type { DatasetBuilder, GroupBuilder } from "../format/builders.js";
import { ReferenceBuilder } from "../format/builders.js";
import type { LazyArray } from "../data/index.js";
import type { ZarrDataset } from "../format/zarr-dataset.js";
import type { NdArray } from "../zarr/dtype.js";
import type { Selection } from "../zarr/indexing.js";
import { toNested } from "./nd-values.js";

/** Maps a referenced builder to what a reader should see (its container, when it has one). */
export type BuilderResolver = (builder: GroupBuilder | DatasetBuilder) => unknown;

/** Options of {@link LazyData}. */
export interface LazyDataOptions {
  /**
   * The spec says text (or an ISO date-time): byte-string elements (legacy `|S` and vlen-bytes
   * arrays) are decoded as UTF-8.
   */
  decodeText?: boolean;
}

const decoder = new TextDecoder();

/** About how many rows an iteration reads at once (rounded to whole chunks). */
const ROWS_PER_STEP = 1024;

/** A dataset read lazily from a file. */
export class LazyData implements LazyArray {
  /** Brand of a {@link LazyArray}. */
  readonly isLazyArray = true as const;
  /** The file's dataset. */
  readonly dataset: ZarrDataset;
  private readonly resolveBuilder?: BuilderResolver;
  protected readonly options: LazyDataOptions;

  constructor(dataset: ZarrDataset, resolve?: BuilderResolver, options: LazyDataOptions = {}) {
    this.dataset = dataset;
    this.resolveBuilder = resolve;
    this.options = options;
  }

  /** Shape as hdmf sees it (`[]` for scalars). Metadata only. */
  get shape(): number[] {
    return this.dataset.shape;
  }

  /** Length of the first dimension (1 for a scalar). */
  get length(): number {
    return this.shape.length === 0 ? 1 : this.shape[0];
  }

  get size(): number {
    return this.dataset.size;
  }

  get isScalar(): boolean {
    return this.dataset.isScalar;
  }

  /** The hdmf dtype of the stored values. */
  get dtype() {
    return this.dataset.dtype;
  }

  /** Whether elements, or some compound fields, are references. */
  get hasReferences(): boolean {
    return this.dataset.isReference || this.dataset.referenceFields.length > 0;
  }

  /** Path of the dataset in its file. */
  get path(): string {
    return this.dataset.path;
  }

  private resolveValue(v: unknown): unknown {
    if (!(v instanceof ReferenceBuilder)) return v;
    return this.resolveBuilder ? this.resolveBuilder(v.builder) : v;
  }

  /** Values of a selection; references resolved to containers. Reads only the chunks needed. */
  async get(selection?: Selection): Promise<NdArray> {
    let nd = await this.dataset.get(selection);
    if (this.options.decodeText && (nd.dtype.kind === "bytes" || nd.dtype.kind === "fixed-bytes" || nd.dtype.kind === "object")) {
      const data = Array.from(nd.data as ArrayLike<unknown>, (v) => (v instanceof Uint8Array ? decoder.decode(v) : v));
      nd = { ...nd, dtype: { kind: "string" }, data };
    }
    if (!this.hasReferences) return nd;
    const fields = this.dataset.referenceFields;
    const data = (nd.data as unknown[]).map((v) => {
      if (this.dataset.isReference) return this.resolveValue(v);
      const rec = { ...(v as Record<string, unknown>) };
      for (const f of fields) rec[f] = this.resolveValue(rec[f]);
      return rec;
    });
    return { ...nd, data };
  }

  /** One row (`data[i]`; negative counts from the end): reads only the chunks holding it. */
  async getItem(index: number): Promise<unknown> {
    const i = index < 0 ? this.length + index : index;
    return toNested(await this.get([i]));
  }

  /** Rows `start` to `stop` (exclusive; `data[start:stop]`) as nested lists: reads only their chunks. */
  async slice(start?: number | null, stop?: number | null): Promise<unknown[]> {
    return toNested(await this.get([{ start, stop }])) as unknown[];
  }

  /** Every row in order (`for row in data`), reading a block of whole chunks at a time. */
  async *[Symbol.asyncIterator](): AsyncIterator<unknown> {
    const chunk = Math.max(1, this.dataset.array.chunkShape[0] ?? 1);
    const step = chunk * Math.max(1, Math.floor(ROWS_PER_STEP / chunk));
    for (let start = 0; start < this.length; start += step) yield* await this.slice(start, Math.min(start + step, this.length));
  }

  /** All values: the bare value of a scalar, else the NdArray. Reads the whole dataset. */
  async read(): Promise<unknown> {
    const nd = await this.get();
    return this.isScalar ? (nd.data as ArrayLike<unknown>)[0] : nd;
  }

  /** All values as nested JS lists (a bare value for scalars); safe int64 values as numbers. */
  async toList(selection?: Selection): Promise<unknown> {
    return toNested(await this.get(selection));
  }
}
