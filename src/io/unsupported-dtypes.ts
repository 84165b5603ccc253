/**
 * Export refuses a file holding an array of a data type this package cannot hold (complex,
 * datetime …) before the destination is touched, as conversion does: its chunks could be neither
 * decoded nor written in the new file's form, and a copy without it would silently drop it.
 */
import { unwrapData } from "../data/index.js";
import { DatasetBuilder, type GroupBuilder } from "../format/builders.js";
import { walkBuilders } from "../format/walk-builders.js";
import { ZarrDataset } from "../format/zarr-dataset.js";

/** Throw UnsupportedDtypeError (naming the store, the array and its type) for the first such array of the tree. */
export function refuseUnsupportedDtypes(root: GroupBuilder): void {
  for (const b of walkBuilders(root)) {
    if (!(b instanceof DatasetBuilder)) continue;
    const { data } = unwrapData(b.data);
    if (data instanceof ZarrDataset) data.array.assertSupportedDtype();
  }
}
