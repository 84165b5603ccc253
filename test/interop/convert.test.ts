/**
 * Our legacy → current conversion against hdmf-zarr 0.14's own (`NWBZarrV2IO.convert_to_v3`), on the
 * Zarr v2 fixtures (test/fixtures/external/zarr-v2, copied first): both results are dumped by
 * hdmf-zarr 0.14 (dump_store.py) and compared; every difference is printed with the reason it is
 * expected, and any other difference fails. pynwb 4.2 must read our converted NWB files with the
 * same values as its read of Python's. Then hdmf-zarr reads our conversions of every interop case
 * (v2 → v3 with 0.14, v3 → v2 with 0.13) exactly as our reader does.
 * Needs the venvs of setup-venvs.sh; without them every test is skipped, saying why.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { convert } from "../../src/io/convert.js";
import { parseJsonExact } from "../../src/zarr/json-exact.js";
import { dumpStore } from "./ts/dump.js";
import { loadCases, writeCase } from "./ts/cli.js";
import { ZARR_V2_FIXTURES } from "../helpers/fixture-paths.js";
import { tempFolder } from "../helpers/temp-folders.js";
import { venvPython, NO_BYTECODE, runPython } from "../helpers/python.js";
import { REPO_ROOT as root } from "../helpers/repo-paths.js";

const python = { v3: venvPython("v3"), v2: venvPython("v2") };
const fixtures = ZARR_V2_FIXTURES;
const scripts = join(__dirname, "python");
const missing = (v: "v2" | "v3") => `SKIP interop: no ${v} venv at ${python[v]} (run: bash test/interop/setup-venvs.sh)`;
const skip = existsSync(python.v3) ? false : missing("v3");
const dir = tempFolder("convert-interop");
after(() => rmSync(dir, { recursive: true, force: true }));

function run(py: string, args: string[]): { status: number; out: string; err: string } {
  const r = runPython(py, args, { cwd: root, maxBuffer: 256 << 20, env: NO_BYTECODE });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

/** Python's dump of each store (dump_store.py), by store path; failures are reported, not thrown. */
function pyDumps(py: string, stores: string[], extra: string[] = []): { dumps: Map<string, unknown>; failed: Map<string, string> } {
  const r = run(py, [join(scripts, "dump_store.py"), "--suffix", ".pydump.json", ...extra, "--store", ...stores]);
  const failed = new Map<string, string>();
  for (const m of r.err.matchAll(/^FAILED (\S+): (.*)$/gm)) failed.set(resolve(m[1]), m[2]);
  const dumps = new Map<string, unknown>();
  for (const s of stores) if (!failed.has(resolve(s)) && existsSync(`${s}.pydump.json`)) dumps.set(s, JSON.parse(readFileSync(`${s}.pydump.json`, "utf8")));
  if (!dumps.size && stores.length) throw new Error(`dump_store.py failed:\n${r.err.slice(-3000)}`);
  return { dumps, failed };
}

interface Difference { path: string; python: unknown; ours: unknown }

/** Every place two JSON values differ (a missing key counts as `undefined`). */
function differences(python: unknown, ours: unknown, path = ""): Difference[] {
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
  if (isObj(python) && isObj(ours)) {
    return [...new Set([...Object.keys(python), ...Object.keys(ours)])].sort().flatMap((k) => differences(python[k], ours[k], `${path}/${k}`));
  }
  if (Array.isArray(python) && Array.isArray(ours) && python.length === ours.length) return python.flatMap((v, i) => differences(v, ours[i], `${path}[${i}]`));
  return JSON.stringify(python) === JSON.stringify(ours) ? [] : [{ path, python, ours }];
}

const onlyDims = (v: unknown) => !!v && typeof v === "object" && Object.keys(v as object).join() === "_ARRAY_DIMENSIONS";

/**
 * Why a difference between Python's conversion and ours is expected, or undefined. Python converts
 * through pynwb's container layer (read into NWB objects, exported with pynwb's schema); ours copies
 * the builder tree, as hdmf-zarr's builder-level export does.
 */
