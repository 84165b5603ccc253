/**
 * The typed ophys and image classes: the ophys and images files pynwb 4.2 + hdmf-zarr 0.14 writes
 * (test/interop/nwb/python/write_areas.py) read into ImagingPlane, OpticalChannel, TwoPhotonSeries,
 * PlaneSegmentation (pixel masks per ROI), ImageSegmentation, RoiResponseSeries (rois resolved to
 * PlaneSegmentation rows), Fluorescence and Images with the values the script sets; an ophys file
 * built in TypeScript is written in Zarr v3, read back, and read by pynwb with equal values and no
 * `pynwb.validate` errors. Constructors refuse missing required fields.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { LazyData } from "../../../src/build/lazy-data.js";
import type { NdArray } from "../../../src/zarr/dtype.js";
import { slice } from "../../../src/zarr/indexing.js";
import {
  Device, Fluorescence, ImageSegmentation, Images, ImagingPlane, NWBFile, NWBZarrIO, OpticalChannel, PlaneSegmentation,
  ProcessingModule, RoiResponseSeries, TwoPhotonSeries, loadNwbTypes,
} from "../../../src/nwb/index.js";
import { REPO_ROOT as ROOT } from "../../helpers/repo-paths.js";
import { NO_BYTECODE, fullOutput, pythonOutput, venvPython } from "../../helpers/python.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const temps = tempFolders("nwb-ophys");
after(() => temps.cleanup());

const python = venvPython("v3");
const skipPy = existsSync(python) ? false : "SKIP: Python venv missing (bash test/interop/setup-venvs.sh)";

function runPython(args: string[]): string {
  return pythonOutput(python, args, { cwd: ROOT, env: NO_BYTECODE, maxBuffer: 32 << 20, message: fullOutput });
}

/** The frames write_areas.py stores: (arange(120).reshape(6, 5, 4) * 7) % 251. */
const PY_FRAMES = Array.from({ length: 6 }, (_, t) => Array.from({ length: 5 }, (_, x) => Array.from({ length: 4 }, (_, y) => ((t * 20 + x * 4 + y) * 7) % 251)));

