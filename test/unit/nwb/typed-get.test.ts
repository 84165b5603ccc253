/**
 * Typed, checked access to the members of an NWBFile and its modules: `collection.get(name, Class)`
 * returns the member as that class (no cast), and says what the member is when it is not one.
 * The compile-time side is checked with the TypeScript language service, which gives tslab its
 * completions and its inspect text: completing after `acquisition.get(name, TimeSeries).` lists
 * the TimeSeries members, and the I/O classes have doc comments to show.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import {
  ContainerCollection, Device, ElectricalSeries, ElectrodeGroup, loadNwbTypes, NodeNotFoundError, NWBDataInterface, NWBFile,
  NWBZarrIO, Position, ProcessingModule, SpatialSeries, TimeIntervals, TimeSeries, TypeMismatchError, slice,
} from "../../../src/index.js";
import { ECEPHYS_FIXTURE, ZARR_TUTORIAL_FIXTURE } from "../../helpers/fixture-paths.js";
import { REPO_ROOT as ROOT } from "../../helpers/repo-paths.js";

describe("members of a file read from disk", () => {
  it("acquisition.get(name, TimeSeries) is the TimeSeries, typed; without a class it is the plain look-up", async () => {
    const nwb = await NWBZarrIO.readNwb(ZARR_TUTORIAL_FIXTURE);
    const series = nwb.acquisition.get("synthetic_timeseries", TimeSeries);
    assert.ok(series instanceof TimeSeries);
    assert.equal(series, nwb.acquisition.get("synthetic_timeseries"));
    assert.deepEqual((await series.data!.get([slice(0, 2), slice(0, 2)])).shape, [2, 2]);
    assert.ok(nwb.acquisition instanceof ContainerCollection && nwb.acquisition instanceof Map);
  });

  it("a member of another type is a TypeMismatchError naming it, its type, the type asked for, the file", async () => {
    const nwb = await NWBZarrIO.readNwb(ECEPHYS_FIXTURE, { allowPickle: true });
    const ecephys = nwb.processing.get("ecephys", ProcessingModule);
    assert.throws(() => ecephys.dataInterfaces.get("LFP", TimeSeries), (e: unknown) => {
      assert.ok(e instanceof TypeMismatchError, String(e));
      assert.equal(e.message,
        `'/processing/ecephys/LFP' in '${ECEPHYS_FIXTURE}': dataInterfaces member 'LFP' has type LFP (core), not TimeSeries; ` +
          "ask for a class it is an instance of: LFP, NWBDataInterface, NWBContainer, Container");
      assert.deepEqual([e.actual, e.expected, e.path, e.store], ["LFP", "TimeSeries", "/processing/ecephys/LFP", ECEPHYS_FIXTURE]);
      return true;
    });
    // The class it is (or one it extends) is accepted.
    assert.equal(ecephys.dataInterfaces.get("LFP", NWBDataInterface).typeName, "LFP");
    // An ElectricalSeries is a TimeSeries; a TimeSeries is not always an ElectricalSeries.
    assert.equal(nwb.acquisition.get("ElectricalSeries", TimeSeries).typeName, "ElectricalSeries");
    assert.equal(nwb.acquisition.get("ElectricalSeries", ElectricalSeries).rate, 20000);
    assert.equal(nwb.devices.get("array", Device).name, "array");
    assert.deepEqual(nwb.electrodeGroups.ofType(ElectrodeGroup).map((g) => g.name), ["shank0", "shank1", "shank2", "shank3"]);
  });

  it("a missing member is a NodeNotFoundError naming the members there are", async () => {
    const nwb = await NWBZarrIO.readNwb(ECEPHYS_FIXTURE, { allowPickle: true });
    assert.throws(() => nwb.acquisition.get("ElectricalSeries2", ElectricalSeries), (e: unknown) => {
      assert.ok(e instanceof NodeNotFoundError);
      assert.equal(e.message, `'/acquisition/ElectricalSeries2' in '${ECEPHYS_FIXTURE}': acquisition has no member 'ElectricalSeries2'; it holds 'ElectricalSeries'`);
      return true;
    });
    assert.throws(() => nwb.analysis.get("x", TimeSeries), { message: `'/analysis/x' in '${ECEPHYS_FIXTURE}': analysis has no member 'x'; it holds nothing` });
    assert.equal(nwb.acquisition.get("ElectricalSeries2"), undefined);
  });
});

describe("members of a file built in memory", () => {
  before(() => loadNwbTypes());

  it("every typed collection of NWBFile, and the module's data interfaces, gives members typed and checked", () => {
    const file = new NWBFile({ identifier: "id", sessionDescription: "typed gets", sessionStartTime: new Date("2024-05-01T10:00:00Z") });
    const device = file.createDevice({ name: "probe" });
    file.createElectrodeGroup({ name: "shank0", description: "s", location: "CA1", device });
    file.addAcquisition(new TimeSeries({ name: "trace", data: [1, 2, 3], unit: "V", rate: 10 }));
    file.addAnalysis(new TimeSeries({ name: "derived", data: [4, 5], unit: "V", rate: 1 }));
    file.addStimulus(new TimeSeries({ name: "tone", data: [0, 1], unit: "V", rate: 1 }));
    file.addTrial({ startTime: 0, stopTime: 1 });
    const behavior = file.createProcessingModule({ name: "behavior", description: "moves" });
    const position = new Position({ spatialSeries: [new SpatialSeries({ name: "xy", data: [[0, 0], [1, 1]], rate: 1, referenceFrame: "corner" })] });
    behavior.add(position);

    assert.deepEqual(file.acquisition.get("trace", TimeSeries).unit, "V");
    assert.equal(file.analysis.get("derived", TimeSeries).name, "derived");
    assert.equal(file.stimulus.get("tone", TimeSeries).name, "tone");
    assert.equal(file.devices.get("probe", Device), device);
    assert.equal(file.electrodeGroups.get("shank0", ElectrodeGroup).location, "CA1");
    assert.equal(file.intervals.get("trials", TimeIntervals).length, 1);
    assert.equal(file.processing.get("behavior", ProcessingModule), behavior);
    const pos = file.processing.get("behavior", ProcessingModule).dataInterfaces.get("Position", Position);
    assert.equal(pos.spatialSeries.get("xy", SpatialSeries).referenceFrame, "corner");

    assert.throws(() => file.acquisition.get("trace", ElectricalSeries), (e: unknown) =>
      e instanceof TypeMismatchError && e.actual === "TimeSeries" && e.expected === "ElectricalSeries" &&
      e.message === "'/acquisition/trace': acquisition member 'trace' has type TimeSeries (core), not ElectricalSeries; " +
        "ask for a class it is an instance of: TimeSeries, NWBDataInterface, NWBContainer, Container");
  });
});

// ------------------------------------------------------------------------------ compile time

/** A cell as a user writes it in a notebook (virtual file beside the tests; never written). */
const CELL = join(ROOT, "test", "unit", "nwb", "typed-get-cell.ts");

