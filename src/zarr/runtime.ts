/**
 * Telling Node from a browser without Node's types, so this code also compiles into the
 * JupyterLab extension: `process` is looked up on `globalThis`, never named directly.
 */

/** The parts of Node's `process` that shared code reads. */
export interface NodeProcessLike {
  versions?: { node?: string };
  env?: Record<string, string | undefined>;
  getBuiltinModule?(id: string): unknown;
}

/** Node's `process` when running in Node, else undefined. */
export function nodeProcess(): NodeProcessLike | undefined {
  const p = (globalThis as { process?: NodeProcessLike }).process;
  return typeof p?.versions?.node === "string" ? p : undefined;
}

/** True in Node (and its worker threads). */
export function isNode(): boolean {
  return nodeProcess() !== undefined;
}
