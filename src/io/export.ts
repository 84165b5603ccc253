/**
 * Export (hdmf-zarr's `ZarrIO.export`) and conversion between the legacy (Zarr v2) and current
 * (Zarr v3) conventions, at the builder level: the source's builder tree is written into a new
 * file. Arrays are copied chunk by chunk (format/copy-array.ts); links and references are
 * rewritten for the new file. An HDF5 source (io/hdf5/hdf5-io.ts) goes through export-hdf5.ts.
 */
import { isAbsolute, resolve } from "node:path";
import { rm } from "node:fs/promises";
import {
  HdmfZarrError, IncompleteConversionError, IncompleteWriteError, InvalidArgumentError,
} from "../errors.js";
import { Builder, DatasetBuilder, GroupBuilder, LinkBuilder } from "../format/builders.js";
import { unwrapData } from "../format/data-io.js";
import { classifyDtype, isCompound } from "../format/dtype-map.js";
import type { BuilderDtype } from "../format/builders.js";
import type { CachedNamespace } from "../format/spec-cache.js";
import { ZarrDataset } from "../format/zarr-dataset.js";
import { CodecPipeline } from "../zarr/codecs/index.js";
import { JsonFloat } from "../zarr/codecs/json-text.js";
import { parseJsonExact } from "../zarr/json-exact.js";
import type { ZarrFormat } from "../zarr/metadata-types.js";
import type { ReadableStore } from "../store/types.js";
import { checkValueSize, limitText, type ByteLimit } from "../store/capped-read.js";
import { metadataLimit } from "../zarr/limits.js";
import { checkOptions, optionNames } from "../options.js";
import { ZarrDataIO } from "./zarr-data-io.js";
import { ZarrIO } from "./zarr-io.js";
import { Hdf5IO } from "./hdf5/hdf5-io.js";
import { exportHdf5File, hdf5ConversionProblems } from "./export-hdf5.js";
import { checkReplaceable, checkSeparate, destinationPath, makeParent, replaceWith, siblingTemp } from "./destination.js";

/** Options of {@link ZarrIO.export}. */
export interface ExportOptions {
  /**
   * Datasets whose data are arrays of a file (default true): an array of another file stays a
   * link to it, an array of the source at another path becomes a link inside the new file, and an
   * array of the source at the same path is copied (hdmf-zarr's three cases). With false, every
   * array is copied.
   */
  linkData?: boolean;
  /** Copy the source's cached specifications, every version (default true). */
  cacheSpec?: boolean;
  /** Consolidate the new file's metadata (default true). */
  consolidateMetadata?: boolean;
}

/** The keys of {@link ExportOptions}. */
export const EXPORT_OPTIONS = optionNames<ExportOptions>({ linkData: true, cacheSpec: true, consolidateMetadata: true });

/** Arguments of hdmf-zarr's / pynwb's `export` with no counterpart here, and what to do instead. */
export const UNSUPPORTED_EXPORT_OPTIONS = {
  nwbfile: "export copies the source file as it is on disk; to write a changed NWBFile, use `await new NWBZarrIO(path, \"w\").write(nwbfile)`",
  container: "export copies the source file as it is on disk; to write a changed container, use `await new ZarrIO(path, \"w\").write(container)`",
  writeArgs: "pass write options to `write()` or `writeBuilder()` instead",
  clearCache: "the builders of the source are never reused by the new file, so there is no cache to clear",
};

/** One entry of the source that could not be carried over, and why. */
export interface ConversionProblem {
  path: string;
  reason: string;
}

/** What a conversion wrote. */
export interface ConversionSummary {
  source: string;
  destination: string;
  /** Zarr format of the source, or "hdf5" for an HDF5 file. */
  sourceFormat: ZarrFormat | "hdf5";
  zarrFormat: ZarrFormat;
  groups: number;
  datasets: number;
  links: number;
}

