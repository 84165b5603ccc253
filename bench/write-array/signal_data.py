"""The write benchmark's data, shared by the Python writers and the checker: an int16 [rows, 64]
ephys-like signal (a triangle wave per channel plus 5 bits of hashed noise), computed from the
element index so any region is made without the rest, and so that signal.ts (which writes the
signal file every writer reads) makes exactly the same values; and the iterator reading it.
"""
import time

import numpy as np
from hdmf.data_utils import GenericDataChunkIterator


def signal(rows, cols):
    """Values of the region rows x cols (two slices), made 65536 rows at a time to keep temporaries small."""
    out = np.empty((rows.stop - rows.start, cols.stop - cols.start), dtype=np.int16)
    j = np.arange(cols.start, cols.stop, dtype=np.uint32)[None, :]
    jh = j * np.uint32(40503)
    j97 = j * np.uint32(97)
    for r0 in range(rows.start, rows.stop, 65536):
        i = np.arange(r0, min(rows.stop, r0 + 65536), dtype=np.uint32)[:, None]
        h = i * np.uint32(2654435761) + jh  # wraps modulo 2**32, as Math.imul does
        noise = ((h >> np.uint32(24)) & np.uint32(31)).astype(np.int32)
        tri = ((i + j97) % np.uint32(2000)).astype(np.int32) - 1000
        out[r0 - rows.start:r0 - rows.start + i.shape[0]] = tri + noise - 16
    return out


class SignalFileIterator(GenericDataChunkIterator):
    """The signal as hdmf's GenericDataChunkIterator, each buffer read from the signal file (raw
    little-endian int16, rows x cols, made by signal-file.ts before any writer runs) into a new
    array; picklable (number_of_jobs > 1 sends it to workers, which read the file themselves)."""

    def __init__(self, path, rows, cols, **kwargs):
        self._path, self._rows, self._cols, self._kwargs = path, rows, cols, kwargs
        super().__init__(**kwargs)

    # Seconds spent reading buffers in this process (workers of a parallel write keep their own).
    getdata_seconds = 0.0

    def _get_data(self, selection):
        t0 = time.perf_counter()
        rows, cols = selection[0], selection[1]
        n = rows.stop - rows.start
        values = np.fromfile(self._path, dtype="<i2", count=n * self._cols, offset=rows.start * self._cols * 2)
        if values.size != n * self._cols:
            raise ValueError(f"{self._path} ends before row {rows.stop}")
        values = values.reshape(n, self._cols)
        if cols.start != 0 or cols.stop != self._cols:
            values = np.ascontiguousarray(values[:, cols])
        SignalFileIterator.getdata_seconds += time.perf_counter() - t0
        return values

    def _get_maxshape(self):
        return (self._rows, self._cols)

    def _get_dtype(self):
        return np.dtype("int16")

    def _to_dict(self):
        return {"path": self._path, "rows": self._rows, "cols": self._cols, "kwargs": self._kwargs}

    @staticmethod
    def _from_dict(d):
        return SignalFileIterator(d["path"], d["rows"], d["cols"], **d["kwargs"])
