/**
 * NWBZarrIO: a ZarrIO for NWB files. Reads give typed NWB objects (NWBFile, TimeSeries, Units, …;
 * every other type as a container made from its spec) over the bundled core schema plus the
 * namespaces cached in the file and any extension namespace files given; writes cache the specs
 * used. `readNwb` reads `s3://` files anonymously unless storage options are given, as pynwb's
 * `read_nwb` does with hdmf-zarr 0.14.
 */
import { InvalidArgumentError, InvalidOptionError } from "../errors.js";
import { checkOptions, optionNames } from "../options.js";
import { loadBundledTypeMap } from "../build/bundled.js";
import type { Container } from "../build/container.js";
import type { TypeMap } from "../build/type-map.js";
import { isContainer } from "../build/brands.js";
import { loadNamespaceFile } from "../spec/loading/node-loader.js";
import type { ReadableStore } from "../store/types.js";
import { ZarrIO, type ContainerWriteOptions, type ZarrIOOptions } from "../io/zarr-io.js";
import type { ExportOptions } from "../io/export-contract.js";
import type { Hdf5IO } from "../io/hdf5/hdf5-io.js";
import type { Mode } from "../io/modes.js";
import { NWBContainer } from "./nwb-container.js";
import { NWBFile } from "./nwb-file.js";
import { loadNwbTypes } from "./load-types.js";
import { registerNwbClasses } from "./register.js";

/** Options of {@link NWBZarrIO}. */
export interface NWBZarrIOOptions extends ZarrIOOptions {
  /** Load the namespaces cached in the file (default true). */
  loadNamespaces?: boolean;
  /** Paths of extension namespace files (`*.namespace.yaml`) to load. */
  extensions?: string[];
  /** Use this type map (its own classes stay; the NWB classes are registered in it). */
  typeMap?: TypeMap;
  /**
   * Small datasets read when the file opens, for the typed getters: `"file"` (default) reads those
   * of the NWBFile, `general` and the subject; `"all"` those of every NWB object too (e.g. each
   * series' starting_time); `"none"` reads nothing (call `loadFields()` on objects as needed).
   */
  preload?: "file" | "all" | "none";
}

/** Options of {@link NWBZarrIO.export}: ZarrIO's, and pynwb's name for the container. */
export interface NWBExportOptions extends ExportOptions {
  /** The NWBFile to export (pynwb's `nwbfile`): `read()` of the source gave it, changed since. Same as `container`. */
  nwbfile?: NWBFile;
}

const NWB_ONLY_OPTIONS = optionNames<Omit<NWBZarrIOOptions, keyof ZarrIOOptions>>({
  loadNamespaces: true, extensions: true, typeMap: true, preload: true,
});

/**
 * Read and write NWB files stored in Zarr (hdmf-zarr's `NWBZarrIO`): a {@link ZarrIO} whose
 * `read()` gives an {@link NWBFile} with typed objects (TimeSeries, ElectricalSeries, Units,
 * ProcessingModule, …; any other type, extensions included, as a container made from its spec).
 *
 * - `new NWBZarrIO(path, mode = "r", options?)`: a local folder, an `https://` or `s3://` URL, a
 *   `.zip` archive or a store; modes and options as ZarrIO's, plus {@link NWBZarrIOOptions}
 *   (`loadNamespaces`, `extensions`, `typeMap`, `preload`).
 * - `await NWBZarrIO.readNwb(pathOrUrl)` opens and reads in one call.
 * - `await io.write(nwbfile)` writes an NWBFile (Zarr v3, hdmf-zarr 0.14 convention; pynwb reads it).
 * - Members come typed and checked: `nwbfile.acquisition.get("trace", TimeSeries)` is a TimeSeries
 *   (or a TypeMismatchError saying what it is).
 *
 * An NWB HDF5 file (`.nwb`) is converted with `convert("in.nwb", "out.nwb.zarr")`.
 *
 * @example
 * const nwbfile = await NWBZarrIO.readNwb("session.nwb.zarr");
 * const ts = nwbfile.acquisition.get("trace", TimeSeries);
 * const first = await ts.data.get([slice(0, 10)]);
 */
export class NWBZarrIO extends ZarrIO {
  protected static override readonly optionNames: readonly string[] = [...ZarrIO.optionNames, ...NWB_ONLY_OPTIONS].sort();
  private readonly nwbOptions: NWBZarrIOOptions;
  private typeMapPromise?: Promise<TypeMap>;

  constructor(target: string | URL | ReadableStore, mode: Mode = "r", options: NWBZarrIOOptions = {}) {
    super(target, mode, options);
    this.nwbOptions = options;
    const given = options?.manager?.typeMap;
    if (given && options.typeMap && given !== options.typeMap) {
      throw new InvalidOptionError(
        "new NWBZarrIO(): the typeMap given is not the type map of the manager given; give one of them",
        { store: this.given }, "typeMap", NWBZarrIO.optionNames,
      );
    }
  }

