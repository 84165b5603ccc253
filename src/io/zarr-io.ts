/**
 * ZarrIO: read and write HDMF files stored in Zarr (hdmf-zarr's ZarrIO, in TypeScript names).
 * Reads both conventions (legacy Zarr v2, current Zarr v3); writes the current one by default and
 * the legacy one with `zarrFormat: 2`.
 */
import { flatten } from "../data/index.js";
import { rm, stat } from "node:fs/promises";
import {
  DanglingLinkError, HdmfZarrError, IncompleteWriteError, InvalidOptionError, LinkOutsideStoreError, NodeNotFoundError, NotAZarrStoreError,
  ReadOnlyError, StoreExistsError, StoreNotFoundError, UnsupportedWriteError, type ErrorLocation,
} from "../errors.js";
import { checkOptions, optionNames, pickOptions } from "../options.js";
import { LocalStore } from "../store/local.js";
import { checkHttpStoreOptions, localTarget, openStore, isStore, type StorageOptions } from "../store/open.js";
import { S3Store } from "../store/s3/s3-store.js";
import { ZipStore } from "../store/zip.js";
import { ReferenceStore } from "../store/reference-store.js";
import { isRemote } from "../store/url.js";
import { isWritable, type ReadableStore, type WritableStore } from "../store/types.js";
import { ZarrHierarchy } from "../zarr/hierarchy.js";
import { metadataLimit } from "../zarr/limits.js";
import { isIncomplete, REWRITE_HINT } from "../zarr/incomplete.js";
import { ZarrArray, type ChunkDecoder } from "../zarr/array.js";
import type { NodeMetadata, ZarrFormat } from "../zarr/metadata-types.js";
import { Builder, DatasetBuilder, GroupBuilder, LinkBuilder, ReferenceBuilder } from "../format/builders.js";
import { ZarrDataset, type RowValues } from "../format/zarr-dataset.js";
import { readTree, type SkippedEntry } from "../format/read-tree.js";
import { walkBuilders } from "../format/walk-builders.js";
import { attributeJson } from "../format/write-dataset.js";
import { writeDatasetNode, writeGroup } from "../format/write-tree.js";
import { appendReferences, checkAppendable, type AppendedReference } from "../format/append-references.js";
import { storedRows } from "../format/append-values.js";
import { RowAppendQueue } from "../format/row-append-queue.js";
import { formatElementReference } from "../format/references.js";
import { refExtra, targetOf } from "../format/dataset-plan.js";
import type { WriteTreeContext } from "../format/write-context.js";
import type { BlockWrite } from "../format/write-blocks.js";
import { inferClass } from "../format/values.js";
import { dtypeMarker } from "../format/dtype-map.js";
import type { RefTarget } from "../format/references.js";
import { isInside, joinLocation, parentLocation, relativeLocation } from "../format/paths.js";
import { latestCached, readSpecCache, writeSpecCache, type SpecCache } from "../format/spec-cache.js";
import type { CachedNamespace } from "../spec/loading/cached-namespace.js";
import { readContainer, writeContainer, type ReadContainerOptions, type WriteContainerOptions } from "../build/container-io.js";
import { BuildManager, sourceBuilder } from "../build/build-manager.js";
import type { Container } from "../build/container.js";
import { isContainer } from "../build/brands.js";
import type { TypeMap } from "../build/type-map.js";
import { loadBundledTypeMap } from "../build/bundled.js";
import { checkMode, createsStore, isReadOnlyMode, type Mode } from "./modes.js";
import { readOnlyView } from "./read-only-store.js";
import { datasetHtmlRenderer } from "./dataset-html.js";
import { checkExportTarget, exportFile } from "./export.js";
import { EXPORT_OPTIONS, UNSUPPORTED_EXPORT_OPTIONS, type ExportOptions } from "./export-contract.js";
import { Hdf5IO } from "./hdf5/hdf5-io.js";
import { ChunkLocks, type KeyLocker } from "../store/file-lock.js";
import { writeJobs, type ParallelWriteOptions } from "./parallel/write-jobs.js";
import { ZarrIODataChunkIteratorQueue } from "./dci-queue.js";
import { resolvedPath } from "./resolved-path.js";
import { parseRefString } from "./ref-string.js";
import { refuseUnsupportedDtypes } from "./unsupported-dtypes.js";

/** Options of {@link ZarrIO}'s constructor. */
export interface ZarrIOOptions {
  /**
   * Options of remote stores: HTTP settings (headers, concurrency, retries, caps) and, for
   * `s3://` stores, s3fs's options (`anon`, `key`, `secret`, `token`, `profile`, `endpoint_url`,
   * `client_kwargs`, `default_block_size`). Unlike hdmf-zarr 0.14, which refuses `storage_options` in any mode but `r`,
   * they are taken in every mode: S3 stores are writable here.
   */
  storageOptions?: StorageOptions;
  /**
   * The BuildManager reads (`read()`, `getContainer()`) and writes (`write()`) use, with its type
   * map and caches (hdmf's `manager`); by default `read()` makes one and keeps it.
   */
  manager?: BuildManager;
  /** With mode `w`: replace a path that exists but is not a Zarr store. */
  forceOverwrite?: boolean;
  /**
   * Local folders: read through symbolic links that lead out of the store folder (default false:
   * StoreEscapeError naming the link). Only for stores whose links you trust; writes and deletes
   * never leave the folder.
   */
  followExternalSymlinks?: boolean;
  /** Decode pickle-coded legacy arrays (safe, allow-listed decoder). */
  allowPickle?: boolean;
  /** Format of new files: 3 (current convention, default) or 2 (legacy, for hdmf-zarr ≤ 0.13). */
  zarrFormat?: ZarrFormat;
  /** Object codec for legacy writes; only "json2" (pickle is never written). */
  objectCodec?: "json2" | "pickle";
  /** Chunk requests in flight per array read. */
  concurrency?: number;
  /** Optional off-thread chunk decoder. */
  decodePool?: ChunkDecoder;
  /** Most bytes one metadata document (zarr.json, .zarray, .zattrs, .zmetadata) may hold. Default 64 MiB. */
  maxMetadataBytes?: number;
  /** Most bytes one chunk of variable-size elements (text, bytes, objects) may decode to. Default 128 MiB. */
  maxChunkBytes?: number;
  /**
   * Coordinate writes with other processes through lock files (hdmf-zarr's `synchronizer`), for
   * local folders: `true` keeps the locks in `<store>.sync`, a string names the folder, or pass
   * a KeyLocker of your own. Block writes then hold each chunk's lock while they change it.
   */
  synchronizer?: boolean | string | KeyLocker;
}

