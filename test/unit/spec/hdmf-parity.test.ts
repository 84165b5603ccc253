/**
 * Our resolved bundled specs against the Python reference: pynwb 4.2.0 / hdmf 6.2.0 (the interop venv,
 * built by test/interop/setup-venvs.sh) resolve the same schema files, and for every type of
 * hdmf-common, hdmf-experimental and core we compare attributes (dtype, required, value, default,
 * shape), datasets, groups and links (type, quantity, dtype, shape) three levels deep. hdmf leaves some
 * members two or more levels down unresolved (inside untyped subgroups, or a typed member's own new
 * members); we resolve those too, so there only what hdmf has must agree. The namespaces cached in a
 * pynwb-written file are compared the same way. Skipped, visibly, when the venv is absent.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { describe, it } from "node:test";
import { ZarrIO } from "../../../src/index.js";
import {
  DatasetSpec, NamespaceCatalog, RefSpec, loadBundledNamespaces, type Dtype, type TypeSpec,
} from "../../../src/spec/index.js";
import { ECEPHYS_FIXTURE } from "../../helpers/fixture-paths.js";
import { pythonOutput, venvPython } from "../../helpers/python.js";

const python = venvPython("v3");

const DUMP = `
import json, sys, warnings
warnings.simplefilter("ignore")
import pynwb
from hdmf.spec import DatasetSpec, RefSpec
if len(sys.argv) > 1:  # the namespaces cached in a (Zarr v2) file, in a fresh catalog
    from hdmf.spec import NamespaceCatalog
    from hdmf_zarr import ZarrV2IO
    from pynwb.spec import NWBDatasetSpec, NWBGroupSpec, NWBNamespace
    cat = NamespaceCatalog(NWBGroupSpec, NWBDatasetSpec, NWBNamespace)
    ZarrV2IO.load_namespaces(cat, sys.argv[1])
else:
    cat = pynwb.get_type_map().namespace_catalog
Q = {"zero_or_one": "?", "zero_or_many": "*", "one_or_many": "+"}
def dt(d):
    if d is None: return None
    if isinstance(d, RefSpec): return "ref:" + d.target_type + ":" + d.reftype
    if isinstance(d, list): return [[f.name, dt(f.dtype)] for f in d]
    return str(d)
def shape(s):
    return None if s is None else json.loads(json.dumps(s))
def summ(spec, depth):
    out = {"type": spec.data_type_def or spec.data_type_inc, "quantity": Q.get(spec.quantity, spec.quantity)}
    out["attrs"] = {a.name: [dt(a.dtype), a.required, a.value, a.default_value, shape(a.shape)] for a in spec.attributes}
    if isinstance(spec, DatasetSpec):
        out.update(dtype=dt(spec.dtype), shape=shape(spec.shape), value=spec.value, default=spec.default_value)
    else:
        if depth < 3:
            out["datasets"] = {(d.name or "*" + str(d.data_type)): summ(d, depth + 1) for d in spec.datasets}
            out["groups"] = {(g.name or "*" + str(g.data_type)): summ(g, depth + 1) for g in spec.groups}
        out["links"] = {(l.name or "*" + l.target_type): [l.target_type, Q.get(l.quantity, l.quantity)] for l in spec.links}
    return out
res = {}
for ns in ["hdmf-common", "hdmf-experimental", "core"]:
    n = cat.get_namespace(ns)
    res[ns] = {"version": n.version, "types": {t: summ(cat.get_spec(ns, t), 0) for t in n.get_registered_types()}}
json.dump(res, sys.stdout, default=str)
`;

function dt(d: Dtype | undefined): unknown {
  if (d === undefined) return null;
  if (d instanceof RefSpec) return `ref:${d.targetType}:${d.reftype}`;
  if (Array.isArray(d)) return d.map((f) => [f.name, dt(f.dtype)]);
  return d;
}

/** The same summary as the Python side. */
function summ(s: TypeSpec, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { type: s.dataType ?? null, quantity: s.quantity };
  out.attrs = Object.fromEntries(s.attributes.map((a) => [a.name, [dt(a.dtype), a.required, a.value ?? null, a.defaultValue ?? null, a.shape ?? null]]));
  if (s instanceof DatasetSpec) {
    Object.assign(out, { dtype: dt(s.dtype), shape: s.shape ?? null, value: s.value ?? null, default: s.defaultValue ?? null });
  } else {
    if (depth < 3) {
      out.datasets = Object.fromEntries(s.datasets.map((d) => [d.name ?? `*${d.dataType}`, summ(d, depth + 1)]));
      out.groups = Object.fromEntries(s.groups.map((g) => [g.name ?? `*${g.dataType}`, summ(g, depth + 1)]));
    }
    out.links = Object.fromEntries(s.links.map((l) => [l.name ?? `*${l.targetType}`, [l.targetType, l.quantity]]));
  }
  return out;
}

/**
 * Differences as `path: python vs ours`, key order ignored. Two or more members deep, what hdmf leaves
 * unresolved (members of untyped subgroups, a typed member's own additions) may be filled in on our side.
 */
function differences(py: unknown, ts: unknown, path: string, out: string[]): void {
  if (JSON.stringify(py) === JSON.stringify(ts)) return;
  const memberDepth = path.split("/").filter((p) => p === "datasets" || p === "groups").length;
  if ((py === undefined || py === null) && memberDepth >= 2) return;
  if (py && ts && typeof py === "object" && typeof ts === "object" && !Array.isArray(py) && !Array.isArray(ts)) {
    const a = py as Record<string, unknown>;
    const b = ts as Record<string, unknown>;
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) differences(a[k], b[k], `${path}/${k}`, out);
    return;
  }
  out.push(`${path}: hdmf ${JSON.stringify(py)} vs ours ${JSON.stringify(ts)}`);
}

type Dump = Record<string, { version: string; types: Record<string, unknown> }>;

/** Compare every type of the Python dump with the catalog's resolved specs. */
function compare(py: Dump, catalog: NamespaceCatalog): void {
  const diffs: string[] = [];
  for (const [ns, { version, types }] of Object.entries(py)) {
    assert.equal(catalog.getNamespace(ns).version, version, `${ns} version`);
    assert.deepEqual(catalog.getTypes(ns).sort(), Object.keys(types).sort(), `${ns} types`);
    for (const [type, summary] of Object.entries(types)) differences(summary, summ(catalog.getSpec(ns, type), 0), `${ns}:${type}`, diffs);
  }
  assert.deepEqual(diffs, []);
  assert.ok(Object.keys(py.core.types).length > 80);
}

const dump = (...args: string[]) => JSON.parse(pythonOutput(python, ["-c", DUMP, ...args], { fail: "throw" })) as Dump;

describe("specs resolve as hdmf resolves them", { skip: existsSync(python) ? false : `no interop venv at ${python}` }, () => {
  it("every type of the bundled hdmf-common, hdmf-experimental and core matches pynwb's resolved spec", async () => {
    compare(dump(), await loadBundledNamespaces());
  });

  it("every type of the namespaces cached in a pynwb-written file matches hdmf-zarr's reading of them", async () => {
    const fixture = ECEPHYS_FIXTURE;
    const catalog = new NamespaceCatalog();
    catalog.addCached(await ZarrIO.loadNamespaces(fixture));
    const py = dump(fixture);
    assert.equal(py.core.version, "2.5.0");
    compare(py, catalog);
  });
});
