/**
 * hdmf-zarr's three cases of an exported dataset whose data is an array of a file, with `linkData`
 * true: copied when it is the source's array at the dataset's own path, a link inside the new file
 * when it is the source's array at another path, a link to the other file otherwise.
 */
import { DatasetBuilder, LinkBuilder, type GroupBuilder } from "../format/builders.js";
import { unwrapData } from "../data/index.js";
import { walkBuilders } from "../format/walk-builders.js";
import { ZarrDataset } from "../format/zarr-dataset.js";
import type { ReadableStore } from "../store/types.js";
import { ZarrDataIO } from "./zarr-data-io.js";

/** The node of the new file's tree at an absolute path of the source, which a link inside the new file points to. */
export type LinkTargetAt = (path: string, dataset: DatasetBuilder) => Promise<GroupBuilder | DatasetBuilder>;

/**
 * Prepare hdmf-zarr's link cases for a tree about to be exported with `linkData` true; returns the
 * undo. An array of the source at the builder's own path is copied; one at another path of the
 * source becomes a link inside the new file (to `targetAt` that path); an array of another file is
 * left to the writer, which links to it.
 */
export async function applyLinkCases(source: ReadableStore, root: GroupBuilder, linkData: boolean, targetAt: LinkTargetAt): Promise<() => void> {
  const undo: (() => void)[] = [];
  for (const b of walkBuilders(root)) {
    if (!(b instanceof DatasetBuilder)) continue;
    const { data, settings } = unwrapData(b.data);
    if (!(data instanceof ZarrDataset) || !(settings.linkData ?? linkData)) continue;
    if (data.array.store.description !== source.description) continue;
    const original = b.data;
    if (data.path === b.path) {
      b.data = new ZarrDataIO(data, { ...settings, linkData: false });
      undo.push(() => (b.data = original));
      continue;
    }
    const target = await targetAt(data.path, b);
    const parent = b.parent!;
    parent.datasets.delete(b.name);
    const link = parent.setLink(new LinkBuilder(target, b.name));
    undo.push(() => {
      parent.links.delete(link.name);
      parent.datasets.set(b.name, b);
    });
  }
  return () => undo.reverse().forEach((f) => f());
}
