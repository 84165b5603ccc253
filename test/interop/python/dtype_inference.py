"""The dtype pynwb gives in-memory data of each form, against ours (test/interop/dtype-inference.test.ts).

  python dtype_inference.py forms          print FORMS as JSON (the TypeScript side builds its values from it)
  python dtype_inference.py write <dir>    write every form with pynwb into <dir>/<form>-<context>.nwb.zarr;
                                           <dir>/errors.json lists the forms pynwb refused
  python dtype_inference.py read <dir>     print, for every store in <dir>, the dtype, shape and values read back

The venv decides the convention: pynwb with hdmf-zarr 0.14 writes Zarr v3, with 0.13 Zarr v2.
Contexts: "ts" = TimeSeries.data and "col" = a DynamicTable column (VectorData), both without a
spec dtype; "ids" = DynamicTable ids (ElementIdentifiers, spec dtype int: hdmf's conversion rule),
for the 1-D forms marked "ids".

Form values are JSON with two tagged objects: {"$typed": "<numpy dtype>", "values": [...]} is a
typed array (a numpy array of that dtype here), {"$int": "<digits>"} an integer beyond 2**53 (a
bigint in TypeScript). Plain numbers follow JS: a JS number has no int/float distinction, so the
Python equivalent of a form's numbers is ints when every one is an integer, else floats.
"ours" says what our writer does: "same" (Python's read of our file equals its read of its own)
or "error" (a typed error); then "python" says what pynwb does instead: "error", "changes" (writes
other values, silently) or "writes" (a value a JS number cannot hold exactly).
"""
import datetime
import json
import os
import shutil
import sys
import warnings

import numpy as np

from case_values import encode

FORMS = [
    {"name": "int16_rows", "values": [{"$typed": "int16", "values": [1, -2, 3]}, {"$typed": "int16", "values": [4, 5, -32768]}]},
    {"name": "uint8_rows", "values": [{"$typed": "uint8", "values": [1, 2]}, {"$typed": "uint8", "values": [3, 255]}]},
    {"name": "float32_rows", "values": [{"$typed": "float32", "values": [1.5, 2]}, {"$typed": "float32", "values": [3, 4.25]}]},
    {"name": "nested_typed_rows", "values": [
        [{"$typed": "int16", "values": [1, 2]}, {"$typed": "int16", "values": [3, 4]}],
        [{"$typed": "int16", "values": [5, 6]}, {"$typed": "int16", "values": [7, 8]}]]},
    {"name": "typed_array", "values": {"$typed": "uint16", "values": [1, 2, 65535]}, "ids": True},
    {"name": "empty_typed_array", "values": {"$typed": "int16", "values": []}, "ids": True},
    {"name": "int_rows", "values": [[1, 2], [3, -4]]},
    {"name": "ints", "values": [1, 2, 3], "ids": True},
    {"name": "int_and_float_rows", "values": [[1, 2.5], [3, 4]]},
    {"name": "bools", "values": [True, False], "ids": True},
    {"name": "strings", "values": ["a", "\u00e9"]},
    {"name": "bigints", "values": [{"$int": "4611686018427387904"}, {"$int": "-9223372036854775808"}], "ids": True},
    {"name": "int_then_bool", "values": [1, True, False]},
    {"name": "text_then_others", "values": ["a", 1, 2.5, True, None]},
    {"name": "empty_list", "values": [], "ours": "error", "python": "error"},
    {"name": "int_then_text", "values": [1, "a"], "ours": "error", "python": "error"},
    {"name": "bool_then_int", "values": [True, 2], "ours": "error", "python": "changes"},
    {"name": "rows_of_two_types", "values": [{"$typed": "int16", "values": [1, 2]}, {"$typed": "float32", "values": [1.5, 2]}],
     "ours": "error", "python": "changes"},
    {"name": "js_number_beyond_2_53", "values": [1, 9007199254740994], "ours": "error", "python": "writes"},
]

CONTEXTS = ("ts", "col", "ids")


def contexts(form):
    return CONTEXTS if form.get("ids") else CONTEXTS[:2]


def _leaves(value, out):
    if isinstance(value, list):
        for v in value:
            _leaves(v, out)
    else:
        out.append(value)
    return out


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def python_value(value, floats=None):
    """Form JSON -> the Python value a pynwb user would pass.

    The numbers of numeric data are all floats when one is not an integer (how we read JS
    numbers); in text data each number keeps its own kind (1 is written "1").
    """
    if floats is None:
        leaves = [v for v in _leaves(value, []) if v is not None]
        floats = bool(leaves) and _is_number(leaves[0]) and any(_is_number(v) and not float(v).is_integer() for v in leaves)
    if isinstance(value, dict) and "$typed" in value:
        return np.array(value["values"], dtype=value["$typed"])
    if isinstance(value, dict) and "$int" in value:
        return int(value["$int"])
    if isinstance(value, list):
        return [python_value(v, floats) for v in value]
    if _is_number(value) and floats:
        return float(value)
    return value


def add(nwbfile, context, data):
    from hdmf.common import DynamicTable, VectorData
    from pynwb import TimeSeries

    if context == "ts":
        nwbfile.add_acquisition(TimeSeries(name="x", data=data, unit="u", rate=1.0))
    elif context == "col":
        nwbfile.add_acquisition(DynamicTable(name="table", description="t", columns=[VectorData(name="col", description="c", data=data)]))
    else:
        nwbfile.add_acquisition(DynamicTable(name="table", description="t", id=data))


def write(folder):
    from hdmf_zarr.nwb import NWBZarrIO
    from pynwb import NWBFile

    os.makedirs(folder, exist_ok=True)
    errors = {}
    for form in FORMS:
        for context in contexts(form):
            key = f"{form['name']}-{context}"
            path = os.path.join(folder, f"{key}.nwb.zarr")
            shutil.rmtree(path, ignore_errors=True)
            try:
                nwbfile = NWBFile("dtype inference", key, datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc))
                add(nwbfile, context, python_value(form["values"]))
                with NWBZarrIO(path, mode="w") as io:
                    io.write(nwbfile)
            except Exception as e:  # noqa: BLE001 - every refusal is recorded, the test judges it
                shutil.rmtree(path, ignore_errors=True)
                errors[key] = f"{type(e).__name__}: {e}"
    with open(os.path.join(folder, "errors.json"), "w") as f:
        json.dump(errors, f, indent=1, sort_keys=True)


def read(folder):
    from hdmf_zarr.nwb import NWBZarrIO

    out = {}
    for entry in sorted(os.listdir(folder)):
        if not entry.endswith(".nwb.zarr"):
            continue
        key = entry[: -len(".nwb.zarr")]
        context = key.rsplit("-", 1)[1]
        with NWBZarrIO(os.path.join(folder, entry), mode="r") as io:
            acq = io.read().acquisition
            data = acq["x"].data if context == "ts" else acq["table"]["col"].data if context == "col" else acq["table"].id.data
            arr = np.asarray(data[:])
            values = arr.tolist()
            if arr.dtype.kind in "OTSU":
                values = np.vectorize(lambda v: v.decode() if isinstance(v, bytes) else str(v), otypes=[object])(arr).tolist() if arr.size else []
            out[key] = {"dtype": "text" if arr.dtype.kind in "OTSU" else str(arr.dtype), "shape": list(arr.shape), "values": encode(values)}
    print(json.dumps(out))


if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    if sys.argv[1] == "forms":
        print(json.dumps(FORMS))
    else:
        {"write": write, "read": read}[sys.argv[1]](sys.argv[2])
