/**
 * The validator on real NWB files: the two pynwb-written fixtures (valid per pynwb, so no finding),
 * a copy without its spec cache (validated against the bundled schemas), and damaged copies, each
 * with exactly the expected finding. The damaged copies are also given to Python's pynwb validator
 * (when the interop venv exists) and both must report the same problems at the same places.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ZarrIO } from "../../../src/index.js";
import type { ValidationFinding } from "../../../src/validate/index.js";
import { catalogForFile, validate } from "../../../src/io/validate-file.js";
import { editAttrs, fixtureCopies, pynwbValidate, removeNode, writeFloat64Array, type PynwbError } from "./damage.js";
import { ECEPHYS_FIXTURE as ECEPHYS, ZARR_TUTORIAL_FIXTURE as ZARR_TUTORIAL } from "../../helpers/fixture-paths.js";

const copies = fixtureCopies("validate-files");
after(() => copies.cleanup());

/** The ecephys fixture has its electrode `group` column pickle-coded: reading it needs allowPickle. */
const PICKLE = { io: { allowPickle: true } };

const brief = (f: ValidationFinding) => `${f.severity} ${f.kind} ${f.path}${f.attribute ? "@" + f.attribute : ""} ${f.type ?? "-"}`;

describe("pynwb-written fixtures", () => {
  it("ecephys_tutorial (NWB 2.5.0) has no findings, against the core 2.5.0 cached in it", async () => {
    const io = new ZarrIO(ECEPHYS, "r", { allowPickle: true });
    try {
      const catalog = await catalogForFile(io);
      assert.equal(catalog.getNamespace("core").version, "2.5.0");
      assert.equal(catalog.getNamespace("hdmf-common").version, "1.5.1");
      assert.deepEqual(await validate(io), []);
    } finally {
      await io.close();
    }
  });

  it("zarr_tutorial (NWB 2.6.0, consolidated metadata) has no findings", async () => {
    assert.deepEqual(await validate(ZARR_TUTORIAL), []);
  });

  it("without allowPickle the pickled reference column cannot be checked: one warning, no error", async () => {
    const findings = await validate(ECEPHYS);
    assert.deepEqual(findings.map(brief), ["warning unreadable /general/extracellular_ephys/electrodes/group VectorData"]);
    assert.match(findings[0].message, /allowPickle/);
  });

  it("a copy without a spec cache is validated against the bundled schemas", async () => {
    const path = copies.copy(ECEPHYS);
    removeNode(path, "specifications");
    editAttrs(path, "", (a) => delete a[".specloc"]);
    const io = new ZarrIO(path, "r", { allowPickle: true });
    try {
      const catalog = await catalogForFile(io);
      const core = catalog.getNamespace("core").version!;
      assert.notEqual(core, "2.5.0");
      const findings = await validate(io, { catalog });
      // Newer NWB types the electrodes table ElectrodesTable; this 2.5.0 file has a plain DynamicTable.
      assert.deepEqual(findings.map(brief), [
        "error wrong-type /general/extracellular_ephys/electrodes NWBFile",
        "warning value /@nwb_version NWBFile",
      ]);
      assert.equal(findings[1].message, `value "2.5.0" differs from the fixed value "${core}"`);
    } finally {
      await io.close();
    }
  });
});

/** One damage: how to make it, and the one finding it must give. */
interface Damage {
  name: string;
  damage(path: string): void;
  expected: string;
  message: RegExp;
}

const DAMAGES: Damage[] = [
  {
    name: "a required dataset removed",
    damage: (p) => removeNode(p, "session_start_time"),
    expected: "error missing-dataset /session_start_time NWBFile",
    message: /^required dataset 'session_start_time' is missing$/,
  },
  {
    name: "a required attribute removed",
    damage: (p) => editAttrs(p, "general/extracellular_ephys/shank0", (a) => delete a.location),
    expected: "error missing-attribute /general/extracellular_ephys/shank0@location ElectrodeGroup",
    message: /^required attribute 'location' is missing$/,
  },
  {
    name: "an int array rewritten as float64",
    damage: (p) => writeFloat64Array(p, "units/id", [10], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
    expected: "error dtype /units/id ElementIdentifiers",
    message: /^expected dtype 'int', found 'float64'$/,
  },
  {
    name: "a reference pointed at an object of the wrong type",
    damage: (p) => editAttrs(p, "acquisition/ElectricalSeries/electrodes", (a) => (a.table.value.path = "/general/devices/array")),
    expected: "error reference-target /acquisition/ElectricalSeries/electrodes@table DynamicTableRegion",
    message: /^the reference points to \/general\/devices\/array, 'Device', but must point to 'DynamicTable' or a subtype$/,
  },
  {
    name: "a dataset added with the wrong shape",
    damage: (p) => writeFloat64Array(p, "acquisition/ElectricalSeries/timestamps", [50, 2], new Array(100).fill(0), { interval: 1, unit: "seconds" }),
    expected: "error shape /acquisition/ElectricalSeries/timestamps ElectricalSeries",
    message: /^shape \(50, 2\) is not \(None,\)$/,
  },
];

describe("damaged copies of the ecephys fixture", () => {
  const paths = new Map<Damage, string>();
  before(() => {
    for (const d of DAMAGES) {
      const path = copies.copy(ECEPHYS);
      d.damage(path);
      paths.set(d, path);
    }
  });

  for (const d of DAMAGES) {
    it(`${d.name}: exactly one finding`, async () => {
      const findings = await validate(paths.get(d)!, PICKLE);
      assert.deepEqual(findings.map(brief), [d.expected]);
      assert.match(findings[0].message, d.message);
    });
  }

  it("pynwb's validator reports the same problems at the same places", async (t) => {
    const files = [...paths.values()];
    const python = pynwbValidate(files);
    if (python === undefined) {
      t.skip("no interop venv (.venv-interop/v2)");
      return;
    }
    for (const d of DAMAGES) {
      const path = paths.get(d)!;
      const ours = (await validate(path, PICKLE)).filter((f) => f.severity === "error").map(ourKey);
      const theirs: string[] = [...new Set(python[path].map(pynwbKey))];
      assert.deepEqual(ours, theirs, d.name);
    }
  });
});

/** A finding as `class location`: the class of problem and the object (attributes as a last segment). */
function ourKey(f: ValidationFinding): string {
  const cls = f.kind.startsWith("missing-") ? "missing" : ["reference-target", "link-target", "wrong-type"].includes(f.kind) ? "type" : f.kind;
  const loc = f.attribute === undefined ? f.path : `${f.path === "/" ? "" : f.path}/${f.attribute}`;
  return `${cls} ${loc}`;
}

/** pynwb's error in the same form: its location (`a/b.attr`), or for a missing object its parent plus its name. */
function pynwbKey(e: PynwbError): string {
  const classes: Record<string, string> = {
    MissingError: "missing", MissingDataType: "missing", DtypeError: "dtype", ShapeError: "shape", ExpectedArrayError: "shape",
    IncorrectDataType: "type", IncorrectQuantityError: "quantity", IllegalLinkError: "illegal-link",
  };
  const cls = classes[e.kind] ?? e.kind;
  const location = e.location ?? "";
  if (e.kind === "MissingError") return `${cls} /${[location, e.name.split("/").pop()].filter(Boolean).join("/")}`;
  const dot = location.lastIndexOf(".");
  const withAttr = dot > location.lastIndexOf("/") ? `${location.slice(0, dot)}/${location.slice(dot + 1)}` : location;
  return `${cls} /${withAttr}`;
}
