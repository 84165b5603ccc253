/**
 * A namespace: a named, versioned set of types, with the list (`schema`) of the source files that
 * define them and of other namespaces it includes (optionally only some of their types).
 */
import { asObject, child, optList, optString, optStringList, reqString, syntaxError, type SpecContext } from "./raw.js";
import { readTypeList, styleOf, TYPE_KEYS, type TypeKeyStyle } from "./type-keys.js";

/** A `schema` entry that reads a source file. */
export interface SourceEntry {
  kind: "source";
  /** As written: `nwb.base.yaml` or `nwb.base`. */
  source: string;
  title?: string;
  doc?: string;
  /** Only these types of the source (all when absent). */
  dataTypes?: string[];
}

/** A `schema` entry that includes another namespace. */
export interface IncludeEntry {
  kind: "namespace";
  namespace: string;
  /** Only these types of the namespace, plus what they depend on (all when absent). */
  dataTypes?: string[];
}

/** One entry of a namespace's `schema` list. */
export type SchemaEntry = SourceEntry | IncludeEntry;

/** The fields of a namespace. */
export interface NamespaceSpecInit {
  name: string;
  version?: string;
  fullName?: string;
  doc?: string;
  author?: string[];
  contact?: string[];
  date?: string;
  schema: SchemaEntry[];
  /** The type-key spelling the namespace uses (from its schema entries or, once in a catalog, its sources). */
  style?: TypeKeyStyle;
  /** The namespace exactly as read, for writing it back. */
  raw?: Record<string, unknown>;
}

/** A namespace declaration. */
export class NamespaceSpec {
  readonly name: string;
  /** Undefined when the namespace declares none. */
  readonly version?: string;
  readonly fullName?: string;
  readonly doc: string;
  readonly author: readonly string[];
  readonly contact: readonly string[];
  readonly date?: string;
  readonly schema: readonly SchemaEntry[];
  readonly style?: TypeKeyStyle;
  readonly raw: Readonly<Record<string, unknown>>;

  constructor(init: NamespaceSpecInit) {
    this.name = init.name;
    this.version = init.version;
    this.fullName = init.fullName;
    this.doc = init.doc ?? "";
    this.author = init.author ?? [];
    this.contact = init.contact ?? [];
    this.date = init.date;
    this.schema = init.schema;
    this.style = init.style;
    this.raw = init.raw ?? {};
  }

  /** A copy that records the type-key spelling its documents use. */
  withStyle(style: TypeKeyStyle | undefined): NamespaceSpec {
    if (style === undefined || style === this.style) return this;
    return new NamespaceSpec({
      name: this.name, version: this.version, fullName: this.fullName, doc: this.doc, author: [...this.author],
      contact: [...this.contact], date: this.date, schema: [...this.schema], style, raw: { ...this.raw },
    });
  }

  /** The source entries, in order. */
  get sources(): SourceEntry[] {
    return this.schema.filter((e): e is SourceEntry => e.kind === "source");
  }

  /** The names of the namespaces this one includes. */
  get includes(): string[] {
    return this.schema.filter((e): e is IncludeEntry => e.kind === "namespace").map((e) => e.namespace);
  }

  /** Parse one entry of a `namespaces:` list; `source` names the namespace file in errors. */
  static parse(raw: unknown, source: string, index = 0): NamespaceSpec {
    const top: SpecContext = { source, path: `namespaces[${index}]` };
    const obj = asObject(raw, top, "a namespace");
    const name = reqString(obj, "name", top);
    const ctx: SpecContext = { source, path: name };
    let style: TypeKeyStyle | undefined;
    const schema = optList(obj, "schema", ctx).map((e, i): SchemaEntry => {
      const here = child(ctx, `schema[${i}]`);
      const entry = asObject(e, here, "a schema entry");
      style ??= styleOf(entry);
      const dataTypes = readTypeList(entry, here);
      const src = optString(entry, "source", here);
      const ns = optString(entry, "namespace", here);
      if ((src === undefined) === (ns === undefined)) throw syntaxError(here, "a schema entry needs exactly one of 'source' or 'namespace'");
      if (ns !== undefined) return { kind: "namespace", namespace: ns, dataTypes };
      return { kind: "source", source: src!, title: optString(entry, "title", here), doc: optString(entry, "doc", here), dataTypes };
    });
    const version = obj.version;
    if (version !== undefined && version !== null && typeof version !== "string" && typeof version !== "number") {
      throw syntaxError(ctx, "'version' must be text");
    }
    const date = obj.date;
    return new NamespaceSpec({
      name, version: version === undefined || version === null ? undefined : String(version),
      fullName: optString(obj, "full_name", ctx), doc: optString(obj, "doc", ctx),
      author: optStringList(obj, "author", ctx), contact: optStringList(obj, "contact", ctx),
      date: date === undefined || date === null ? undefined : String(date), schema, style, raw: obj,
    });
  }

  /**
   * The schema-language form, as hdmf caches it: source entries name the source without its file
   * extension (they become dataset names in the file's spec cache).
   */
  toSchema(): Record<string, unknown> {
    const keys = TYPE_KEYS[this.style ?? "data_type"];
    const schema = this.schema.map((e) => {
      const out: Record<string, unknown> = e.kind === "namespace" ? { namespace: e.namespace } : { source: stripExtension(e.source) };
      if (e.dataTypes !== undefined) out[keys.types] = e.dataTypes;
      return out;
    });
    return { ...this.raw, schema };
  }
}

/** A source name without its `.yaml`/`.yml`/`.json` extension (the name it has in a spec cache). */
export function stripExtension(source: string): string {
  return source.replace(/\.(ya?ml|json)$/i, "");
}
