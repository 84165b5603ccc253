/**
 * The example notebooks (examples/*.ipynb) run headless on a real tslab kernel driven by nbclient
 * (run-notebooks.sh), and their saved outputs are checked: every code cell ran (tslab aborts the
 * cell after a failure, which then has no output), nothing went to stderr, each `display` cell sent
 * ONE display_data holding our MIME payload, HTML and text — equal to what the library renders for
 * the same object, the store location aside — and every printed value is the one the library reads
 * from the fixture here. Skips visibly when no Python >= 3.12 is around for nbclient.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it, type TestContext } from "node:test";
import {
  ElectrodeGroup, GroupBuilder, HDMF_ZARR_MIME, NWBZarrIO, TimeSeries, ZarrIO, escapeHtml, slice, toMimeBundle,
  type ReprPayload, type ReprTarget,
} from "../../src/index.js";
import { validate } from "../unit/repr/json-schema.js";
import { FIXTURES_DIR, ZARR_V2_FIXTURES } from "../helpers/fixture-paths.js";
import { REPO_ROOT as ROOT } from "../helpers/repo-paths.js";

const SCRIPT = join(__dirname, "run-notebooks.sh");
const EXAMPLES = join(ROOT, "examples");
const OUT = join(ROOT, "test-output", "notebooks");
const FIXTURES = ZARR_V2_FIXTURES;
const ECEPHYS = join(FIXTURES, "ecephys_tutorial.nwb.zarr");
const ZARR_TUTORIAL = join(FIXTURES, "zarr_tutorial.nwb.zarr");
const LINDI_ECEPHYS = join(FIXTURES_DIR, "lindi", "ecephys.nwb.lindi.json");
const SCHEMA = JSON.parse(readFileSync(join(ROOT, "src", "repr", "mime-schema.json"), "utf8"));

type MultiLine = string | string[];
interface Output {
  output_type: string;
  name?: string;
  text?: MultiLine;
  data?: Record<string, unknown>;
}
interface Cell {
  id: string;
  cell_type: string;
  source: MultiLine;
  outputs?: Output[];
}
interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name?: string; language?: string } };
}

const joined = (s: MultiLine | undefined): string => (Array.isArray(s) ? s.join("") : s ?? "");

function loadExecuted(name: string): Notebook {
  return JSON.parse(readFileSync(join(OUT, name), "utf8")) as Notebook;
}

function cell(nb: Notebook, id: string): Cell {
  const c = nb.cells.find((x) => x.id === id);
  assert.ok(c, `cell ${id} exists`);
  return c;
}

/** All stdout text of a cell, as lines (tslab prints each console.log on its own line). */
function stdoutLines(nb: Notebook, id: string): string[] {
  const text = (cell(nb, id).outputs ?? [])
    .filter((o) => o.output_type === "stream" && o.name === "stdout")
    .map((o) => joined(o.text))
    .join("");
  return text.replace(/\n$/, "").split("\n");
}

interface Shown {
  payload: ReprPayload;
  html: string;
  text: string;
}

/** The one display_data of a `display` cell, with its three MIME types. */
function shown(nb: Notebook, id: string): Shown {
  const outs = cell(nb, id).outputs ?? [];
  assert.equal(outs.length, 1, `${id}: one output`);
  assert.equal(outs[0].output_type, "display_data", `${id}: a display_data`);
  const data = outs[0].data ?? {};
  assert.deepEqual(Object.keys(data).sort(), [HDMF_ZARR_MIME, "text/html", "text/plain"].sort(), `${id}: the three MIME types`);
  const payload = data[HDMF_ZARR_MIME] as ReprPayload;
  assert.equal(typeof payload, "object", `${id}: the payload is JSON, not a string`);
  assert.equal(payload.version, 1);
  assert.deepEqual(validate(SCHEMA, payload), [], `${id}: payload valid against mime-schema.json`);
  const html = joined(data["text/html"] as MultiLine);
  const text = joined(data["text/plain"] as MultiLine);
  assert.ok(html.length > 0 && text.length > 0, `${id}: html and text present`);
  return { payload, html, text };
}

/**
 * The bundle the notebook showed equals the one the library renders here for the same object.
 * Only the store location differs: the kernel opened the file by a relative path from a temp copy
 * of examples/, so it is compared as "ends with the fixture's path" and masked for the rest.
 */
