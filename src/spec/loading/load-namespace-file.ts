/**
 * Reading a namespace file (`nwb.namespace.yaml`) and the source files its `schema` lists, relative
 * to the namespace file's folder. A source may be written with or without its `.yaml` extension.
 */
import { SpecSyntaxError } from "../errors.js";
import type { LoadedNamespace } from "../catalog/loaded-namespace.js";
import { NamespaceSpec, stripExtension } from "../model/namespace-spec.js";
import { asObject, optList } from "../model/raw.js";
import { dirOf, joinPath, type SpecFileReader } from "./spec-reader.js";
import { parseSchemaText } from "./yaml-text.js";

/** The file names to try for a source entry. */
function candidates(source: string): string[] {
  return /\.(ya?ml|json)$/i.test(source) ? [source] : [`${source}.yaml`, `${source}.yml`, source];
}

/**
 * Read every namespace declared in a namespace file, with their source documents.
 * @param path the namespace file, as the reader understands paths
 * @param label how to name files in errors (default: the path); `label(p)` maps a reader path
 */
export async function readNamespaceFile(path: string, read: SpecFileReader, label: (p: string) => string = (p) => p): Promise<LoadedNamespace[]> {
  const text = await read(path);
  if (text === undefined) throw new SpecSyntaxError("namespace file not found", { store: label(path) });
  const doc = asObject(parseSchemaText(text, label(path)) ?? {}, { source: label(path), path: "" }, "a namespace file");
  const list = optList(doc, "namespaces", { source: label(path), path: "" });
  if (list.length === 0) throw new SpecSyntaxError("the file declares no namespaces (no 'namespaces' list)", { store: label(path) });
  const dir = dirOf(path);
  const texts = new Map<string, Promise<{ file: string; text: string } | undefined>>();
  const readSource = (source: string) => {
    let p = texts.get(source);
    if (p === undefined) {
      p = (async () => {
        for (const name of candidates(source)) {
          const file = joinPath(dir, name);
          const t = await read(file);
          if (t !== undefined) return { file, text: t };
        }
        return undefined;
      })();
      texts.set(source, p);
    }
    return p;
  };
  const out: LoadedNamespace[] = [];
  for (let i = 0; i < list.length; i++) {
    const namespace = NamespaceSpec.parse(list[i], label(path), i);
    const documents: Record<string, unknown> = Object.create(null); // keys come from the file
    const locations: Record<string, string> = Object.create(null);
    for (const entry of namespace.sources) {
      const found = await readSource(entry.source);
      const key = stripExtension(entry.source);
      if (found === undefined) {
        throw new SpecSyntaxError(`source '${entry.source}' of namespace '${namespace.name}' not found next to the namespace file`, { store: label(joinPath(dir, candidates(entry.source)[0])) });
      }
      locations[key] = label(found.file);
      documents[key] = parseSchemaText(found.text, locations[key]) ?? {};
    }
    out.push({ namespace, documents, origin: label(path), locations });
  }
  return out;
}