/** Options of {@link convert}. */
export interface ConvertOptions {
  /** Decode pickle-coded legacy arrays (trusted files only; the decoder is allow-listed). */
  allowPickle?: boolean;
  /** Format of the new file (default 3, the current convention). */
  zarrFormat?: ZarrFormat;
  /** Replace an existing Zarr store at the destination (default false: refuse it). */
  overwrite?: boolean;
  /**
   * With `overwrite`: also replace a destination that is a file or a non-empty folder that is not
   * a Zarr store (default false: refuse it). A destination that is, contains or lies inside the
   * source is refused whatever the options.
   */
  forceOverwrite?: boolean;
  /** Read the source through symbolic links that lead out of its folder (see LocalStoreOptions). */
  followExternalSymlinks?: boolean;
}

const CONVERT_OPTIONS = optionNames<ConvertOptions>({ allowPickle: true, zarrFormat: true, overwrite: true, forceOverwrite: true, followExternalSymlinks: true });

/** Every group, dataset and link below a group, parents first. */
export function walk(root: GroupBuilder): Builder[] {
  const out: Builder[] = [root];
  for (const g of root.groups.values()) out.push(...walk(g));
  out.push(...root.datasets.values(), ...root.links.values());
  return out;
}

/** Every cached version of every namespace of a file. */
async function cachedNamespaces(io: ZarrIO): Promise<CachedNamespace[]> {
  const out: CachedNamespace[] = [];
  for (const [name, versions] of await io.readSpecCache()) {
    for (const [version, documents] of versions) out.push({ name, version, documents });
  }
  return out;
}

/**
 * Prepare hdmf-zarr's link cases for a tree about to be exported with `linkData` true; returns the
 * undo. An array of the source at the builder's own path is copied; one at another path of the
 * source becomes a link inside the new file; an array of another file is left to the writer, which
 * links to it.
 */
