/**
 * The build layer (objects ⇄ builders), Node entry point: everything in `browser.ts` plus a type
 * map over the bundled schemas.
 */
export * from "./browser.js";
export { loadBundledTypeMap } from "./bundled.js";
