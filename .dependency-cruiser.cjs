/**
 * The layer rules of docs/architecture.md, checked by test/unit/project/layers.test.ts
 * (and by hand: `npx depcruise src`). Bottom to top: store → zarr → data → format → validate →
 * build → io → nwb → repr → cli; spec stands apart (storage-free) and the extension is the browser
 * bundle. A layer imports only from the layers below it; `errors.ts`, `options.ts` and
 * `tslab-kernel.ts` at the top of src/ are shared by all.
 */
/** Node's built-in modules, as import specifiers (`fs`, `node:fs`, `fs/promises`). */
const nodeBuiltins = `^(node:)?(${require("node:module").builtinModules.map((m) => m.replace(/[/]/g, "\\/")).join("|")})$`;
const above = (...layers) => `^src/(${layers.join("|")})/`;

/** One rule per layer: the folders it must not import from. */
const layerRules = [
  ["store-knows-no-zarr", "store", "the byte stores know nothing of Zarr or of anything above it",
    above("zarr", "data", "format", "spec", "validate", "build", "io", "nwb", "repr", "cli", "extension")],
  ["zarr-knows-no-hdmf", "zarr", "the Zarr engine knows no hdmf convention, no values model above it",
    above("data", "format", "spec", "validate", "build", "io", "nwb", "repr", "cli", "extension")],
  ["data-below-format", "data", "in-memory array values come before the hdmf-zarr convention",
    above("format", "spec", "validate", "build", "io", "nwb", "repr", "cli", "extension")],
  ["spec-is-storage-free", "spec", "the specification language knows no storage and no objects",
    above("store", "zarr", "data", "format", "validate", "build", "io", "nwb", "repr", "cli", "extension")],
  ["format-knows-no-containers", "format", "the hdmf-zarr convention maps builders, not containers",
    above("validate", "build", "io", "nwb", "repr", "cli", "extension")],
  ["validate-below-build", "validate", "validation checks builders against specs, below the object layer",
    above("build", "io", "nwb", "repr", "cli", "extension")],
  ["build-below-io", "build", "objects ⇄ builders know no file front end",
    above("io", "nwb", "repr", "cli", "extension")],
  ["io-below-nwb", "io", "the I/O front end knows no NWB types and no display",
    above("nwb", "repr", "cli", "extension")],
  ["nwb-below-repr", "nwb", "NWB types hold no display code", above("repr", "cli", "extension")],
  ["repr-below-cli", "repr", "display knows no command line and no JupyterLab plugin", above("cli", "extension")],
  ["cli-not-extension", "cli", "the command line never loads the browser extension", above("extension")],
];

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "no import loops between files, type imports included",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    ...layerRules.map(([name, layer, comment, forbiddenPath]) => ({
      name,
      comment,
      severity: "error",
      from: { path: `^src/${layer}/` },
      to: { path: forbiddenPath },
    })),
    {
      name: "no-display-in-data-path",
      comment: "nothing below the display layer loads it; the package entry wires display in",
      severity: "error",
      from: { path: above("store", "zarr", "data", "format", "spec", "validate", "build", "io", "nwb") },
      to: { path: "^src/repr/" },
    },
    {
      name: "no-import-of-the-entry",
      comment: "src/index.ts is the composition root: layers import each other, never the entry",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^src/index\\.ts$" },
    },
    {
      name: "browser-bundle-has-no-node-code",
      comment: "the JupyterLab extension runs in a browser: nothing it loads may reach a Node built-in",
      severity: "error",
      from: { path: "^src/extension/" },
      to: { path: nodeBuiltins, reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".js", ".json"] },
  },
};
