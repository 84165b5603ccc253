/**
 * "Copy code": the snippet names the store as the notebook's kernel sees it (relative to the
 * notebook's folder when that is known, else absolute; server paths joined to the server root,
 * `~` roots through the home folder), imports and declares only what it uses, and — run as it is
 * in real tslab cells (tslab's converter type-checks it, its executor runs it) — prints a
 * dataset's first values and shows containers and groups with the file's values.
 * Also the server paths the renderer builds `/files/` URLs from: nothing that climbs out.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { format } from "node:util";
import { after, before, describe, it } from "node:test";
import { ZarrIO, type DatasetBuilder, type ZarrDataset } from "../../../src/index.js";
import { slice } from "../../../src/zarr/indexing.js";
import type { Entity } from "../../../src/extension/provider/data-provider.js";
import { normalizeServerPath, relativePath, serverRelative } from "../../../src/extension/view/model/server-path.js";
import { openSnippet, snippetFor, variableName } from "../../../src/extension/view/model/snippet.js";
import type { ContainerPayload, GroupPayload, TableItem } from "../../../src/repr/index.js";
import { DEMO, writeDemoStore } from "../../../scripts/write-demo-store.js";
import { ZARR_TUTORIAL_FIXTURE } from "../../helpers/fixture-paths.js";
import { tempFolder } from "../../helpers/temp-folders.js";
import { REPO_ROOT as ROOT } from "../../helpers/repo-paths.js";

const RUNNER = resolve(__dirname, "../repr/tslab-runner.cjs");
// tsx by URL: the runner's cwd is a temp folder, where a bare "tsx" would not resolve.
const TSX = pathToFileURL(require.resolve("tsx")).href;

/** Every name a snippet imports is used in its code after the imports. */
function unusedImports(code: string): string[] {
  const body = code.split("\n").filter((l) => !l.startsWith("import ")).join("\n");
  const names = [...code.matchAll(/^import \{([^}]*)\}/gm)].flatMap((m) => m[1].split(",").map((n) => n.trim().replace(/^type /, "")));
  return names.filter((n) => !new RegExp(`\\b${n}\\b`).test(body));
}

/** Every `const` a snippet declares is used after its declaration. */
function unusedConsts(code: string): string[] {
  return [...code.matchAll(/\bconst (\w+) =/g)].map((m) => m[1]).filter((n) => code.split(new RegExp(`\\b${n}\\b`)).length < 3);
}

