/**
 * Paths for the cases of one `describe` block, `<temporary folder>/case-<n>`, a new one per call
 * (not created). The temporary folder is made before the block's tests and removed after them;
 * call this inside the `describe`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";

export function caseFolders(prefix: string): () => string {
  let tmp: string;
  let n = 0;
  before(() => (tmp = mkdtempSync(join(tmpdir(), prefix))));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  return () => join(tmp, `case-${n++}`);
}
