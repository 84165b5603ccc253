/**
 * Building a catalog record for one namespace: the types of its sources (top-level and nested type
 * definitions, filtered by a schema entry's type list) and of the namespaces it includes (all of their
 * types, or the listed ones plus what they depend on: parents, member types and link targets). Own
 * types are resolved at once, so a schema that extends an unknown type fails when it is added.
 */
import { MissingNamespaceError, SpecSyntaxError, UnknownTypeError } from "../errors.js";
import { GroupSpec, type TypeSpec } from "../model/group-spec.js";
import type { LoadedNamespace } from "./loaded-namespace.js";
import type { NamespaceRecord, TypeEntry } from "./namespace-record.js";
import { stripExtension } from "../model/namespace-spec.js";
import { resolvedSpec } from "./resolve.js";
import { parseSpecDocument } from "../model/spec-document.js";

/** Build the record of `loaded`; `findIncluded` returns the record an include refers to. */
export function buildRecord(
  loaded: LoadedNamespace, findIncluded: (name: string) => NamespaceRecord | undefined, warnings: string[],
): NamespaceRecord {
  const ns = loaded.namespace;
  const documents: Record<string, unknown> = Object.create(null); // keys come from the file
  const types = new Map<string, TypeEntry>();
  const own: string[] = [];
  let style = ns.style;
  const record: NamespaceRecord = { spec: ns, documents, origin: loaded.origin, types, own };
  const add = (entry: TypeEntry, isOwn: boolean): void => {
    const existing = types.get(entry.name);
    if (existing !== undefined) {
      // hdmf keeps the first definition and warns.
      if (existing !== entry) warnings.push(`${entry.location} defines type '${entry.name}' again in namespace '${ns.name}'; the definition from ${existing.location} is kept`);
      return;
    }
    types.set(entry.name, entry);
    if (isOwn) own.push(entry.name);
  };

  for (const item of ns.schema) {
    if (item.kind === "source") {
      const source = stripExtension(item.source);
      const location = (loaded.locations && Object.hasOwn(loaded.locations, source) ? loaded.locations[source] : undefined) ?? loaded.origin;
      if (!Object.hasOwn(loaded.documents, source)) {
        throw new SpecSyntaxError(`source '${item.source}' of namespace '${ns.name}' was not found`, { store: location });
      }
      const doc = loaded.documents[source];
      documents[source] = doc;
      const wanted = item.dataTypes === undefined ? undefined : new Set(item.dataTypes);
      const parsed = parseSpecDocument(doc, location);
      style ??= parsed.style;
      for (const spec of parsed.specs) {
        if (wanted !== undefined && !wanted.has(spec.typeDef!)) continue;
        for (const [name, s] of typeDefinitions(spec)) add({ name, spec: s, home: record, location, source }, true);
      }
    } else {
      const included = findIncluded(item.namespace);
      if (included === undefined) {
        throw new MissingNamespaceError(item.namespace, `namespace '${ns.name}' includes namespace '${item.namespace}', which is not loaded`, { store: loaded.origin });
      }
      const names = item.dataTypes ?? [...included.types.keys()];
      const seen = new Set<string>();
      for (const name of names) {
        const entry = included.types.get(name);
        if (entry === undefined) {
          throw new UnknownTypeError(name, included.spec.name, `namespace '${ns.name}' includes type '${name}' from namespace '${included.spec.name}', which does not define it`, { store: loaded.origin });
        }
        for (const e of withDependencies(entry, included, seen)) add(e, false);
      }
    }
  }
  record.spec = ns.withStyle(style);
  for (const name of own) resolvedSpec(types.get(name)!);
  return record;
}

/** The types a top-level spec defines: itself and any nested `data_type_def` members. */
function typeDefinitions(spec: TypeSpec): [string, TypeSpec][] {
  const out: [string, TypeSpec][] = [];
  const walk = (s: TypeSpec): void => {
    if (s.typeDef !== undefined) out.push([s.typeDef, s]);
    if (s instanceof GroupSpec) for (const m of [...s.datasets, ...s.groups]) walk(m);
  };
  walk(spec);
  return out;
}

/** An included type and the types it needs, dependencies first. */
function withDependencies(entry: TypeEntry, from: NamespaceRecord, seen: Set<string>): TypeEntry[] {
  const out: TypeEntry[] = [];
  const visit = (e: TypeEntry): void => {
    if (seen.has(e.name)) return;
    seen.add(e.name);
    for (const dep of dependencies(e.spec)) {
      const d = from.types.get(dep);
      if (d !== undefined) visit(d);
    }
    out.push(e);
  };
  visit(entry);
  return out;
}

/** Type names a spec refers to: its parent, member types and link targets. */
function dependencies(spec: TypeSpec): string[] {
  const out: string[] = [];
  const walk = (s: TypeSpec, top: boolean): void => {
    if (s.typeInc !== undefined) out.push(s.typeInc);
    if (!top && s.typeDef !== undefined) out.push(s.typeDef);
    if (s instanceof GroupSpec) {
      for (const l of s.links) out.push(l.targetType);
      for (const m of [...s.datasets, ...s.groups]) walk(m, false);
    }
  };
  walk(spec, true);
  return out;
}
