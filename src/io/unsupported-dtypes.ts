/**
 * Export and conversion refuse a file holding an array whose values they cannot carry, before the
 * destination is touched: a data type this package cannot hold at all (float128 …), and the types
 * that read and write here but that the hdmf writer has no dtype for (complex, datetime64,
 * timedelta64, raw bytes, structs with sub-array fields). A copy without such an array would
 * silently drop it, and a copy that stops at it would leave a partial file.
 */
import { unwrapData } from "../data/index.js";
import { UnsupportedDtypeError } from "../errors.js";
import { DatasetBuilder, type GroupBuilder } from "../format/builders.js";
import { walkBuilders } from "../format/walk-builders.js";
import { ZarrDataset } from "../format/zarr-dataset.js";
import type { ZarrArray } from "../zarr/array.js";
import { dtypeName, type DataType } from "../zarr/dtype.js";

/** Why export cannot carry values of this type, or undefined when it can. */
function uncopiedReason(dtype: DataType): string | undefined {
  switch (dtype.kind) {
    case "complex": case "datetime": case "timedelta": case "raw":
      return `'${dtypeName(dtype)}'`;
    case "struct": {
      const sub = dtype.fields.find((f) => f.shape);
      if (sub) return `'${dtypeName(dtype)}' (field '${sub.name}' is a sub-array)`;
      for (const f of dtype.fields) {
        const inner = uncopiedReason(f.type);
        if (inner) return inner;
      }
      return undefined;
    }
    default: return undefined;
  }
}

/**
 * Throw UnsupportedDtypeError, naming the store, the array and its type, when export or conversion
 * cannot carry the array's values.
 */
export function assertCopyableDtype(array: ZarrArray): void {
  array.assertSupportedDtype();
  const reason = uncopiedReason(array.dtype);
  if (reason) {
    throw new UnsupportedDtypeError(
      `values of type ${reason} read and write here, but export and conversion cannot carry them yet (hdmf has no such dtype); ` +
        "copy the array with ZarrArray get/set instead",
      { store: array.store.description, path: "/" + array.path },
    );
  }
}

/** Throw UnsupportedDtypeError for the first array of the tree whose values export cannot carry. */
export function refuseUnsupportedDtypes(root: GroupBuilder): void {
  for (const b of walkBuilders(root)) {
    if (!(b instanceof DatasetBuilder)) continue;
    const { data } = unwrapData(b.data);
    if (data instanceof ZarrDataset) assertCopyableDtype(data.array);
  }
}
