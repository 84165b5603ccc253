/**
 * The allow-list of Python globals a pickled object array may name: numpy's array/dtype/scalar
 * reconstructors, hdmf-zarr's ZarrReference, copyreg helpers and builtin containers. Each maps to
 * a harmless JS constructor. Any other global (os.system, builtins.eval, subprocess.Popen, …) is
 * refused before anything could be called.
 */
import { NumpyArray, NumpyDtype, bufferBytes, numpyFromBuffer, numpyScalar } from "./pickle-numpy.js";
import { PickleFormatError, PyDict, PySet, parseDecimalInt, parseFloatText, pyInt, type PyCallable } from "./unpickler.js";

/** Thrown for a global outside the allow-list; carries the qualified name. */
export class RefusedGlobal extends Error {
  constructor(readonly qualname: string) {
    super(`refused global '${qualname}'`);
  }
}

/** Items of a Python iterable argument. */
function itemsOf(v: unknown): unknown[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v;
  if (v instanceof PySet) return v.items;
  if (v instanceof PyDict) return [...v.entries.keys()];
  if (v instanceof Uint8Array) return Array.from(v);
  if (typeof v === "string") return [...v];
  throw new PickleFormatError("expected an iterable argument");
}

function dictOf(v: unknown, className = "dict"): PyDict {
  const d = new PyDict(className);
  if (v instanceof PyDict) for (const [k, x] of v.entries) d.entries.set(k, x);
  else if (v !== undefined && v !== null) {
    for (const pair of itemsOf(v)) {
      if (!Array.isArray(pair) || pair.length !== 2) throw new PickleFormatError("dict() argument is not a list of pairs");
      d.entries.set(pair[0], pair[1]);
    }
  }
  return d;
}

function bytesOf(args: unknown[]): Uint8Array {
  const [v, encoding] = args;
  if (v === undefined) return new Uint8Array(0);
  if (typeof v === "string") return encodeText(v, encoding);
  if (v instanceof Uint8Array) return v.slice();
  return Uint8Array.from(itemsOf(v).map((x) => Number(x) & 0xff));
}

/** `_codecs.encode(text, encoding)`: how protocols ≤ 2 carry bytes objects. */
function encodeText(text: string, encoding: unknown): Uint8Array {
  const enc = typeof encoding === "string" ? encoding.toLowerCase().replace(/_/g, "-") : "utf-8";
  if (enc === "latin1" || enc === "latin-1" || enc === "iso-8859-1") return bufferBytes(text);
  if (enc === "utf-8" || enc === "utf8") return new TextEncoder().encode(text);
  throw new PickleFormatError(`unsupported text encoding '${String(encoding)}'`);
}

const fn = (qualname: string, call: (args: unknown[]) => unknown): PyCallable => ({ qualname, call });
const cls = (qualname: string, construct: (args: unknown[], kwargs?: PyDict) => unknown, call?: (args: unknown[]) => unknown): PyCallable =>
  ({ qualname, construct, call: call ?? ((args) => construct(args)) });

const NDARRAY = cls("numpy.ndarray", () => new NumpyArray());
const OBJECT = cls("builtins.object", () => new PyDict("object"));
const DICT = cls("builtins.dict", (args, kwargs) => {
  const d = dictOf(args[0]);
  if (kwargs) for (const [k, x] of kwargs.entries) d.entries.set(k, x);
  return d;
});
const LIST = cls("builtins.list", (args) => [...itemsOf(args[0])]);
const ZARR_REFERENCE = cls("hdmf_zarr.utils.ZarrReference", (args, kwargs) => {
  const d = dictOf(args[0] instanceof PyDict ? args[0] : undefined, "ZarrReference");
  if (kwargs) for (const [k, x] of kwargs.entries) d.entries.set(k, x);
  return d;
});

/** `copyreg._reconstructor(cls, base, state)`: how protocols 0 and 1 rebuild class instances. */
function reconstructor(args: unknown[]): unknown {
  const [klass, base, state] = args;
  if (base === DICT) return dictOf(state, klass === ZARR_REFERENCE ? "ZarrReference" : "dict");
  if (base === LIST) return [...itemsOf(state)];
  if (base === OBJECT && (klass === ZARR_REFERENCE || klass === DICT || klass === OBJECT)) return (klass as PyCallable).construct!([]);
  throw new PickleFormatError("copyreg._reconstructor with an unsupported base class");
}