function reason(d: Difference): string | undefined {
  const { path, python: p, ours: o } = d;
  if (path === "/name") return "store names";
  if (path === "/root/attributes/nwb_version") return "pynwb writes its own NWB version; the builder copy keeps the file's";
  if (/\/extracellular_ephys\/groups\/electrodes\/attributes\/(neurodata_type|namespace)$/.test(path) && o === (path.endsWith("namespace") ? "hdmf-common" : "DynamicTable")) {
    return "pynwb 4.2 reads the electrodes DynamicTable as core ElectrodesTable and writes it so";
  }
  if (o === undefined && (path.endsWith("/attributes/_ARRAY_DIMENSIONS") || (path.endsWith("/attributes") && onlyDims(p)))) {
    return "pynwb adds dimension labels (_ARRAY_DIMENSIONS) from its schema's dims";
  }
  if (/\/zarr\/fill_value$/.test(path) && p === "0" && o === "") return "zarr fact: Python turns the legacy object fill 0 into the string \"0\"; ours writes \"\" (zarr-python's own default for strings)";
  if (/\/zarr\/codecs\[\d+\]$/.test(path) && p === "zstd" && o === "numcodecs.blosc") {
    return "zarr fact: ours keeps the source's Blosc for every non-scalar array; Python keeps it only for arrays zarr-python 3 opens itself and rewrites the others (references, bytes, data pynwb rebuilt) with its default zstd";
  }
  return undefined;
}