async function applyLinkCases(src: ZarrIO, source: ReadableStore, root: GroupBuilder, linkData: boolean): Promise<() => void> {
  const undo: (() => void)[] = [];
  for (const b of walk(root)) {
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
    const target = await src.getBuilder(data.path);
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

/** Refuse an export hdmf-zarr refuses: a destination not open in mode `w`, or a file into itself. */
export function checkExport(dest: ZarrIO, src: ZarrIO | Hdf5IO): void {
  if (dest.mode !== "w") {
    throw new InvalidArgumentError(`cannot export into a file opened in mode '${dest.mode}'; open it with mode 'w'`, { store: dest.path });
  }
  if (dest === src || dest.abspath === src.abspath) {
    throw new InvalidArgumentError("cannot export a file into itself", { store: dest.path });
  }
}

/** Whether a file is on the local file system (not a URL or an in-memory store). */
const isLocal = (io: ZarrIO | Hdf5IO): boolean => io instanceof Hdf5IO || (!io.isRemote() && isAbsolute(io.abspath));

/**
 * Every check of an export before either file is opened: those of {@link checkExport}, and a
 * destination that is, contains or lies inside the source (real paths) is a DestinationOverlapError.
 */
export async function checkExportTarget(dest: ZarrIO, src: ZarrIO | Hdf5IO): Promise<void> {
  checkExport(dest, src);
  if (isLocal(dest) && isLocal(src)) await checkSeparate(src.abspath, dest.abspath);
}

/**
 * Write the whole file of `src` into `dest` (hdmf-zarr's `ZarrIO.export` of a full file); called by
 * `ZarrIO.export`, which passes the source's (open) store. The source's builders are left as they were.
 */
export async function exportFile(
  dest: ZarrIO, src: ZarrIO | Hdf5IO, options: ExportOptions, sourceStore: ReadableStore | undefined, sourceMetadataLimit: ByteLimit = metadataLimit({}),
): Promise<void> {
  checkExport(dest, src);
  if (src instanceof Hdf5IO) return exportHdf5File(dest, src, options);
  if (!sourceStore) throw new InvalidArgumentError("the source's store is not open", { store: src.path });
  const linkData = options.linkData ?? true;
  const root = await src.readBuilder();
  const cacheSpec = options.cacheSpec === false ? undefined : await cachedNamespaces(src);
  const saved = walk(root).map((b) => [b, b.source, b.written] as const);
  const undoFloats = await markWholeFloats(sourceStore, src.zarrFormat, root, sourceMetadataLimit);
  let undoLinks = () => {};
  try {
    undoLinks = await applyLinkCases(src, sourceStore, root, linkData);
    await dest.writeBuilder(root, { linkData, cacheSpec, consolidateMetadata: options.consolidateMetadata });
  } finally {
    undoLinks();
    undoFloats();
    for (const [b, source, written] of saved) ((b.source = source), (b.written = written));
  }
}

// ------------------------------------------------------------------------------ whole floats

/*
 * JSON keeps `1.0` and `1` apart; JS numbers do not, so attributes such as `conversion: 1.0` or
 * `rate: 20000.0` would be written back as integers, which pynwb refuses for float fields. The
 * source's metadata text says which numbers were floats: those travel to the writer as JsonFloat.
 */

/**
 * Paths (keys and indices) of the numbers written as floats with a whole value in a JSON text.
 * The reader has parsed the same text already; should it have changed into something else since,
 * the scan stops where it stops making sense (nothing is marked past that point).
 */
function wholeFloatPaths(text: string): (string | number)[][] {
  const out: (string | number)[][] = [];
  const literal = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|NaN|-?Infinity/y;
  let i = 0;
  const space = () => {
    while (i < text.length && " \n\r\t".includes(text[i])) i++;
  };
  const string = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    return JSON.parse(text.slice(start, ++i)) as string;
  };
  const value = (path: (string | number)[]): void => {
    space();
    if (text[i] === "{" || text[i] === "[") {
      const object = text[i++] === "{";
      space();
      if (text[i] === (object ? "}" : "]")) return void i++;
      for (let k = 0; ; k++) {
        space();
        let key: string | number = k;
        if (object) {
          key = string();
          space();
          i++; // ":"
        }
        value([...path, key]);
        space();
        if (text[i++] !== ",") return;
      }
    }
    if (text[i] === '"') return void string();
    literal.lastIndex = i;
    const token = literal.exec(text)?.[0];
    if (token === undefined) throw new SyntaxError(`unexpected JSON at ${i}`);
    i = literal.lastIndex;
    const v = Number(token);
    if (/[.eE]/.test(token) && Number.isSafeInteger(v) && !Object.is(v, -0)) out.push(path);
  };
  try {
    value([]);
  } catch {
    // a truncated or changed document: keep what was found before the damage
  }
  return out;
}

/**
 * Wrap the whole-valued float attributes of the tree's nodes in JsonFloat; returns the undo. The
 * metadata documents are read again under the source's metadata limit (the store may have changed
 * since the reader took them); a document over it is a StoreError, not a quietly unmarked attribute.
 */
async function markWholeFloats(store: ReadableStore, format: ZarrFormat, root: GroupBuilder, limit: ByteLimit): Promise<() => void> {
  const decoder = new TextDecoder();
  const read = async (key: string) => {
    // Best effort: a document that cannot be read leaves its floats as numbers; one over the limit is refused.
    const bytes = await store.get(key, { limit }).catch((e: unknown) => {
      if (e instanceof Error && e.message.includes(limitText(limit))) throw e;
      return undefined;
    });
    checkValueSize(bytes, limit, `'${key}'`, { store: store.description, path: key });
    return bytes === undefined ? undefined : decoder.decode(bytes);
  };
  // Paths of float numbers per node path ("" = root) and attribute, from the consolidated document when there is one.
  const found = new Map<string, (string | number)[][]>();
  const add = (node: string, path: (string | number)[]) => {
    const list = found.get(node) ?? [];
    list.push(path);
    found.set(node, list);
  };
  const consolidatedText = await read(format === 3 ? "zarr.json" : ".zmetadata");
  // Nodes whose attributes the consolidated document holds (the reader took them from there).
  const covered = new Set<string>();
  if (consolidatedText !== undefined) {
    const doc = parseJsonExact(consolidatedText) as { consolidated_metadata?: { metadata?: object }; metadata?: object } | null;
    if (format === 3) {
      covered.add("");
      for (const key of Object.keys(doc?.consolidated_metadata?.metadata ?? {})) covered.add(key);
    } else {
      for (const key of Object.keys(doc?.metadata ?? {})) covered.add(key.replace(/\/?\.z(attrs|group|array)$/, ""));
    }
    for (const p of wholeFloatPaths(consolidatedText)) {
      if (format === 3 && p[0] === "attributes") add("", p.slice(1));
      else if (format === 3 && p[0] === "consolidated_metadata" && p[1] === "metadata" && p[3] === "attributes") add(String(p[2]), p.slice(4));
      else if (format === 2 && p[0] === "metadata" && String(p[1]).endsWith(".zattrs")) add(String(p[1]).replace(/\/?\.zattrs$/, ""), p.slice(2));
    }
  }
  const undo: (() => void)[] = [];
  for (const b of walk(root)) {
    if (b instanceof LinkBuilder) continue;
    const node = b as GroupBuilder | DatasetBuilder;
    const path = node.path.replace(/^\//, "");
    let paths = found.get(path);
    if (paths === undefined && !covered.has(path)) {
      const text = await read(format === 3 ? (path ? `${path}/zarr.json` : "zarr.json") : path ? `${path}/.zattrs` : ".zattrs");
      paths = text === undefined ? [] : wholeFloatPaths(text).flatMap((p) => (format === 3 ? (p[0] === "attributes" ? [p.slice(1)] : []) : [p]));
    }
    for (const [name, ...rest] of paths ?? []) {
      const key = String(name);
      if (!(key in node.attributes)) continue;
      const original = node.attributes[key];
      const marked = markAt(original, rest);
      if (marked === original) continue;
      node.attributes[key] = marked;
      undo.push(() => (node.attributes[key] = original));
    }
  }
  return () => undo.reverse().forEach((f) => f());
}

/** `value` with the whole number at `path` as a JsonFloat (a copy; `value` itself when there is none). */
function markAt(value: unknown, path: (string | number)[]): unknown {
  if (path.length === 0) return typeof value === "number" && Number.isSafeInteger(value) ? new JsonFloat(value) : value;
  if (!Array.isArray(value) || typeof path[0] !== "number" || path[0] >= value.length) return value;
  const inner = markAt(value[path[0]], path.slice(1));
  if (inner === value[path[0]]) return value;
  const copy = value.slice();
  copy[path[0]] = inner;
  return copy;
}

// ------------------------------------------------------------------------------ conversion

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
  if ("builder" in value || ("shape" in value && "data" in value)) return undefined; // ReferenceBuilder, NdArray
  return value;
}

/** Everything in a source that a conversion could not carry over. Reads metadata only. */
export async function conversionProblems(src: ZarrIO, root: GroupBuilder): Promise<ConversionProblem[]> {
  const problems: ConversionProblem[] = [];
  for (const b of walk(root)) {
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

function problemList(problems: ConversionProblem[]): string {
  return problems.map((p) => `  ${p.path}: ${p.reason}`).join("\n");
}

/** Paths of every node and link of a tree, with their kind and (datasets) shape. */
function inventory(root: GroupBuilder): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of walk(root)) {
    const kind = b instanceof GroupBuilder ? "group"
      : b instanceof LinkBuilder ? `link → ${b.builder.path}`
      : `dataset [${(unwrapData((b as DatasetBuilder).data).data as ZarrDataset | undefined)?.shape?.join(", ") ?? "?"}]`;
    out.set(b.path, kind);
  }
  return out;
}

/**
 * Convert the file at `source` into a new file at `destination`, in the current convention (Zarr
 * v3) unless `zarrFormat: 2` is asked: every array copied chunk by chunk (legacy pickle/json2
 * object arrays become strings and structs, legacy scalars 0-d arrays, codecs mapped), links and
 * references rewritten, the cached specifications copied.
 *
 * Refuses to drop anything: entries that cannot be read or written (pickle without `allowPickle`,
 * unknown codecs or dtypes, attributes the writer cannot store) are all listed in one
 * IncompleteConversionError before anything is written. The destination must not be, contain or
 * lie inside the source (DestinationOverlapError); an existing one is replaced only with
 * `overwrite` (and `forceOverwrite` when it is not a Zarr store). The new file is written beside
 * the destination and moved into place once read back complete, so a conversion that fails part
 * way leaves no partial output and an existing destination as it was.
 */
export async function convert(source: string, destination: string, options: ConvertOptions = {}): Promise<ConversionSummary> {
  options = checkOptions(options, CONVERT_OPTIONS, { call: "convert()", store: source });
  // An HDF5 file (NWB .nwb) is exported the same way, its arrays read with h5wasm.
  const src = (await Hdf5IO.canRead(source))
    ? new Hdf5IO(source)
    : new ZarrIO(source, "r", { allowPickle: options.allowPickle, followExternalSymlinks: options.followExternalSymlinks });
  try {
    // The source is read before the destination is looked at: nothing is touched for a source that cannot be read.
    const root = await src.readBuilder();
    const target = resolve(destination);
    if (isLocal(src)) await checkSeparate(src.abspath, target);
    const real = await destinationPath(target);
    await checkReplaceable(real, options.overwrite ?? false, options.forceOverwrite ?? false);
    const problems = src instanceof Hdf5IO ? hdf5ConversionProblems(root) : await conversionProblems(src, root);
    if (problems.length) {
      throw new IncompleteConversionError(
        `${problems.length} entr${problems.length === 1 ? "y" : "ies"} could not be converted and would be missing from '${destination}'; nothing was written:\n${problemList(problems)}`,
        { store: src.abspath, path: "/" }, problems,
      );
    }
    await makeParent(real);
    const temp = siblingTemp(real, "convert");
    const dest = new ZarrIO(temp, "w", { zarrFormat: options.zarrFormat ?? 3 });
    try {
      await dest.export(src, { linkData: false, cacheSpec: true });
      await dest.close();
      await checkComplete(src, root, temp, options.allowPickle);
      await replaceWith(temp, real);
    } catch (e) {
      await dest.close().catch(() => undefined);
      await rm(temp, { recursive: true, force: true }).catch(() => undefined);
      if (e instanceof IncompleteConversionError) throw e;
      // The writer reports what it could not finish; the entry that failed is its cause.
      const failure = (e instanceof IncompleteWriteError && e.cause instanceof Error ? e.cause : e) as Error & { path?: string };
      throw new IncompleteConversionError(
        `conversion stopped: ${failure.message}; the partial output was removed and '${target}' was left as it was`,
        { store: src.abspath }, [{ path: failure.path ?? "/", reason: failure.message }], { cause: e },
      );
    }
    const counts = { groups: 0, datasets: 0, links: 0 };
    for (const b of walk(root)) counts[b instanceof GroupBuilder ? "groups" : b instanceof LinkBuilder ? "links" : "datasets"]++;
    const sourceFormat = src instanceof Hdf5IO ? "hdf5" : src.zarrFormat;
    return { source: src.abspath, destination: target, sourceFormat, zarrFormat: options.zarrFormat ?? 3, ...counts };
  } finally {
    await src.close();
  }
}

/** Read the new file back (metadata only): every node and link of the source must be there, same kind and shape. */
async function checkComplete(src: ZarrIO | Hdf5IO, root: GroupBuilder, destination: string, allowPickle?: boolean): Promise<void> {
  const dest = new ZarrIO(destination, "r", { allowPickle });
  try {
    const want = inventory(root);
    const got = inventory(await dest.readBuilder());
    const missing: ConversionProblem[] = [];
    for (const [path, kind] of want) {
      // The legacy convention keeps scalar references and compounds as one-element arrays.
      if (dest.zarrFormat === 2 && kind === "dataset []" && got.get(path) === "dataset [1]") continue;
      if (got.get(path) !== kind) missing.push({ path, reason: got.has(path) ? `written as ${got.get(path)}, not ${kind}` : "missing from the new file" });
    }
    if (missing.length) {
      throw new IncompleteConversionError(`the new file lacks ${missing.length} entr${missing.length === 1 ? "y" : "ies"} of the source:\n${problemList(missing)}`, { store: src.abspath, path: "/" }, missing);
    }
  } finally {
    await dest.close();
  }
}
