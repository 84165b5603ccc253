// Runs notebook cells through tslab's own converter and executor, wired as `tslab kernel` wires them
// (tslab/dist/main.js startKernel): createConverter({isJS:false,isBrowser:false}) for the cwd, then
// createExecutor(process.cwd(), convs, console). Only the ZMQ transport is left out.
//
// Usage (cwd = the notebook folder): node tslab-driver.cjs <cells.json>
// Cell output (console.log in cells, last-expression values) goes to stdout as in the kernel;
// compile diagnostics and runtime errors that the kernel would send as stderr are collected, and
// a final line `RESULT {"cells":[{"ok":bool,"errors":[...]}, ...]}` is printed.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const util = require("node:util");

const tslabDist = path.join(path.dirname(require.resolve("tslab/package.json")), "dist");
const { createConverter } = require(path.join(tslabDist, "converter.js"));
const { createExecutor } = require(path.join(tslabDist, "executor.js"));

async function main() {
  const cells = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  let node = null;
  const convs = {
    get node() {
      node ??= createConverter({ isJS: false, isBrowser: false });
      return node;
    },
    get browser() {
      throw new Error("browser cells are not used here");
    },
    close() {
      node?.close();
    },
  };
  convs.node; // The kernel warms the converter before the first request, too.

  let errors = [];
  const executor = createExecutor(process.cwd(), convs, {
    log: console.log,
    error: (...args) => {
      errors.push(util.format(...args));
    },
  });
  const results = [];
  for (const cell of cells) {
    errors = [];
    console.log(`--- cell ${results.length + 1}`);
    const ok = await executor.execute(cell);
    results.push({ ok, errors });
  }
  executor.close();
  console.log("RESULT " + JSON.stringify({ cells: results }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