describe("v2 → v3 conversion: ours against hdmf-zarr 0.14's convert_to_v3", { skip }, () => {
  for (const [name, allowPickle] of [["ecephys_tutorial.nwb.zarr", true], ["zarr_tutorial.nwb.zarr", false]] as const) {
    describe(name, () => {
      const src = join(dir, "fixtures", name);
      const ours = join(dir, "ours", name);
      const theirs = join(dir, "python", name);
      let dumps: Map<string, unknown>;
      before(async () => {
        cpSync(join(fixtures, name), src, { recursive: true });
        mkdirSync(join(dir, "python"), { recursive: true });
        const t0 = Date.now();
        const summary = await convert(src, ours, { allowPickle });
        const t1 = Date.now();
        const py = run(python.v3, [join(scripts, "convert_v3.py"), "convert", "--source", src, "--dest", theirs, ...(allowPickle ? ["--allow-pickle"] : [])]);
        if (py.status !== 0) throw new Error(`convert_to_v3 failed:\n${py.err.slice(-3000)}`);
        console.log(`${name}: ours ${t1 - t0} ms (${summary.groups} groups, ${summary.datasets} datasets, ${summary.links} links); Python convert_to_v3 ${Date.now() - t1} ms (process included)`);
        ({ dumps } = pyDumps(python.v3, [ours, theirs], ["--convention", "v3"]));
        const source = pyDumps(python.v3, [src], ["--allow-pickle"]).dumps;
        dumps.set(src, source.get(src));
      }, { timeout: 5 * 60_000 });

      test("hdmf-zarr 0.14 reads both with the same groups, datasets, values, attributes and links, but for the listed differences", () => {
        const { specifications: _a, ...py } = dumps.get(theirs) as Record<string, unknown>;
        const { specifications: _b, ...ts } = dumps.get(ours) as Record<string, unknown>;
        const diffs = differences(py, ts);
        const unexplained = diffs.filter((d) => reason(d) === undefined);
        const byReason = new Map<string, string[]>();
        for (const d of diffs) if (reason(d)) byReason.set(reason(d)!, [...(byReason.get(reason(d)!) ?? []), `${d.path}: Python ${JSON.stringify(d.python)}, ours ${JSON.stringify(d.ours)}`]);
        for (const [why, list] of byReason) console.log(`${name}: ${list.length} × ${why}\n    ${list.slice(0, 4).join("\n    ")}${list.length > 4 ? "\n    …" : ""}`);
        assert.deepEqual(unexplained, [], "differences with no known reason");
        // the data themselves never differ: every difference is a zarr fact, a pynwb schema addition or the NWB version
        assert.deepEqual(diffs.filter((d) => /\/datasets\/[^/]+\/(data|dtype|shape)(\[|$)/.test(d.path)), []);
      });

      test("our file caches the source's specifications; Python's caches pynwb's own", () => {
        const spec = (p: string) => (dumps.get(p) as { specifications: { namespaces: Record<string, Record<string, unknown>> } }).specifications;
        const versions = (p: string) => Object.entries(spec(p).namespaces).map(([ns, v]) => `${ns} ${Object.keys(v).join(",")}`).sort();
        console.log(`${name}: cached specs — source ${versions(src).join("; ")} | ours ${versions(ours).join("; ")} | Python ${versions(theirs).join("; ")}`);
        assert.deepStrictEqual(spec(ours), spec(src));
      });

      test("pynwb 4.2 reads our file with the values it reads from Python's", () => {
        const r = run(python.v3, [join(scripts, "convert_v3.py"), "read-nwb", ours, theirs]);
        assert.equal(r.status, 0, r.err.slice(-3000));
        const read = parseJsonExact(r.out) as Record<string, Record<string, unknown>>;
        console.log(`${name}: pynwb read ${Object.keys(read[ours]).join(", ")}`);
        assert.deepStrictEqual(read[ours], read[theirs]);
        if (name.startsWith("ecephys")) {
          const doc = read[ours] as { electrodes: Record<string, unknown[]>; units: { spike_times: unknown[] }; acquisition: { data: unknown[] } };
          assert.equal(doc.electrodes.id.length, 12);
          assert.equal(doc.electrodes.group[0], "<ElectrodeGroup shank0>");
          assert.equal(doc.units.spike_times.length, 10);
          assert.equal(doc.acquisition.data.length, 50);
        }
      });
    });
  }
});

describe("hdmf-zarr reads our conversions of the interop cases as we do", { skip }, () => {
  const cases = loadCases(join(__dirname, "cases"));
  for (const [from, to, reader] of [[2, 3, "v3"], [3, 2, "v2"]] as const) {
    describe(`Zarr v${from} → v${to}, read by hdmf-zarr ${reader === "v3" ? "0.14" : "0.13"}`, { skip: existsSync(python[reader]) ? false : missing(reader) }, () => {
      const folder = join(dir, `cases-${from}`);
      const converted = new Map<string, string>();
      let py: ReturnType<typeof pyDumps>;
      let direct: ReturnType<typeof pyDumps>;
      before(async () => {
        const written: string[] = [];
        for (const c of cases) {
          if (c.conventions && !c.conventions.includes(`v${from}`)) continue;
          const original = await writeCase(c, folder, from);
          const target = join(folder, `${c.name}.v${to}.zarr`);
          await convert(original, target, { zarrFormat: to });
          converted.set(c.name, target);
          if (!c.conventions || c.conventions.includes(`v${to}`)) written.push(await writeCase(c, join(dir, `direct-${to}`), to));
        }
        py = pyDumps(python[reader], [...converted.values()], ["--convention", `v${to}`]);
        direct = pyDumps(python[reader], written, ["--convention", `v${to}`]);
      }, { timeout: 5 * 60_000 });
      for (const c of cases) {
        if (c.conventions && !c.conventions.includes(`v${from}`)) continue;
        // A conversion converts one file: the files its links reach keep their format, and 0.13 opens no Zarr v3 file.
        const otherFormat = c.external && reader === "v2" ? "its external file stays Zarr v3, which hdmf-zarr 0.13 cannot open" : false;
        test(c.name, { skip: otherFormat }, async (t) => {
          const store = converted.get(c.name)!;
          const failure = py.failed.get(resolve(store));
          if (failure !== undefined) {
            // hdmf-zarr cannot read it: fine only if it cannot read the same case written directly in that format either
            const directStore = join(dir, `direct-${to}`, `${c.name}.zarr`);
            const directFailure = direct.failed.get(resolve(directStore));
            assert.ok(directFailure !== undefined || !existsSync(directStore), `hdmf-zarr reads the case written directly but not converted: ${failure}`);
            return t.skip(`hdmf-zarr ${reader} cannot read this case in v${to} at all: ${failure.slice(0, 160)}`);
          }
          assert.deepStrictEqual(await dumpStore(store), py.dumps.get(store));
        });
      }
    });
  }
});