describe("where the snippet finds the store", () => {
  const dataset = { path: "/acquisition/x/data", kind: "dataset" as const, shape: [50, 4] };

  it("relative to the notebook's folder when the page knows it, for absolute and server paths alike", () => {
    const fromAbsolute = snippetFor("/srv/lab/data/a.nwb.zarr", dataset, { serverRoot: "/srv/lab", notebookDir: "notebooks/day1" })!;
    assert.match(fromAbsolute, /new ZarrIO\("\.\.\/\.\.\/data\/a\.nwb\.zarr", "r"\)/);
    const fromServer = snippetFor("data/a.nwb.zarr", dataset, { serverRoot: "/srv/lab", notebookDir: "data" })!;
    assert.match(fromServer, /new ZarrIO\("a\.nwb\.zarr", "r"\)/);
    assert.equal(relativePath("", "x.zarr"), "x.zarr");
    assert.equal(relativePath("a/b", "a/b"), ".");
  });

  it("absolute otherwise: the kernel's own path, or the server root joined to a server path", () => {
    assert.match(snippetFor("/data/a.zarr", dataset, { serverRoot: "/srv/lab", notebookDir: "n" })!, /new ZarrIO\("\/data\/a\.zarr", "r"\)/);
    assert.match(snippetFor("/srv/lab/a.zarr", dataset, { serverRoot: "/srv/lab" })!, /new ZarrIO\("\/srv\/lab\/a\.zarr", "r"\)/);
    assert.match(snippetFor("data/a.zarr", dataset, { serverRoot: "/srv/lab/" })!, /new ZarrIO\("\/srv\/lab\/data\/a\.zarr", "r"\)/);
    // A server root under the home folder, which the page names `~/…`: joined to the kernel's home folder.
    const home = snippetFor("data/a.zarr", dataset, { serverRoot: "~/work" })!;
    assert.match(home, /^import \{ homedir \} from "os";$/m);
    assert.match(home, /^import \{ join \} from "path";$/m);
    assert.match(home, /new ZarrIO\(join\(homedir\(\), "work\/data\/a\.zarr"\), "r"\)/);
    assert.match(snippetFor("https://dandiarchive.s3.amazonaws.com/zarr/x/", dataset, { serverRoot: "/srv", notebookDir: "" })!, /new ZarrIO\("https:\/\/dandiarchive\.s3\.amazonaws\.com\/zarr\/x\/", "r"\)/);
  });

  it("uses every import and variable, quotes names from the file as JSON, and has nothing to open without a file", () => {
    const cases = [
      snippetFor("/a.zarr", dataset, {}), snippetFor("/a.zarr", { path: "/s", kind: "dataset", shape: [] }, {}),
      snippetFor("/a.zarr", { path: "/g", kind: "group" }, {}), snippetFor("/a.zarr", { path: "/", kind: "group" }, {}),
      snippetFor("/a.nwb.zarr", { path: "/units", kind: "container" }, { allowPickle: true }), snippetFor("/a.nwb.zarr", { path: "/", kind: "container" }, {}),
      snippetFor("data/a.zarr", dataset, { serverRoot: "~" }),
    ];
    for (const code of cases) {
      assert.ok(code);
      assert.deepEqual(unusedImports(code), [], code);
      assert.deepEqual(unusedConsts(code), [], code);
    }
    assert.match(cases[1]!, /await data\.get\(\);/);
    assert.match(cases[4]!, /NWBZarrIO\.readNwb\("\/a\.nwb\.zarr", \{ allowPickle: true \}\)/);
    const hostile = snippetFor('a"); process.exit(1); ("', { path: '/x"); evil(); ("', kind: "group" }, {})!;
    assert.ok(hostile.includes(`new ZarrIO("a\\"); process.exit(1); (\\"", "r")`));
    assert.ok(hostile.includes(`io.getBuilder("/x\\"); evil(); (\\"")`));
    assert.equal(snippetFor("", dataset, {}), null);
    assert.equal(variableName("/acquisition/Electrical Series-2", "x"), "electricalSeries2");
    assert.equal(variableName("/general/delete", "x"), "x");
  });

  it("opens an entity of the store browser by kind: datasets print values, typed groups of NWB files are containers, links their target", () => {
    const base: Entity = { kind: "group", name: "units", path: "/units", type: { name: "Units", namespace: "core" }, description: null, attributes: {}, references: [], childCount: 3 };
    assert.match(openSnippet("/f.nwb.zarr", base, true)!, /nwbfile\.get<any>\("units"\)/);
    assert.match(openSnippet("/f.zarr", base, false)!, /io\.getBuilder\("\/units"\)/);
    const link: Entity = { ...base, kind: "link", name: "e", path: "/a/e", type: null, target: { path: "/general/e", source: null } };
    assert.match(openSnippet("/f.nwb.zarr", link, true)!, /io\.getBuilder\("\/general\/e"\)/);
  });
});

describe("server paths for /files/ URLs", () => {
  it("normalizes plain paths and refuses traversal, encoded or not", () => {
    assert.equal(normalizeServerPath("/a//b/./c/"), "a/b/c");
    for (const bad of ["a/../b", "..", "a/%2e%2e/b", "a/%2E%2e", "a/%252e%252e/b", "a\\..\\b", "a/%2fetc", "a/b%5c..", "a/\u0000"]) {
      assert.equal(normalizeServerPath(bad), null, bad);
    }
  });

  it("gives the server path of a location under the root, and nothing for one outside it or climbing out", () => {
    assert.equal(serverRelative("/srv/lab/data/a.zarr", "/srv/lab"), "data/a.zarr");
    assert.equal(serverRelative("/srv/lab", "/srv/lab/"), "");
    assert.equal(serverRelative("/srv/labx/a.zarr", "/srv/lab"), null);
    assert.equal(serverRelative("/etc/passwd", "/srv/lab"), null);
    assert.equal(serverRelative("/srv/lab/../../etc", "/srv/lab"), null);
    assert.equal(serverRelative("/srv/lab/%2e%2e/etc", "/srv/lab"), null);
    assert.equal(serverRelative("relative/a.zarr", "/srv/lab"), null);
    assert.equal(serverRelative("https://example.org/a.zarr", "/srv/lab"), null);
    assert.equal(serverRelative("/anything/a.zarr", "/"), "anything/a.zarr");
    // A root the page names under `~`: the location's home folder stands for it.
    assert.equal(serverRelative("/home/ann/work/a.zarr", "~/work"), "a.zarr");
    assert.equal(serverRelative("/home/ann/other/a.zarr", "~/work"), null);
    assert.equal(serverRelative(null, "/srv/lab"), null);
  });
});