describe("ophys and images files written by pynwb", { skip: skipPy }, () => {
  let dir = "";
  before(() => {
    dir = temps.make();
    runPython([join(ROOT, "test/interop/nwb/python/write_areas.py"), dir, "ophys", "images"]);
  });

  it("read into the typed ophys classes with the values pynwb set", async () => {
    const file = await NWBZarrIO.readNwb(join(dir, "ophys.nwb.zarr"), { preload: "all" });
    const tps = file.acquisition.get("tps");
    assert.ok(tps instanceof TwoPhotonSeries);
    assert.deepEqual([tps.rate, tps.startingTime, tps.unit, tps.description], [30, 0, "n.a.", "frames"]);
    assert.deepEqual(tps.fieldOfView, [0.25, 0.2]);
    assert.deepEqual(tps.dimension, [5, 4]);
    assert.equal(tps.pmtGain, undefined);
    assert.deepEqual(tps.data!.shape, [6, 5, 4]);
    assert.deepEqual(await tps.data!.toList(), PY_FRAMES);
    assert.deepEqual(await tps.data!.toList([slice(2, 4), 1, null]), [PY_FRAMES[2][1], PY_FRAMES[3][1]]);

    const plane = tps.imagingPlane!;
    assert.ok(plane instanceof ImagingPlane);
    assert.equal(plane.name, "plane0");
    assert.deepEqual(
      [plane.description, plane.excitationLambda, plane.imagingRate, plane.indicator, plane.location],
      ["layer 2/3", 920, 30, "GCaMP6f", "VISp"],
    );
    assert.deepEqual([plane.gridSpacing, plane.gridSpacingUnit, plane.originCoords, plane.originCoordsUnit], [[0.5, 0.5], "micrometers", [1, 2], "millimeters"]);
    assert.equal(plane.device, file.devices.get("microscope"));
    assert.ok(plane.device instanceof Device);
    assert.deepEqual([plane.device.description, plane.device.manufacturer], ["two-photon", "Scopes Inc"]);
    const green = plane.opticalChannels.get("green")!;
    assert.ok(green instanceof OpticalChannel);
    assert.deepEqual([...plane.opticalChannels.keys(), green.description, green.emissionLambda], ["green", "GCaMP channel", 520]);

    const mod = file.processing.get("ophys")!;
    assert.ok(mod instanceof ProcessingModule);
    const seg = mod.dataInterfaces.get("ImageSegmentation");
    assert.ok(seg instanceof ImageSegmentation);
    const ps = seg.planeSegmentations.get("PlaneSegmentation")!;
    assert.ok(ps instanceof PlaneSegmentation);
    assert.deepEqual([ps.description, ps.length, ps.colnames], ["rois", 3, ["pixel_mask"]]);
    assert.equal(ps.imagingPlane, plane);
    assert.deepEqual(ps.referenceImages, [tps]);
    assert.deepEqual(await ps.pixelMask(0), [{ x: 0, y: 0, weight: 1 }, { x: 0, y: 1, weight: 0.5 }]);
    assert.deepEqual(await ps.pixelMask(1), [{ x: 2, y: 3, weight: 0.25 }]);
    assert.deepEqual(await ps.pixelMask(-1), [{ x: 4, y: 0, weight: 0.75 }, { x: 4, y: 1, weight: 0.5 }, { x: 3, y: 1, weight: 0.125 }]);
    await assert.rejects(ps.pixelMask(3), /out of range/);
    await assert.rejects(ps.imageMask(0), /no image_mask column/);

    const fl = mod.dataInterfaces.get("Fluorescence");
    assert.ok(fl instanceof Fluorescence);
    const dff = fl.roiResponseSeries.get("dff")!;
    assert.ok(dff instanceof RoiResponseSeries);
    assert.deepEqual([dff.rate, dff.unit, dff.rois!.description], [30, "n.a.", "two rois"]);
    assert.equal(dff.planeSegmentation, ps);
    assert.deepEqual(await dff.roiIndices(), [0, 2]);
    const rois = await dff.roiRecords();
    assert.deepEqual(rois.map((r) => r.id), [0, 2]);
    assert.deepEqual((rois[1].pixel_mask as unknown[]).length, 3);
    const f32 = (v: number) => Math.fround(v);
    assert.deepEqual(await dff.data!.toList(), [[f32(0.1), f32(0.2)], [f32(0.3), f32(0.4)], [f32(0.5), f32(0.6)]]);
  });

  it("read Images with its images by name", async () => {
    const file = await NWBZarrIO.readNwb(join(dir, "images.nwb.zarr"), { preload: "all" });
    const pics = file.acquisition.get("pictures");
    assert.ok(pics instanceof Images);
    assert.equal(pics.description, "two images");
    assert.deepEqual([...pics.images.keys()], ["gray", "rgb"]);
    const gray = pics.images.get("gray")!;
    assert.equal(gray.typeName, "GrayscaleImage");
    assert.deepEqual([gray.get("description"), gray.get("resolution")], ["a gray image", 2.5]);
    const values = (image: unknown) => (image as { data: LazyData }).data.read() as Promise<NdArray>;
    const grayData = await values(gray);
    assert.deepEqual(grayData.shape, [3, 4]);
    assert.deepEqual(Array.from(grayData.data as Uint8Array), Array.from({ length: 12 }, (_, i) => i * 20));
    const rgb = pics.images.get("rgb")!;
    assert.equal(rgb.typeName, "RGBImage");
    const data = await values(rgb);
    assert.deepEqual(data.shape, [3, 2, 3]);
    assert.deepEqual(Array.from(data.data as Uint8Array), Array.from({ length: 18 }, (_, i) => i * 10));
  });
});

/** Values of the ophys file built in TypeScript. */
const BUILT = {
  frames: Array.from({ length: 4 }, (_, t) => Array.from({ length: 3 }, (_, x) => Array.from({ length: 2 }, (_, y) => t * 100 + x * 10 + y))),
  masks: [[{ x: 0, y: 0, weight: 1 }, { x: 1, y: 1, weight: 0.5 }], [{ x: 2, y: 0, weight: 0.25 }]],
  traces: [[1, 2], [3, 4], [5, 6.5]],
};

