#!/usr/bin/env bash
# Refreshes schema-bundle/ from the schema YAML that the pip packages `hdmf` and `pynwb` carry.
# Usage: scripts/update-schemas.sh [HDMF_VERSION] [PYNWB_VERSION]   (defaults: the interop venv pins)
# Needs python3 with pip; downloads the two wheels only (--no-deps), nothing is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

HDMF_VERSION="${1:-6.2.0}"
PYNWB_VERSION="${2:-4.2.0}"
BUNDLE=schema-bundle

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m pip download --quiet --no-deps "hdmf==$HDMF_VERSION" "pynwb==$PYNWB_VERSION" -d "$work/wheels"
# Wheels are zip files; python's zipfile avoids depending on `unzip`.
python3 -m zipfile -e "$work/wheels/hdmf-$HDMF_VERSION-py3-none-any.whl" "$work/hdmf"
python3 -m zipfile -e "$work/wheels/pynwb-$PYNWB_VERSION-py3-none-any.whl" "$work/pynwb"

common_src="$work/hdmf/hdmf/common/hdmf-common-schema"
core_src="$work/pynwb/pynwb/nwb-schema"
for f in "$common_src/common/namespace.yaml" "$core_src/core/nwb.namespace.yaml"; do
  [ -f "$f" ] || { echo "missing $f in the downloaded wheels" >&2; exit 1; }
done

rm -rf "$BUNDLE/hdmf-common" "$BUNDLE/core"
mkdir -p "$BUNDLE/hdmf-common" "$BUNDLE/core"
cp "$common_src"/common/*.yaml "$BUNDLE/hdmf-common/"
cp "$common_src/license.txt" "$common_src/Legal.txt" "$BUNDLE/hdmf-common/"
cp "$core_src"/core/*.yaml "$BUNDLE/core/"
cp "$core_src/license.txt" "$core_src/Legal.txt" "$BUNDLE/core/"

# The pre-parsed bundle (bundled-namespaces.json) that loading reads instead of the YAML.
node scripts/write-schema-json.mjs

# Namespace versions, read from the namespace files themselves.
ns_version() { # file namespace-name
  python3 - "$1" "$2" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.split(r"\n- name: ", "\n" + text)
for b in blocks[1:]:
    if b.split("\n", 1)[0].strip() == sys.argv[2]:
        m = re.search(r"^\s+version:\s*['\"]?([^'\"\s]+)", b, re.M)
        print(m.group(1) if m else "unknown")
PY
}
common_v="$(ns_version "$BUNDLE/hdmf-common/namespace.yaml" hdmf-common)"
exp_v="$(ns_version "$BUNDLE/hdmf-common/namespace.yaml" hdmf-experimental)"
core_v="$(ns_version "$BUNDLE/core/nwb.namespace.yaml" core)"

cat > "$BUNDLE/README.md" <<EOF
# Bundled HDMF and NWB schemas

The specification YAML files that \`loadBundledNamespaces()\` loads. They are copied unchanged
from the Python packages on PyPI by \`scripts/update-schemas.sh\`; do not edit them by hand.

| folder | namespace(s) | version | taken from |
|---|---|---|---|
| \`hdmf-common/\` | hdmf-common | $common_v | \`hdmf==$HDMF_VERSION\` wheel, \`hdmf/common/hdmf-common-schema/common/\` |
| \`hdmf-common/\` | hdmf-experimental | $exp_v | same files: both namespaces are declared in \`hdmf-common/namespace.yaml\` |
| \`core/\` | core (NWB) | $core_v | \`pynwb==$PYNWB_VERSION\` wheel, \`pynwb/nwb-schema/core/\` |

\`core\` includes \`hdmf-common\` by namespace name, so hdmf-common is loaded first.

## Licenses
Each folder carries the license of the schema it holds (\`license.txt\`, BSD-3-Clause-LBNL, and
\`Legal.txt\`): hdmf-common-schema and nwb-schema, © The Regents of the University of California,
through Lawrence Berkeley National Laboratory.

## Updating
\`\`\`
scripts/update-schemas.sh HDMF_VERSION PYNWB_VERSION
\`\`\`
EOF

echo "schema-bundle: hdmf-common $common_v, hdmf-experimental $exp_v (hdmf $HDMF_VERSION); core $core_v (pynwb $PYNWB_VERSION)"
