/**
 * ImageSeries whose frames are in external files (no data): built with `externalFile`, written
 * with format "external", `starting_frame` and an empty 3-D data array as pynwb does; read back by
 * us and by pynwb 4.2 + hdmf-zarr 0.14 with the same values, and `pynwb.validate` finds no errors.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ImageSeries, NWBFile, NWBZarrIO, loadNwbTypes } from "../../../src/nwb/index.js";
import { REPO_ROOT as ROOT } from "../../helpers/repo-paths.js";
import { NO_BYTECODE, pythonOutput, venvPython } from "../../helpers/python.js";
import { tempFolders } from "../../helpers/temp-folders.js";

const temps = tempFolders("nwb-image-external");
after(() => temps.cleanup());
const python = venvPython("v3");
const skipPy = existsSync(python) ? false : "SKIP: Python venv missing (bash test/interop/setup-venvs.sh)";

/** pynwb's view of the two series, and pynwb.validate's findings. */
const READER = `
import json, sys, warnings
warnings.filterwarnings("ignore")
from hdmf_zarr.nwb import NWBZarrIO
from pynwb import validate
with NWBZarrIO(sys.argv[1], "r") as io:
    f = io.read()
    def facts(s):
        return {"type": type(s).__name__, "external_file": [str(x) for x in s.external_file[:]], "starting_frame": [int(x) for x in s.starting_frame],
                "format": s.format, "data_shape": list(s.data.shape), "unit": s.unit, "rate": s.rate,
                "timestamps": None if s.timestamps is None else [float(x) for x in s.timestamps[:]],
                "num_samples": int(s.num_samples) if s.num_samples is not None else None}
    out = {"movie": facts(f.acquisition["movie"]), "clips": facts(f.acquisition["clips"]), "validation": [str(e) for e in validate(io=io)]}
print(json.dumps(out))
`;

function build(): NWBFile {
  const file = new NWBFile({ identifier: "external-1", sessionDescription: "external frames", sessionStartTime: new Date("2024-02-01T12:00:00.000Z") });
  file.addAcquisition(new ImageSeries({ name: "movie", externalFile: "videos/movie.avi", rate: 30, numSamples: 900, description: "behaviour camera" }));
  file.addAcquisition(new ImageSeries({
    name: "clips", externalFile: ["clip0.mp4", "clip1.mp4"], startingFrame: [0, 3], timestamps: [0, 0.1, 0.2, 1, 1.1], description: "two clips",
  }));
  return file;
}

describe("an ImageSeries with only external files", () => {
  let path = "";
  before(async () => {
    await loadNwbTypes();
    path = join(temps.make(), "external.nwb.zarr");
    await new NWBZarrIO(path, "w").write(build());
  });

  it("is built with format 'external', starting_frame [0] for one file and empty 3-D data", () => {
    const movie = build().acquisition.get("movie") as ImageSeries;
    assert.equal(movie.format, "external");
    assert.deepEqual(movie.externalFile, ["videos/movie.avi"]);
    assert.deepEqual(movie.startingFrame, [0]);
    assert.equal(movie.numSamples, 900);
    assert.deepEqual(movie.data!.shape, [0, 0, 0]);
    assert.equal(movie.unit, "unknown");
  });

  it("is read back by us with the same values", async () => {
    const back = await NWBZarrIO.readNwb(path);
    const clips = back.acquisition.get("clips") as ImageSeries;
    await clips.loadFields();
    assert.ok(clips instanceof ImageSeries);
    assert.deepEqual(clips.externalFile, ["clip0.mp4", "clip1.mp4"]);
    assert.deepEqual(clips.startingFrame, [0, 3]);
    assert.equal(clips.format, "external");
    assert.deepEqual(clips.data!.shape, [0, 0, 0]);
    assert.deepEqual(await clips.timestampsFor(0, 5), [0, 0.1, 0.2, 1, 1.1]);
  });

  it("refuses data with external files, a format other than 'external', and a missing startingFrame", () => {
    assert.throws(() => new ImageSeries({ name: "x", externalFile: "a.avi", data: [[[1]]], rate: 1 }), /either 'externalFile' or 'data', not both/);
    assert.throws(() => new ImageSeries({ name: "x", externalFile: "a.avi", format: "raw", rate: 1 }), /format must be 'external'/);
    assert.throws(() => new ImageSeries({ name: "x", externalFile: ["a.avi", "b.avi"], rate: 1 }), /'startingFrame' needs one frame index per external file \(2\)/);
    assert.throws(() => new ImageSeries({ name: "x", rate: 1 }), /needs 'data'/);
  });

  it("pynwb reads it with the same values and validates it", { skip: skipPy }, () => {
    const seen = JSON.parse(pythonOutput(python, ["-c", READER, path], {
      cwd: ROOT, env: NO_BYTECODE, maxBuffer: 1 << 20, message: (r) => r.stderr.slice(-3000),
    }));
    assert.deepEqual(seen.movie, {
      type: "ImageSeries", external_file: ["videos/movie.avi"], starting_frame: [0], format: "external", data_shape: [0, 0, 0], unit: "unknown",
      rate: 30, timestamps: null, num_samples: 900,
    });
    assert.deepEqual(seen.clips, {
      type: "ImageSeries", external_file: ["clip0.mp4", "clip1.mp4"], starting_frame: [0, 3], format: "external", data_shape: [0, 0, 0], unit: "unknown",
      rate: null, timestamps: [0, 0.1, 0.2, 1, 1.1], num_samples: 5,
    });
    assert.deepEqual(seen.validation, []);
  });
});
