/** Temporary folders for tests: made under the system's temporary folder, removed by the test. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A new empty folder `<tmp>/<prefix>-XXXXXX`. */
export function tempFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `${prefix}-`));
}

/** Remove a folder and everything in it; nothing when it is undefined or gone. */
export function removeFolder(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** Fresh temporary folders on demand; `cleanup()` removes every folder made so far. */
export function tempFolders(prefix: string): { make(): string; cleanup(): void } {
  const made: string[] = [];
  return {
    make() {
      const dir = tempFolder(prefix);
      made.push(dir);
      return dir;
    },
    cleanup() {
      for (const d of made.splice(0)) removeFolder(d);
    },
  };
}