/** Options of {@link ZarrIO.write}: what to cache, parallel writing, and the type map to build with. */
export type ContainerWriteOptions = WriteContainerOptions & ParallelWriteOptions & Pick<WriteOptions, "exhaustDci"> & { typeMap?: TypeMap };

/** Options of {@link ZarrIO.writeBuilder}. */
export interface WriteOptions extends ParallelWriteOptions {
  /** Write consolidated metadata after the write (default true). */
  consolidateMetadata?: boolean;
  /** Datasets whose data are arrays of another file: link to them (default true) or copy them. */
  linkData?: boolean;
  /** Namespaces to store in the file's spec cache (`.specloc`). */
  cacheSpec?: CachedNamespace[];
  /**
   * Write each data chunk iterator when its dataset is created (default true); with false, queue
   * them (ZarrIODataChunkIteratorQueue) and write them round-robin once every dataset exists.
   */
  exhaustDci?: boolean;
}

/** Options of {@link ZarrIO.read}. */
export type ReadOptions = Omit<ReadContainerOptions, "namespaces"> & { typeMap?: TypeMap };

const ZARR_IO_OPTIONS = optionNames<ZarrIOOptions>({
  storageOptions: true, manager: true, forceOverwrite: true, followExternalSymlinks: true, allowPickle: true, zarrFormat: true, objectCodec: true,
  concurrency: true, decodePool: true, synchronizer: true, maxMetadataBytes: true, maxChunkBytes: true,
});
const WRITE_BUILDER_OPTIONS = optionNames<WriteOptions>({
  consolidateMetadata: true, linkData: true, cacheSpec: true, numberOfJobs: true, maxThreadsPerProcess: true, exhaustDci: true,
});
const WRITE_OPTIONS = optionNames<ContainerWriteOptions>({
  cacheSpec: true, consolidateMetadata: true, manager: true, linkData: true, typeKey: true,
  numberOfJobs: true, maxThreadsPerProcess: true, typeMap: true, exhaustDci: true,
});
const READ_OPTIONS = optionNames<ReadOptions>({ loadNamespaces: true, manager: true, typeMap: true });

/** hdmf-zarr constructor arguments with no counterpart here, and what to do instead. */
const UNSUPPORTED_ZARR_IO_OPTIONS = {};

/** What resolveRef returns: the target's name and its builder. */
export interface ResolvedRef {
  name: string;
  builder: GroupBuilder | DatasetBuilder;
  /** The file holding the target. */
  source: string;
}

/**
 * Read and write HDMF files stored in Zarr (hdmf-zarr's `ZarrIO`): a local folder, an `https://`
 * or `s3://` URL (read-only), a `.zip` archive (read-only) or a store object.
 *
 * - `new ZarrIO(path, mode = "r", options?)`; `mode` is one of `r` (read), `r-` (read without
 *   consolidated metadata), `r+` (read and write an existing file), `a` (read and write, created
 *   when missing), `w` (create, replacing an existing Zarr store), `w-` (create, refusing an
 *   existing path). Options: {@link ZarrIOOptions}.
 * - Reading: `await io.readBuilder()` gives the builder tree (metadata only; dataset values are lazy
 *   `ZarrDataset`s read with `await ds.get(selection)`); `await io.read()` gives containers.
 * - Writing: `await io.writeBuilder(builder)`, `await io.write(container)`, `await io.export(srcIO)`.
 *   New files are Zarr v3 in the hdmf-zarr 0.14 convention; `{ zarrFormat: 2 }` writes the legacy one.
 * - `await io.close()` (or `await using io = …`) releases the store.
 *
 * An HDF5 file is opened with `Hdf5IO` instead, or converted with `convert(path, "out.nwb.zarr")`;
 * NWB files read as typed objects with {@link NWBZarrIO}.
 *
 * @example
 * const io = new ZarrIO("session.nwb.zarr", "r");
 * const root = await io.readBuilder();
 * const data = root.get("acquisition/ts/data") as DatasetBuilder;
 * const first = await (data.data as ZarrDataset).get([slice(0, 10)]);
 * await io.close();
 */
export class ZarrIO {
  /** The keys this class's constructor accepts (a subclass adds its own). */
  protected static readonly optionNames: readonly string[] = ZARR_IO_OPTIONS;

  /**
   * The file as hdmf-zarr 0.14 names it: a local path made absolute with its symbolic links
   * resolved; a URL or a store's description as given.
   */
  readonly path: string;
  /** The path, URL or store description as given: messages name the file so. */
  protected readonly given: string;
  readonly mode: Mode;
  private readonly target: string | URL | ReadableStore;
  private readonly options: ZarrIOOptions;
  private store?: ReadableStore;
  private hierarchy?: ZarrHierarchy;
  private root?: GroupBuilder;
  private readonly byPath = new Map<string, GroupBuilder | DatasetBuilder>();
  /** Files open along a chain of external links, shared by every ZarrIO of the chain (so cycles end). */
  private registry = new Map<string, ZarrIO>();
  /** Whether this ZarrIO made the registry (and so closes the files in it). */
  private ownsRegistry = true;
  private reading?: Promise<GroupBuilder>;
  /** The opening in progress, shared by callers that open at once. */
  private opening?: Promise<void>;
  private indexed?: Promise<void>;
  private readonly written = new Set<Builder>();
  private location?: string;
  /** Rows appended in place to tables read from this file, written one append after another. */
  private rowAppends?: RowAppendQueue;
  /** Set once the store was created, so a reopen after close() never clears it again. */
  private created = false;
  /** Parallel-write options of the `write(container)` in progress (it writes through writeBuilder). */
  /** What the last tree read of a legacy file left out (see skippedEntries). */
  private skipped: SkippedEntry[] = [];
  private parallel?: ParallelWriteOptions & Pick<WriteOptions, "exhaustDci">;
  /** The manager the last `read()` made, when none was given. */
  private readManager?: BuildManager;

  constructor(target: string | URL | ReadableStore, mode: Mode = "r", options: ZarrIOOptions = {}) {
    this.target = target;
    this.given = isStore(target) ? target.description : String(target);
    this.path = typeof target === "string" && !target.includes("://") ? resolvedPath(target) : this.given;
    this.mode = checkMode(mode, this.given);
    const site = { call: `new ${new.target.name}()`, store: this.given };
    checkOptions(options, (new.target as typeof ZarrIO).optionNames, site, UNSUPPORTED_ZARR_IO_OPTIONS);
    options ??= {};
    checkHttpStoreOptions(options.storageOptions, { ...site, call: `new ${new.target.name}() option 'storageOptions'` });
    this.options = pickOptions<ZarrIOOptions>(options, ZARR_IO_OPTIONS);
    if (options.objectCodec === "pickle") {
      throw new UnsupportedWriteError("writing pickle is refused (unsafe and Python-only); use objectCodec 'json2'", { store: this.given });
    }
  }

