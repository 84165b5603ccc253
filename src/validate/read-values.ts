/**
 * The few values the validator reads: one element (an isodatetime's format, the type of an object
 * array, a scalar's fixed value) and a bounded prefix of a reference dataset (its targets' types).
 * Stored arrays are read through their ZarrDataset, never whole when large; in-memory data is used
 * flattened as the writer flattens it (ragged lists are unreadable).
 */
import { flatten } from "../data/index.js";
import { HdmfZarrError } from "../errors.js";
import { ZarrDataset } from "../format/zarr-dataset.js";
import { slice } from "../zarr/indexing.js";

/** A value read, or why it could not be read. */
export type ReadResult<T> = { ok: true; value: T } | { ok: false; error: HdmfZarrError };

async function attempt<T>(read: () => Promise<T>): Promise<ReadResult<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (e) {
    if (e instanceof HdmfZarrError) return { ok: false, error: e };
    throw e;
  }
}

/** The first element of dataset data (undefined when it has none), as stored (references unresolved). */
export function readFirst(data: unknown): Promise<ReadResult<unknown>> {
  return attempt(async () => {
    if (!(data instanceof ZarrDataset)) return flatten(data).values[0];
    if (data.size === 0) return undefined;
    const nd = await data.getRaw(data.isScalar ? undefined : data.shape.map(() => 0));
    return nd.data[0];
  });
}

/** Every element of small dataset data (at most `max`), else undefined. */
export function readSmall(data: unknown, max: number): Promise<ReadResult<unknown[] | undefined>> {
  return attempt(async () => {
    if (!(data instanceof ZarrDataset)) return Array.from(flatten(data).values);
    if (data.size > max) return undefined;
    return Array.from((await data.getRaw()).data as ArrayLike<unknown>);
  });
}

/**
 * Elements of a reference (or compound with reference fields) dataset with references resolved to
 * ReferenceBuilders: all of them, or the first rows holding at most `max` elements.
 */
export function readReferences(data: unknown, max: number): Promise<ReadResult<{ values: unknown[]; partial: boolean }>> {
  return attempt(async () => {
    if (!(data instanceof ZarrDataset)) {
      const all = Array.from(flatten(data).values);
      return { values: all.slice(0, max), partial: all.length > max };
    }
    if (data.size === 0 || max === 0) return { values: [], partial: data.size > 0 };
    if (data.size <= max || data.isScalar) return { values: Array.from((await data.get()).data as ArrayLike<unknown>), partial: false };
    const perRow = data.size / data.shape[0];
    const rows = Math.max(1, Math.floor(max / perRow));
    return { values: Array.from((await data.get([slice(0, rows)])).data as ArrayLike<unknown>), partial: true };
  });
}
