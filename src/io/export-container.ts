/**
 * Export of a container (hdmf's `export(src_io, container=...)`): the root container read from
 * the source, changed since (objects added, fields set or removed), is built again and the new
 * tree is written. Datasets it still holds from the source are arrays of the source, and follow
 * hdmf-zarr's link cases (export-link-cases.ts): copied at their own path, linked inside the new
 * file from another path. Nothing is written before the whole tree is built, so a container that
 * cannot be built leaves the destination as it was.
 */
import { InvalidArgumentError } from "../errors.js";
import { sourceBuilder } from "../build/build-manager.js";
import type { Container } from "../build/container.js";
import { buildFileTree } from "../build/container-io.js";
import { TypeMap } from "../build/type-map.js";
import { DatasetBuilder, GroupBuilder } from "../format/builders.js";
import { walkBuilders } from "../format/walk-builders.js";
import type { ReadableStore } from "../store/types.js";
import type { ZarrFile } from "./export-contract.js";
import { applyLinkCases } from "./export-link-cases.js";
import type { ExportSettings } from "./export-settings.js";
import { exportedSpecCache } from "./export-spec-cache.js";

/** Refuse a container hdmf refuses: one not read by `src`, or not the root of what it read. */
async function checkReadBy(src: ZarrFile, container: Container): Promise<void> {
  const read = sourceBuilder(container);
  const root = await src.readBuilder();
  if (read === undefined || read.root !== root) {
    const from = read === undefined ? "was not read from a file" : `was read from '${read.source ?? "another file"}'`;
    throw new InvalidArgumentError(
      `the container to export (${container.typeName} '${container.name}') ${from}, not by this source: pass the root container ` +
        "that `read()` of the source gave, changed as you need, or write a new container with `write()`",
      { store: src.path },
    );
  }
  if (read !== root) {
    throw new InvalidArgumentError(
      `the container to export must be the root of the file it was read from, not the ${container.typeName} at ${read.path}: ` +
        "pass the root container, or write the part with `write()`",
      { store: src.path, path: read.path },
    );
  }
}

/** The type map to build with: the source's manager's (the one its containers came from). */
function typeMapOf(src: ZarrFile, container: Container): TypeMap {
  const fromClass = (container.constructor as typeof Container).typeMap;
  const typeMap = src.manager?.typeMap ?? (fromClass instanceof TypeMap ? fromClass : undefined);
  if (typeMap === undefined) {
    throw new InvalidArgumentError(`no type map is known for ${container.typeName} '${container.name}': read it with the source's read()`, { store: src.path });
  }
  return typeMap;
}

/** The node at an absolute path of the new tree, which a dataset linking to `path` of the source now points to. */
function nodeAt(root: GroupBuilder, path: string, dataset: DatasetBuilder, dest: ZarrFile): GroupBuilder | DatasetBuilder {
  const found = walkBuilders(root).find((b): b is GroupBuilder | DatasetBuilder => (b instanceof GroupBuilder || b instanceof DatasetBuilder) && b.path === path);
  if (found === undefined) {
    throw new InvalidArgumentError(
      `dataset ${dataset.path} holds the data of ${path} of the source, which the exported container no longer holds, ` +
        "so it cannot be linked inside the new file: keep that object, or export with linkData false (every array copied)",
      { store: dest.path, path: dataset.path },
    );
  }
  return found;
}

/** Build `container` (the source's root, as read and changed) again and write it into `dest`. */
export async function exportContainer(dest: ZarrFile, src: ZarrFile, container: Container, settings: ExportSettings, sourceStore: ReadableStore): Promise<void> {
  await checkReadBy(src, container);
  const { linkData } = settings;
  // The tree is new, made for this export: nothing of the source's tree changes, so nothing is undone.
  const built = await buildFileTree(container, typeMapOf(src, container), { linkData, cacheSpec: settings.cacheSpec }, { store: dest.path });
  await applyLinkCases(sourceStore, built.root, linkData, async (path, dataset) => nodeAt(built.root, path, dataset, dest));
  const cacheSpec = settings.cacheSpec ? await exportedSpecCache(src, built.cacheSpec) : undefined;
  await dest.writeBuilder(built.root, { ...settings.write, cacheSpec });
}