function buildOphysFile(): NWBFile {
  const file = new NWBFile({ identifier: "TS-OPHYS-1", sessionDescription: "ophys built in TypeScript", sessionStartTime: new Date("2024-05-01T09:00:00.000Z") });
  const device = file.addDevice(new Device({ name: "scope", description: "a two-photon scope", manufacturer: "Optics Co" }));
  const channel = new OpticalChannel({ name: "red", description: "red channel", emissionLambda: 610 });
  const plane = new ImagingPlane({
    name: "planeA", opticalChannel: channel, device, excitationLambda: 1040, indicator: "jRGECO1a", location: "V1",
    description: "superficial plane", imagingRate: 15, gridSpacing: [2, 2], gridSpacingUnit: "micrometers",
  });
  file.group("general").group("optophysiology").add(plane);
  const tps = file.addAcquisition(new TwoPhotonSeries({
    name: "frames", data: BUILT.frames, imagingPlane: plane, rate: 15, unit: "n.a.", fieldOfView: [0.003, 0.002], pmtGain: 1.5, dimension: [3, 2],
    description: "raw frames",
  }));
  const ps = new PlaneSegmentation({ description: "two rois", imagingPlane: plane, referenceImages: [tps], pixelMasks: BUILT.masks });
  const ophys = file.addProcessingModule(new ProcessingModule({ name: "ophys", description: "optical physiology" }));
  ophys.add(new ImageSegmentation({ planeSegmentations: [ps] }));
  const rrs = new RoiResponseSeries({ name: "traces", data: BUILT.traces, unit: "n.a.", rate: 15, rois: ps.createRoiTableRegion([0, 1], "both rois") });
  ophys.add(new Fluorescence({ roiResponseSeries: [rrs] }));
  return file;
}

/** Reads the built file with pynwb, prints its values as JSON, and pynwb.validate's findings. */
const READER = `
import json, sys, warnings
warnings.filterwarnings("ignore")
from hdmf_zarr.nwb import NWBZarrIO
from pynwb import validate
def clean(v):
    if type(v).__name__ == "HDMFZarrArray": v = v[:]
    if hasattr(v, "tolist"): v = v.tolist()
    if isinstance(v, (list, tuple)): return [clean(x) for x in v]
    return v
with NWBZarrIO(sys.argv[1], "r") as io:
    f = io.read()
    plane = f.imaging_planes["planeA"]; ch = plane.optical_channel[0]
    tps = f.acquisition["frames"]
    ps = f.processing["ophys"]["ImageSegmentation"]["PlaneSegmentation"]
    rrs = f.processing["ophys"]["Fluorescence"]["traces"]
    out = {
        "plane": [type(plane).__name__, plane.description, plane.excitation_lambda, plane.imaging_rate, plane.indicator, plane.location,
                  clean(plane.grid_spacing), plane.grid_spacing_unit, plane.device is f.devices["scope"]],
        "channel": [type(ch).__name__, ch.name, ch.description, ch.emission_lambda],
        "tps": [type(tps).__name__, clean(tps.data[:]), tps.rate, tps.unit, clean(tps.field_of_view), tps.pmt_gain, clean(tps.dimension),
                tps.imaging_plane is plane, tps.description],
        "ps": [type(ps).__name__, ps.description, len(ps), ps.imaging_plane is plane, [s is tps for s in ps.reference_images],
               [[[int(p[0]), int(p[1]), float(p[2])] for p in ps["pixel_mask"][i]] for i in range(len(ps))]],
        "rrs": [type(rrs).__name__, clean(rrs.data[:]), rrs.rate, rrs.unit, clean(rrs.rois.data[:]), rrs.rois.table is ps, rrs.rois.description],
        "validation": [str(e) for e in validate(io=io)],
    }
print(json.dumps(out))
`;

