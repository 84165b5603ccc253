/**
 * Our reader's view of an NWB file in the schema of python/dump_nwb.py, so the two compare value by
 * value: every container by its path of names, with type, name, parent path, its fields by hdmf
 * field name (untyped subgroups flattened as `group__field`, own children left out) and, for
 * tables, the columns per row (ragged resolved, regions as row indices).
 */
import { isContainer, isUntypedGroup, type Container } from "../../../../src/build/index.js";
import { ContainerMap, Data, DynamicTable, LazyData, toNested } from "../../../../src/build/index.js";
import { readRows } from "../../../../src/build/index.js";
import { isNdArray, isTypedArray } from "../../../../src/data/index.js";
import { NWBZarrIO, type NWBZarrIOOptions } from "../../../../src/nwb/index.js";

/** One object of the dump. */
export interface DumpObject {
  type: string;
  name: string;
  parent: string | null;
  fields: Record<string, unknown>;
  columns?: Record<string, unknown[]>;
}

/** The whole dump. */
export interface NwbDump {
  objects: Record<string, DumpObject>;
}

const decoder = new TextDecoder();

/** A float as the Python dump prints it: 12 significant digits, integers bare, non-finite tagged. */
function num(x: number): unknown {
  if (Number.isNaN(x)) return { $float: "NaN" };
  if (!Number.isFinite(x)) return { $float: x > 0 ? "Infinity" : "-Infinity" };
  if (x === 0) return 0;
  return Number(x.toPrecision(12));
}

/** A value in the dump encoding (containers as `{$obj: path}`). */
async function value(v: unknown): Promise<unknown> {
  if (v instanceof LazyData) return value(await v.toList());
  if (isContainer(v)) return { $obj: v.containerPath };
  if (v instanceof ContainerMap) return Promise.all([...v.values()].map(value));
  if (typeof v === "bigint") return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : { $int: v.toString() };
  if (typeof v === "number") return Number.isInteger(v) ? v : num(v);
  if (typeof v === "string" || typeof v === "boolean" || v === null) return v;
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return decoder.decode(v);
  if (isNdArray(v)) return value(toNested(v));
  if (isTypedArray(v)) return Promise.all(Array.from(v as ArrayLike<unknown>, value));
  if (Array.isArray(v)) return Promise.all(v.map(value));
  if (typeof v === "object" && v !== undefined) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = await value(x);
    return out;
  }
  return { $unknown: typeof v };
}

/** Whether a field value is (or holds only) children of `owner`. */
function isOwnChild(owner: Container, v: unknown): boolean {
  if (isContainer(v)) return v.parent === owner;
  if (v instanceof ContainerMap) return v.size > 0 && [...v.values()].every((c) => c.parent === owner);
  return false;
}

async function fieldsOf(c: Container, holder: { fields: Map<string, unknown> }, prefix: string, out: Record<string, unknown>): Promise<void> {
  for (const [key, v] of holder.fields) {
    if (isUntypedGroup(v)) {
      await fieldsOf(c, v, `${prefix}${key}__`, out);
    } else if (!isOwnChild(c, v) && !(v instanceof ContainerMap && v.size === 0)) {
      out[`${prefix}${key}`] = await value(v);
    }
  }
}

async function columnsOf(t: DynamicTable): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of t.colnames) out[name] = (await value(await t.readColumn(name, 0, t.length, { resolveRegions: false }))) as unknown[];
  out.id = (await value(t.id ? await readRows(t.id.data, 0, t.length) : [])) as unknown[];
  return out;
}

/** Every container of a file read with our NWBZarrIO (with `options`, e.g. `allowPickle`), dumped. */
export async function dumpNwb(path: string, options: NWBZarrIOOptions = {}): Promise<NwbDump> {
  const root = await NWBZarrIO.readNwb(path, options);
  const objects: Record<string, DumpObject> = {};
  const seen = new Set<Container>();
  const visit = async (c: Container): Promise<void> => {
    if (seen.has(c)) return;
    seen.add(c);
    const fields: Record<string, unknown> = {};
    await fieldsOf(c, c, "", fields);
    if (c instanceof Data) fields.data = await value(c.data);
    const entry: DumpObject = { type: c.typeName, name: c.name, parent: c.parent ? c.parent.containerPath : null, fields };
    if (c instanceof DynamicTable) entry.columns = await columnsOf(c);
    if (objects[c.containerPath]) throw new Error(`two objects at ${c.containerPath}`);
    objects[c.containerPath] = entry;
    for (const child of c.children) await visit(child);
  };
  await visit(root);
  return { objects };
}

/** Differences between two dumps as `path: ours vs theirs` lines (at most `limit`). */
export function diffDumps(ours: unknown, theirs: unknown, limit = 40): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, at: string) => {
    if (out.length >= limit) return;
    if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
      const ka = Object.keys(a as object), kb = Object.keys(b as object);
      for (const k of [...new Set([...ka, ...kb])].sort()) {
        const x = (a as Record<string, unknown>)[k], y = (b as Record<string, unknown>)[k];
        if (!(k in (a as object))) out.push(`${at}/${k}: missing in ours, pynwb has ${JSON.stringify(y)?.slice(0, 160)}`);
        else if (!(k in (b as object))) out.push(`${at}/${k}: ours has ${JSON.stringify(x)?.slice(0, 160)}, pynwb has none`);
        else walk(x, y, `${at}/${k}`);
        if (out.length >= limit) return;
      }
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      out.push(`${at}: ours ${JSON.stringify(a)?.slice(0, 160)} vs pynwb ${JSON.stringify(b)?.slice(0, 160)}`);
    }
  };
  walk(ours, theirs, "");
  return out;
}

/** The fields of a TimeSeriesReferenceVectorData row, in the order they are stored. */
const REFERENCE_ROW_FIELDS = ["idx_start", "count", "timeseries"];

/**
 * A dump with every TimeSeriesReferenceVectorData row (a record with a reference field) turned into
 * the list of its values in stored field order: what hdmf-zarr 0.13 hands pynwb for such rows unless
 * they are pickled (test/interop/legacy-compound-rows.test.ts shows why). Our legacy copies are
 * compared with pynwb's dump of the original through this.
 */
export function referenceRowsAsLists(dump: unknown): unknown {
  if (Array.isArray(dump)) return dump.map(referenceRowsAsLists);
  if (dump === null || typeof dump !== "object") return dump;
  const record = dump as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  if (keys.join() === [...REFERENCE_ROW_FIELDS].sort().join()) return REFERENCE_ROW_FIELDS.map((k) => referenceRowsAsLists(record[k]));
  return Object.fromEntries(keys.map((k) => [k, referenceRowsAsLists(record[k])]));
}

// `node --import tsx test/interop/nwb/ts/dump-nwb.ts FILE` prints the dump (for debugging).
if (require.main === module) {
  dumpNwb(process.argv[2]).then((d) => process.stdout.write(JSON.stringify(d, null, 1) + "\n"), (e) => {
    console.error(e);
    process.exit(1);
  });
}
