/**
 * Write direction, datasets: a field value (in-memory data, lazy data read from a file, a data
 * wrapper) → a DatasetBuilder with the dtype the spec asks for and the dimension labels of its
 * `dims`. Containers in the data (reference datasets, reference fields of compounds) become
 * ReferenceBuilders once every object of the tree has its builder.
 */
import { DatasetBuilder, ReferenceBuilder, type GroupBuilder } from "../format/builders.js";
import { DataIOBase, RewrappedData, isNdArray, shapeOf, type BuilderDtype } from "../data/index.js";
import { ZarrDataset } from "../format/zarr-dataset.js";
import type { DatasetSpec } from "../spec/model/dataset-spec.js";
import { isCompound, isReference } from "../spec/model/dtype-spec.js";
import type { NdArray } from "../zarr/dtype.js";
import { isContainer } from "./brands.js";
import type { Container } from "./container.js";
import { datasetDtype, dimensionLabels } from "./dtype-convert.js";
import { LazyData } from "./lazy-data.js";

/** What building a dataset needs from the build manager. */
export interface DataBuildContext {
  /** The builder a reference points to. */
  targetOf(container: Container): Promise<GroupBuilder | DatasetBuilder>;
  /** Run a task once the whole tree is built. */
  defer(task: () => Promise<void>): void;
  /** Whether datasets read from a file are linked (true) or copied (false). */
  linkData: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;

/** Whether data holds containers anywhere (elements or compound fields). */
export function holdsContainers(data: unknown): boolean {
  if (isContainer(data)) return true;
  if (isNdArray(data)) return data.dtype.kind === "object" && Array.prototype.some.call(data.data, holdsContainers);
  if (Array.isArray(data)) return data.some(holdsContainers);
  if (isRecord(data)) return Object.values(data).some(holdsContainers);
  return false;
}

/** Data with every container replaced by a reference to its builder. */
async function withReferences(data: unknown, ctx: DataBuildContext): Promise<unknown> {
  if (isContainer(data)) return new ReferenceBuilder(await ctx.targetOf(data));
  if (isNdArray(data)) return { ...data, data: (await withReferences(Array.from(data.data as ArrayLike<unknown>), ctx)) as unknown[] } as NdArray;
  if (Array.isArray(data)) return Promise.all(data.map((v) => withReferences(v, ctx)));
  if (isRecord(data)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) out[k] = await withReferences(v, ctx);
    return out;
  }
  return data;
}

/** Build the dataset `name` of a field value. `spec` is the member (or type) spec it fills. */
export async function buildDataset(name: string, value: unknown, spec: DatasetSpec | undefined, ctx: DataBuildContext): Promise<DatasetBuilder> {
  const oneDim = spec !== undefined && (isReference(spec.dtype) || isCompound(spec.dtype));
  const labelsFor = (data: unknown) => {
    const shape = shapeOf(data);
    return dimensionLabels(spec, oneDim && shape.length ? [shape[0]] : shape);
  };
  if (value instanceof LazyData || value instanceof ZarrDataset) {
    const lazy = value instanceof LazyData ? value : new LazyData(value);
    const dtype = lazy.dtype as BuilderDtype;
    const dimensionLabels = labelsFor(lazy);
    if (lazy.hasReferences && !ctx.linkData) {
      // Copied references must point into the new tree: read them now, re-point them at the end.
      const nd = await lazy.get();
      const ds = new DatasetBuilder(name, undefined, { dtype, dimensionLabels });
      ctx.defer(async () => {
        ds.data = await withReferences(lazy.isScalar ? (nd.data as unknown[])[0] : nd, ctx);
      });
      return ds;
    }
    return new DatasetBuilder(name, lazy.dataset, { dtype, dimensionLabels });
  }
  const inner = value instanceof DataIOBase ? value.data : value;
  let dtype = datasetDtype(spec, inner);
  const dimensionLabelsNow = labelsFor(inner);
  if (holdsContainers(inner)) {
    dtype ??= "object";
    const ds = new DatasetBuilder(name, undefined, { dtype, dimensionLabels: dimensionLabelsNow });
    ctx.defer(async () => {
      const refs = await withReferences(inner, ctx);
      // Keep the chunking and compression a ZarrDataIO gave the references.
      ds.data = value instanceof DataIOBase ? new RewrappedData(refs, value.getIoSettings()) : refs;
    });
    return ds;
  }
  return new DatasetBuilder(name, value, { dtype, dimensionLabels: dimensionLabelsNow });
}