  /**
   * Absolute location the store is opened at: the local path made absolute (through any symbolic
   * link as given, so checks and messages name the link; {@link path} resolves it, as hdmf-zarr
   * 0.14's `abspath` does), or the normalised URL (without its query).
   */
  get abspath(): string {
    this.location ??= isStore(this.target)
      ? this.target instanceof LocalStore ? this.target.root : this.target.description
      : openStore(this.target).description;
    return this.location;
  }

  /**
   * The BuildManager of this file (hdmf's `manager`): the one given to the constructor, else the
   * one the last `read()` made; undefined before either.
   */
  get manager(): BuildManager | undefined {
    return this.options.manager ?? this.readManager;
  }

  /**
   * The object codec of legacy (Zarr v2) writes (hdmf-zarr ≤ 0.13's `object_codec_class`):
   * always `"json2"`, as pickle is never written.
   */
  get objectCodecClass(): "json2" {
    return "json2";
  }

  /** The `synchronizer` option as given (hdmf-zarr's `synchronizer`); undefined without one. */
  get synchronizer(): ZarrIOOptions["synchronizer"] {
    return this.options.synchronizer;
  }

  /** The open hierarchy's Zarr format. */
  get zarrFormat(): ZarrFormat {
    return this.hierarchy?.format ?? this.options.zarrFormat ?? 3;
  }

  /** Whether the file is read over HTTP(S)/S3. */
  isRemote(): boolean {
    return !isStore(this.target) && isRemote(this.target);
  }

  /** Whether `path` holds a Zarr store this class can read (a remote one opened with `storageOptions`). */
  static async canRead(path: string | URL | ReadableStore, storageOptions?: StorageOptions): Promise<boolean> {
    try {
      await ZarrHierarchy.open(openStore(path, { writable: false, http: storageOptions }), { consolidated: false });
      return true;
    } catch {
      return false;
    }
  }

  private where(path = "/"): ErrorLocation {
    return { store: this.given, path };
  }

  /** Open the store (done by every method on first use). */
  async open(): Promise<this> {
    if (this.hierarchy) return this;
    // Callers opening at once (the tree and the spec cache, read side by side) share one opening.
    this.opening ??= this.openOnce().finally(() => (this.opening = undefined));
    await this.opening;
    return this;
  }

  private async openOnce(): Promise<void> {
    const writable = !isReadOnlyMode(this.mode);
    let store: ReadableStore;
    try {
      store = openStore(this.target, { writable, http: this.options.storageOptions, local: { followExternalSymlinks: this.options.followExternalSymlinks } });
    } catch (e) {
      if (e instanceof ReadOnlyError) {
        throw new ReadOnlyError(`mode '${this.mode}' writes, but this store is read-only (HTTP(S) stores, zip archives and reference files are); write to a local folder or an s3:// store`, this.where(), { cause: e });
      }
      throw e;
    }
    const hopts = {
      allowPickle: this.options.allowPickle, concurrency: this.options.concurrency, decodePool: this.options.decodePool,
      maxMetadataBytes: this.options.maxMetadataBytes, maxChunkBytes: this.options.maxChunkBytes,
    };
    if (createsStore(this.mode) && !this.created) {
      await this.prepareNewStore(store as WritableStore);
      this.hierarchy = await ZarrHierarchy.create(store as WritableStore, this.options.zarrFormat ?? 3, {}, hopts);
    } else {
      try {
        this.hierarchy = await ZarrHierarchy.open(writable ? store : readOnlyView(store), { ...hopts, consolidated: this.mode === "r" });
      } catch (e) {
        const problem = await this.whyNotAStore(e, store);
        // `a` creates a missing file (or one in an empty folder); a file that is not a Zarr store, or a
        // damaged store, is reported, never replaced.
        const creatable = problem instanceof NodeNotFoundError && !(problem instanceof NotAZarrStoreError && problem.found !== "folder");
        if (!(this.mode === "a" && creatable)) throw problem;
        this.hierarchy = await ZarrHierarchy.create(store as WritableStore, this.options.zarrFormat ?? 3, {}, hopts);
      }
    }
    this.created = true;
    this.store = store;
    const sync = this.options.synchronizer;
    if (sync && store instanceof LocalStore) {
      store.synchronizer = typeof sync === "object" ? sync : new ChunkLocks(typeof sync === "string" ? sync : `${store.root}.sync`);
    }
  }

  /**
   * Why opening failed, in the user's terms, for a local path: it does not exist
   * (StoreNotFoundError), it is an HDF5 file, another file, or a folder without Zarr metadata
   * (NotAZarrStoreError). Otherwise (remote stores, damaged metadata) the reader's own error.
   */
  private async whyNotAStore(e: unknown, store: ReadableStore): Promise<unknown> {
    const local = await localTarget(this.target);
    if (!local) return e;
    const where = this.where();
    const shown = local.path === this.given ? "" : ` (${local.path})`;
    if (local.kind === "missing") {
      return new StoreNotFoundError(
        `the path does not exist${shown}: no file or folder is there. Check the path; a relative path starts at the current folder, ${process.cwd()}`,
        where, { cause: e },
      );
    }
    if (local.kind === "file") {
      if (await Hdf5IO.canRead(local.path)) {
        return new NotAZarrStoreError(
          "this is an HDF5 file (an NWB .nwb file), not a Zarr store: read it with `new Hdf5IO(path)`, " +
            "or convert it to Zarr with `await convert(path, \"out.nwb.zarr\")` (or `npx hdmf-zarr convert`)",
          where, "hdf5-file", { cause: e },
        );
      }
      // a .zip archive or a reference file: its reader says what is wrong with it
      if (store instanceof ZipStore || store instanceof ReferenceStore) return e;
      return new NotAZarrStoreError(
        "this is a file, not a Zarr store: a Zarr store is a folder holding zarr.json (Zarr v3) or .zgroup (Zarr v2) " +
          "at its root, or a .zip archive of one. Give the path of that folder",
        where, "file", { cause: e },
      );
    }
    if (!(e instanceof NodeNotFoundError)) return e;
    return new NotAZarrStoreError(
      "this folder has no Zarr metadata (zarr.json, .zgroup or .zarray) at its root, so it is not a Zarr store " +
        "(or its root metadata was lost). Give the path of the store's root folder",
      where, "folder", { cause: e },
    );
  }

