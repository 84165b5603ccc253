#!/usr/bin/env bash
# Builds versitygw (a real S3 gateway over a POSIX folder; it checks SigV4 signatures) from the Go
# module proxy into .cache/go-bin/, for the S3 tests. A stamp naming the version makes a second run
# return at once. Exit 3 with "SKIP s3: ..." when Go is absent; any other failure is an error.
set -euo pipefail
cd "$(dirname "$0")/../.."

VERSION=v1.8.0
BIN_DIR=.cache/go-bin
STAMP="$BIN_DIR/versitygw.stamp"

if [ -x "$BIN_DIR/versitygw" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$VERSION" ]; then
  echo "versitygw $VERSION: $BIN_DIR/versitygw"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "SKIP s3: Go is not installed (needed to build versitygw $VERSION)"
  exit 3
fi

mkdir -p "$BIN_DIR"
start=$(date +%s)
GOBIN="$(pwd)/$BIN_DIR" go install "github.com/versity/versitygw/cmd/versitygw@$VERSION"
echo "$VERSION" > "$STAMP"
echo "versitygw $VERSION built in $(( $(date +%s) - start )) s: $BIN_DIR/versitygw"