function newobj(args: unknown[], kwargs?: PyDict): unknown {
  const [klass, ...rest] = args;
  if (typeof klass !== "object" || klass === null || typeof (klass as PyCallable).construct !== "function") {
    throw new PickleFormatError("copyreg.__newobj__ on something that is not an allowed class");
  }
  return (klass as PyCallable).construct!(rest, kwargs);
}

const ALLOWED = new Map<string, PyCallable>();
function allow(qualnames: string[], value: PyCallable): void {
  for (const q of qualnames) ALLOWED.set(q, value);
}

const numpyModules = (mod: string, name: string) => [`numpy.core.${mod}.${name}`, `numpy._core.${mod}.${name}`];
allow(numpyModules("multiarray", "_reconstruct"), fn("numpy.core.multiarray._reconstruct", (args) => {
  if (args[0] !== NDARRAY) throw new PickleFormatError("numpy _reconstruct of a class other than numpy.ndarray");
  return new NumpyArray();
}));
allow(numpyModules("multiarray", "scalar"), fn("numpy.core.multiarray.scalar", (args) => numpyScalar(args[0], args[1])));
allow(numpyModules("numeric", "_frombuffer"), fn("numpy.core.numeric._frombuffer", (args) => numpyFromBuffer(args[0], args[1], args[2], args[3])));
allow(["numpy.ndarray"], NDARRAY);
allow(["numpy.dtype"], cls("numpy.dtype", (args) => new NumpyDtype(args[0])));
allow(["hdmf_zarr.utils.ZarrReference"], ZARR_REFERENCE);
allow(["copyreg._reconstructor", "copy_reg._reconstructor"], fn("copyreg._reconstructor", reconstructor));
allow(["copyreg.__newobj__", "copy_reg.__newobj__"], fn("copyreg.__newobj__", (args) => newobj(args)));
allow(["copyreg.__newobj_ex__", "copy_reg.__newobj_ex__"], fn("copyreg.__newobj_ex__", (args) => {
  const [klass, a, kw] = args;
  return newobj([klass, ...itemsOf(a)], kw instanceof PyDict ? kw : undefined);
}));
allow(["_codecs.encode"], fn("_codecs.encode", (args) => {
  if (typeof args[0] !== "string") throw new PickleFormatError("_codecs.encode needs text");
  return encodeText(args[0], args[1]);
}));
allow(["collections.OrderedDict"], cls("collections.OrderedDict", (args) => dictOf(args[0])));

const builtins = (name: string) => [`builtins.${name}`, `__builtin__.${name}`];
allow(builtins("object"), OBJECT);
allow(builtins("dict"), DICT);
allow(builtins("list"), LIST);
allow(builtins("tuple"), cls("builtins.tuple", (args) => [...itemsOf(args[0])]));
allow(builtins("set"), cls("builtins.set", (args) => new PySet([...itemsOf(args[0])])));
allow(builtins("frozenset"), cls("builtins.frozenset", (args) => new PySet([...itemsOf(args[0])])));
allow(builtins("bytes"), cls("builtins.bytes", bytesOf));
allow(builtins("bytearray"), cls("builtins.bytearray", bytesOf));
allow(builtins("str"), cls("builtins.str", (args) => (args[0] instanceof Uint8Array ? new TextDecoder().decode(args[0]) : String(args[0] ?? ""))));
allow(builtins("int"), cls("builtins.int", (args) => {
  const v = args[0] ?? 0;
  if (typeof v === "number") return Math.trunc(v);
  if (typeof v === "bigint") return pyInt(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") return parseDecimalInt(v);
  throw new PickleFormatError("int() of an unsupported value");
}));
allow(builtins("float"), cls("builtins.float", (args) => {
  const v = args[0] ?? 0;
  return typeof v === "string" ? parseFloatText(v) : Number(v);
}));
allow(builtins("bool"), cls("builtins.bool", (args) => Boolean(args[0])));

/** The allowed callable for `module.name`, or a RefusedGlobal error. */
export function resolveAllowedGlobal(module: string, name: string): PyCallable {
  const found = ALLOWED.get(`${module}.${name}`);
  if (!found) throw new RefusedGlobal(`${module}.${name}`);
  return found;
}
