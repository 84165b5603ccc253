/**
 * Python reads the hdmf-common file our writer makes from containers: the same tables as
 * test/interop/python/write_hdmf_common.py, built with DynamicTable.addColumn, written in Zarr v3
 * (read by hdmf-zarr 0.14) and v2 (read by hdmf-zarr 0.13) with `hdmf.common.get_manager()`; every
 * column value, type, description and object id must be what we wrote. Our file's dump must also
 * equal the dump of Python's own file (check_dumps.py --pair). Needs the interop venvs.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { after, describe, it } from "node:test";
import { join } from "node:path";
import { ZarrIO } from "../../../src/index.js";
import { DynamicTable, loadBundledTypeMap, writeContainer } from "../../../src/build/index.js";
import { pythonCommonFile, pythonFilesSkip } from "./helpers.js";
import { REPO_ROOT as ROOT } from "../../helpers/repo-paths.js";
import { NO_BYTECODE, fullOutput, pythonOutput, venvPython } from "../../helpers/python.js";
import { buildCommonTables } from "../../helpers/common-tables.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const temps = tempFolders("build-py");
after(() => temps.cleanup());

const python = (conv: "v2" | "v3") => venvPython(conv);
const skip = existsSync(python("v3")) && existsSync(python("v2")) ? false : "SKIP: Python venvs missing (bash test/interop/setup-venvs.sh)";

/** Reads a file with hdmf's container API and prints the tables as JSON. */
const READER = `
import json, math, sys, warnings
warnings.filterwarnings("ignore")
from hdmf.common import get_manager
from hdmf_zarr import ZarrIO
def clean(v):
    if hasattr(v, "tolist"): v = v.tolist()
    if isinstance(v, float) and math.isnan(v): return "NaN"
    if isinstance(v, list): return [clean(x) for x in v]
    return v
with ZarrIO(sys.argv[1], mode="r", manager=get_manager()) as io:
    root = io.read()
    out = {"type": type(root).__name__, "object_id": root.object_id, "tables": {}}
    for name, t in root.containers.items():
        cols = {}
        for c in t.colnames:
            col = t[c]
            vals = [col[i] for i in range(len(t))]
            cols[c] = clean([v.to_dict("records") if hasattr(v, "to_dict") else v for v in vals])
        kinds = {c.name: [type(c).__name__, c.description, c.object_id] for c in t.columns}
        out["tables"][name] = {
            "type": type(t).__name__, "object_id": t.object_id, "description": t.description,
            "colnames": list(t.colnames), "ids": clean(t.id[:]), "columns": cols, "kinds": kinds,
        }
        if "target" in t.colnames:
            out["tables"][name]["region_table_is_targets"] = t["target"].table is root.containers["targets"]
            out["tables"][name]["index_target"] = t["spikes_index"].target.name
    print(json.dumps(out))
`;

function runPython(conv: "v2" | "v3", args: string[]): string {
  return pythonOutput(python(conv), args, { cwd: ROOT, env: NO_BYTECODE, maxBuffer: 32 << 20, message: fullOutput });
}

const buildFile = buildCommonTables;

for (const [format, conv] of [[3, "v3"], [2, "v2"]] as const) {
  describe(`Python reads our hdmf-common file (Zarr v${format}, hdmf-zarr ${conv === "v3" ? "0.14" : "0.13"})`, { skip }, () => {
    let path: string;
    let built: Awaited<ReturnType<typeof buildFile>>;

    it("every table, column, value and object id is what we wrote", async () => {
      built = await buildFile();
      path = join(temps.make(), "hdmf_common.zarr");
      const tm = await loadBundledTypeMap();
      // hdmf caches every namespace it has loaded; ask for hdmf-experimental too, so the files match.
      await writeContainer(new ZarrIO(path, "w", { zarrFormat: format }), built.root, tm, { cacheSpec: ["hdmf-experimental"] });
      const seen = JSON.parse(runPython(conv, ["-c", READER, path]));
      const col = (t: DynamicTable, n: string) => [t.column(n)!.typeName, t.column(n)!.description, t.column(n)!.objectId];
      assert.deepEqual(seen, {
        type: "SimpleMultiContainer",
        object_id: built.root.objectId,
        tables: {
          targets: {
            type: "DynamicTable", object_id: built.targets.objectId, description: "rows that the region column points at",
            colnames: ["label"], ids: [0, 1, 2], columns: { label: ["alpha", "beta", "gamma"] },
            kinds: { label: col(built.targets, "label") },
          },
          trials: {
            type: "DynamicTable", object_id: built.trials.objectId, description: "a table with every common column kind",
            colnames: ["text", "value", "spikes", "target"], ids: [0, 1, 2],
            columns: {
              text: ["first", "zweite Zeile ü", ""],
              value: [0.5, -1.25, "NaN"],
              spikes: [[1, 2, 3], [], [4.5]],
              target: [[{ label: "alpha" }], [{ label: "gamma" }], [{ label: "beta" }]],
            },
            kinds: {
              text: col(built.trials, "text"), value: col(built.trials, "value"), spikes: col(built.trials, "spikes"), target: col(built.trials, "target"),
              spikes_index: ["VectorIndex", "Index for VectorData 'spikes'", built.trials.indexesOf("spikes")[0].objectId],
            },
            region_table_is_targets: true,
            index_target: "spikes",
          },
        },
      });
    });

    it("its dump equals the dump of Python's own file (object ids masked)", { skip: pythonFilesSkip() }, () => {
      const dump = `${path}.dump.json`;
      runPython("v3", [join(ROOT, "test/interop/python/dump_store.py"), "--store", path, "--suffix", ".dump.json"]);
      // The bundled experimental.yaml says `groups: []`; hdmf leaves empty lists out when it caches a
      // spec, the catalog's toCached keeps the document as read. Not a data difference: drop them here.
      const doc = JSON.parse(readFileSync(dump, "utf8"));
      const dropEmpty = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(dropEmpty);
        if (v && typeof v === "object") {
          return Object.fromEntries(Object.entries(v).filter(([, x]) => !(Array.isArray(x) && x.length === 0)).map(([k, x]) => [k, dropEmpty(x)]));
        }
        return v;
      };
      doc.specifications = dropEmpty(doc.specifications);
      writeFileSync(dump, JSON.stringify(doc));
      const theirs = `${pythonCommonFile(conv)}.dump.json`;
      const out = runPython("v3", [join(ROOT, "test/interop/python/check_dumps.py"), "--pair", dump, theirs]);
      assert.match(out, /1 passed, 0 failed/);
    });
  });
}
