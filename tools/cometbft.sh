#!/usr/bin/env bash
# Build the pinned CometBFT from the Go module proxy, once per user and version, and link it
# into the repository's git-ignored .tools/bin. A later clone on the same machine reuses the
# cached binary; a binary that does not print the pinned version is rebuilt.
#   tools/cometbft.sh v0.38.25
set -euo pipefail
version="${1:?usage: tools/cometbft.sh vX.Y.Z}"
cd "$(dirname "$0")/.."
cache="${XDG_CACHE_HOME:-$HOME/.cache}/tanledger/cometbft-$version"
link=".tools/bin/cometbft"
if [ -x "$cache/cometbft" ] && [ "$("$cache/cometbft" version 2>/dev/null)" = "${version#v}" ]; then
    :
else
    if ! command -v go >/dev/null; then
        echo "tools/cometbft.sh: Go >= 1.22 is needed to build CometBFT $version (apt-get install golang, or https://go.dev/dl)" >&2
        exit 1
    fi
    echo "building CometBFT $version from the Go module proxy into $cache (once, about a minute)"
    mkdir -p "$cache"
    GOBIN="$cache" GOFLAGS=-mod=mod go install "github.com/cometbft/cometbft/cmd/cometbft@$version"
    test "$("$cache/cometbft" version)" = "${version#v}"
fi
mkdir -p .tools/bin
ln -sfn "$cache/cometbft" "$link"
