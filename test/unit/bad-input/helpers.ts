/**
 * Helpers of the bad-input suite: damage a good file with node:fs, and check that every reader
 * answers with a typed error that names the store and the object path. Writing the sample file,
 * chunk paths and metadata edits shared with other areas are in test/helpers.
 */
import assert from "node:assert/strict";
import { cpSync, existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HdmfZarrError } from "../../../src/errors.js";
import { editJson } from "../../helpers/json-files.js";
import { editNodeMetadata, type Format } from "../../helpers/store-files.js";

/** Per-test timeout: a broken input must never make a reader hang. */
export const TIMEOUT = 20_000;

/** Copy a store folder to a new place (every damage happens on a copy). */
export function copyStore(from: string, to: string): string {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  return to;
}

/** A node's own metadata document: v3 `zarr.json`, v2 `.zarray` / `.zgroup` / `.zattrs`. */
export function metadataFile(dir: string, node: string, name: "zarr.json" | ".zarray" | ".zgroup" | ".zattrs"): string {
  return join(dir, node, name);
}

type Json = Record<string, any>;

/** Edit a node's attributes (v3 `attributes` of `zarr.json`, v2 `.zattrs`), in its own file and in the consolidated copy. */
export function editNodeAttributes(dir: string, format: Format, node: string, edit: (attrs: Json) => void): void {
  if (format === 3) {
    editNodeMetadata(dir, 3, node, (doc) => edit(doc.attributes));
    return;
  }
  // A node without attributes has no .zattrs: start from none.
  const own = join(dir, node, ".zattrs");
  if (!existsSync(own)) writeFileSync(own, "{}");
  editJson(own, edit);
  editJson(join(dir, ".zmetadata"), (z) => {
    const key = `${node ? node + "/" : ""}.zattrs`;
    z.metadata[key] ??= {};
    edit(z.metadata[key]);
  });
}

/** What a typed error must say: its class, the store and node path it names, and other words. */
export interface Expected {
  store: string;
  /** Node path named in the message (`'/x'`), as the error's `path`; a list accepts any of them. */
  path: string | readonly string[];
  /** More text the message must contain (codec name, option name, link target…). */
  mentions?: string[];
}

/**
 * Await `run` and check that it fails with an instance of `cls` whose message names the store
 * and the node path (and any `mentions`). Returns the error for further checks.
 */
export async function expectTyped<E extends HdmfZarrError>(
  run: () => Promise<unknown>,
  cls: abstract new (...args: never[]) => E,
  expected: Expected,
): Promise<E> {
  let caught: unknown;
  try {
    await run();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== undefined, `expected ${cls.name}, but nothing was thrown`);
  const err = caught as Error;
  assert.ok(
    err instanceof cls,
    `expected ${cls.name}, got ${err?.constructor?.name}: ${err?.message}\n${err instanceof HdmfZarrError ? "" : err?.stack}`,
  );
  const typed = err as E;
  assert.equal(typed.store, expected.store, `error names store '${typed.store}': ${typed.message}`);
  const paths = typeof expected.path === "string" ? [expected.path] : expected.path;
  assert.ok(typed.path !== undefined && paths.includes(typed.path), `error names path '${typed.path}', expected ${paths.join(" or ")}: ${typed.message}`);
  assert.ok(typed.message.includes(`'${typed.path}'`), `message names '${typed.path}': ${typed.message}`);
  assert.ok(typed.message.includes(`'${expected.store}'`), `message names the store '${expected.store}': ${typed.message}`);
  for (const m of expected.mentions ?? []) assert.ok(typed.message.includes(m), `message mentions '${m}': ${typed.message}`);
  return typed;
}
