"""Read an NWB file from an S3-compatible server with hdmf-zarr 0.14 + s3fs, as a Python user
would (storage_options with endpoint_url, key, secret and client_kwargs), and print its values as
JSON. Usage: read_s3_nwb.py URL ENDPOINT KEY SECRET"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")
from hdmf_zarr.nwb import NWBZarrIO  # noqa: E402

url, endpoint, key, secret = sys.argv[1:5]
options = {"key": key, "secret": secret, "endpoint_url": endpoint, "client_kwargs": {"region_name": "us-east-1"}}


def clean(v):
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, list):
        return [clean(x) for x in v]
    return v


with NWBZarrIO(url, mode="r", storage_options=options) as io:
    f = io.read()
    raw = f.acquisition["raw"]
    temperature = f.acquisition["temperature"]
    print(json.dumps({
        "identifier": f.identifier,
        "session_start_time": f.session_start_time.isoformat(),
        "raw": clean(raw.data[:]),
        "rate": raw.rate,
        "timestamps": clean(temperature.timestamps[:]),
        "spike_times": [clean(f.units["spike_times"][i]) for i in range(len(f.units))],
        "electrodes_location": clean(f.electrodes["location"][:]),
    }))