  /** `w`: clear an existing Zarr store; refuse other existing paths unless forceOverwrite. `w-`: refuse anything existing. */
  private async prepareNewStore(store: WritableStore): Promise<void> {
    const isZarr = await ZarrIO.canRead(store);
    const local = store instanceof LocalStore ? store.root : undefined;
    const info = local === undefined ? undefined : await stat(local).catch(() => undefined);
    // An S3 prefix exists when objects lie under it, as a folder on disk does.
    const occupied = store instanceof S3Store && !isZarr && (await store.list("").then((l) => l.keys.length + l.prefixes.length > 0));
    if (!isZarr && !info && !occupied) return;
    if (this.mode === "w-") throw new StoreExistsError("the store exists and mode 'w-' refuses to replace it", this.where());
    if (info && !info.isDirectory() && !this.options.forceOverwrite) {
      throw new StoreExistsError("the path is a file, not a Zarr store; pass forceOverwrite: true to replace it", this.where());
    }
    if (!isZarr && !this.options.forceOverwrite) {
      const listing = store.list ? await store.list("") : { keys: [], prefixes: [] };
      if (listing.keys.length || listing.prefixes.length) {
        throw new StoreExistsError("the path exists and is not a Zarr store; pass forceOverwrite: true to replace it", this.where());
      }
    }
    // A file is replaced; a folder is emptied in place, so a store root that is a link stays one.
    if (local && info && !info.isDirectory()) {
      await rm(local, { force: true });
      return;
    }
    await ZarrHierarchy.clearStore(store);
  }