describe("an ophys NWBFile built in TypeScript", () => {
  let path = "";
  before(async () => {
    await loadNwbTypes();
    path = join(temps.make(), "ophys-built.nwb.zarr");
    await new NWBZarrIO(path, "w", { zarrFormat: 3 }).write(buildOphysFile());
  });

  it("shows its values through the getters before writing", async () => {
    const file = buildOphysFile();
    const tps = file.acquisition.get("frames") as TwoPhotonSeries;
    assert.deepEqual([tps.fieldOfView, tps.pmtGain, tps.dimension, tps.imagingPlane!.indicator], [[0.003, 0.002], 1.5, [3, 2], "jRGECO1a"]);
    const ps = (file.processing.get("ophys")!.dataInterfaces.get("ImageSegmentation") as ImageSegmentation).planeSegmentations.get("PlaneSegmentation")!;
    assert.deepEqual(await ps.pixelMask(0), BUILT.masks[0]);
    assert.throws(() => ps.createRoiTableRegion([2], "x"), /out of range/);
  });

  it("reads back with equal values", async () => {
    const file = await NWBZarrIO.readNwb(path, { preload: "all" });
    const tps = file.acquisition.get("frames");
    assert.ok(tps instanceof TwoPhotonSeries);
    assert.deepEqual([tps.rate, tps.unit, tps.fieldOfView, tps.pmtGain, tps.dimension], [15, "n.a.", [0.003, 0.002], 1.5, [3, 2]]);
    assert.deepEqual(await tps.data!.toList(), BUILT.frames);
    const plane = tps.imagingPlane!;
    assert.ok(plane instanceof ImagingPlane);
    assert.deepEqual([plane.excitationLambda, plane.indicator, plane.location, plane.imagingRate, plane.gridSpacing, plane.device!.name],
      [1040, "jRGECO1a", "V1", 15, [2, 2], "scope"]);
    assert.deepEqual(plane.opticalChannels.get("red")!.emissionLambda, 610);
    const mod = file.processing.get("ophys")!;
    const ps = (mod.dataInterfaces.get("ImageSegmentation") as ImageSegmentation).planeSegmentations.get("PlaneSegmentation")!;
    assert.ok(ps instanceof PlaneSegmentation);
    assert.deepEqual([await ps.pixelMask(0), await ps.pixelMask(1)], BUILT.masks);
    assert.deepEqual(ps.referenceImages, [tps]);
    const rrs = (mod.dataInterfaces.get("Fluorescence") as Fluorescence).roiResponseSeries.get("traces")!;
    assert.ok(rrs instanceof RoiResponseSeries);
    assert.equal(rrs.planeSegmentation, ps);
    assert.deepEqual(await rrs.roiIndices(), [0, 1]);
    assert.deepEqual(await rrs.data!.toList(), BUILT.traces);
  });

  it("is read by pynwb 4.2 with equal values and passes pynwb.validate", { skip: skipPy }, () => {
    const py = JSON.parse(runPython(["-c", READER, path]));
    assert.deepEqual(py.validation, [], "pynwb.validate finds no errors");
    assert.deepEqual(py.plane, ["ImagingPlane", "superficial plane", 1040, 15, "jRGECO1a", "V1", [2, 2], "micrometers", true]);
    assert.deepEqual(py.channel, ["OpticalChannel", "red", "red channel", 610]);
    assert.deepEqual(py.tps, ["TwoPhotonSeries", BUILT.frames, 15, "n.a.", [0.003, 0.002], 1.5, [3, 2], true, "raw frames"]);
    assert.deepEqual(py.ps, ["PlaneSegmentation", "two rois", 2, true, [true], BUILT.masks.map((m) => m.map((p) => [p.x, p.y, p.weight]))]);
    assert.deepEqual(py.rrs, ["RoiResponseSeries", BUILT.traces, 15, "n.a.", [0, 1], true, "both rois"]);
  });
});

describe("typed ophys constructors", () => {
  before(() => loadNwbTypes());

  it("refuse missing required fields", () => {
    const device = new Device({ name: "d" });
    const channel = new OpticalChannel({ name: "c", description: "c", emissionLambda: 500 });
    assert.throws(() => new OpticalChannel({ name: "c", description: "c" }), /'emissionLambda'/);
    assert.throws(() => new ImagingPlane({ name: "p", opticalChannel: channel, device, indicator: "i", location: "l" }), /'excitationLambda'/);
    assert.throws(() => new ImagingPlane({ name: "p", opticalChannel: [], device, excitationLambda: 900, indicator: "i", location: "l" }), /at least one optical channel/);
    assert.throws(() => new TwoPhotonSeries({ name: "t", data: [[[1]]], rate: 1 }), /'imagingPlane'/);
    assert.throws(() => new PlaneSegmentation({ description: "d" }), /'imagingPlane'/);
    assert.throws(() => new RoiResponseSeries({ name: "r", data: [[1]], unit: "n.a.", rate: 1 }), /'rois'/);
  });
});
