/**
 * Writing a region of an existing array, holding the chunk locks of the store's synchronizer
 * when it has one. Kept apart from the dataset writer so that write workers load only this.
 */
import { keyLockerOf } from "../store/file-lock.js";
import type { WriteValue, ZarrArray } from "../zarr/array.js";
import { planSelection, type Selection } from "../zarr/indexing.js";

/**
 * Write a region of an array. When the store carries a synchronizer (locks shared with other
 * processes), the locks of every chunk the region touches are held for the read-modify-write.
 */
export async function writeRegion(array: ZarrArray, selection: Selection | null | undefined, value: WriteValue): Promise<void> {
  const locker = keyLockerOf(array.store);
  if (!locker) return array.set(selection, value);
  const plan = planSelection(selection, array.shape, array.chunkShape, { store: array.store.description, path: "/" + array.path });
  const keys = Array.from(plan.projections(), (p) => array.chunkKey(p.coords));
  await locker.withKeys(keys, () => array.set(selection, value));
}
