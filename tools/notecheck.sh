#!/usr/bin/env bash
# Build tools/notecheck (an outside signed-note and cosignature/v1 checker, golang.org/x/mod's
# sumdb/note and transparency-dev/formats' note, for tests/ledger/test_note_interop.py) from the Go
# module proxy, once per user and version, and link it into the repository's git-ignored .tools/bin.
# The version is formats' pinned version and a hash of the program's source, go.mod and go.sum: an edit or a new pin rebuilds.
#   tools/notecheck.sh
set -euo pipefail
cd "$(dirname "$0")/.."
src="tools/notecheck"
formats="$(awk '$1 == "github.com/transparency-dev/formats" {print $2}' "$src/go.mod")"
version="$formats-$(cat "$src/go.mod" "$src/go.sum" "$src"/*.go | sha256sum | cut -c1-12)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/tanledger/notecheck-$version"
link=".tools/bin/notecheck"
if [ ! -x "$cache/notecheck" ]; then
    if ! command -v go >/dev/null; then
        echo "tools/notecheck.sh: Go >= 1.25 is needed to build notecheck (apt-get install golang, or https://go.dev/dl)" >&2
        exit 1
    fi
    echo "building notecheck $version from the Go module proxy into $cache (once, a few seconds)"
    mkdir -p "$cache"
    (cd "$src" && go build -mod=readonly -buildvcs=false -trimpath -o "$cache/notecheck.tmp" .)
    mv "$cache/notecheck.tmp" "$cache/notecheck"
fi
mkdir -p .tools/bin
ln -sfn "$cache/notecheck" "$link"
