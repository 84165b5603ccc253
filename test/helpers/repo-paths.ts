/** Paths inside this repository, for tests that run its scripts or read its files. */
import { resolve } from "node:path";

/** The repository root (where package.json is). */
export const REPO_ROOT = resolve(__dirname, "../..");
