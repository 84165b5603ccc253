/**
 * The TypeScript a notebook cell runs to open an object of a store (the "Copy code" buttons). The
 * code runs as it is in the notebook's kernel: the store's location as the kernel sees it
 * (relative to the notebook's folder when that is known, else absolute), every import and every
 * variable used, and the last line shows the object (a container or a group) or prints the first
 * values (a dataset).
 */
import type { Entity } from "../../provider/data-provider.js";
import { relativePath, serverRelative } from "./server-path.js";

/** Where the code will run, as far as the page knows it. */
export interface SnippetContext {
  /**
   * The server's root folder as JupyterLab's page config gives it (`serverRoot`: absolute, or
   * `~/…` under the home folder); used to turn server paths into paths the kernel can open.
   */
  serverRoot?: string;
  /** Folder of the notebook the code goes into, as a server path ("" for the root); null when unknown. */
  notebookDir?: string | null;
  /** Open the file with `allowPickle` (legacy pickled columns), as the browser's setting says. */
  allowPickle?: boolean;
}

/** What the code opens: a dataset (values printed), a group (shown), or a container of an NWB file (shown). */
export interface SnippetTarget {
  /** Absolute path of the object in its file. */
  path: string;
  kind: "dataset" | "group" | "container";
  /** Shape of a dataset (how many values to print). */
  shape?: number[];
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;
const ABSOLUTE = /^(\/|[A-Za-z]:[\\/])/;

/** The store's location as code, with the imports it needs. */
function locationCode(location: string, context: SnippetContext): { expr: string; imports: string[] } {
  const literal = (s: string) => ({ expr: JSON.stringify(s), imports: [] as string[] });
  if (URL_LIKE.test(location)) return literal(location);
  const absolute = ABSOLUTE.test(location);
  // The store as a server path, when it is on this server.
  const onServer = absolute ? serverRelative(location, context.serverRoot) : location.replace(/^\/+|\/+$/g, "");
  if (onServer !== null && context.notebookDir !== undefined && context.notebookDir !== null) {
    return literal(relativePath(context.notebookDir, onServer));
  }
  if (absolute) return literal(location);
  const root = (context.serverRoot ?? "").replace(/\/+$/, "");
  if (root.startsWith("/")) return literal(`${root}/${location}`);
  if (root === "~" || root.startsWith("~/")) {
    const rest = [root.slice(2), location].filter(Boolean).join("/");
    return { expr: `join(homedir(), ${JSON.stringify(rest)})`, imports: ['import { homedir } from "os";', 'import { join } from "path";'] };
  }
  // Server root unknown: the path from the root, which a notebook at the root opens.
  return literal(location);
}

/** A name for the variable holding the object: its last path segment as an identifier. */
export function variableName(path: string, fallback: string): string {
  const last = path.split("/").filter(Boolean).pop() ?? "";
  const words = last.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join("");
  return /^[A-Za-z][A-Za-z0-9]*$/.test(name) && !RESERVED.has(name) ? name : fallback;
}

const RESERVED = new Set([
  "io", "nwbfile", "data", "values", "join", "homedir", "slice", "break", "case", "catch", "class", "const", "continue", "debugger",
  "default", "delete", "do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
  "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while",
  "with", "yield", "let", "static", "implements", "interface", "package", "private", "protected", "public", "await", "async",
]);

/** The selection of the first values of a dataset of `shape`: 10 along the last two dimensions, index 0 before them. */
function firstValues(shape: readonly number[]): string {
  if (shape.length === 0) return "";
  const n = shape.length;
  const parts = shape.map((len, d) => (d < n - 2 ? "0" : `slice(0, ${Math.min(len, 10)})`));
  return `[${parts.join(", ")}]`;
}

/**
 * Code that opens the store at `location` and shows `target`; null when the location is not
 * known (the object was never written to a file), since no code could open it.
 */
export function snippetFor(location: string, target: SnippetTarget, context: SnippetContext = {}): string | null {
  if (!location) return null;
  const where = locationCode(location, context);
  const path = JSON.stringify(target.path);
  const pickle = context.allowPickle ? ", { allowPickle: true }" : "";
  const lines: string[] = [];
  const imports = [...where.imports];
  if (target.kind === "container") {
    imports.unshift('import { NWBZarrIO } from "hdmf-zarr";');
    lines.push(`const nwbfile = await NWBZarrIO.readNwb(${where.expr}${pickle});`);
    const segments = target.path.split("/").filter(Boolean);
    if (segments.length === 0) lines.push("await nwbfile.display();");
    else {
      // Fields and children by name, one level at a time (`acquisition`, then the series in it).
      const name = variableName(target.path, "container");
      const walk = segments.map((s, i) => (i === 0 ? `.get<any>(${JSON.stringify(s)})` : `.get(${JSON.stringify(s)})`)).join("");
      lines.push(`const ${name} = nwbfile${walk};`, `await ${name}.display();`);
    }
  } else if (target.kind === "group") {
    imports.unshift('import { ZarrIO } from "hdmf-zarr";');
    lines.push(`const io = new ZarrIO(${where.expr}, "r"${pickle});`);
    const name = variableName(target.path, "group");
    if (target.path === "/") lines.push("const root = await io.readBuilder();", "await root.display();");
    else lines.push(`const ${name} = await io.getBuilder(${path});`, `await ${name}.display();`);
  } else {
    const selection = firstValues(target.shape ?? []);
    imports.unshift(`import { ZarrIO, ${selection.includes("slice") ? "slice, " : ""}type DatasetBuilder, type ZarrDataset } from "hdmf-zarr";`);
    const name = variableName(target.path, "dataset");
    // The cast gets a statement of its own: tslab cannot compile `await (x as T).get()`.
    lines.push(
      `const io = new ZarrIO(${where.expr}, "r"${pickle});`,
      `const ${name} = (await io.getBuilder(${path})) as DatasetBuilder;`,
      `const data = ${name}.data as ZarrDataset;`,
      `const values = await data.get(${selection});`,
      "console.log(values.shape, values.data);",
    );
  }
  return [...imports, "", ...lines].join("\n");
}

/** Code that opens the store and shows an entity of the store browser (links: their target). */
export function openSnippet(location: string, entity: Entity, isNwb: boolean, context: SnippetContext = {}): string | null {
  const path = entity.kind === "link" && entity.target && !entity.target.source ? entity.target.path : entity.path;
  if (entity.kind === "dataset" || entity.kind === "reference") return snippetFor(location, { path, kind: "dataset", shape: entity.shape }, context);
  // Typed groups of an NWB file open as containers; anything else as a group of the store.
  const kind = isNwb && (entity.type !== null || path === "/") && entity.kind !== "link" ? "container" : "group";
  return snippetFor(location, { path, kind }, context);
}