/** A language service over the project's sources plus one virtual file. */
function languageService(text: string): ts.LanguageService {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => config.options,
    getScriptFileNames: () => [CELL],
    getScriptVersion: () => "1",
    getScriptSnapshot: (f) => (f === CELL ? ts.ScriptSnapshot.fromString(text) : ts.sys.fileExists(f) ? ts.ScriptSnapshot.fromString(readFileSync(f, "utf8")) : undefined),
    getCurrentDirectory: () => ROOT,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => f === CELL || ts.sys.fileExists(f),
    readFile: (f) => (f === CELL ? text : ts.sys.readFile(f)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  return ts.createLanguageService(host, ts.createDocumentRegistry());
}

const SOURCE = `import { NWBZarrIO, ProcessingModule, TimeSeries, ZarrIO, ZarrDataIO } from "../../../src/index.js";
export async function cell() {
  const nwbfile = await NWBZarrIO.readNwb("session.nwb.zarr");
  const series = nwbfile.acquisition.get("trace", TimeSeries);
  series.;
  const module = nwbfile.processing.get("behavior", ProcessingModule);
  const io = new ZarrIO("f.zarr", "r");
  return [series.unit, module.description, io, ZarrDataIO];
}
`;

describe("at compile time (what tslab's completion and inspect see)", () => {
  const service = languageService(SOURCE);

  it("the cell type-checks without a cast", () => {
    const errors = service.getSemanticDiagnostics(CELL).filter((d) => d.start !== undefined && !SOURCE.slice(d.start).startsWith(";"));
    // `series.;` is the completion point; nothing else is an error.
    assert.deepEqual(errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")), []);
  });

  it("completing `series.` lists the TimeSeries members", () => {
    const at = SOURCE.indexOf("series.;") + "series.".length;
    const names = new Set(service.getCompletionsAtPosition(CELL, at, {})?.entries.map((e) => e.name));
    for (const member of ["data", "unit", "rate", "timestamps", "timestampsFor", "startingTime"]) assert.ok(names.has(member), `${member} completes`);
  });

  it("a class that is not the collection's kind does not compile", () => {
    const bad = SOURCE.replace('nwbfile.processing.get("behavior", ProcessingModule)', 'nwbfile.processing.get("behavior", TimeSeries)').replace("series.;", "");
    const messages = languageService(bad).getSemanticDiagnostics(CELL).map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
    assert.equal(messages.length, 1, messages.join("\n"));
    assert.match(messages[0], /TimeSeries.*is not assignable to.*ProcessingModule/);
  });

  it("inspecting ZarrIO, NWBZarrIO and ZarrDataIO shows their class documentation", () => {
    for (const [name, expected] of [
      ["ZarrIO", /Read and write HDMF files stored in Zarr \(hdmf-zarr's `ZarrIO`\)/],
      ["NWBZarrIO", /Read and write NWB files stored in Zarr \(hdmf-zarr's `NWBZarrIO`\)/],
      ["ZarrDataIO", /Data to write plus how to store it \(hdmf-zarr's `ZarrDataIO`\)/],
    ] as const) {
      const at = SOURCE.lastIndexOf(name);
      const info = service.getQuickInfoAtPosition(CELL, at);
      const doc = ts.displayPartsToString(info?.documentation);
      assert.match(doc, expected, `${name}: ${doc}`);
    }
  });
});
