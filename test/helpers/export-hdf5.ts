/** Export an HDF5 NWB file to a new Zarr store with `ZarrIO.export`, closing both files. */
import { Hdf5IO } from "../../src/io/hdf5/hdf5-io.js";
import { ZarrIO } from "../../src/io/zarr-io.js";

export async function exportHdf5To(source: string, dest: string, zarrFormat: 2 | 3 = 3): Promise<void> {
  const src = new Hdf5IO(source);
  const io = new ZarrIO(dest, "w", { zarrFormat });
  try {
    await io.export(src, { linkData: false });
  } finally {
    await io.close();
    await src.close();
  }
}
