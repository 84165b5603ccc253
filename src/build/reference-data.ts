/**
 * Datasets of object references read from a file, as hdmf-zarr's `zarr_utils` hands them to
 * containers: a column's `data` of references is a ContainerZarrReferenceDataset, a compound one
 * with reference fields a ContainerZarrTableDataset. Rows resolve when asked (`get`, `getItem`,
 * `slice`, iteration: only the chunks of those rows are read); `invert()` gives the same dataset
 * resolving to builders (hdmf's BuilderZarr… classes) and back; `append()` adds a reference in
 * place to the file's dataset (mode `a` / `r+`).
 */
import { InvalidArgumentError, UnsupportedWriteError } from "../errors.js";
import type { DatasetOwner, ZarrDataset } from "../format/zarr-dataset.js";
import { LazyData, type BuilderResolver, type LazyDataOptions } from "./lazy-data.js";

/** Rows of the Builder… classes keep the builders the references name. */
const asBuilder: BuilderResolver = (b) => b;

/** What the four classes share: the container resolver (kept for `invert()`) and appends. */
abstract class ZarrReferenceData extends LazyData {
  /** Maps a referenced builder to its container; the Container… classes resolve rows with it. */
  protected readonly toContainer: BuilderResolver;
  /** What a referenced builder becomes in a row: its container, or the builder itself. */
  private readonly resolveTarget: BuilderResolver;

  constructor(dataset: ZarrDataset, toContainer: BuilderResolver, resolve: BuilderResolver, options: LazyDataOptions = {}) {
    super(dataset, resolve, options);
    this.toContainer = toContainer;
    this.resolveTarget = resolve;
  }

  /** The ZarrIO that read the dataset (hdmf-zarr's `.io`); undefined for a dataset read otherwise. */
  get io(): DatasetOwner | undefined {
    return this.dataset.owner;
  }

  /** The same dataset resolving rows the other way (containers ⇄ builders). */
  abstract invert(): ZarrReferenceData;

  /**
   * Every row, resolved (hdmf-zarr's `resolve(manager)`, which is `data[0:len(data)]`). Rows
   * resolve through the manager of the ZarrIO that read them; `manager` is taken for parity and
   * must be that one, since another manager would hand back other containers.
   */
  async resolve(manager?: object): Promise<unknown[]> {
    if (manager !== undefined && manager !== this.io?.manager) {
      throw new InvalidArgumentError("resolve(manager): rows resolve through the manager of the ZarrIO that read this dataset; pass that one or none", this.where);
    }
    return this.slice();
  }

  /** What a referenced builder resolves to in this dataset's rows (hdmf's `get_object`). */
  getObject(builder: Parameters<BuilderResolver>[0]): unknown {
    return this.resolveTarget(builder);
  }

  private get where() {
    return { store: this.dataset.array.store.description, path: this.path };
  }

  /**
   * Append a reference to `target` (a container or builder of a file) at the end of the file's
   * dataset, in place: the file must be open in mode `a` or `r+`.
   */
  async append(target: unknown): Promise<void> {
    const where = this.where;
    if (this.dataset.referenceFields.length) throw new UnsupportedWriteError("appending a row to a compound dataset with reference fields is not supported", where);
    if (!this.io) throw new UnsupportedWriteError("this dataset was not read by a ZarrIO, so nothing can write to it", where);
    await this.io.appendReferences(this.dataset, [target]);
  }
}

/** References resolved to containers (hdmf-zarr's ContainerZarrReferenceDataset). */
export class ContainerZarrReferenceDataset extends ZarrReferenceData {
  constructor(dataset: ZarrDataset, toContainer: BuilderResolver, options?: LazyDataOptions) {
    super(dataset, toContainer, toContainer, options);
  }
  /** The same dataset with rows resolved to builders. */
  invert(): BuilderZarrReferenceDataset {
    return new BuilderZarrReferenceDataset(this.dataset, this.toContainer, this.options);
  }
}

/** References resolved to builders (hdmf-zarr's BuilderZarrReferenceDataset). */
export class BuilderZarrReferenceDataset extends ZarrReferenceData {
  constructor(dataset: ZarrDataset, toContainer: BuilderResolver, options?: LazyDataOptions) {
    super(dataset, toContainer, asBuilder, options);
  }
  /** The same dataset with rows resolved to containers. */
  invert(): ContainerZarrReferenceDataset {
    return new ContainerZarrReferenceDataset(this.dataset, this.toContainer, this.options);
  }
}

/** Compound rows with reference fields resolved to containers (hdmf-zarr's ContainerZarrTableDataset). */
export class ContainerZarrTableDataset extends ZarrReferenceData {
  constructor(dataset: ZarrDataset, toContainer: BuilderResolver, options?: LazyDataOptions) {
    super(dataset, toContainer, toContainer, options);
  }
  /** The same dataset with reference fields resolved to builders. */
  invert(): BuilderZarrTableDataset {
    return new BuilderZarrTableDataset(this.dataset, this.toContainer, this.options);
  }
}

/** Compound rows with reference fields resolved to builders (hdmf-zarr's BuilderZarrTableDataset). */
export class BuilderZarrTableDataset extends ZarrReferenceData {
  constructor(dataset: ZarrDataset, toContainer: BuilderResolver, options?: LazyDataOptions) {
    super(dataset, toContainer, asBuilder, options);
  }
  /** The same dataset with reference fields resolved to containers. */
  invert(): ContainerZarrTableDataset {
    return new ContainerZarrTableDataset(this.dataset, this.toContainer, this.options);
  }
}

/**
 * The lazy value of a file's dataset as containers see it: a ContainerZarrReferenceDataset for
 * references, a ContainerZarrTableDataset for compounds with reference fields, else a LazyData.
 */
export function lazyDataOf(dataset: ZarrDataset, toContainer: BuilderResolver, options: LazyDataOptions = {}): LazyData {
  if (dataset.isReference) return new ContainerZarrReferenceDataset(dataset, toContainer, options);
  if (dataset.referenceFields.length) return new ContainerZarrTableDataset(dataset, toContainer, options);
  return new LazyData(dataset, toContainer, options);
}
