/**
 * Appending object references in place to a reference dataset of a file (hdmf's `append_data` on
 * the Zarr array, as hdmf-zarr's `DatasetOfReferences.append` does): the array grows along its
 * first axis in its metadata and only the chunks holding the new rows are written. Until they are,
 * the array carries the incomplete-write mark, as every write does.
 */
import { UnsupportedWriteError } from "../errors.js";
import type { ZarrHierarchy } from "../zarr/hierarchy.js";
import type { DatasetBuilder, GroupBuilder } from "./builders.js";
import { formatElementReference, type RefTarget } from "./references.js";
import { refExtra } from "./dataset-plan.js";
import type { ZarrDataset } from "./zarr-dataset.js";
import { growDatasets, storedRows } from "./append-values.js";

/** One reference to append: where it points, and the builder it names (for a legacy element's object ids). */
export interface AppendedReference {
  target: RefTarget;
  builder: GroupBuilder | DatasetBuilder;
}

/** Refuse, before any change, a dataset that cannot take appended references. */
export function checkAppendable(dataset: ZarrDataset): void {
  const where = { store: dataset.array.store.description, path: dataset.path };
  if (!dataset.isReference) throw new UnsupportedWriteError("only datasets whose elements are references take appended references (not compound datasets)", where);
  if (dataset.shape.length !== 1) throw new UnsupportedWriteError(`cannot append to a reference dataset of shape [${dataset.shape}]; only 1-d ones grow`, where);
}

/**
 * Append references to the end of a 1-d reference dataset, resizing its array in `hierarchy`
 * (the writable hierarchy of the dataset's file). The dataset then reads the grown array.
 */
export async function appendReferences(hierarchy: ZarrHierarchy, dataset: ZarrDataset, refs: readonly AppendedReference[]): Promise<void> {
  checkAppendable(dataset);
  if (!refs.length) return;
  const data = refs.map(({ target, builder }) => formatElementReference(target, hierarchy.format, refExtra(builder)));
  await growDatasets(hierarchy, [{ dataset, rows: storedRows(dataset, data) }]);
}