describe("a copied snippet runs as it is in a tslab kernel", () => {
  let dir: string;
  before(async () => {
    dir = tempFolder("extension-snippet");
    // The package as a notebook's folder resolves it, from this checkout's sources.
    mkdirSync(join(dir, "node_modules", "hdmf-zarr"), { recursive: true });
    writeFileSync(join(dir, "node_modules", "hdmf-zarr", "package.json"), JSON.stringify({ name: "hdmf-zarr", main: "index.ts", types: "index.ts" }));
    writeFileSync(join(dir, "node_modules", "hdmf-zarr", "index.ts"), `export * from ${JSON.stringify(join(ROOT, "src", "index"))};\n`);
    mkdirSync(join(dir, "notebooks"));
    cpSync(ZARR_TUTORIAL_FIXTURE, join(dir, "data", "zarr_tutorial.nwb.zarr"), { recursive: true });
    await writeDemoStore(join(dir, "data", "demo.nwb.zarr"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function run(cells: string[]): Promise<string> {
    writeFileSync(join(dir, "notebooks", "cells.json"), JSON.stringify(cells));
    return new Promise((ok, fail) => {
      execFile(process.execPath, ["--import", TSX, RUNNER, "cells.json"], { cwd: join(dir, "notebooks"), timeout: 300_000, maxBuffer: 32 << 20 }, (err, stdout, stderr) => {
        if (err) fail(new Error(`runner failed: ${err.message}\n${stdout}\n${stderr}`));
        else ok(stdout);
      });
    });
  }

  it("prints a dataset's first values, shows a Units table and a group, from paths relative to the notebook or absolute", { timeout: 600_000 }, async () => {
    const tutorial = join(dir, "data", "zarr_tutorial.nwb.zarr");
    const demo = join(dir, "data", "demo.nwb.zarr");
    const inNotebook = { serverRoot: dir, notebookDir: "notebooks" };
    const cells = [
      // From the renderer: the kernel's absolute location, written relative to the notebook.
      snippetFor(tutorial, { path: "/acquisition/synthetic_timeseries/data", kind: "dataset", shape: [100, 100] }, inNotebook)!,
      snippetFor(demo, { path: "/units", kind: "container" }, inNotebook)!,
      // From the store browser, which knows no notebook: a server path made absolute.
      snippetFor("data/demo.nwb.zarr", { path: "/acquisition/temperature/data", kind: "dataset", shape: [8] }, { serverRoot: dir })!,
      snippetFor("data/demo.nwb.zarr", { path: "/acquisition", kind: "group" }, { serverRoot: dir })!,
    ];
    assert.match(cells[0], /"\.\.\/data\/zarr_tutorial\.nwb\.zarr"/);
    assert.ok(cells[2].includes(JSON.stringify(join(dir, "data", "demo.nwb.zarr"))));
    const stdout = await run(cells);
    const result = JSON.parse(stdout.split("\n").reverse().find((l) => l.startsWith("RESULT "))!.slice(7));
    assert.deepEqual(result.cells, cells.map(() => ({ ok: true, errors: [] })), stdout.slice(-3000));
    const perCell = stdout.split(/^--- cell \d+\n/m).slice(1);

    // 1: the first 10 × 10 values, as ZarrIO reads them here.
    const io = new ZarrIO(tutorial, "r");
    const expected = await (((await io.getBuilder("/acquisition/synthetic_timeseries/data")) as DatasetBuilder).data as ZarrDataset).get([slice(0, 10), slice(0, 10)]);
    assert.ok(perCell[0].includes(format(expected.shape, expected.data)), perCell[0].slice(0, 500));

    // 2: the Units table, with the demo file's spike times in its ragged cells.
    const displays = (out: string) => out.split("\n").filter((l) => l.startsWith("DISPLAY ")).map((l) => JSON.parse(l.slice(8)).message.data["application/vnd.hdmf-zarr+json"]);
    const [units] = displays(perCell[1]) as ContainerPayload[];
    assert.equal(units.path, "/units");
    const table = units.sections.find((s) => s.id === "table")!.items[0] as TableItem;
    assert.deepEqual(table.columns.find((c) => c.name === "spike_times")?.items, DEMO.spikeTimes);

    // 3: the temperature values the demo file holds; 4: the acquisition group with its two series.
    assert.ok(perCell[2].includes(format([8], Float64Array.from(DEMO.temperature))), perCell[2]);
    const [group] = displays(perCell[3]) as GroupPayload[];
    assert.deepEqual(group.children.map((c) => c.name), ["ElectricalSeries", "temperature"]);
  });
});
