/**
 * An HDF5 file → the builder tree the Zarr writer takes, as hdmf's HDF5IO reads it: groups,
 * datasets (lazy Hdf5Datasets), soft links and external links as LinkBuilders, reference
 * attributes as ReferenceBuilders. The cached specifications (`.specloc`) are not part of the tree.
 */
import { DanglingLinkError, HdmfZarrError } from "../../errors.js";
import { DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder } from "../../format/builders.js";
import { SPEC_LOCATION_ATTR } from "../../format/convention.js";
import { joinLocation, parentLocation } from "../../format/paths.js";
import type { H5Dataset, H5File, H5Group, H5Module, H5wasm } from "./h5wasm-api.js";
import { attributeValue, PendingReference } from "./attributes.js";
import { Hdf5Dataset, type Hdf5DatasetContext } from "./dataset.js";
import { Hdf5ReadError } from "./errors.js";

/** The builder tree of an HDF5 file. */
export interface Hdf5Tree {
  root: GroupBuilder;
  byPath: Map<string, GroupBuilder | DatasetBuilder>;
  /** Path of the spec cache group (without a leading "/"), when the file has one. */
  specLocation?: string;
}

const childPath = (parent: string, name: string) => (parent === "/" ? "" : parent) + "/" + name;

/** Read the whole tree (metadata and attributes; dataset values stay in the file). */
export function readHdf5Tree(h5wasm: H5wasm, Module: H5Module, file: H5File, source: string): Hdf5Tree {
  const fileId = file.file_id;
  const byPath = new Map<string, GroupBuilder | DatasetBuilder>();
  const pendingLinks: { group: GroupBuilder; name: string; target: string; where: string }[] = [];
  const pendingRefs: { owner: GroupBuilder | DatasetBuilder; name: string; value: unknown }[] = [];
  /** External files by resolved location: a root builder whose descendants stand for linked objects. */
  const externals = new Map<string, GroupBuilder>();
  const ctx: Hdf5DatasetContext = {
    Module, fileId, file: source,
    resolve: (path, where) => {
      const b = byPath.get(path);
      if (!b) throw new DanglingLinkError(`object reference target '${path}' is not part of the exported tree`, where);
      return b;
    },
  };

  const attributesOf = (node: H5Group | H5Dataset, owner: GroupBuilder | DatasetBuilder, skip?: string) => {
    for (const [name, attr] of Object.entries(node.attrs)) {
      if (name === skip) continue;
      const where = { store: source, path: `${node.path}@${name}` };
      let value: unknown;
      try {
        value = attributeValue(Module, fileId, attr, where);
      } catch (e) {
        if (e instanceof HdmfZarrError) throw e;
        throw new Hdf5ReadError(`the attribute cannot be read: ${(e as Error).message}`, where, { cause: e });
      }
      owner.attributes[name] = value;
      if (value instanceof PendingReference || hasPending(value)) pendingRefs.push({ owner, name, value });
    }
  };

  // The spec cache is the group the root's `.specloc` reference names (hdmf skips it the same way).
  let specLocation: string | undefined;
  const specloc = file.attrs[SPEC_LOCATION_ATTR];
  if (specloc) {
    const v = attributeValue(Module, fileId, specloc, { store: source, path: `/@${SPEC_LOCATION_ATTR}` });
    specLocation = v instanceof PendingReference ? v.path.replace(/^\/+/, "") : typeof v === "string" ? v.replace(/^\/+/, "") : undefined;
  }

  const readGroup = (group: H5Group, builder: GroupBuilder) => {
    byPath.set(group.path, builder);
    attributesOf(group, builder, group.path === "/" ? SPEC_LOCATION_ATTR : undefined);
    for (const name of group.keys()) {
      const path = childPath(group.path, name);
      if (group.path === "/" && specLocation !== undefined && name === specLocation) continue;
      const soft = Module.get_symbolic_link(fileId, path);
      if (soft) {
        pendingLinks.push({ group: builder, name, target: soft.startsWith("/") ? soft : childPath(group.path, soft), where: path });
        continue;
      }
      // get_type follows external links; get_external_link names a file only for them
      const ext = Module.get_external_link(fileId, path);
      if (ext?.filename) {
        builder.setLink(new LinkBuilder(externalTarget(ext.filename, ext.obj_path), name, { source }));
        continue;
      }
      const type = Module.get_type(fileId, path);
      const child = group.get(name);
      if (child instanceof h5wasm.Group) {
        readGroup(child as H5Group, builder.setGroup(new GroupBuilder(name, { source })));
      } else if (child instanceof h5wasm.Dataset) {
        const data = new Hdf5Dataset(ctx, child as H5Dataset);
        const ds = builder.setDataset(new DatasetBuilder(name, data, {
          dtype: data.dtype, source, chunks: data.chunks, maxshape: data.maxshape,
        }));
        byPath.set(path, ds);
        attributesOf(child as H5Dataset, ds);
      } else if (type === Module.H5G_LINK) {
        throw new DanglingLinkError("soft link to an object that does not exist", { store: source, path });
      }
      // named datatypes (H5G_TYPE) carry no data: hdmf ignores them too
    }
  };

  /** A builder standing for the object `objPath` of another file (only its path and file are used). */
  const externalTarget = (filename: string, objPath: string): GroupBuilder => {
    const location = joinLocation(parentLocation(source), filename);
    let root = externals.get(location);
    if (!root) externals.set(location, (root = new GroupBuilder("root", { source: location })));
    let cur = root;
    for (const part of objPath.split("/").filter(Boolean)) cur = cur.groups.get(part) ?? cur.setGroup(new GroupBuilder(part, { source: location }));
    return cur;
  };

  const root = new GroupBuilder("root", { source });
  readGroup(file, root);
  for (const l of pendingLinks) {
    const target = byPath.get(l.target);
    if (!target) throw new DanglingLinkError(`soft link to '${l.target}', which does not exist`, { store: source, path: l.where });
    l.group.setLink(new LinkBuilder(target, l.name, { source }));
  }
  for (const { owner, name, value } of pendingRefs) {
    const where = { store: source, path: `${owner.path}@${name}` };
    owner.attributes[name] = resolvePending(value, (p) => ctx.resolve(p, where));
  }
  return { root, byPath, specLocation };
}

function hasPending(value: unknown): boolean {
  const data = (value as { data?: unknown })?.data;
  return Array.isArray(data) && data.some((v) => v instanceof PendingReference);
}

function resolvePending(value: unknown, resolve: (path: string) => GroupBuilder | DatasetBuilder): unknown {
  if (value instanceof PendingReference) return new ReferenceBuilder(resolve(value.path));
  const nd = value as { data: unknown[] };
  return { ...nd, data: nd.data.map((v) => (v instanceof PendingReference ? new ReferenceBuilder(resolve(v.path)) : v)) };
}
