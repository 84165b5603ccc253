// Writes dist/index.mjs: an ES module that re-exports the CommonJS build by name, so that
// `import { ZarrIO } from "hdmf-zarr"` and `require("hdmf-zarr")` share one copy of every class.
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const names = Object.keys(require("../dist/index.js")).filter((n) => n !== "__esModule" && n !== "default").sort();
const lines = [
  'import cjs from "./index.js";',
  `export const { ${names.join(", ")} } = cjs;`,
  "export default cjs;",
  "",
];
writeFileSync(new URL("../dist/index.mjs", import.meta.url), lines.join("\n"));
console.log(`dist/index.mjs: ${names.length} names`);