async function assertSameBundle(got: Shown, obj: ReprTarget, fixture: string): Promise<void> {
  const want = await toMimeBundle(obj);
  const wantPayload = want[HDMF_ZARR_MIME];
  const ours = wantPayload.store.location!;
  const theirs = got.payload.store.location!;
  assert.ok(theirs.endsWith(`/test/fixtures/external/zarr-v2/${fixture}`), `store location ${theirs}`);
  const mask = (p: ReprPayload): ReprPayload => ({ ...p, store: { ...p.store, location: "<store>" } });
  assert.deepEqual(mask(got.payload), mask(wantPayload));
  const maskHtml = (h: string, loc: string) => h.split(escapeHtml(loc)).join("&lt;store&gt;");
  assert.equal(maskHtml(got.html, theirs), maskHtml(want["text/html"], ours));
  assert.equal(got.text.split(theirs).join("<store>"), want["text/plain"].split(ours).join("<store>"));
}

function assertHtmlHas(html: string, fields: string[]): void {
  for (const f of fields) assert.ok(html.includes(escapeHtml(f)), `HTML shows ${JSON.stringify(f)}`);
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runScript(): Promise<RunResult> {
  return new Promise((ok) => {
    const child = spawn("bash", [SCRIPT], { cwd: ROOT, env: { ...process.env, NOTEBOOKS_OUT: OUT } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => ok({ code, stdout, stderr }));
  });
}

let skip: string | false = false;
let started = 0;

before(async () => {
  started = Date.now();
  const r = await runScript();
  if (r.code === 3) {
    skip = (r.stdout.split("\n").find((l) => l.startsWith("SKIP ")) ?? "SKIP no Python >= 3.12").slice("SKIP ".length);
    return;
  }
  assert.equal(r.code, 0, `run-notebooks.sh failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
}, { timeout: 600_000 });

/** Skip (visibly) without Python; the reason is the script's SKIP line. */
function skipped(t: TestContext): boolean {
  if (skip) t.skip(skip);
  return skip !== false;
}

describe("every example notebook", () => {
  it("was executed now on the tslab kernel, every code cell with output, none with an error or stderr", (t) => {
    if (skipped(t)) return;
    const names = readdirSync(EXAMPLES).filter((n) => n.endsWith(".ipynb")).sort();
    assert.deepEqual(names, ["01-open-a-file.ipynb", "02-read-nwb.ipynb", "03-write-nwb.ipynb", "04-hdf5-through-lindi.ipynb"]);
    for (const name of names) {
      assert.ok(statSync(join(OUT, name)).mtimeMs >= started - 1000, `${name}: executed copy written by this run`);
      const source = JSON.parse(readFileSync(join(EXAMPLES, name), "utf8")) as Notebook;
      assert.equal(source.metadata.kernelspec?.name, "tslab");
      assert.equal(source.metadata.kernelspec?.language, "typescript");
      const nb = loadExecuted(name);
      assert.deepEqual(nb.cells.map((c) => c.id), source.cells.map((c) => c.id), `${name}: same cells`);
      for (const c of nb.cells.filter((x) => x.cell_type === "code")) {
        const outs = c.outputs ?? [];
        assert.ok(outs.length > 0, `${name} ${c.id}: has output (a cell after a failure is aborted silently)`);
        for (const o of outs) {
          assert.notEqual(o.output_type, "error", `${name} ${c.id}: error output`);
          assert.ok(!(o.output_type === "stream" && o.name === "stderr"), `${name} ${c.id}: stderr: ${joined(o.text)}`);
          assert.ok(["stream", "display_data"].includes(o.output_type), `${name} ${c.id}: ${o.output_type}`);
        }
      }
    }
  });
});

describe("01-open-a-file", () => {
  let nb: Notebook;
  let root: GroupBuilder;
  let io: ZarrIO;
  before(async () => {
    if (skip) return;
    nb = loadExecuted("01-open-a-file.ipynb");
    io = new ZarrIO(ECEPHYS, "r");
    root = await io.readBuilder();
  });

  it("prints the file's format and root children", (t) => {
    if (skipped(t)) return;
    assert.deepEqual(stdoutLines(nb, "open"), [
      `Zarr format: ${io.zarrFormat}`,
      `groups at the root: ${[...root.groups.keys()].join(", ")}`,
      `datasets at the root: ${[...root.datasets.keys()].join(", ")}`,
    ]);
  });

  it("displays the file as a store, with the NWB tree in the HTML", async (t) => {
    if (skipped(t)) return;
    const got = shown(nb, "display-file");
    assert.equal(got.payload.kind, "store");
    assert.equal(got.payload.path, "/");
    assert.equal(got.payload.name, "ecephys_tutorial.nwb.zarr");
    assert.deepEqual(got.payload.type, { name: "NWBFile", namespace: "core" });
    assertHtmlHas(got.html, ["ecephys_tutorial.nwb.zarr", "NWBFile", "acquisition", "ElectricalSeries", "session_description", "units"]);
    assert.match(got.text, /^File 'ecephys_tutorial\.nwb\.zarr'/);
    await assertSameBundle(got, root, "ecephys_tutorial.nwb.zarr");
  });

  it("displays a group with its children and attributes", async (t) => {
    if (skipped(t)) return;
    const got = shown(nb, "display-group");
    assert.equal(got.payload.kind, "group");
    assert.equal(got.payload.path, "/acquisition/ElectricalSeries");
    assert.deepEqual(got.payload.type, { name: "ElectricalSeries", namespace: "core" });
    assertHtmlHas(got.html, ["ElectricalSeries", "/acquisition/ElectricalSeries", "data", "electrodes", "starting_time", "DynamicTableRegion", "Attributes"]);
    assert.match(got.text, /^Group 'ElectricalSeries'/);
    await assertSameBundle(got, root.get("acquisition/ElectricalSeries")!, "ecephys_tutorial.nwb.zarr");
  });

  it("displays a dataset with the Zarr info table and a preview", async (t) => {
    if (skipped(t)) return;
    const got = shown(nb, "display-dataset");
    assert.equal(got.payload.kind, "dataset");
    assert.equal(got.payload.path, "/acquisition/ElectricalSeries/data");
    assertHtmlHas(got.html, ["/acquisition/ElectricalSeries/data", "float64", "(50, 4)", "volts", "Chunk shape", "Compressors", "No. bytes stored", "Chunks initialized"]);
    assert.match(got.text, /^Dataset 'data'/);
    await assertSameBundle(got, root.get("acquisition/ElectricalSeries/data")!, "ecephys_tutorial.nwb.zarr");
  });

  it("displays a table as a group with one dataset per column", async (t) => {
    if (skipped(t)) return;
    const got = shown(nb, "display-table");
    assert.equal(got.payload.kind, "group");
    assert.equal(got.payload.path, "/general/extracellular_ephys/electrodes");
    assert.deepEqual(got.payload.type, { name: "DynamicTable", namespace: "hdmf-common" });
    const table = root.get("general/extracellular_ephys/electrodes") as GroupBuilder;
    assertHtmlHas(got.html, ["electrodes", "DynamicTable", "colnames", ...table.datasets.keys()]);
    await assertSameBundle(got, table, "ecephys_tutorial.nwb.zarr");
  });

  it("prints the NWBFile's session metadata", async (t) => {
    if (skipped(t)) return;
    const f = await NWBZarrIO.readNwb(ECEPHYS, { allowPickle: true });
    assert.deepEqual(stdoutLines(nb, "nwb"), [
      `identifier: ${f.identifier}`,
      `session: ${f.sessionDescription}`,
      `started: ${f.sessionStartTime!.toISOString()}`,
      `acquisition: ${[...f.acquisition.keys()].join(", ")}`,
    ]);
  });
});

describe("02-read-nwb", () => {
  let nb: Notebook;
  before(() => {
    if (!skip) nb = loadExecuted("02-read-nwb.ipynb");
  });

  it("prints the TimeSeries facts, a slice with its times and a plot of one column", async (t) => {
    if (skipped(t)) return;
    const f = await NWBZarrIO.readNwb(ZARR_TUTORIAL, { preload: "all" });
    assert.deepEqual(stdoutLines(nb, "read"), [
      `NWB ${f.nwbVersion}, identifier ${f.identifier}`,
      `acquisition: ${[...f.acquisition.keys()].join(", ")}`,
    ]);
    const ts = f.acquisition.get("synthetic_timeseries") as TimeSeries;
    assert.deepEqual(stdoutLines(nb, "series"), [
      `shape ${JSON.stringify(ts.data!.shape)}, rate ${ts.rate} Hz, starting at ${ts.startingTime} s, unit ${ts.unit}`,
    ]);
    const rows = (await ts.data!.toList([slice(0, 3), slice(0, 4)])) as number[][];
    const times = await ts.timestampsFor(0, 3);
    assert.equal(rows.length, 3);
    assert.deepEqual(stdoutLines(nb, "slice"), rows.map((row, i) => `t = ${times[i]} s: ${JSON.stringify(row)}`));

    const column = Array.from((await ts.data!.get([slice(0, 100), 0])).data as ArrayLike<number>);
    assert.deepEqual(stdoutLines(nb, "plot"), [`column 0: ${column.length} samples from ${Math.min(...column)} to ${Math.max(...column)}`]);
    const svg = (cell(nb, "plot").outputs ?? []).find((o) => o.output_type === "display_data");
    const markup = joined(svg?.data?.["image/svg+xml"] as MultiLine);
    const points = markup.match(/points="([^"]*)"/)?.[1].trim().split(/\s+/) ?? [];
    assert.equal(points.length, 100, "one polyline point per sample");
  });

  it("prints the electrodes table and its first rows with the groups resolved", async (t) => {
    if (skipped(t)) return;
    const f = await NWBZarrIO.readNwb(ECEPHYS, { allowPickle: true });
    const table = f.electrodes!;
    assert.deepEqual(stdoutLines(nb, "electrodes"), [`${table.length} electrodes; columns: ${table.colnames.join(", ")}`]);
    const records = await table.toRecords(0, 4);
    const want = records.map((r) => {
      const g = r.group as ElectrodeGroup;
      assert.ok(g instanceof ElectrodeGroup);
      return `${r.id} ${r.label}: group ${g.name} (${g.location}), x=${r.x} y=${r.y} z=${r.z}`;
    });
    assert.deepEqual(stdoutLines(nb, "electrode-rows"), want);
  });
});

describe("03-write-nwb", () => {
  let nb: Notebook;
  // What the notebook writes, taken from its own build cell, so the test follows edits to it.
  let written: { identifier: string; description: string; start: string; data: number[]; unit: string };
  before(() => {
    if (skip) return;
    nb = loadExecuted("03-write-nwb.ipynb");
    const src = joined(cell(nb, "build").source);
    const grab = (re: RegExp) => {
      const m = src.match(re);
      assert.ok(m, `build cell has ${re}`);
      return m[1];
    };
    written = {
      identifier: grab(/identifier: "([^"]+)"/),
      description: grab(/sessionDescription: "([^"]+)"/),
      start: new Date(grab(/sessionStartTime: new Date\("([^"]+)"\)/)).toISOString(),
      data: JSON.parse(`[${grab(/data: \[([^\]]+)\]/)}]`) as number[],
      unit: grab(/unit: "([^"]+)"/),
    };
  });

  it("writes a Zarr v3 store with the spec cache and reads the same values back", (t) => {
    if (skipped(t)) return;
    assert.deepEqual(stdoutLines(nb, "build"), [`${written.identifier}: acquisition temperature`]);
    const [listing] = stdoutLines(nb, "write");
    const entries = listing.replace(/^written; top level of the store: /, "").split(", ");
    for (const e of ["zarr.json", "acquisition", "general", "specifications", "identifier", "session_start_time"]) assert.ok(entries.includes(e), `store has ${e}`);
    assert.deepEqual(stdoutLines(nb, "read-back"), [
      `${written.identifier}: ${written.description}, started ${written.start}`,
      `temperature in ${written.unit} at 1 Hz: ${JSON.stringify(written.data)}`,
    ]);
    assert.deepEqual(stdoutLines(nb, "cleanup"), ["temp folder removed"]);
  });

  it("displays the written file and its data", (t) => {
    if (skipped(t)) return;
    const file = shown(nb, "display-file");
    assert.equal(file.payload.kind, "store");
    assert.equal(file.payload.path, "/");
    assert.equal(file.payload.name, "example.nwb.zarr");
    assert.equal(file.payload.store.zarrFormat, 3);
    assert.deepEqual(file.payload.type, { name: "NWBFile", namespace: "core" });
    assertHtmlHas(file.html, ["example.nwb.zarr", "NWBFile", "acquisition", "temperature", "TimeSeries", written.identifier]);
    assert.match(file.text, /^File 'example\.nwb\.zarr'/);

    const data = shown(nb, "display-data");
    assert.equal(data.payload.kind, "dataset");
    assert.equal(data.payload.path, "/acquisition/temperature/data");
    assert.ok(data.payload.kind === "dataset");
    assert.deepEqual(data.payload.shape, [written.data.length]);
    assert.equal(data.payload.dtype, "float64");
    assert.deepEqual(data.payload.preview && "values" in data.payload.preview ? data.payload.preview.values : null, written.data);
    assertHtmlHas(data.html, ["/acquisition/temperature/data", written.unit, "Chunks initialized", "Zarr format"]);
    assert.match(data.text, /^Dataset 'data'/);
  });
});

describe("04-hdf5-through-lindi", () => {
  let nb: Notebook;
  let nwb: Awaited<ReturnType<typeof NWBZarrIO.readNwb>>;
  before(async () => {
    if (skip) return;
    nb = loadExecuted("04-hdf5-through-lindi.ipynb");
    nwb = await NWBZarrIO.readNwb(LINDI_ECEPHYS);
  });

  it("opens the HDF5 file's LINDI reference file and prints its session", (t) => {
    if (skipped(t)) return;
    assert.equal(nwb.identifier, "lindi-example-0001");
    assert.deepEqual(stdoutLines(nb, "open"), [
      `NWB ${nwb.nwbVersion}, identifier ${nwb.identifier}`,
      `session: ${nwb.sessionDescription}`,
      "acquisition: ElectricalSeries",
    ]);
  });

  it("prints samples read by range from the HDF5 file, equal to h5py's values", async (t) => {
    if (skipped(t)) return;
    const series = nwb.acquisition.get("ElectricalSeries") as TimeSeries;
    assert.deepEqual(stdoutLines(nb, "series").slice(0, 1), [`shape [20000,8], rate 10000 Hz, conversion ${series.conversion} to volts`]);
    const rows = (await series.data!.toList([slice(0, 3), null])) as number[][];
    // The first row as h5py reads it from ecephys.nwb (make_fixture.py's seeded data).
    assert.deepEqual(rows[0], [21, 121, 192, 216, 252, 301, 309, 269]);
    assert.deepEqual(stdoutLines(nb, "series").slice(1), rows.map((row, i) => `sample ${i}: ${JSON.stringify(row)}`));
  });

  it("prints the units and trials tables", async (t) => {
    if (skipped(t)) return;
    const units = await nwb.units!.toRecords(0, nwb.units!.length);
    assert.equal(units.length, 5);
    assert.deepEqual(stdoutLines(nb, "units"), units.map((r) => `unit ${r.id} (${r.quality}): ${(r.spike_times as number[]).length} spikes`));
    const trials = await nwb.trials!.toRecords(0, nwb.trials!.length);
    assert.deepEqual(stdoutLines(nb, "trials"), ["trial 0: 0-0.4 s, hit", "trial 1: 0.5-0.9 s, miss", "trial 2: 1-1.4 s, hit", "trial 3: 1.5-1.9 s, miss"]);
    assert.equal(trials.length, 4);
  });

  it("displays a dataset of the reference file with its store and codecs", async (t) => {
    if (skipped(t)) return;
    const got = shown(nb, "display-dataset");
    assert.equal(got.payload.kind, "dataset");
    assert.equal(got.payload.path, "/acquisition/ElectricalSeries/data");
    assertHtmlHas(got.html, ["/acquisition/ElectricalSeries/data", "int16", "(20000, 8)", "ReferenceStore", "zlib", "Chunks initialized"]);
    assert.match(got.text, /^Dataset 'data'/);
    assert.match(got.text, /^ {5}21 {2}121 {2}192/m, "the preview shows the first row");
  });
});
