"""The value encoding shared by case files and dumps (see ../README.md, "Values").

JSON cannot carry NaN, infinities, integers beyond 2**53 or object references, so those are
spelled as one-key objects: {"$float": "NaN"|"Infinity"|"-Infinity"}, {"$int": "<digits>"},
{"$ref": "/abs/path"}. Everything else is plain JSON.
"""

import json
import math

MAX_SAFE_INT = 2**53 - 1
_FLOAT_NAMES = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


class Ref:
    """An object reference by absolute path inside the store that holds it."""

    __slots__ = ("path",)

    def __init__(self, path: str):
        self.path = path

    def __repr__(self):
        return f"Ref({self.path!r})"

    def __eq__(self, other):
        return isinstance(other, Ref) and other.path == self.path

    def __hash__(self):
        return hash(self.path)


def decode(value):
    """Case/dump JSON value -> Python value (floats, ints, str, bool, None, lists, dicts, Ref)."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1:
            (key, inner), = value.items()
            if key == "$float":
                return _FLOAT_NAMES[inner]
            if key == "$int":
                return int(inner)
            if key == "$ref":
                return Ref(inner)
        return {k: decode(v) for k, v in value.items()}
    return value


def encode(value):
    """Python value -> case/dump JSON value. Tuples and numpy arrays become lists."""
    if hasattr(value, "tolist") and not isinstance(value, (bytes, str)):
        value = value.tolist()  # numpy scalar or array -> Python
    if isinstance(value, Ref):
        return {"$ref": value.path}
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value if abs(value) <= MAX_SAFE_INT else {"$int": str(value)}
    if isinstance(value, float):
        if math.isnan(value):
            return {"$float": "NaN"}
        if math.isinf(value):
            return {"$float": "Infinity" if value > 0 else "-Infinity"}
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    raise TypeError(f"cannot encode {type(value).__name__}: {value!r}")


def dumps(doc) -> str:
    """Canonical text of a case or dump: sorted keys, 2-space indent, UTF-8 kept, newline at end.

    A list or object whose one-line form fits in 100 characters stays on one line, so data
    arrays read as rows.
    """
    return _format(doc, 0) + "\n"


def _format(value, indent):
    flat = json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
    if not isinstance(value, (list, dict)) or not value or len(flat) + indent <= 100:
        return flat
    pad, inner = " " * indent, " " * (indent + 2)
    if isinstance(value, list):
        items = [inner + _format(v, indent + 2) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    items = [inner + json.dumps(k, ensure_ascii=False) + ": " + _format(value[k], indent + 2) for k in sorted(value)]
    return "{\n" + ",\n".join(items) + "\n" + pad + "}"
