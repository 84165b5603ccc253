/**
 * What a conversion could not carry over, found before anything is written: for a Zarr source,
 * attributes the writer cannot store, unknown dtypes, and codecs that cannot be read (pickle
 * without `allowPickle`, unknown ones); for an HDF5 source, filters h5wasm cannot decode.
 */
import type { HdmfZarrError } from "../errors.js";
import { Builder, DatasetBuilder, LinkBuilder, ReferenceBuilder, type GroupBuilder } from "../format/builders.js";
import { isNdArray, unwrapData, type BuilderDtype } from "../data/index.js";
import { classifyDtype, isCompound } from "../format/dtype-map.js";
import { walkBuilders } from "../format/walk-builders.js";
import { ZarrDataset } from "../format/zarr-dataset.js";
import { CodecPipeline } from "../zarr/codecs/index.js";
import { JsonFloat } from "../zarr/codecs/json-text.js";
import { Hdf5Dataset } from "./hdf5/dataset.js";
import { checkReadable } from "./hdf5/filters.js";
import { assertCopyableDtype } from "./unsupported-dtypes.js";
import type { ZarrIO } from "./zarr-io.js";

/** One entry of the source that could not be carried over, and why. */
export interface ConversionProblem {
  path: string;
  reason: string;
}

/** Whether a builder dtype names only types the writer knows. */
function knownDtype(dtype: BuilderDtype | undefined): string | undefined {
  if (dtype === undefined) return undefined;
  if (isCompound(dtype)) {
    for (const f of dtype) {
      const bad = f.dtype === "compound" ? undefined : knownDtype(f.dtype);
      if (bad) return bad;
    }
    return undefined;
  }
  return classifyDtype(dtype) ? undefined : dtype;
}

/** An attribute value the writer cannot store (a JSON object that is not a reference), if any. */
function badAttribute(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(badAttribute).find((v) => v !== undefined);
  if (value === null || typeof value !== "object") return undefined;
  if (value instanceof Builder || ArrayBuffer.isView(value) || value instanceof Set || value instanceof JsonFloat) return undefined;
  if (value instanceof ReferenceBuilder || isNdArray(value)) return undefined;
  return value;
}

/** Everything in a source that a conversion could not carry over. Reads metadata only. */
export async function conversionProblems(src: ZarrIO, root: GroupBuilder): Promise<ConversionProblem[]> {
  // Entries of a legacy source its read left out (hdmf-zarr's export_to_v3 refuses them too).
  const problems: ConversionProblem[] = [...src.skippedEntries];
  for (const b of walkBuilders(root)) {
    if (b instanceof LinkBuilder) continue;
    const node = b as GroupBuilder | DatasetBuilder;
    for (const [name, value] of Object.entries(node.attributes)) {
      const bad = badAttribute(value);
      if (bad !== undefined) problems.push({ path: `${b.path}@${name}`, reason: `attribute holds a JSON object (${JSON.stringify(bad).slice(0, 60)}), which is not a value or reference the writer can store` });
    }
    if (!(b instanceof DatasetBuilder)) continue;
    const { data } = unwrapData(b.data);
    if (!(data instanceof ZarrDataset)) continue;
    const array = data.array;
    try {
      assertCopyableDtype(array);
    } catch (e) {
      // A type whose values cannot be read here: its error says which, and why.
      problems.push({ path: b.path, reason: (e as Error).message });
      continue;
    }
    const unknown = knownDtype(b.dtype ?? data.dtype);
    if (unknown !== undefined) problems.push({ path: b.path, reason: `unknown dtype '${unknown}'` });
    if (array.metadata.codecs.some((c) => c.name === "numcodecs.pickle" || c.name === "pickle") && !array.allowPickle) {
      problems.push({ path: b.path, reason: "stored with the pickle codec: pass allowPickle (--allow-pickle) if you trust the file" });
      continue;
    }
    try {
      CodecPipeline.create(array.metadata.codecs, {
        dtype: array.dtype, chunkShape: array.chunkShape, zarrFormat: array.metadata.zarrFormat, allowPickle: array.allowPickle,
        where: { store: array.store.description, path: b.path },
      });
    } catch (e) {
      problems.push({ path: b.path, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  try {
    await src.readSpecCache();
  } catch (e) {
    problems.push({ path: (e as HdmfZarrError).path ?? "/specifications", reason: (e as Error).message });
  }
  return problems;
}

/** The datasets of an HDF5 tree that cannot be read here (filters h5wasm cannot decode), before anything is written. */
export function hdf5ConversionProblems(root: GroupBuilder): ConversionProblem[] {
  const problems: ConversionProblem[] = [];
  for (const b of walkBuilders(root)) {
    if (!(b instanceof DatasetBuilder) || !(b.data instanceof Hdf5Dataset)) continue;
    try {
      checkReadable(b.data.filters, { path: b.path });
    } catch (e) {
      problems.push({ path: b.path, reason: (e as Error).message.replace(/^'[^']*': /, "") });
    }
  }
  return problems;
}
