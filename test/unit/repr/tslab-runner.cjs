// Runs notebook cells through test/package/tslab-driver.cjs (tslab's own converter and executor)
// with tslab's display channel wired the way the kernel wires it before each execute request
// (jupyter.js sets `lastWriteDisplayData` to its iopub writer): every display_data message tslab
// would send is printed as a `DISPLAY {"message":…,"update":…}` line, JSON-encoded as on the wire.
// Usage: node --import tsx repr-tslab-runner.cjs <cells.json>   (tsx: cells require src/*.ts)
"use strict";
const path = require("node:path");

const tslabDist = path.join(path.dirname(require.resolve("tslab/package.json")), "dist");
const jupyter = require(path.join(tslabDist, "jupyter.js"));
jupyter.lastWriteDisplayData = (message, update) => {
  process.stdout.write("DISPLAY " + JSON.stringify({ message, update }) + "\n");
};
require(path.resolve(__dirname, "../../package/tslab-driver.cjs"));
