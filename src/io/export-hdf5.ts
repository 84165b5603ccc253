/**
 * Export of an HDF5 file (NWB or any HDMF file, read with h5wasm) into a Zarr file, as hdmf-zarr's
 * `ZarrIO.export(src_io=HDF5IO(...))`: the HDF5 builder tree goes through the Zarr writer, so the
 * spec cache, links, references and consolidation are the writer's. Datasets keep their HDF5
 * chunking and their filters mapped to Zarr codecs (`ZarrDataIO.fromHdf5Dataset`), and dimension
 * labels from the cached specs; arrays are copied block by block, never whole.
 */
import { InvalidArgumentError } from "../errors.js";
import { DatasetBuilder, type GroupBuilder } from "../format/builders.js";
import { walkBuilders } from "../format/walk-builders.js";
import { Hdf5Dataset } from "./hdf5/dataset.js";
import type { Hdf5IO } from "./hdf5/hdf5-io.js";
import { ZarrDataIO } from "./zarr-data-io.js";
import type { ZarrFile } from "./export-contract.js";
import type { ExportSettings } from "./export-settings.js";
import { labelDimensions } from "./hdf5/dimension-labels.js";

/**
 * Give every HDF5 dataset of the tree its Zarr storage settings. Arrays stay block sources (read
 * hyper-slab by hyper-slab while they are written); scalars and compound tables, which are small,
 * are read whole. Returns the undo.
 */
function wrapDatasets(root: GroupBuilder): () => void {
  const undo: (() => void)[] = [];
  for (const b of walkBuilders(root)) {
    if (!(b instanceof DatasetBuilder) || !(b.data instanceof Hdf5Dataset)) continue;
    const ds = b.data;
    const whole = ds.isScalar || ds.kind.kind === "compound";
    const io = ZarrDataIO.fromHdf5Dataset(ds);
    b.data = whole ? new ZarrDataIO(ds.read(), io.getIoSettings()) : io;
    undo.push(() => (b.data = ds));
  }
  return () => undo.reverse().forEach((f) => f());
}

/**
 * Write the whole HDF5 file `src` into `dest` (open in mode `w`). HDF5 objects cannot be linked to
 * from Zarr, so every dataset is copied: `linkData: true` is refused, as hdmf-zarr refuses it.
 */
export async function exportHdf5File(dest: Pick<ZarrFile, "writeBuilder">, src: Hdf5IO, settings: ExportSettings): Promise<void> {
  if (settings.linkDataGiven && settings.linkData) {
    throw new InvalidArgumentError("an HDF5 source cannot be linked to from Zarr; export it with linkData false (every dataset is copied)", { store: src.abspath });
  }
  const root = await src.readBuilder();
  const cached = await src.readSpecCache();
  const saved = walkBuilders(root).map((b) => [b, b.source, b.written] as const);
  const undoLabels = labelDimensions(root, cached);
  const undo = wrapDatasets(root);
  try {
    await dest.writeBuilder(root, { ...settings.write, linkData: false, cacheSpec: settings.cacheSpec ? cached : undefined });
  } finally {
    undo();
    undoLabels();
    for (const [b, source, written] of saved) ((b.source = source), (b.written = written));
  }
}