  /**
   * The type map reads and writes use: the one given (or the given manager's), else the bundled
   * schemas; with the extensions given and the NWB classes.
   */
  async typeMap(): Promise<TypeMap> {
    this.typeMapPromise ??= (async () => {
      await loadNwbTypes(); // the classes take their specs from the first type map they are registered in
      const tm = this.nwbOptions.typeMap ?? this.nwbOptions.manager?.typeMap ?? (await loadBundledTypeMap());
      for (const ext of this.nwbOptions.extensions ?? []) await loadNamespaceFile(ext, tm.catalog);
      return registerNwbClasses(tm);
    })();
    return this.typeMapPromise;
  }

  /** Read the file's NWBFile (dataset values stay lazy; see `preload` for the small ones). */
  override async read<T extends Container = NWBFile>(options: { loadNamespaces?: boolean } = {}): Promise<T> {
    options = checkOptions(options, ["loadNamespaces"], { call: "NWBZarrIO.read()", store: this.given });
    const root = await super.read({ typeMap: await this.typeMap(), loadNamespaces: options.loadNamespaces ?? this.nwbOptions.loadNamespaces ?? true });
    if (!(root instanceof NWBFile)) {
      throw new InvalidArgumentError(`the root of the file is a ${root.typeName}, not an NWBFile`, { store: this.given, path: "/" });
    }
    const preload = this.nwbOptions.preload ?? "file";
    if (preload !== "none") {
      const targets: NWBContainer[] = preload === "all" ? allNwbContainers(root) : [root, ...(root.subject ? [root.subject] : [])];
      await Promise.all(targets.map((c) => c.loadFields()));
    }
    return root as unknown as T;
  }

  /** Write an NWBFile as the file's root, caching the specs it uses. */
  override async write(nwbfile: Container, options: ContainerWriteOptions = {}): Promise<void> {
    await super.write(nwbfile, { ...options, typeMap: options.typeMap ?? (await this.typeMap()) });
  }

  /**
   * Export `src` into this file (pynwb's and hdmf-zarr's `export(src_io, nwbfile=…)`): with
   * `nwbfile` (the NWBFile `read()` of the source gave, changed since: acquisitions or processing
   * modules added, …) that NWBFile is what is written; without it, the source file as it is. Other
   * options: ZarrIO's {@link ZarrIO.export}.
   *
   * @example
   * const src = new NWBZarrIO("in.nwb.zarr", "r");
   * const nwbfile = await src.read();
   * nwbfile.addAcquisition(new TimeSeries({ name: "added", data: [1, 2, 3], unit: "m", rate: 10 }));
   * await new NWBZarrIO("out.nwb.zarr", "w").export(src, { nwbfile });
   */
  override async export(src: ZarrIO | Hdf5IO, options: NWBExportOptions = {}): Promise<void> {
    if (options === null || typeof options !== "object" || !("nwbfile" in options)) return super.export(src, options);
    const { nwbfile, ...rest } = options;
    if (rest.container !== undefined && nwbfile !== undefined && rest.container !== nwbfile) {
      throw new InvalidOptionError("NWBZarrIO.export(): nwbfile and container are two names of one option; give one of them", { store: this.given }, "nwbfile", ["nwbfile", "container"]);
    }
    return super.export(src, { ...rest, container: nwbfile ?? rest.container });
  }

  /**
   * Open and read an NWB file (local path, `https://` or `s3://` URL), then release the store.
   * An `s3://` file is read anonymously (`storageOptions: { anon: true }`) when no storage options
   * are given, as hdmf-zarr 0.14's `read_nwb` does.
   */
  static async readNwb(pathOrUrl: string | URL, options: NWBZarrIOOptions = {}): Promise<NWBFile> {
    const s3 = /^s3:\/\//i.test(String(pathOrUrl).trim());
    const given = options?.storageOptions;
    const io = new NWBZarrIO(pathOrUrl, "r", s3 && given === undefined ? { ...options, storageOptions: { anon: true } } : options);
    return io.read<NWBFile>();
  }
}

/** Every NWBContainer in the tree below (and including) `root`. */
function allNwbContainers(root: Container): NWBContainer[] {
  const out: NWBContainer[] = [];
  const seen = new Set<Container>();
  const visit = (c: Container) => {
    if (seen.has(c)) return;
    seen.add(c);
    if (c instanceof NWBContainer) out.push(c);
    for (const child of c.children) if (isContainer(child)) visit(child);
  };
  visit(root);
  return out;
}
