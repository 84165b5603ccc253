"""Read or write one object of an S3-compatible server with s3fs, as a Python user would, and
print its size and SHA-256 as JSON. Usage:
  s3_object.py read PATH ENDPOINT KEY SECRET
  s3_object.py write PATH ENDPOINT KEY SECRET SIZE BLOCK_SIZE
`write` stores SIZE bytes, byte i being (31 i + (i >> 20)) mod 256, with s3fs's
default_block_size=BLOCK_SIZE (a multipart upload when SIZE is larger)."""
import hashlib
import json
import sys

import numpy as np
import s3fs

command, path, endpoint, key, secret = sys.argv[1:6]
options = {"key": key, "secret": secret, "endpoint_url": endpoint, "client_kwargs": {"region_name": "us-east-1"}}
if command == "read":
    data = s3fs.S3FileSystem(**options).cat_file(path)
elif command == "write":
    size, block = int(sys.argv[6]), int(sys.argv[7])
    i = np.arange(size, dtype=np.int64)
    data = ((i * 31 + (i >> 20)) & 255).astype(np.uint8).tobytes()
    fs = s3fs.S3FileSystem(default_block_size=block, **options)
    with fs.open(path, "wb") as f:
        f.write(data)
else:
    raise SystemExit(f"unknown command {command}")
print(json.dumps({"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}))
