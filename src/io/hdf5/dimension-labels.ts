/**
 * Dimension labels (`_ARRAY_DIMENSIONS`) for exported HDF5 datasets, from the file's cached specs,
 * as hdmf-zarr writes them when it exports through pynwb's containers: a dataset's labels come
 * from its spec in the parent type (`ElectricalSeries.data` → num_times, num_channels), else from
 * its own type (`VectorData` → dim0), for the variant of `dims` its shape matches.
 */
import { DatasetBuilder, GroupBuilder } from "../../format/builders.js";
import type { CachedNamespace } from "../../spec/loading/cached-namespace.js";
import { dimensionLabels } from "../../build/dtype-convert.js";
import type { DatasetSpec } from "../../spec/model/dataset-spec.js";
import type { GroupSpec } from "../../spec/model/group-spec.js";
import { NamespaceCatalog } from "../../spec/catalog/namespace-catalog.js";
import { builderType, TypeLookup } from "../../validate/type-lookup.js";
import { Hdf5Dataset } from "./dataset.js";

/** Set the labels of every HDF5 dataset of the tree that has none and whose spec names them; returns the undo. */
export function labelDimensions(root: GroupBuilder, cached: readonly CachedNamespace[]): () => void {
  const undo: (() => void)[] = [];
  if (!cached.length) return () => undefined;
  const catalog = new NamespaceCatalog();
  try {
    catalog.addCached(cached);
  } catch {
    return () => undefined; // a cache the catalog cannot load: no labels, as for a file without one
  }
  const lookup = new TypeLookup(catalog);
  const typeSpec = (b: GroupBuilder | DatasetBuilder) => {
    const t = builderType(b);
    return t ? lookup.lookup(t)?.spec : undefined;
  };
  const visit = (group: GroupBuilder, given: GroupSpec | undefined) => {
    const own = typeSpec(group);
    const spec = own?.kind === "group" ? own : given;
    for (const ds of group.datasets.values()) {
      if (ds.dimensionLabels || !(ds.data instanceof Hdf5Dataset) || ds.data.isScalar) continue;
      const named = spec?.datasets.find((d) => d.name === ds.name);
      const typed = typeSpec(ds);
      const labels = dimensionLabels(named, ds.data.shape) ?? dimensionLabels(typed?.kind === "dataset" ? (typed as DatasetSpec) : undefined, ds.data.shape);
      if (!labels) continue;
      ds.dimensionLabels = labels;
      undo.push(() => (ds.dimensionLabels = undefined));
    }
    for (const g of group.groups.values()) visit(g, spec?.groups.find((s) => s.name === g.name));
  };
  visit(root, undefined);
  return () => undo.forEach((f) => f());
}