  /** Release the store and any files opened through external links. */
  async close(): Promise<void> {
    // Rows still being added go in first; a row that failed and was not reported is thrown once closed.
    let failed: { error: unknown } | undefined;
    await this.rowAppends?.settled().catch((error: unknown) => (failed = { error }));
    if (this.ownsRegistry) {
      for (const io of this.registry.values()) if (io !== this) await io.close();
      this.registry.clear();
    }
    this.reading = undefined;
    await this.store?.close?.();
    this.store = undefined;
    this.hierarchy = undefined;
    if (failed) throw failed.error;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private async h(): Promise<ZarrHierarchy> {
    await this.open();
    return this.hierarchy!;
  }

  // ---------------------------------------------------------------- reading

  /** Read the builder tree (metadata only; dataset values are lazy ZarrDatasets). */
  async readBuilder(): Promise<GroupBuilder> {
    if (this.root) return this.root;
    this.reading ??= this.readTreeOnce().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async readTreeOnce(): Promise<GroupBuilder> {
    let indexed!: () => void;
    let failed!: (e: unknown) => void;
    this.indexed = new Promise<void>((ok, fail) => ((indexed = ok), (failed = fail)));
    this.indexed.catch(() => undefined);
    const hierarchy = await this.h().catch((e: unknown) => (failed(e), Promise.reject(e)));
    this.byPath.clear();
    const skipped: SkippedEntry[] = (this.skipped = []);
    const { root } = await readTree({
      hierarchy, source: this.abspath, byPath: this.byPath, onNodesIndexed: indexed, onSkipped: (entry) => skipped.push(entry),
      resolve: (target, where) => this.resolveTarget(target, where),
    }).catch(async (e: unknown) => {
      const why = await this.unfinishedWrite(e);
      failed(why);
      throw why;
    });
    this.root = root;
    // What was read is in the file: a later write in mode `a`/`r+` adds to it instead of writing it again.
    for (const b of walkBuilders(root)) {
      this.written.add(b);
      // Reference datasets append through the file that read them (ContainerZarrReferenceDataset.append).
      if (b instanceof DatasetBuilder && b.data instanceof ZarrDataset) b.data.owner = this;
    }
    return root;
  }

  /**
   * Entries of a legacy (Zarr v2) file that the last tree read left out, with the reason
   * (hdmf-zarr 0.14's `ZarrV2IO.skipped_entries`): folders inside a group with no Zarr metadata.
   * They are absent from the builders, so a copy made from them would lack them (`convert` refuses
   * such a file). Empty for Zarr v3 files and before the tree is read. A file with consolidated
   * metadata read in mode `r` is what that document names, and its folders are not listed (so that
   * opening stays one read, locally and remotely); mode `r-` reads node by node and lists them.
   * 0.14 lists the folders of every file.
   */
  get skippedEntries(): SkippedEntry[] {
    return this.skipped.map((e) => ({ ...e }));
  }

  /** The builder at an absolute path (reads the tree first). */
  async getBuilder(path: string): Promise<GroupBuilder | DatasetBuilder> {
    await this.readBuilder();
    const b = this.byPath.get(path.startsWith("/") ? path : "/" + path);
    if (!b) throw new NodeNotFoundError("no group or dataset here", this.where(path));
    return b;
  }

  /** The builder of a node of this file given by path, builder, dataset or array. */
  private async builderOf(node: NodeRef): Promise<GroupBuilder | DatasetBuilder> {
    if (typeof node === "string") return this.getBuilder(node);
    const path = nodePathOf(node);
    const store = node instanceof ZarrDataset ? node.array.store : node instanceof ZarrArray ? node.store : undefined;
    const found = await this.getBuilder(path);
    const ours = store === undefined ? found === node : store.description === (await this.h()).store.description;
    if (!ours) throw new NodeNotFoundError("this object is not one of this file's (it was read from or made for another file)", this.where(path));
    return found;
  }

  /**
   * The container of a node of this file (hdmf-zarr's `get_container`): given by absolute path,
   * builder, ZarrDataset or ZarrArray. The file's root container is read first (with
   * {@link manager}), so the container is the one reached from `read()`'s result, parent set.
   * A node without a type is a ConstructError.
   */
  async getContainer(node: NodeRef): Promise<Container> {
    const builder = await this.builderOf(node);
    const root = await this.readBuilder();
    if (!this.manager?.getContainer(root)) await this.read();
    const manager = this.manager!;
    return manager.getContainer(builder) ?? manager.construct(builder);
  }

  /**
   * Resolve a reference or link target to its builder (hdmf-zarr's `resolve_ref`): a
   * `{ source, path }` object, a ReferenceBuilder, or a string as stored in a file: JSON of
   * `{ source, path }`, else a path in this file (0.14's path-string references). `name` is what
   * hdmf-zarr gives: the last part of the path. The root (`"/"` or `""`, which hdmf-zarr 0.14's
   * `resolve_ref` refuses as a bad link) resolves here to the root builder, named `"root"`, as
   * links and references to the root are read.
   */
  async resolveRef(ref: RefTarget | ReferenceBuilder | string): Promise<ResolvedRef> {
    if (ref instanceof ReferenceBuilder) return { name: ref.builder.name, builder: ref.builder, source: ref.builder.source ?? this.abspath };
    const target = typeof ref === "string" ? parseRefString(ref, this.where()) : ref;
    await this.readBuilder();
    const builder = await this.resolveTarget(target, this.where(target.path));
    const path = target.path.replace(/\/+$/, "");
    const name = path ? path.slice(path.lastIndexOf("/") + 1) : "root";
    return { name, builder, source: builder.source ?? this.abspath };
  }

  /**
   * Where a `source` points: "." is this file; otherwise relative to this store, then (files from
   * hdmf-zarr 0.10.x) relative to the folder holding it. Never outside that folder.
   */
  private async locate(source: string, where: ErrorLocation): Promise<string> {
    const self = this.abspath;
    if (source === "." || source === "") return self;
    const folder = parentLocation(self);
    // Only places inside the folder that holds this file are looked at: a source may not escape it.
    const candidates = [joinLocation(self, source), joinLocation(folder, source)].filter((loc) => isInside(folder, loc));
    if (!candidates.length) {
      throw new LinkOutsideStoreError(`link source '${source}' leaves the folder '${folder}' that holds the file`, where);
    }
    for (const loc of candidates) if (loc === self || this.registry.has(loc) || (await ZarrIO.canRead(loc, this.options.storageOptions))) return loc;
    throw new DanglingLinkError(`link source '${source}' names no readable Zarr store (tried ${candidates.join(", ")})`, where);
  }

  private async resolveTarget(ref: RefTarget, where: ErrorLocation): Promise<GroupBuilder | DatasetBuilder> {
    // hdmf-zarr maps an empty path to the root
    const target = { source: ref.source, path: !ref.path ? "/" : ref.path.startsWith("/") ? ref.path : "/" + ref.path };
    const loc = await this.locate(target.source, where);
    let found: GroupBuilder | DatasetBuilder | undefined;
    if (loc === this.abspath) {
      found = this.byPath.get(target.path);
    } else {
      this.registry.set(this.abspath, this);
      let other = this.registry.get(loc);
      if (!other) {
        other = new ZarrIO(loc, "r", { ...this.options, zarrFormat: undefined });
        other.registry = this.registry;
        other.ownsRegistry = false;
        this.registry.set(loc, other);
      }
      await other.nodesIndexed();
      found = other.byPath.get(target.path);
    }
    if (!found) throw new DanglingLinkError(`link or reference target '${target.path}' does not exist in '${loc}'`, where);
    return found;
  }

  /** Wait until every node of this file is indexed (its links may still be resolving: cycles are fine). */
  private async nodesIndexed(): Promise<void> {
    if (this.root) return;
    this.readBuilder().catch(() => undefined);
    await this.indexed;
  }

  // ---------------------------------------------------------------- writing

  private writeContext(root: GroupBuilder, linkData = true): WriteTreeContext {
    const self = this.abspath;
    return {
      hierarchy: this.hierarchy!, format: this.hierarchy!.format, source: self, root, linkData,
      externalSource: (target) => {
        const src = typeof target === "string" ? target : target.root.source ?? target.source;
        if (!src) throw new UnsupportedWriteError("cannot link to an object whose file is unknown", this.where(typeof target === "string" ? target : target.path));
        return relativeLocation(self, src);
      },
      isWritten: (b) => this.written.has(b),
      onWritten: (b) => this.written.add(b),
    };
  }

  private async writableHierarchy(path = "/"): Promise<ZarrHierarchy> {
    const h = await this.h();
    if (isReadOnlyMode(this.mode) || !this.store || !isWritable(this.store)) {
      throw new ReadOnlyError(`cannot write: the file is open in mode '${this.mode}'`, this.where(path));
    }
    return h;
  }

  /** Remember a tree as this file's, so getBuilder and resolveRef find what was written. */
  private adopt(root: GroupBuilder): void {
    this.root = root;
    this.byPath.clear();
    for (const b of walkBuilders(root)) if (b instanceof GroupBuilder || b instanceof DatasetBuilder) this.byPath.set(b.path, b);
  }

  /** The file's tree: read from disk, or the one written last; an empty root for a new file. */
  private async fileTree(): Promise<GroupBuilder> {
    if (this.root) return this.root;
    const h = await this.h();
    if ((await h.listChildren("")).length || Object.keys((await h.requireNode("")).attributes).length) return this.readBuilder();
    const root = new GroupBuilder("root", { source: this.abspath });
    this.written.add(root);
    this.adopt(root);
    return root;
  }

  /** Run a write; on failure keep the store readable and say what was not written. */
  private async guarded(h: ZarrHierarchy, builder: Builder, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (e) {
      const incomplete = walkBuilders(builder).filter((b) => !this.written.has(b)).map((b) => b.path);
      // Indexed even when not written, so that incompleteNodes() looks at every node the write touched.
      if (this.root && builder.root === this.root) for (const b of walkBuilders(builder)) if (b instanceof GroupBuilder || b instanceof DatasetBuilder) this.byPath.set(b.path, b);
      await h.consolidate().catch(() => undefined);
      throw new IncompleteWriteError(
        `write stopped: ${(e as Error).message}. The store is readable; ${incomplete.length} object(s) were not written completely: ${listed(incomplete)}. ` +
          `They stay marked as incomplete in the file, and readers refuse them. ${REWRITE_HINT}`,
        this.where(builder.path), incomplete, { cause: e },
      );
    }
  }

  /**
   * Write a whole builder tree as the file's root. Builders already in the file (read from it or
   * written before) are kept; new ones are added. On failure the store stays readable (metadata is
   * consolidated over what was written) and an IncompleteWriteError lists what was not written;
   * those objects stay marked incomplete in the file (zarr/incomplete.ts) until written again.
   */
  async writeBuilder(builder: GroupBuilder, options: WriteOptions = {}): Promise<void> {
    options = checkOptions(options, WRITE_BUILDER_OPTIONS, { call: `${this.constructor.name}.writeBuilder()`, store: this.given });
    const h = await this.writableHierarchy();
    const given = { ...this.parallel, ...options };
    if ((given.numberOfJobs ?? 1) > 1 && !(this.store instanceof LocalStore)) {
      // Worker threads write chunk files themselves, so they need a local folder (io/parallel/parallel-sink.ts).
      throw new InvalidOptionError(
        `numberOfJobs ${given.numberOfJobs} needs a file in a local folder (its worker threads write there), not '${this.abspath}': write without numberOfJobs, or into a local folder`,
        this.where(), "numberOfJobs", WRITE_BUILDER_OPTIONS,
      );
    }
    const jobs = writeJobs(given);
    // hdmf-zarr's exhaust_dci=False: iterators wait in the queue until every dataset exists.
    const queue = given.exhaustDci === false ? new ZarrIODataChunkIteratorQueue(given) : undefined;
    const ctx = { ...this.writeContext(builder, options.linkData ?? true), blockSink: jobs.blockSink, blockCopier: jobs.blockCopier, queueBlockWrite: queue && ((w: BlockWrite, done: () => Promise<void>) => queue.append(w, done)) };
    if (this.root !== builder) builder.source = this.abspath;
    try {
      const cacheSpec = options.cacheSpec?.length ? () => writeSpecCache(h, options.cacheSpec!) : undefined;
      const more = queue ? async () => { await queue.exhaustQueue(); await cacheSpec?.(); } : cacheSpec;
      await this.guarded(h, builder, () => writeGroup(ctx, builder, "", more));
    } finally {
      await queue?.abort();
      await jobs.close();
    }
    this.adopt(builder);
    if (options.consolidateMetadata !== false) await h.consolidate();
  }

  /**
   * Write the file of `src` (a Zarr file, or an HDF5 file opened with Hdf5IO) into this file, open
   * in mode `w` (hdmf-zarr's `export`). With `container` (the root container `src.read()` gave,
   * changed since: objects added, fields removed), that container is built again and written, so
   * the changes are in the new file; without it, the file as it is on disk. Options:
   * {@link ExportOptions} (`linkData` or `writeArgs: { linkData, exhaustDci }`, `cacheSpec`, `clearCache`,
   * `consolidateMetadata`, `numberOfJobs`; unknown ones are refused). `numberOfJobs` writes block
   * sources (data chunk iterators, HDF5 datasets) and the arrays copied from a Zarr source on
   * worker threads (io/parallel/copy-sink.ts: at most `numberOfJobs` blocks of about 4 MiB in
   * flight); stored chunks copied as they are (same codecs and chunks) and converted arrays
   * (references, object arrays) stay on the main thread. The destination must be a local folder.
   * See io/export.ts for the link cases, spec caching and chunk-by-chunk copies. A write that
   * stops part way raises IncompleteWriteError naming what was not written; a container that
   * cannot be built leaves the destination untouched. Afterwards this file's tree is read back
   * from disk, not shared with the source.
   */
  async export(src: ZarrIO | Hdf5IO, options: ExportOptions = {}): Promise<void> {
    options = checkOptions(options, EXPORT_OPTIONS, { call: `${this.constructor.name}.export()`, store: this.given }, UNSUPPORTED_EXPORT_OPTIONS);
    await checkExportTarget(this, src);
    // The source must open before the destination is created (mode `w` clears what is there).
    await src.open();
    if (src instanceof ZarrIO) await src.assertComplete("exported");
    if (src instanceof ZarrIO) refuseUnsupportedDtypes(await src.readBuilder());
    // This file opens (mode `w` clears what is there) at the first write, once the tree to write is built.
    try {
      await exportFile(this, src, options, src instanceof ZarrIO ? src.store : undefined, metadataLimit(src instanceof ZarrIO ? src.options : {}));
    } finally {
      this.root = undefined;
      this.byPath.clear();
      this.written.clear();
      this.hierarchy = undefined; // its cached metadata holds the export's JsonFloat attributes: reopen on next use
    }
  }

  /** Attach a builder to the group at `parentPath` of this file's tree, so its paths are the file's paths. */
  private async attach(parentPath: string, builder: GroupBuilder | DatasetBuilder | LinkBuilder): Promise<GroupBuilder> {
    await this.fileTree();
    const parent = await this.getBuilder(parentPath);
    if (!(parent instanceof GroupBuilder)) throw new NodeNotFoundError("is a dataset, not a group", this.where(parentPath));
    if (builder.parent !== parent) {
      await this.releaseIncomplete(parent, builder.name);
      if (builder instanceof GroupBuilder) parent.setGroup(builder);
      else if (builder instanceof DatasetBuilder) parent.setDataset(builder);
      else parent.setLink(builder);
    }
    return parent.root as GroupBuilder;
  }

  /**
   * An object whose write did not finish gives its name up to the one written again in its place:
   * its builder leaves the tree and its node the store. A complete object keeps its name.
   */
  private async releaseIncomplete(parent: GroupBuilder, name: string): Promise<void> {
    const old = parent.groups.get(name) ?? parent.datasets.get(name);
    if (!old) return;
    const h = await this.writableHierarchy(old.path);
    const path = this.nodePath(old);
    const meta = await h.getNode(path);
    if (!meta || !isIncomplete(meta)) return;
    (old instanceof GroupBuilder ? parent.groups : parent.datasets).delete(name);
    for (const b of walkBuilders(old)) {
      this.written.delete(b);
      if (this.byPath.get(b.path) === b) this.byPath.delete(b.path);
    }
    await h.deleteNode(path);
  }

  /** Write a group builder (and its subtree) into the group at `parentPath`. */
  async writeGroup(parentPath: string, builder: GroupBuilder): Promise<void> {
    const h = await this.writableHierarchy(childPath(parentPath, builder.name));
    const root = await this.attach(parentPath, builder);
    await this.guarded(h, builder, async () => {
      await writeGroup(this.writeContext(root), builder, this.nodePath(builder));
      for (const b of walkBuilders(builder)) if (b instanceof GroupBuilder || b instanceof DatasetBuilder) this.byPath.set(b.path, b);
    });
  }

  /** Write one dataset builder into the group at `parentPath`. */
  async writeDataset(parentPath: string, builder: DatasetBuilder): Promise<void> {
    const h = await this.writableHierarchy(childPath(parentPath, builder.name));
    const root = await this.attach(parentPath, builder);
    await this.guarded(h, builder, async () => {
      await writeDatasetNode(this.writeContext(root), builder, this.nodePath(builder));
      this.byPath.set(builder.path, builder);
    });
  }

  /** Add a link to the group at `parentPath`. */
  async writeLink(parentPath: string, link: LinkBuilder): Promise<void> {
    await this.writableHierarchy(childPath(parentPath, link.name));
    const root = await this.attach(parentPath, link);
    await writeGroup(this.writeContext(root), link.parent!, this.nodePath(link.parent!));
  }

  /** Set attributes (merged with existing ones) on the node at `path`. References are written in the file's convention. */
  async writeAttributes(path: string, attributes: Record<string, unknown>): Promise<void> {
    const h = await this.writableHierarchy(path);
    const meta = await h.requireNode(path);
    // The file's tree is needed only to place references; plain values need no read of it.
    const hasReference = Object.values(attributes).some((v) => v instanceof ReferenceBuilder || v instanceof Builder);
    const ctx = this.writeContext(hasReference ? await this.fileTree() : new GroupBuilder("root", { source: this.abspath }));
    const json = Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, attributeJson(ctx, v, this.where(path))]));
    await h.setAttributes(path, { ...meta.attributes, ...json });
  }

  /**
   * Read the file's root object (hdmf-zarr's `read()`): containers built from the namespaces cached
   * in the file (or the bundled hdmf-common / NWB core ones). Dataset values stay lazy.
   */
  async read<T extends Container = Container>(options: ReadOptions = {}): Promise<T> {
    const call = `${this.constructor.name}.read()`;
    options = checkOptions(options, READ_OPTIONS, { call, store: this.given });
    // The spec cache is read beside the tree: over HTTP their round trips overlap.
    const namespaces = options.loadNamespaces ?? true ? this.loadNamespaces() : undefined;
    namespaces?.catch(() => undefined); // awaited in readContainer, unless the checks below throw first
    await this.assertComplete("read");
    const kept = options.manager ?? this.manager;
    if (kept && options.typeMap && options.typeMap !== kept.typeMap) {
      throw new InvalidOptionError(`${call}: the typeMap given is not the type map of the manager in use; give one of them`, this.where(), "typeMap", READ_OPTIONS);
    }
    const manager = kept ?? new BuildManager(options.typeMap ?? (await loadBundledTypeMap()));
    if (!this.options.manager && !options.manager) this.readManager = manager;
    return readContainer<T>(this, manager.typeMap, { ...options, manager, namespaces });
  }

  /**
   * Paths of the objects whose write did not finish (a full disk, a killed writer): they are
   * marked so in the file, and are written again in mode `a` or `r+`. Empty for a complete file.
   * Reads the tree (readBuilder) and nothing more: the marks are in the metadata it read.
   */
  async incompleteNodes(): Promise<string[]> {
    await this.readBuilder();
    return this.markedNodes();
  }

  /** The marked nodes among those indexed so far (every node, once the tree's nodes are indexed). */
  private async markedNodes(): Promise<string[]> {
    const h = await this.h();
    const out: string[] = [];
    for (const path of this.byPath.keys()) {
      const meta = await h.getNode(path);
      if (meta && isIncomplete(meta)) out.push(path);
    }
    return out;
  }

  /** Refuse to build objects of a file whose write did not finish: they would be silently partial. */
  private async assertComplete(action: string): Promise<void> {
    const incomplete = await this.incompleteNodes();
    if (!incomplete.length) return;
    throw new IncompleteWriteError(
      `the write of this file did not finish: ${incomplete.length} object(s) are marked incomplete (their data, children, links or ` +
        `attributes may be missing), so the file is not ${action}: ${listed(incomplete)}. ${REWRITE_HINT}; ` +
        "readBuilder() still reads the objects that are complete",
      this.where(incomplete[0]), incomplete,
    );
  }

  /** A link or reference target missing from a file whose write did not finish is said to be that. */
  private async unfinishedWrite(e: unknown): Promise<unknown> {
    if (!(e instanceof DanglingLinkError)) return e;
    // Links are resolved once every node is indexed, so the marks are all known here.
    const incomplete = await this.markedNodes().catch(() => []);
    if (!incomplete.length) return e;
    const where = { store: e.store, path: e.path };
    const prefix = new HdmfZarrError("", where).message;
    const text = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
    return new IncompleteWriteError(
      `${text}: the write of this file did not finish, and ${incomplete.length} object(s) are marked incomplete: ${listed(incomplete)}. ${REWRITE_HINT}`,
      where, incomplete, { cause: e },
    );
  }

  /** Write a container as the file's root (hdmf-zarr's `write(container)`), caching the specs it uses. */
  async write(container: Container, options: ContainerWriteOptions = {}): Promise<void> {
    options = checkOptions(options, WRITE_OPTIONS, { call: `${this.constructor.name}.write()`, store: this.given });
    await this.rowAppends?.settled();
    this.parallel = { numberOfJobs: options.numberOfJobs, maxThreadsPerProcess: options.maxThreadsPerProcess, exhaustDci: options.exhaustDci };
    try {
      const manager = options.manager ?? this.options.manager;
      await writeContainer(this, container, options.typeMap ?? manager?.typeMap ?? (await loadBundledTypeMap()), { ...options, manager });
    } finally {
      this.parallel = undefined;
    }
  }

  /** Every namespace version cached in the file (`.specloc`), as raw spec documents. */
  async readSpecCache(): Promise<SpecCache> {
    return readSpecCache(await this.h());
  }

  /**
   * The cached namespaces a reader should load: one version per namespace, chosen as hdmf-zarr chooses
   * (the last version name in sorted order). Empty when the file caches none.
   */
  async loadNamespaces(): Promise<CachedNamespace[]> {
    return latestCached(await this.readSpecCache());
  }

  /** The cached namespaces of the file at `path` (see the instance method). */
  static async loadNamespaces(path: string | URL | ReadableStore, options: ZarrIOOptions = {}): Promise<CachedNamespace[]> {
    const io = new ZarrIO(path, "r", options);
    try {
      return await io.loadNamespaces();
    } finally {
      await io.close();
    }
  }

  /** Add namespaces to the file's spec cache. */
  async cacheSpec(namespaces: CachedNamespace[]): Promise<void> {
    await writeSpecCache(await this.writableHierarchy(), namespaces);
  }

  /**
   * Append references in place to a 1-d reference dataset of this file, open in mode `a` or `r+`
   * (what hdmf-zarr's `DatasetOfReferences.append` does): each target is a container read from a
   * file or written with {@link manager}, or a builder. The array grows in its metadata, only the
   * chunks of the new rows are written, and consolidated metadata is written again as after any
   * write. An append that stops part way is an IncompleteWriteError and leaves the dataset marked
   * incomplete.
   */
  async appendReferences(dataset: ZarrDataset, targets: readonly unknown[]): Promise<void> {
    const h = await this.writableHierarchy(dataset.path);
    await this.builderOf(dataset);
    checkAppendable(dataset);
    const refs = await this.referencesTo(dataset, targets);
    try {
      await appendReferences(h, dataset, refs);
    } catch (e) {
      // As a stopped write: consolidated metadata shows the array's incomplete mark too.
      await h.consolidate().catch(() => undefined);
      throw new IncompleteWriteError(
        `append stopped: ${(e as Error).message}. The dataset is marked incomplete and readers refuse it`,
        this.where(dataset.path), [dataset.path], { cause: e },
      );
    }
    await h.consolidate();
  }

  /** Where references to `targets` point (containers read from a file or written with {@link manager}, or builders). */
  private async referencesTo(dataset: ZarrDataset, targets: readonly unknown[]): Promise<AppendedReference[]> {
    const ctx = this.writeContext(await this.readBuilder());
    return targets.map((t) => {
      const builder = t instanceof GroupBuilder || t instanceof DatasetBuilder ? t : isContainer(t) ? (sourceBuilder(t) ?? this.manager?.getBuilder(t)) : undefined;
      if (!(builder instanceof GroupBuilder || builder instanceof DatasetBuilder)) {
        throw new UnsupportedWriteError("cannot append a reference to this target: give a builder, or a container read from a file or written with this ZarrIO's manager", this.where(dataset.path));
      }
      return { target: targetOf(ctx, builder), builder };
    });
  }

  /**
   * Queue rows to append in place to datasets of this file, open in mode `a` or `r+` (the columns of
   * a table row: `DynamicTable.addRow` on a table read from it). In turn, `check` runs and the values
   * are converted (nothing changes when either fails), then every dataset grows at once
   * (format/append-values.ts); consolidated metadata is written again when no append is left queued.
   */
  appendRows(columns: readonly RowValues[], check?: () => Promise<void>): Promise<void> {
    this.rowAppends ??= new RowAppendQueue(() => this.writableHierarchy(), (p) => this.where(p));
    return this.rowAppends.enqueue(async () => {
      await check?.();
      const out = [];
      for (const { dataset, values } of columns) {
        await this.builderOf(dataset);
        const stored = dataset.isReference
          ? (await this.referencesTo(dataset, values)).map(({ target, builder }) => formatElementReference(target, this.hierarchy!.format, refExtra(builder)))
          : values;
        out.push({ dataset, rows: storedRows(dataset, stored) });
      }
      return out;
    });
  }

  /** Write consolidated metadata now. */
  async consolidateMetadata(): Promise<void> {
    await (await this.writableHierarchy()).consolidate();
  }

  // ---------------------------------------------------------------- bookkeeping (hdmf-zarr names)

  /** Whether a builder was written by (or read from) this file; with checkOnDisk, also whether its node is on disk. */
  async getWritten(builder: Builder, checkOnDisk = false): Promise<boolean> {
    const w = this.written.has(builder);
    return checkOnDisk ? w && (await this.getBuilderExistsOnDisk(builder)) : w;
  }

  /** Path of a builder's node in the store, relative to its root ("" for the root). */
  private nodePath(builder: Builder): string {
    return builder.path.replace(/^\/+/, "");
  }

  /**
   * Where a builder's node is on disk (hdmf-zarr's `get_builder_disk_path`): {@link path} (or
   * `filepath`) joined with the builder's path. The root gives the location with a trailing "/",
   * as hdmf-zarr does for a root it built (for a root read from a file it gives `<file>/root`, a
   * folder that is not there).
   */
  getBuilderDiskPath(builder: Builder, filepath?: string): string {
    const base = filepath ?? this.path;
    return `${base.endsWith("/") ? base : `${base}/`}${this.nodePath(builder)}`;
  }

  /** Whether a node for the builder exists on disk now (asks the store, not cached metadata). */
  async getBuilderExistsOnDisk(builder: Builder): Promise<boolean> {
    return (await this.h()).existsOnDisk(this.nodePath(builder));
  }

  /**
   * Absolute path of the group holding a node (hdmf-zarr's `get_zarr_parent_path`): `"/"` and the
   * parent's path in the file; the node given as builder, ZarrDataset, ZarrArray or path.
   */
  getZarrParentPath(node: Builder | NodeRef): string {
    if (node instanceof Builder) return node.parent ? node.parent.path : "/";
    const path = typeof node === "string" ? node.replace(/^\/+/, "") : nodePathOf(node).slice(1);
    return `/${path.slice(0, Math.max(0, path.lastIndexOf("/")))}`;
  }

  /** Metadata of a node. */
  async getNodeMetadata(path: string): Promise<NodeMetadata> {
    return (await this.h()).requireNode(path);
  }

  /**
   * The info table of an array (Type, Zarr format, Data type, Shape, Chunk shape, codecs, No. bytes,
   * No. bytes stored, Storage ratio, Chunks initialized, …) with a small preview, as HTML: hdmf-zarr's
   * `generate_dataset_html`. Async because the storage facts come from listing the store.
   *
   * The display layer renders it; the package entry (`hdmf-zarr`) installs that layer here, and a
   * call without it rejects with DisplayNotLoadedError.
   */
  static async generateDatasetHtml(array: unknown): Promise<string> {
    return datasetHtmlRenderer()(array);
  }

  /** The hdmf dtype name hdmf-zarr would record for some data (`_DTYPE` / `zarr_dtype`). */
  static getType(data: unknown): string {
    const where = { path: "(data)" };
    return dtypeMarker(inferClass(flatten(data, where), where), 3);
  }
}

/** A node of a file as `getContainer` and `getZarrParentPath` take it: absolute path, builder, dataset or array. */
export type NodeRef = string | GroupBuilder | DatasetBuilder | ZarrDataset | ZarrArray;

/** The absolute path of a node given as builder, dataset or array. */
function nodePathOf(node: Exclude<NodeRef, string>): string {
  return node instanceof ZarrArray ? `/${node.path.replace(/^\/+/, "")}` : node.path;
}

/** Paths for a message: the first ten. */
function listed(paths: string[]): string {
  return `${paths.slice(0, 10).join(", ")}${paths.length > 10 ? ", …" : ""}`;
}

/** Absolute path of a child of the group at `parentPath`. */
function childPath(parentPath: string, name: string): string {
  return `/${[...parentPath.split("/"), name].filter(Boolean).join("/")}`;
}
